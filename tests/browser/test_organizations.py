"""The organization list with placeholder student organizations, in Chromium: no axe-core
violations at 1280 and 375 px, and filtering with JavaScript (htmx swaps) and without."""

import json
import re

import pytest

from tests.browser.test_pages import axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    "/organizations/",
    "/organizations/?advised_by=sole&category=placeholder-arts&page=1",
    "/organizations/?q=quiltnig",
    "/organizations/?kind=nonsense&category=placeholder-arts",
    "/organizations/?q=zzzz-nothing-matches",
    "/organizations/sole/",
    "/organizations/placeholder-group-01/",
    "/programs/?q=placeholder%20group",
]


@pytest.fixture
def student_site(site):
    """The seeded site with 30 placeholder student organizations SOLE advises."""
    import datetime

    from tests.builders import make_category, make_student_organization

    categories = [
        make_category(f"placeholder-{name.lower()}", name=f"Placeholder {name}")
        for name in ("Arts", "Service", "Games")
    ]
    for i in range(30):
        group = make_student_organization(
            f"placeholder-group-{i:02}",
            name=f"Placeholder Group {i:02}" if i else "Placeholder Quilting Group 00",
            mission="A placeholder student organization, for tests only.",
            categories=categories[: 1 + i % 3],
            is_active=None if i % 4 else True,
        )
        if i == 1:
            group.how_to_join = "Come to a meeting (placeholder)."
            group.save()
            group.contacts.create(title="Placeholder chair", email="chair@example.edu")
            group.schedules.create(freq="WEEKLY", byday="TH", opens_at=datetime.time(19))
    return site


@pytest.mark.parametrize("path", PAGES)
def test_organization_pages_are_accessible_and_fit_a_phone(
    student_site, page, console_errors, path
):
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.goto(student_site + path).status == 200
        assert axe_violations(page) == [], json.dumps(axe_violations(page), indent=1)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert console_errors == []


def test_ticking_a_category_swaps_results_and_updates_the_url(student_site, page, console_errors):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(student_site + "/organizations/")
    page.evaluate("window.notReloaded = true")
    page.get_by_role("checkbox", name=re.compile(r"^Placeholder Games \(")).check()
    page.wait_for_url("**/organizations/?*category=placeholder-games*")
    page.wait_for_selector(".chip:has-text('Placeholder Games')")
    assert page.evaluate("window.notReloaded") is True
    assert "10 organizations found" in page.locator(".result-count").inner_text()
    assert console_errors == []


def test_the_organization_form_works_with_javascript_off(student_site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(student_site + "/organizations/")
    page.get_by_label("Search organizations").fill("quiltnig")
    page.get_by_role("button", name=re.compile(r"^Show \d+ organizations?$")).click()
    page.wait_for_url("**/organizations/?q=quiltnig*")
    assert page.get_by_role("link", name="Placeholder Quilting Group 00").is_visible()
    context.close()
