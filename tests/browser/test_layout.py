"""Where things land on a phone and on a desktop: positions, sizes and heights measured in
Chromium, for the checks of issue #19 (phone first, desktop)."""

import re

import pytest
from playwright.sync_api import expect

from programs.models import Audience, Program
from tests.builders import make_program

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
TAP = 44

# Controls outside running text that a thumb must hit.
CONTROLS = (
    ".nav-list a, .brand, main button, main .button, .check label, .choice, .chip, "
    ".pagination a, .tag a, summary, .breadcrumb a"
)


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_finder_answer_is_on_screen_with_focus_on_its_heading(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + "/peer-support/")
    page.get_by_role("radio", name="Graduate student").check()
    page.locator("input[name=need][value=advisor]").check()
    page.get_by_role("button", name="Show programs").click()
    page.wait_for_url("**#finder-results")
    assert page.evaluate("document.activeElement.id") == "finder-results"
    first = box(page, ".finder-results li")
    assert first["y"] >= 0 and first["y"] + 40 <= PHONE["height"], first
    assert "Resources for Easing Friction" in page.locator(".finder-results li").first.inner_text()


def test_finder_lands_on_the_answer_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/peer-support/?audience=graduate-students&need=advisor#finder-results")
    first = box(page, ".finder-results li")
    assert 0 <= first["y"] < PHONE["height"]
    context.close()


def test_program_list_shows_a_result_within_a_screen_and_a_half_on_a_phone(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + "/programs/")
    assert page.locator("[data-filter-panel]").evaluate("d => d.open") is False
    assert box(page, ".cards .card")["y"] < 1.5 * PHONE["height"]
    # Open the filters, pick one, then "Show N programs" folds them and shows the results.
    page.get_by_text("Search and filters").click()
    page.get_by_role("checkbox", name=re.compile(r"^Staff \(")).check()
    page.wait_for_url("**audience=staff*")
    # The swapped-in panel stays open (site.js carries the state across the swap; wait for it).
    expect(page.locator("[data-filter-panel]")).to_have_attribute("open", "")
    page.get_by_role("button", name=re.compile(r"^Show \d+ programs?$")).click()
    # (the swapped-in panel is closed for a moment before site.js settles it: wait for focus)
    expect(page.locator("#results")).to_be_focused()
    assert page.locator("[data-filter-panel]").evaluate("d => d.open") is False
    assert -1 <= box(page, ".cards .card")["y"] < PHONE["height"]


@pytest.mark.parametrize("javascript", [True, False])
def test_program_filters_are_open_beside_the_results_on_a_desktop(site, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript, viewport=DESKTOP)
    page = context.new_page()
    page.goto(site + "/programs/")
    staff = page.get_by_role("checkbox", name=re.compile(r"^Staff \("))
    assert staff.is_visible()
    assert not page.locator(".filter-panel > summary").is_visible()
    assert box(page, ".filters")["x"] + box(page, ".filters")["width"] <= box(page, ".card")["x"]
    context.close()


@pytest.mark.parametrize(
    "path",
    ["/", "/programs/?audience=staff", "/programs/refs/", "/peer-support/", "/organizations/sole/"],
)
def test_controls_are_at_least_44_px_on_a_phone(site, page, path):
    staff = Audience.objects.filter(slug="staff")
    for i in range(25):  # enough staff programs for a second page, to measure pagination too
        make_program(f"extra-{i}", name=f"Extra program {i}", audiences=staff)
    page.set_viewport_size(PHONE)
    page.goto(site + path)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    sizes = page.eval_on_selector_all(
        CONTROLS,
        """els => els.filter(e => e.getClientRects().length).map(e => {
            const r = e.getBoundingClientRect();
            return [e.textContent.trim().slice(0, 30), Math.round(r.width), Math.round(r.height)];
        })""",
    )
    assert len(sizes) >= 5, sizes
    small = [s for s in sizes if s[1] < TAP or s[2] < TAP]
    assert small == [], small
    if path.startswith("/programs/?"):
        assert any(s[0].startswith("Next page") for s in sizes)


def test_form_controls_use_the_site_colours(site, page):
    page.goto(site + "/programs/")
    accent = page.eval_on_selector("input[type=checkbox]", "e => getComputedStyle(e).accentColor")
    assert accent == "rgb(138, 21, 56)"
    page.locator("#id_q").focus()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert outline == "rgb(26, 95, 180)"


