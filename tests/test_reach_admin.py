"""An editor tells visitors how to reach REFS, in admin: email, phone, a weekly drop-in in a named
place and an online option, marked verified; history, revert and restore cover all of it; bad
input is refused naming the field."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Language
from organizations.models import Organization, OrganizationPhone
from programs.models import (
    Program,
    ProgramContact,
    ProgramLocation,
    ProgramPhone,
    ProgramSchedule,
)
from tests.admin_forms import change_form_data, inline_prefix
from tests.editors import make_admin, make_editor

pytestmark = pytest.mark.django_db

PLACE = "Example Hall, Room 101"
ONLINE = "https://example.edu/refs-online"


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def add_rows(data, page, model, *rows):
    """Add new inline rows of `model` to the posted data, as the "Add another" link does."""
    prefix = inline_prefix(page, model)
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for i, row in enumerate(rows, start):
        for name, value in row.items():
            data[f"{prefix}-{i}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = start + len(rows)


def errors_of(response):
    context = response.context
    errors = [context["adminform"].form.errors]
    for inline in context["inline_admin_formsets"]:
        errors += [e for e in inline.formset.errors if e] + list(inline.formset.non_form_errors())
    return errors


def give_refs_ways_to_reach_it(client):
    """What the issue's editor enters, in two saves (a schedule's place is one already saved)."""
    refs = Program.objects.get(slug="refs")
    page = client.get(change_url(refs))
    data = change_form_data(page)
    data.update(
        email="refs@example.edu",
        url="https://example.edu/refs",
        is_free="True",
        eligibility_description="Graduate students of the department.",
    )
    add_rows(
        data,
        page,
        ProgramContact,
        {"name": "REFS coordinators", "email": "refs@example.edu", "order": "0"},
    )
    add_rows(data, page, ProgramPhone, {"number": "617-555-0100", "type": "voice", "order": "0"})
    add_rows(
        data,
        page,
        ProgramLocation,
        {"location_type": "physical", "name": PLACE, "order": "0"},
        {"location_type": "virtual", "name": "Video call", "url": ONLINE, "order": "1"},
    )
    response = client.post(change_url(refs), data)
    assert response.status_code == 302, errors_of(response)

    page = client.get(change_url(refs))
    data = change_form_data(page)
    place = ProgramLocation.objects.get(program=refs, name=PLACE)
    add_rows(
        data,
        page,
        ProgramSchedule,
        {
            "description": "Drop-in hours",
            "attending_type": "in-person",
            "location": str(place.pk),
            "freq": "WEEKLY",
            "interval": "1",
            "byday": ["WE"],
            "opens_at": "18:00",
            "closes_at": "20:00",
            "timezone": "America/New_York",
            "order": "0",
        },
    )
    response = client.post(change_url(refs), data)
    assert response.status_code == 302, errors_of(response)
    changelist = reverse("admin:programs_program_changelist")
    marked = client.post(changelist, {"action": "mark_verified", "_selected_action": [refs.pk]})
    assert marked.status_code == 302
    refs.refresh_from_db()
    return refs


def test_an_editor_gives_refs_its_ways_to_be_reached(client, seeded):
    editor = make_editor()
    client.force_login(editor)
    refs = give_refs_ways_to_reach_it(client)
    assert refs.email == "refs@example.edu" and refs.is_free is True
    assert refs.assured_date == timezone.localdate()
    assert refs.history.first().history_change_reason == "Marked verified"
    assert refs.history.first().history_user == editor
    drop_in = refs.schedules.get()
    assert drop_in.byday == "WE" and drop_in.location.name == PLACE
    assert drop_in.in_words() == "every Wednesday 6-8 pm"
    assert str(refs.phones.get().number) == "+16175550100"
    # The saved schedule shows its next three meetings, all Wednesdays at 6 pm.
    page = client.get(change_url(refs))
    assert "Next meetings" in page.text
    assert page.text.count("Wed ") >= 3 and "6 PM" in page.text


def test_revert_and_restore_cover_contacts_phones_places_and_schedules(client, seeded):
    client.force_login(make_admin())
    refs = give_refs_ways_to_reach_it(client)
    with_reach = refs.history.first()
    seeded_version = refs.history.last()

    def reach(program):
        return (
            sorted(str(c) for c in program.contacts.all()),
            sorted(str(p) for p in program.phones.all()),
            sorted(str(p) for p in program.locations.all()),
            sorted(str(s) for s in program.schedules.all()),
        )

    full = reach(refs)
    assert all(full)
    revert_url = reverse(
        "admin:programs_program_simple_history", args=[refs.pk, seeded_version.history_id]
    )
    preview = client.get(revert_url)
    assert "Schedules" in preview.text and "every Wednesday 6-8 pm" in preview.text
    assert client.post(revert_url).status_code == 302
    assert reach(refs) == ([], [], [], [])

    back_url = reverse(
        "admin:programs_program_simple_history", args=[refs.pk, with_reach.history_id]
    )
    assert client.post(back_url).status_code == 302
    assert reach(refs) == full
    assert refs.schedules.get().location.name == PLACE

    # Deleted with everything that went with it, and restored.
    pk = refs.pk
    last = refs.history.first()
    assert (
        client.post(
            reverse("admin:programs_program_delete", args=[pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert not ProgramSchedule.objects.filter(program_id=pk).exists()
    restore_url = reverse("admin:programs_program_simple_history", args=[pk, last.history_id])
    assert client.post(restore_url).status_code == 302
    assert reach(Program.objects.get(pk=pk)) == full


def test_languages_are_part_of_a_version(client, seeded):
    client.force_login(make_editor())
    refs = Program.objects.get(slug="refs")
    spanish = Language.objects.create(code="es", name="Spanish")
    before = refs.history.first()
    page = client.get(change_url(refs))
    data = change_form_data(page)
    data["languages"] = [str(spanish.pk)]
    assert client.post(change_url(refs), data).status_code == 302
    assert list(refs.languages.all()) == [spanish]
    url = reverse("admin:programs_program_simple_history", args=[refs.pk, before.history_id])
    assert client.post(url).status_code == 302
    assert not refs.languages.exists()


@pytest.mark.parametrize(
    "model, row, field",
    [
        (ProgramPhone, {"number": "555", "type": "voice"}, "number"),
        (ProgramContact, {"name": "X", "email": "not-an-address"}, "email"),
        (ProgramLocation, {"location_type": "virtual", "url": "javascript:alert(1)"}, "url"),
        (
            ProgramSchedule,
            {"freq": "WEEKLY", "byday": ["WE"], "opens_at": "20:00", "closes_at": "18:00"},
            "closes_at",
        ),
        (
            ProgramSchedule,
            {"freq": "WEEKLY", "byday": ["WE"], "opens_at": "25:00"},
            "opens_at",
        ),
        (
            ProgramSchedule,
            {
                "freq": "WEEKLY",
                "byday": ["WE"],
                "opens_at": "18:00",
                "valid_from": "2027-01-04",
                "valid_to": "2027-01-05",
            },
            "__all__",  # a Monday to a Tuesday: no Wednesday in between
        ),
        (ProgramSchedule, {"freq": "WEEKLY", "opens_at": "18:00"}, "byday"),
    ],
)
def test_bad_input_is_refused_naming_the_field(client, seeded, model, row, field):
    client.force_login(make_editor())
    refs = Program.objects.get(slug="refs")
    page = client.get(change_url(refs))
    data = change_form_data(page)
    defaults = {"order": "0", "interval": "1", "timezone": "America/New_York"}
    if model is not ProgramSchedule:
        defaults = {"order": "0"}
    add_rows(data, page, model, {**defaults, **row})
    response = client.post(change_url(refs), data)
    assert response.status_code == 200
    inline = next(i for i in response.context["inline_admin_formsets"] if i.formset.model is model)
    assert field in inline.formset.errors[0], inline.formset.errors
    assert not model.objects.filter(program=refs).exists()


def test_record_fields_refuse_bad_links_and_addresses(client, seeded):
    client.force_login(make_editor())
    refs = Program.objects.get(slug="refs")
    page = client.get(change_url(refs))
    data = change_form_data(page)
    data.update(url="javascript:alert(1)", email="nobody@")
    response = client.post(change_url(refs), data)
    assert response.status_code == 200
    assert {"url", "email"} <= set(response.context["adminform"].form.errors)


def test_the_not_verified_filter_and_organizations(client, seeded):
    client.force_login(make_editor())
    sole = Organization.objects.get(slug="sole")
    odge = Organization.objects.get(slug="odge")
    Organization.objects.filter(pk=odge.pk).update(
        assured_date=timezone.localdate() - datetime.timedelta(days=400)
    )
    changelist = reverse("admin:organizations_organization_changelist")
    client.post(changelist, {"action": "mark_verified", "_selected_action": [sole.pk]})
    stale = {
        o.slug for o in client.get(changelist, {"verified": "stale"}).context["cl"].result_list
    }
    assert "odge" in stale and "sole" not in stale
    current = client.get(changelist, {"verified": "current"}).context["cl"].result_list
    assert [o.slug for o in current] == ["sole"]

    page = client.get(change_url(sole))
    data = change_form_data(page)
    add_rows(
        data,
        page,
        OrganizationPhone,
        {"number": "+1 617 555 0123", "type": "textphone", "order": "0"},
    )
    assert client.post(change_url(sole), data).status_code == 302
    assert str(sole.phones.get()) == "TTY: (617) 555-0123"
