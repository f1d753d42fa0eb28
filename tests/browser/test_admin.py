"""A new editor's first day, in Chromium: sign in, fix a typo in REFS, see it live, undo it from
history, and send and handle a public suggestion. Admin pages run under the site's strict CSP."""

import re

import pytest
from playwright.sync_api import expect

from tests.editors import make_editor

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(site, page):
    make_editor()
    page.goto(f"{site}/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{site}/admin/")
    return page


def csp_errors(console_errors):
    return [e for e in console_errors if "Content Security Policy" in e]


def test_fix_a_typo_see_it_live_and_undo_it(site, editor_page, console_errors):
    page = editor_page
    page.goto(f"{site}/admin/programs/program/")
    page.get_by_role("link", name=re.compile("^Resources for Easing Friction")).click()
    summary = page.get_by_label("Summary")
    original = summary.input_value()
    summary.fill("A typo fixed by an editor.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(f"{site}/programs/refs/")
    expect(page.locator(".lede")).to_have_text("A typo fixed by an editor.")

    page.go_back()  # to the program list, where the save landed
    page.get_by_role("link", name=re.compile("^Resources for Easing Friction")).click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#change-history")).to_contain_text("Changed Summary")
    # The oldest version is the seeded one: open it and revert.
    page.locator("#change-history a[href*='/history/']").last.click()
    expect(page.locator("#content-main table")).to_contain_text("A typo fixed by an editor.")
    page.get_by_role("button", name="Revert to this version").click()
    expect(page.locator(".messagelist")).to_contain_text("reverted to the version of")
    page.goto(f"{site}/programs/refs/")
    expect(page.locator(".lede")).to_have_text(original)
    assert csp_errors(console_errors) == []


def test_a_public_suggestion_reaches_the_editor(site, page, console_errors):
    page.goto(f"{site}/programs/refs/")
    page.get_by_role("link", name="Suggest an edit").click()
    page.get_by_label("What is wrong or missing?").fill("The sponsor list is out of date.")
    page.get_by_role("button", name="Send to the editors").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()

    make_editor()
    page.goto(f"{site}/admin/login/?next=/admin/editing/suggestion/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Log in").click()
    row = page.locator("#result_list tbody tr").first
    expect(row).to_contain_text("The sponsor list is out of date.")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("accept")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("1 suggestion accepted")
    assert csp_errors(console_errors) == []


@pytest.mark.parametrize(
    "path",
    [
        "/admin/programs/program/",
        "/admin/programs/program/deleted/",
        "/admin/programs/program/import/",
        "/admin/organizations/organization/?review=stale",
        "/admin/editing/suggestion/",
    ],
)
def test_admin_pages_work_under_the_strict_csp(site, editor_page, console_errors, path):
    response = editor_page.goto(site + path)
    assert response.status == 200
    assert csp_errors(console_errors) == []
