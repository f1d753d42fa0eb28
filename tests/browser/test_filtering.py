"""Filtering the program list by clicking, with JavaScript (htmx swaps) and without."""

import re

import pytest

pytestmark = pytest.mark.browser

STAFF = re.compile(r"^Staff \(")


def test_clicking_an_audience_swaps_results_and_updates_the_url(site, page, console_errors):
    page.goto(site + "/programs/")
    assert page.evaluate("typeof htmx") == "object"
    page.evaluate("window.notReloaded = true")
    page.get_by_role("checkbox", name=STAFF).check()
    page.wait_for_url("**/programs/?*audience=staff*")
    page.wait_for_selector(".chip:has-text('Staff')")
    # The results were swapped in place: the page was not reloaded.
    assert page.evaluate("window.notReloaded") is True
    assert page.get_by_role("link", name="ESL for Service Employees").is_visible()
    assert not page.get_by_role("link", name="Graduate Community Fellows Program").count()
    # Removing the chip brings everything back, still without a reload.
    page.locator(".chip", has_text="Staff").click()
    page.wait_for_url(lambda url: "audience" not in url)
    page.wait_for_selector(".cards")
    assert page.evaluate("window.notReloaded") is True
    assert page.get_by_role("link", name="Graduate Community Fellows Program").count() == 1
    assert console_errors == []


def test_back_button_restores_the_previous_results(site, page):
    page.goto(site + "/programs/")
    page.get_by_role("checkbox", name=STAFF).check()
    page.wait_for_url("**audience=staff*")
    page.go_back()
    page.wait_for_url(lambda url: "audience" not in url)
    assert page.get_by_role("link", name="Graduate Community Fellows Program").count() == 1
    assert page.locator("h1").count() == 1


def test_the_same_form_works_with_javascript_off(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/programs/")
    page.get_by_role("checkbox", name=STAFF).check()
    page.get_by_role("button", name=re.compile(r"^Show \d+ programs?$")).click()
    page.wait_for_url("**/programs/?*audience=staff*")
    assert page.get_by_role("link", name="ESL for Service Employees").is_visible()
    assert "Staff" in page.locator(".chips").inner_text()
    context.close()


def test_a_graduate_student_reaches_refs_in_two_clicks(site, page):
    page.goto(site + "/")
    page.get_by_role("link", name="I am a graduate student").click()
    page.wait_for_url("**/programs/?audience=graduate-students")
    page.get_by_role(
        "link", name="Resources for Easing Friction and Stress", exact=False
    ).first.click()
    page.wait_for_url("**/programs/refs/")
    assert page.locator("h1").count() == 1
    assert "REFS" in page.locator("h1").inner_text()
