"""Two editors, one entry: a save from a form opened before someone else's save never undoes
that save silently (issue #16, item 1)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from organizations.models import Organization
from programs.models import Program, Sponsorship
from tests.admin_forms import change_form_data, inline_prefix
from tests.editors import make_editor

pytestmark = pytest.mark.django_db


def editors():
    first, second = Client(), Client()
    first.force_login(make_editor("editor-a"))
    second.force_login(make_editor("editor-b"))
    return first, second


def url_of(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def test_changes_to_different_fields_are_merged(seeded):
    first, second = editors()
    refs = Program.objects.get(slug="refs")
    url = url_of(refs)
    opened_by_first, opened_by_second = (
        change_form_data(first.get(url)),
        change_form_data(second.get(url)),
    )
    opened_by_first["summary"] = "A new summary from editor A."
    assert first.post(url, opened_by_first).status_code == 302
    opened_by_second["description"] = "A new description from editor B."
    response = second.post(url, opened_by_second)
    assert response.status_code == 302
    refs.refresh_from_db()
    assert refs.summary == "A new summary from editor A."
    assert refs.description == "A new description from editor B."
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("editor-a changed Summary" in n for n in notes), notes
    assert [v.history_user.username for v in refs.history.all()[:2]] == ["editor-b", "editor-a"]


def test_a_stale_change_to_the_same_field_is_refused_and_keeps_the_editors_text(seeded):
    first, second = editors()
    refs = Program.objects.get(slug="refs")
    url = url_of(refs)
    opened_by_first, opened_by_second = (
        change_form_data(first.get(url)),
        change_form_data(second.get(url)),
    )
    opened_by_first["summary"] = "Summary from editor A."
    assert first.post(url, opened_by_first).status_code == 302
    opened_by_second["summary"] = "Summary from editor B."
    opened_by_second["description"] = "Description from editor B."
    refused = second.post(url, opened_by_second)
    assert refused.status_code == 409
    assert "Changed by editor-a at" in refused.text
    assert "since you opened it" in refused.text
    assert "Summary from editor B." in refused.text  # the editor's text is kept
    assert "Description from editor B." in refused.text
    assert "Summary from editor A." in refused.text  # and what the other editor saved
    refs.refresh_from_db()
    assert refs.summary == "Summary from editor A."
    assert refs.history.count() == 2

    # Saving the form that came back is a deliberate choice to replace A's summary.
    again = change_form_data(refused)
    assert again["summary"] == "Summary from editor B."
    assert second.post(url, again).status_code == 302
    refs.refresh_from_db()
    assert refs.summary == "Summary from editor B."
    assert refs.history.all()[1].summary == "Summary from editor A."  # still in history


def test_a_stale_save_does_not_bring_back_an_inline_row_another_editor_removed(seeded):
    first, second = editors()
    refs = Program.objects.get(slug="refs")
    url = url_of(refs)
    page = first.get(url)
    opened_by_first, opened_by_second = change_form_data(page), change_form_data(second.get(url))
    prefix = inline_prefix(page, Sponsorship)
    removed = str(refs.sponsorships.first())
    opened_by_first[f"{prefix}-0-DELETE"] = "on"
    assert first.post(url, opened_by_first).status_code == 302
    opened_by_second["summary"] = "Summary from editor B."
    refused = second.post(url, opened_by_second)
    assert refused.status_code == 409
    assert "Sponsorships" in refused.text and removed in refused.text
    assert removed not in [str(s) for s in refs.sponsorships.all()]


def test_an_organization_is_protected_the_same_way(seeded):
    first, second = editors()
    sole = Organization.objects.get(slug="sole")
    url = url_of(sole)
    opened_by_first, opened_by_second = (
        change_form_data(first.get(url)),
        change_form_data(second.get(url)),
    )
    opened_by_first["mission"] = "Mission from editor A."
    assert first.post(url, opened_by_first).status_code == 302
    opened_by_second["mission"] = "Mission from editor B."
    assert second.post(url, opened_by_second).status_code == 409
    assert Organization.objects.get(pk=sole.pk).mission == "Mission from editor A."


def test_a_save_without_the_opened_version_is_refused(seeded):
    first, _ = editors()
    refs = Program.objects.get(slug="refs")
    data = change_form_data(first.get(url_of(refs)))
    del data["_opened_version"]
    data["summary"] = "A summary from a form of unknown age."
    assert first.post(url_of(refs), data).status_code == 409
    refs.refresh_from_db()
    assert refs.summary != "A summary from a form of unknown age."
