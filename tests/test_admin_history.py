"""An editor's day in admin: fix a typo, see it live, undo it from history, restore a deletion."""

import pytest
from django.urls import reverse

from directory.seeding import seed
from organizations.models import Organization
from programs.models import Audience, Program, Sponsorship
from tests.admin_forms import change_form_data, inline_prefix
from tests.editors import make_admin, make_editor

pytestmark = pytest.mark.django_db


def change_url(program):
    return reverse("admin:programs_program_change", args=[program.pk])


def edit(client, program, **changes):
    """Open the program's admin page, change fields, save; returns the post's response."""
    page = client.get(change_url(program))
    assert page.status_code == 200
    data = change_form_data(page)
    data.update(changes)
    return client.post(change_url(program), data)


def test_an_editor_fixes_a_program_and_it_is_live_and_in_history(client, seeded):
    editor = make_editor()
    client.force_login(editor)
    refs = Program.objects.get(slug="refs")
    response = edit(client, refs, summary="Corrected summary of the REFS program.")
    assert response.status_code == 302, response.context["adminform"].form.errors

    client.logout()
    assert "Corrected summary of the REFS program." in client.get("/programs/refs/").text

    latest = refs.history.first()
    assert latest.summary == "Corrected summary of the REFS program."
    assert latest.history_user == editor
    assert latest.history_change_reason == "Changed Summary"
    # One version per save, not one per many-to-many field.
    assert refs.history.count() == 2

    client.force_login(editor)
    history = client.get(reverse("admin:programs_program_history", args=[refs.pk]))
    assert history.status_code == 200
    assert "Corrected summary of the REFS program." in history.text


def test_revert_restores_text_links_and_inline_rows(client, seeded):
    client.force_login(make_editor())
    refs = Program.objects.get(slug="refs")
    seeded_version = refs.history.get()
    original_summary = refs.summary
    audiences = set(refs.audiences.values_list("slug", flat=True))
    sponsorships = sorted(str(s) for s in refs.sponsorships.all())
    assert sponsorships
    staff = Audience.objects.get(slug="staff")

    page = client.get(change_url(refs))
    data = change_form_data(page)
    prefix = inline_prefix(page, Sponsorship)
    data.update(
        {
            "summary": "A wrong summary.",
            "audiences": [*data["audiences"], str(staff.pk)],
            f"{prefix}-0-DELETE": "on",
        }
    )
    assert client.post(change_url(refs), data).status_code == 302
    refs.refresh_from_db()
    assert refs.summary == "A wrong summary."
    assert "staff" in set(refs.audiences.values_list("slug", flat=True))
    assert refs.sponsorships.count() == len(sponsorships) - 1

    version_url = reverse(
        "admin:programs_program_simple_history", args=[refs.pk, seeded_version.history_id]
    )
    preview = client.get(version_url)
    assert preview.status_code == 200
    assert "A wrong summary." in preview.text and original_summary in preview.text
    assert "Revert to this version" in preview.text

    assert client.post(version_url).status_code == 302
    refs.refresh_from_db()
    assert refs.summary == original_summary
    assert set(refs.audiences.values_list("slug", flat=True)) == audiences
    assert sorted(str(s) for s in refs.sponsorships.all()) == sponsorships
    assert refs.history.first().history_change_reason.startswith("Reverted to the version of")
    # Reverting is itself a version, so it can be undone in turn.
    assert refs.history.count() == 3


