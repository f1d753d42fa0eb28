"""Every public page, in Chromium: no axe-core violations, no console errors, no sideways
scrolling on a 375 px phone. Other features add their pages to PAGES."""

import json
from importlib.resources import files

import pytest

pytestmark = pytest.mark.browser

# (path, expected HTTP status). Add a page here and it gets every check below.
PAGES = [
    ("/", 200),
    ("/programs/", 200),
    ("/programs/?audience=staff&support=language-learning", 200),
    ("/programs/?audience=students&confidential=true&sort=newest", 200),
    ("/programs/?q=zzzz-nothing-matches", 200),
    ("/programs/?audience=martians", 200),
    ("/programs/refs/", 200),
    ("/programs/medical-staff-rep/", 200),
    ("/programs/esl-for-service-employees/", 200),
    ("/programs/institute-diversity-summit/", 200),
    ("/programs/first-generation-program/", 200),
    ("/organizations/", 200),
    ("/organizations/?kind=office", 200),
    ("/organizations/sole/", 200),
    ("/organizations/graduate-student-council/", 200),
    ("/organizations/crd/", 200),
    ("/about/", 200),
    ("/peer-support/", 200),
    ("/peer-support/?audience=graduate-students&need=advisor", 200),
    ("/programs/timeline/", 200),
    ("/shortlist/?p=refs&p=first-generation-program&p=no-such-program", 200),
    ("/shortlist/", 200),
    ("/programs/refs/suggest/", 200),
    ("/programs/refs/suggest/thanks/", 200),
    ("/propose/", 200),
    ("/no-such-page/", 404),
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_SOURCE = files("axe_playwright_python").joinpath("axe.min.js").read_text()


def axe_violations(page):
    """Run axe-core in the page. The CSP forbids script tags, so evaluate its source."""
    page.evaluate(AXE_SOURCE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    assert len(results["passes"]) > 10, "axe-core did not run its rules"
    return [
        {"rule": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results["violations"]
    ]


def not_the_expected_status(message, status):
    return not (status != 200 and f"status of {status}" in message)


@pytest.mark.parametrize("path, status", PAGES)
def test_page_is_accessible_clean_and_fits_a_phone(site, page, console_errors, path, status):
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(site + path)
    assert response.status == status
    # The stylesheet loaded (served from static/), so the header has its colour.
    header_colour = page.eval_on_selector(
        ".site-header", "e => getComputedStyle(e).backgroundColor"
    )
    assert header_colour == "rgb(138, 21, 56)"
    assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_violations(page) == []
    errors = [e for e in console_errors if not_the_expected_status(e, status)]
    assert errors == []


def test_every_page_has_a_title_saying_where_you_are(site, page):
    titles = set()
    for path, _ in PAGES:
        page.goto(site + path)
        titles.add(page.title())
    assert len(titles) >= len({p.split("?")[0] for p, _ in PAGES}) - 2


def test_skip_link_moves_focus_to_main(site, page):
    page.goto(site + "/programs/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