def test_header_navigation_keeps_one_line_on_a_phone(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + "/")
    tops = page.eval_on_selector_all(
        ".nav-list a", "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    assert len(tops) == 4 and len(set(tops)) == 1, tops


def test_timeline_fits_a_phone_without_sideways_scrolling(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + "/programs/timeline/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    chart = page.locator(".timeline-chart-narrow")
    assert chart.is_visible() and not page.locator(".timeline-chart-wide").is_visible()
    chart_box = chart.bounding_box()
    assert chart_box["x"] >= 0 and chart_box["x"] + chart_box["width"] <= PHONE["width"]
    # Every label lies inside the picture: nothing is cut off at either edge.
    outside = chart.evaluate(
        """svg => { const s = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('text')]
              .map(t => [t.textContent, t.getBoundingClientRect()])
              .filter(([, r]) => r.left < s.left - 0.5 || r.right > s.right + 0.5)
              .map(([t]) => t); }"""
    )
    assert outside == []


def test_timeline_of_many_pages_is_accessible_and_fits_a_phone(site, page):
    from tests.browser.test_pages import axe_violations

    for i in range(45):
        make_program(
            f"placeholder-{i:02}", name=f"Placeholder Program {i:02}", year_started=1995 + i % 30
        )
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.goto(site + "/programs/timeline/?page=2")
        assert "Page 2 of 3" in page.locator(".pagination").inner_text()
        years = Program.objects.published().exclude(year_started=None).values("year_started")
        assert page.locator(".timeline-years tbody tr").count() == years.distinct().count()
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
        assert axe_violations(page) == []
    # A year's link opens the page where its programs begin.
    page.locator(".timeline-years a", has_text="1995").click()
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("Page 1 of 3")


SVG_TEXT_CONTRAST = """svg => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05); };
  const shapes = [...svg.querySelectorAll('rect, circle')];
  return [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect(), cx = r.x + r.width / 2, cy = r.y + r.height / 2;
    let bg = [255, 255, 255];
    for (const s of shapes) {
      const b = s.getBoundingClientRect(), fill = getComputedStyle(s).fill;
      const inside = cx >= b.left && cx <= b.right && cy >= b.top && cy <= b.bottom;
      if (fill !== 'none' && inside) bg = rgb(fill);
    }
    return [t.textContent.trim(), ratio(rgb(getComputedStyle(t).fill), bg)];
  });
}"""


@pytest.mark.parametrize(
    "path, selector",
    [
        ("/programs/timeline/", ".timeline-chart-wide"),
        ("/programs/refs/", ".lineage-picture"),
        ("/programs/medical-staff-rep/", ".lineage-picture"),
    ],
)
def test_svg_text_has_at_least_4_5_to_1_contrast(site, page, path, selector):
    page.set_viewport_size(DESKTOP)
    page.goto(site + path)
    ratios = page.locator(selector).evaluate(SVG_TEXT_CONTRAST)
    assert len(ratios) >= 3
    low = [(text, round(r, 2)) for text, r in ratios if r < 4.5]
    assert low == [], low


def test_narrow_timeline_text_has_at_least_4_5_to_1_contrast(site, page):
    page.set_viewport_size(PHONE)
    page.goto(site + "/programs/timeline/")
    ratios = page.locator(".timeline-chart-narrow").evaluate(SVG_TEXT_CONTRAST)
    assert len(ratios) >= 3 and min(r for _, r in ratios) >= 4.5, ratios


def test_program_page_is_two_columns_and_at_most_2000_px_on_a_desktop(site, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/programs/refs/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 2000, height
    facts, about = box(page, ".key-facts"), box(page, "#about-heading")
    assert facts["x"] > about["x"] + 400  # beside the text, not under it
    assert facts["y"] < about["y"] + 200
    passages = page.locator(".source details")
    assert passages.count() >= 1
    assert all(not d.evaluate("d => d.open") for d in passages.all())
    # On a phone the facts come first, under the summary.
    page.set_viewport_size(PHONE)
    assert box(page, ".key-facts")["y"] < box(page, "#about-heading")["y"]


@pytest.mark.parametrize(
    "slug",
    [
        "refs",
        "medical-staff-rep",
        "first-generation-program",
        "esl-for-service-employees",
        "institute-diversity-summit",
    ],
)
def test_program_page_says_each_sentence_once(site, page, slug):
    page.goto(site + f"/programs/{slug}/")
    text = page.locator("main").inner_text()  # what is shown: closed <details> left out
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 40]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert repeated == set()


def test_home_cards_are_equal_and_the_type_scale_is_small(site, page):
    page.set_viewport_size(DESKTOP)
    page.goto(site + "/")
    heights = page.eval_on_selector_all(
        ".entry-points li", "els => els.map(e => Math.round(e.getBoundingClientRect().height))"
    )
    assert len(heights) >= 6 and len(set(heights)) == 1, heights
    sizes = page.evaluate(
        """[...document.querySelectorAll('body *')].filter(e => e.getClientRects().length
             && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
           .map(e => getComputedStyle(e).fontSize)"""
    )
    assert len(set(sizes)) <= 5, sorted(set(sizes))
    assert "MIT" not in page.locator(".brand").inner_text()


@pytest.mark.parametrize("path", ["/programs/refs/", "/organizations/sole/"])
def test_share_copies_the_link_and_print_spells_out_addresses(site, browser, path):
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.add_init_script("delete Navigator.prototype.share")  # the fallback: copy the link
    page.goto(site + path)
    page.get_by_role("button", name="Share").click()
    page.get_by_text("Link copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == site + path
    assert page.get_by_role("button", name="Print").is_visible()
    page.emulate_media(media="print")
    after = page.eval_on_selector(
        "main a[href^='/']", "a => getComputedStyle(a, '::after').content"
    )
    assert site + "/" in after, after
    context.close()


def test_share_and_print_are_hidden_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/programs/refs/")
    assert not page.get_by_role("button", name="Share").is_visible()
    assert not page.get_by_role("button", name="Print").is_visible()
    page.get_by_role("link", name="Save to shortlist").click()
    page.wait_for_url("**/shortlist/?p=refs")
    assert page.locator(".cards .card").count() == 1
    context.close()


def test_saved_programs_make_a_shortlist_kept_in_the_browser(site, page):
    page.goto(site + "/programs/refs/")
    page.get_by_role("button", name="Save to shortlist").click()
    assert page.get_by_role("button", name="Saved to shortlist").count() == 1
    page.goto(site + "/programs/first-generation-program/")
    page.get_by_role("button", name="Save to shortlist").click()
    page.get_by_role("link", name="View shortlist (2)").click()
    page.wait_for_url("**/shortlist/?p=refs&p=first-generation-program")
    assert page.locator(".cards .card").count() == 2
    # The bare address shows the list this browser keeps.
    page.goto(site + "/shortlist/")
    page.wait_for_url("**/shortlist/?p=refs&p=first-generation-program")
