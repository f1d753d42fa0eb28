// Small enhancements for every page. The site works without them: each control this file
// drives is either hidden until this script shows it, or a plain link it takes over.
(function () {
  "use strict";

  var SHORTLIST_KEY = "shortlist";
  var SHORTLIST_MAX = 50;

  function onReady(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function readShortlist() {
    try {
      var list = JSON.parse(localStorage.getItem(SHORTLIST_KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (s) { return typeof s === "string"; }) : [];
    } catch (e) {
      return []; // storage disabled or corrupted: behave as an empty list
    }
  }

  function writeShortlist(list) {
    try { localStorage.setItem(SHORTLIST_KEY, JSON.stringify(list.slice(0, SHORTLIST_MAX))); }
    catch (e) { /* storage full or disabled: the link still works */ }
  }

  function shortlistUrl(list) {
    var base = document.documentElement.getAttribute("data-shortlist-url") || "/shortlist/";
    return base + (list.length ? "?" + list.map(function (s) { return "p=" + encodeURIComponent(s); }).join("&") : "");
  }

  function say(button, text) {
    var status = button.parentNode.querySelector("[data-status]");
    if (status) status.textContent = text;
  }

  // Share: the system share sheet where there is one, else copy the address.
  function setUpShare(button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var url = button.getAttribute("data-share-url") || location.href;
      if (navigator.share) {
        navigator.share({ title: document.title, url: url }).catch(function () {});
      } else if (navigator.clipboard) {
        navigator.clipboard.writeText(url).then(
          function () { say(button, "Link copied."); },
          function () { say(button, "Copy this address: " + url); }
        );
      } else {
        say(button, "Copy this address: " + url);
      }
    });
  }

  function setUpPrint(button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  }

  // Save: without JavaScript the link opens a shortlist of this one program; with it, the
  // program joins the list kept in this browser.
  function renderSave(link) {
    var saved = readShortlist().indexOf(link.getAttribute("data-save")) !== -1;
    link.setAttribute("aria-pressed", saved ? "true" : "false");
    link.textContent = saved ? "Saved to shortlist" : "Save to shortlist";
  }

  function renderShortlistLinks() {
    var list = readShortlist();
    document.querySelectorAll("[data-shortlist-link]").forEach(function (a) {
      a.href = shortlistUrl(list);
      a.hidden = !list.length;
      a.textContent = "View shortlist (" + list.length + ")";
    });
  }

  function setUpSave(link) {
    link.setAttribute("role", "button");
    renderSave(link);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var slug = link.getAttribute("data-save");
      var list = readShortlist();
      var at = list.indexOf(slug);
      if (at === -1) {
        if (list.length >= SHORTLIST_MAX) { say(link, "Your shortlist is full (50 programs)."); return; }
        list.push(slug);
      } else {
        list.splice(at, 1);
      }
      writeShortlist(list);
      renderSave(link);
      renderShortlistLinks();
      say(link, at === -1 ? "Added to your shortlist." : "Removed from your shortlist.");
    });
    link.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); link.click(); }
    });
  }

  // /shortlist/ with no programs in its address shows the list kept in this browser.
  function openOwnShortlist() {
    var page = document.querySelector("[data-shortlist-page]");
    if (!page || location.search.indexOf("p=") !== -1) return;
    var list = readShortlist();
    if (list.length) location.replace(shortlistUrl(list));
  }

  // Printed pages spell out each link's full address (print.css reads data-print-href).
  function markLinksForPrint(root) {
    root.querySelectorAll("main a[href]").forEach(function (a) {
      var href = a.getAttribute("href");
      if (href && href.charAt(0) !== "#" && !a.hasAttribute("data-save")) {
        a.setAttribute("data-print-href", a.href);
      }
    });
  }

  // A form whose action ends in an anchor (the peer-support finder) lands on its results:
  // move focus there too, so a screen reader starts reading the answer.
  function focusArrival() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.hasAttribute("data-focus-on-arrival")) target.focus();
  }

  // Program filters: a disclosure, open beside the results on wide screens, folded on phones.
  var wide = window.matchMedia("(min-width: 60rem)");
  var panelWasOpen = null;
  var submitted = false;

  function setUpFilterPanel() {
    var panel = document.querySelector("[data-filter-panel]");
    if (!panel) return;
    panel.open = panelWasOpen === null ? wide.matches : panelWasOpen;
    if (submitted && !wide.matches) {
      // "Show N programs" on a phone: fold the filters and go to the results.
      panel.open = false;
      var results = document.getElementById("results");
      if (results) { results.focus(); results.scrollIntoView(); }
    }
    submitted = false;
    panelWasOpen = null;
  }

  wide.addEventListener("change", function () {
    var panel = document.querySelector("[data-filter-panel]");
    if (panel) panel.open = wide.matches;
  });
  document.addEventListener("submit", function (event) {
    if (event.target.querySelector("[data-filter-panel]")) submitted = true;
  }, true);
  document.addEventListener("htmx:beforeSwap", function () {
    var panel = document.querySelector("[data-filter-panel]");
    if (panel) panelWasOpen = panel.open;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    setUpFilterPanel();
    markLinksForPrint(event.target.ownerDocument || document);
  });

  onReady(function () {
    openOwnShortlist();
    document.querySelectorAll("[data-share]").forEach(setUpShare);
    document.querySelectorAll("[data-print]").forEach(setUpPrint);
    document.querySelectorAll("[data-save]").forEach(setUpSave);
    renderShortlistLinks();
    markLinksForPrint(document);
    setUpFilterPanel();
    focusArrival();
  });
})();
