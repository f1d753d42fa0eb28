"""Who may do what in admin: editors edit but manage no users and delete no entries; five wrong
passwords lock a sign-in; staff preview drafts the public never sees."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from directory.models import Status
from editing.roles import EDITORS_GROUP
from organizations.models import Organization
from programs.models import Program
from tests.editors import make_editor

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_a_migration_creates_the_editors_group_without_user_or_delete_rights():
    call_command("migrate", "editing", "0001", verbosity=0)
    assert not Group.objects.filter(name=EDITORS_GROUP).exists()
    call_command("migrate", "editing", verbosity=0)
    codenames = set(
        Group.objects.get(name=EDITORS_GROUP).permissions.values_list("codename", flat=True)
    )
    assert {"change_program", "add_program", "change_organization", "change_synonym"} <= codenames
    assert {"change_audience", "change_supporttype", "change_suggestion"} <= codenames
    assert not {c for c in codenames if c.endswith(("_user", "_group", "_permission"))}
    assert "delete_program" not in codenames and "delete_organization" not in codenames


def test_an_editor_can_edit_programs_but_not_users_or_deletions(client, seeded):
    client.force_login(make_editor())
    refs = Program.objects.get(slug="refs")
    assert client.get(reverse("admin:programs_program_changelist")).status_code == 200
    assert client.get(reverse("admin:programs_program_change", args=[refs.pk])).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    delete = reverse("admin:programs_program_delete", args=[refs.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Program.objects.filter(pk=refs.pk).exists()


def login(client, password):
    return client.post(
        reverse("admin:login"),
        {"username": "editor", "password": password, "next": "/admin/"},
        REMOTE_ADDR="127.0.0.7",
    )


def test_five_wrong_passwords_lock_the_sign_in_with_a_clear_message(client, db):
    make_editor()
    for _ in range(4):
        response = login(client, "wrong-password")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    locked = login(client, "wrong-password")
    assert locked.status_code == 429
    assert "Sign-in is locked for now" in locked.text
    # Locked means locked: the right password does not get in either, until the cool-off.
    again = login(client, "a-long-password-1")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_right_password_after_a_few_wrong_ones_still_signs_in(client, db):
    make_editor()
    for _ in range(3):
        login(client, "wrong-password")
    assert login(client, "a-long-password-1").status_code == 302
    assert "_auth_user_id" in client.session


def test_drafts_are_not_public_but_staff_can_preview_them(client, seeded):
    Program.objects.filter(slug="refs").update(status=Status.DRAFT)
    Organization.objects.filter(slug="sole").update(status=Status.ARCHIVED)
    assert client.get("/programs/refs/").status_code == 404
    assert "/programs/refs/" not in client.get("/programs/").text
    assert client.get("/organizations/sole/").status_code == 404
    assert client.get("/api/hsds/services").json()["total_items"] == 8

    client.force_login(make_editor())
    preview = client.get("/programs/refs/")
    assert preview.status_code == 200
    assert "Draft: not public." in preview.text
    # The public form only takes suggestions for published programs, so a preview offers none.
    assert "/programs/refs/suggest/" not in preview.text
    assert "no-cache" in preview["Cache-Control"]
    assert "Archived: not public." in client.get("/organizations/sole/").text
    # The published pages an editor opens carry no banner.
    assert "not public" not in client.get("/programs/graduate-community-fellows/").text
