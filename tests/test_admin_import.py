"""Bulk import in admin: a CSV of student organizations, previewed before anything is saved."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.models import Organization
from programs.models import Program
from tests.editors import make_editor

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "student-organizations.csv"
IMPORT = reverse("admin:organizations_organization_import")
PROCESS = reverse("admin:organizations_organization_process_import")


def upload(client, text, url=IMPORT):
    csv = SimpleUploadedFile("organizations.csv", text.encode(), content_type="text/csv")
    return client.post(url, {"resource": "0", "format": "0", "import_file": csv})


def test_a_csv_of_student_organizations_is_previewed_then_saved(client, seeded):
    client.force_login(make_editor())
    before = Organization.objects.count()
    rows = ["name,kind,advising_office"] + [
        f"Example Club {n},student-organization,sole" for n in range(1, 41)
    ]
    preview = upload(client, "\n".join(rows))
    assert preview.status_code == 200
    assert "Example Club 40" in preview.text
    assert Organization.objects.count() == before  # a preview saves nothing

    confirm = preview.context["confirm_form"].initial
    assert client.post(PROCESS, confirm).status_code == 302
    assert Organization.objects.count() == before + 40
    club = Organization.objects.get(slug="example-club-7")
    assert club.advising_office.slug == "sole"
    assert club.status == "draft"  # a new row without a status is a draft (#17)
    assert club.history.get().history_user.username == "editor"
    client.logout()
    assert "Example Club 7" not in client.get("/organizations/").text
    assert client.get(club.get_absolute_url()).status_code == 404


def test_an_import_with_bad_rows_saves_nothing_and_names_the_rows(client, seeded):
    client.force_login(make_editor())
    before = Organization.objects.count()
    text = "\n".join(
        [
            "name,kind,advising_office",
            "Good Club,student-organization,sole",
            "Bad Kind Club,not-a-kind,sole",
            "Lost Club,student-organization,no-such-office",
        ]
    )
    preview = upload(client, text)
    assert preview.status_code == 200
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    result = preview.context["result"]
    assert result.has_validation_errors() or result.has_errors()
    wrong = {row.number for row in result.invalid_rows} | {n for n, _ in result.row_errors()}
    assert wrong == {2, 3}
    assert "not-a-kind" in preview.text
    assert "no-such-office" in preview.text
    assert Organization.objects.count() == before


def test_the_example_csv_in_the_docs_imports(client, seeded):
    client.force_login(make_editor())
    preview = upload(client, EXAMPLE.read_text())
    assert preview.context["confirm_form"] is not None
    assert not preview.context["result"].has_validation_errors()
    assert preview.context["result"].summary["new"] == 2
    assert client.post(PROCESS, preview.context["confirm_form"].initial).status_code == 302
    one = Organization.objects.get(slug="example-student-organization-one-placeholder")
    two = Organization.objects.get(slug="eso2")
    assert {one.status, two.status} == {"draft"}
    assert (one.kind, one.advising_office.slug) == ("student-organization", "sole")
    assert [s.in_words() for s in one.schedules.all()] == ["every Wednesday 6-8 pm"]
    assert two.email == "placeholder-two@example.edu"


def test_programs_import_with_audiences_by_slug(client, seeded):
    client.force_login(make_editor())
    text = (
        "slug,name,summary,description,audiences,support_types,status\n"
        "example-program,Example Program,One line.,A longer description.,"
        "graduate-students,peer-support,draft\n"
    )
    preview = upload(client, text, reverse("admin:programs_program_import"))
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"].initial
    client.post(reverse("admin:programs_program_process_import"), confirm)
    program = Program.objects.get(slug="example-program")
    assert list(program.audiences.values_list("slug", flat=True)) == ["graduate-students"]
    assert program.status == "draft"  # imported as a draft, so not public yet
    client.logout()
    assert client.get("/programs/example-program/").status_code == 404


def test_a_row_without_a_slug_never_renames_the_organization_its_guessed_slug_matches(
    client, seeded
):
    client.force_login(make_editor())
    sole = Organization.objects.get(slug="sole")
    before = (sole.name, sole.short_name, sole.kind)
    text = "name,short_name,kind\nStudent Org X,SOLE,student-organization\n"
    preview = upload(client, text)
    assert preview.status_code == 200
    assert not preview.context.get("confirm_form")
    assert "Row 1 (“Student Org X”) has no slug" in preview.text
    assert "would change its name, kind" in preview.text
    sole.refresh_from_db()
    assert (sole.name, sole.short_name, sole.kind) == before


def test_a_row_that_names_its_record_by_slug_may_rename_it(client, seeded):
    client.force_login(make_editor())
    text = "slug,name,short_name,kind\nsole,Student Org X,SOLE,student-organization\n"
    preview = upload(client, text)
    confirm = preview.context["confirm_form"].initial
    assert client.post(PROCESS, confirm).status_code == 302
    assert Organization.objects.get(slug="sole").name == "Student Org X"


def test_a_row_without_a_slug_that_matches_its_record_exactly_updates_it(client, seeded):
    client.force_login(make_editor())
    sole = Organization.objects.get(slug="sole")
    text = f'name,short_name,kind,headline_figure\n"{sole.name}",SOLE,{sole.kind},500 groups\n'
    preview = upload(client, text)
    assert preview.context["confirm_form"] is not None
    assert client.post(PROCESS, preview.context["confirm_form"].initial).status_code == 302
    assert Organization.objects.get(slug="sole").headline_figure == "500 groups"


def test_a_program_import_without_a_slug_column_is_refused_clearly(client, seeded):
    client.force_login(make_editor())
    text = "name,summary,description\nREFS,Another summary.,Another description.\n"
    preview = upload(client, text, reverse("admin:programs_program_import"))
    assert preview.status_code == 200
    assert not preview.context.get("confirm_form")
    assert "slug" in preview.text
    assert Program.objects.get(slug="refs").summary != "Another summary."


def test_confirming_the_same_import_twice_imports_once_and_says_so(client, seeded):
    from directory.models import PendingImport

    client.force_login(make_editor())
    before = Organization.objects.count()
    preview = upload(client, "name,kind,advising_office\nExample Club,student-organization,sole")
    confirm = preview.context["confirm_form"].initial
    assert PendingImport.objects.count() == 1
    assert client.post(PROCESS, confirm).status_code == 302
    assert PendingImport.objects.count() == 0
    repeat = client.post(PROCESS, confirm, follow=True)
    assert repeat.status_code == 200
    assert "This file was imported already" in repeat.text
    assert Organization.objects.count() == before + 1


def test_unconfirmed_import_files_are_removed_after_a_day(client, seeded):
    import datetime

    from django.utils import timezone

    from directory.models import PendingImport

    client.force_login(make_editor())
    upload(client, "name,kind\nForgotten Club,student-organization")
    PendingImport.objects.update(created=timezone.now() - datetime.timedelta(days=2))
    upload(client, "name,kind\nAnother Club,student-organization")
    assert PendingImport.objects.count() == 1


def test_a_confirmation_naming_a_file_it_did_not_upload_imports_nothing(client, seeded):
    client.force_login(make_editor())
    preview = upload(client, "name,kind\nExample Club,student-organization")
    confirm = {**preview.context["confirm_form"].initial, "import_file_name": "../../etc/passwd"}
    response = client.post(PROCESS, confirm, follow=True)
    assert response.status_code == 200
    assert "nothing was imported" in response.text
    assert not Organization.objects.filter(slug="example-club").exists()


PROGRAM_HEADER = "slug,name,summary,description,audiences,support_types,status"


def program_rows(count):
    return [
        f"example-{n},Example {n},One line.,A longer description.,graduate-students,"
        "peer-support,published"
        for n in range(count)
    ]


def test_an_import_above_the_row_limit_is_refused_with_the_limit(client, seeded):
    from directory.imports import MAX_ROWS

    client.force_login(make_editor())
    text = "\n".join([PROGRAM_HEADER, *program_rows(MAX_ROWS + 1)])
    preview = upload(client, text, reverse("admin:programs_program_import"))
    assert preview.status_code == 200
    assert f"This file has {MAX_ROWS + 1:,} rows; one import takes at most {MAX_ROWS:,}" in (
        preview.text
    )
    assert not Program.objects.filter(slug="example-1").exists()


def test_an_import_updates_the_page_cache_and_search_once(client, seeded, monkeypatch):
    from directory import cache
    from directory.search import index as search

    calls = {"pages": 0, "search": []}
    real_invalidate, real_update = cache.invalidate_pages, search.update_search_index

    def invalidate(*args, **kwargs):
        calls["pages"] += 1
        return real_invalidate(*args, **kwargs)

    def update(pks=None, *args, **kwargs):
        calls["search"].append(sorted(pks) if pks is not None else None)
        return real_update(pks, *args, **kwargs)

    client.force_login(make_editor())
    preview = upload(
        client,
        "\n".join([PROGRAM_HEADER, *program_rows(30)]),
        reverse("admin:programs_program_import"),
    )
    confirm = preview.context["confirm_form"].initial
    monkeypatch.setattr(cache, "invalidate_pages", invalidate)
    monkeypatch.setattr(search, "update_search_index", update)
    client.post(reverse("admin:programs_program_process_import"), confirm)
    imported = sorted(
        Program.objects.filter(slug__startswith="example-").values_list("pk", flat=True)
    )
    assert len(imported) == 30
    assert calls["pages"] == 1
    assert calls["search"] == [imported]
    # One history version per row, with its links.
    example = Program.objects.get(slug="example-7")
    assert example.history.count() == 1
    version = example.history.get()
    assert list(version.audiences.values_list("audience__slug", flat=True)) == ["graduate-students"]
    client.logout()
    assert "Example 7" in client.get("/programs/", {"q": "Example 7"}).text