def test_a_deleted_program_is_restored_from_history(client, seeded):
    client.force_login(make_admin())
    refs = Program.objects.get(slug="refs")
    pk, sponsorships = refs.pk, sorted(str(s) for s in refs.sponsorships.all())
    audiences = set(refs.audiences.values_list("slug", flat=True))
    delete_url = reverse("admin:programs_program_delete", args=[pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Program.objects.filter(pk=pk).exists()
    assert client.get("/programs/refs/").status_code == 404

    deleted = client.get(reverse("admin:programs_program_deleted"))
    assert deleted.status_code == 200
    assert refs.name in deleted.text
    link = deleted.context["deleted"][0][1]
    restore_url = reverse("admin:programs_program_simple_history", args=[pk, link.history_id])
    assert "Restore this program" in client.get(restore_url).text
    assert client.post(restore_url).status_code == 302

    refs = Program.objects.get(pk=pk)
    assert refs.slug == "refs"
    assert set(refs.audiences.values_list("slug", flat=True)) == audiences
    assert sorted(str(s) for s in refs.sponsorships.all()) == sponsorships
    client.logout()
    assert client.get("/programs/refs/").status_code == 200


def test_the_seed_does_not_bring_back_what_an_editor_deleted(seeded):
    Program.objects.get(slug="refs").delete()
    reports = {report.label: report for report in seed()}
    assert reports["programs"].skipped == ["refs"]
    assert not Program.objects.filter(slug="refs").exists()
    assert Program.objects.count() == 8


def test_an_organization_and_its_principles_revert_together(client, seeded):
    client.force_login(make_editor())
    sole = Organization.objects.get(slug="sole")
    first = sole.history.get()
    url = reverse("admin:organizations_organization_change", args=[sole.pk])
    data = change_form_data(client.get(url))
    data["mission"] = "A mistaken mission."
    assert client.post(url, data).status_code == 302
    assert Organization.objects.get(pk=sole.pk).mission == "A mistaken mission."

    version_url = reverse(
        "admin:organizations_organization_simple_history", args=[sole.pk, first.history_id]
    )
    assert client.post(version_url).status_code == 302
    sole.refresh_from_db()
    assert sole.mission == first.mission
    assert sole.guiding_principles.count() == 3


@pytest.mark.parametrize("version", ["x", "999999", "1%00"])
def test_an_unknown_version_is_not_found(client, seeded, version):
    client.force_login(make_editor())
    refs = Program.objects.get(slug="refs")
    url = f"/admin/programs/program/{refs.pk}/history/{version}/"
    assert client.get(url).status_code == 404


def test_mark_reviewed_dates_entries_and_the_needs_review_filter_finds_the_rest(client, seeded):
    import datetime

    from django.utils import timezone

    editor = make_editor()
    client.force_login(editor)
    today = timezone.localdate()
    refs = Program.objects.get(slug="refs")
    old = Program.objects.get(slug="medical-staff-rep")
    Program.objects.filter(pk=old.pk).update(last_reviewed=today - datetime.timedelta(days=400))
    changelist = reverse("admin:programs_program_changelist")
    response = client.post(changelist, {"action": "mark_reviewed", "_selected_action": [refs.pk]})
    assert response.status_code == 302
    refs.refresh_from_db()
    assert refs.last_reviewed == today
    assert refs.history.first().history_change_reason == "Marked reviewed"
    assert refs.history.first().history_user == editor
    client.logout()
    assert "Last reviewed on" in client.get("/programs/refs/").text

    client.force_login(editor)
    stale = client.get(changelist, {"review": "stale"})
    names = {program.name for program in stale.context["cl"].result_list}
    assert old.name in names and refs.name not in names
    assert len(names) == 8
    current = client.get(changelist, {"review": "current"})
    assert [p.slug for p in current.context["cl"].result_list] == ["refs"]


def test_admin_lists_keep_a_constant_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    from tests.builders import make_program

    client.force_login(make_admin())
    url = reverse("admin:programs_program_changelist")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(30):
        make_program(f"extra-{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_deleted_program_whose_slug_was_taken_since_is_not_restored_over_it(client, seeded):
    client.force_login(make_admin())
    refs = Program.objects.get(slug="refs")
    pk, before = refs.pk, refs.history.get()
    refs.delete()
    newcomer = Program.objects.create(
        slug="refs", name="A newer program", summary="S.", description="D."
    )
    url = reverse("admin:programs_program_simple_history", args=[pk, before.history_id])
    response = client.post(url)
    assert response.status_code == 400
    assert "nothing was changed" in response.text
    assert "Program with this Slug already exists." in response.text
    assert list(Program.objects.filter(slug="refs")) == [newcomer]
    assert not Program.objects.filter(pk=pk).exists()


def test_an_editor_sees_and_corrects_where_a_fact_comes_from(client, seeded):
    """The quotes behind a program's facts are edited on the program's admin page; a fact whose
    quote an editor removes reads as the editor's own on the public page."""
    from programs.models import Claim

    client.force_login(make_editor())
    refs = Program.objects.get(slug="refs")
    claim = refs.claims.filter(fact=Claim.Fact.AUDIENCE).exclude(quote="").first()
    assert claim is not None, "the seed quotes the source for REFS's audiences"
    page = client.get(change_url(refs))
    assert claim.quote.splitlines()[0] in page.text

    data = change_form_data(page)
    prefix = inline_prefix(page, Claim)
    index = [form.instance.pk for form in page.context["inline_admin_formsets"][-1].formset].index(
        claim.pk
    )
    data[f"{prefix}-{index}-quote"] = ""
    response = client.post(change_url(refs), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.quote == ""
    assert refs.history.first().history_change_reason

    client.logout()
    page = client.get("/programs/refs/").text
    assert "Added by an editor on" in page
