"""The issue's visitor, in Chromium: REFS's key facts at the top of its page at 375 and 1280 px
with no axe-core violations, its drop-in added to a calendar, and REFS found by ?time=evening."""

from pathlib import Path

import pytest

from tests.browser.test_pages import axe_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def refs_reachable(site):
    from programs.models import Program
    from tests.builders import give_reach

    give_reach(Program.objects.get(slug="refs"))
    return site


@pytest.mark.parametrize("width", [375, 1280])
def test_a_visitor_sees_how_to_reach_refs(refs_reachable, page, console_errors, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(refs_reachable + "/programs/refs/")
    facts = page.locator(".key-facts")
    # At the top: the box starts within the first screen.
    assert facts.bounding_box()["y"] < 900
    assert page.get_by_role("link", name="refs@example.edu").get_attribute("href") == (
        "mailto:refs@example.edu"
    )
    assert page.get_by_role("link", name="(617) 555-0100").get_attribute("href") == (
        "tel:+1-617-555-0100"
    )
    assert "every Wednesday 6-8 pm" in facts.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar").click()
    ics = Path(download.value.path()).read_text()
    assert "BEGIN:VTIMEZONE" in ics and "RRULE:FREQ=WEEKLY;BYDAY=WE" in ics
    assert console_errors == []


def test_a_visitor_finds_refs_by_evening_and_esl_says_what_is_missing(refs_reachable, page):
    page.goto(refs_reachable + "/programs/")
    page.get_by_label("Evening (5-10 pm)").check()
    page.wait_for_url("**time=evening**")
    page.locator(".result-count").filter(has_text="1 program found").wait_for()
    assert (
        page.locator(".cards h2, .cards h3")
        .all_inner_texts()[0]
        .startswith("Resources for Easing Friction and Stress")
    )
    page.goto(refs_reachable + "/programs/esl-for-service-employees/")
    assert page.locator(".key-facts").get_by_text("Not listed yet").count() == 7
    assert axe_violations(page) == []
