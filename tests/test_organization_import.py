"""Importing SOLE's student organizations in admin (#17): the columns and their other names,
categories, drafts, a preview of new / changed / unchanged / bad rows, publishing the reviewed
drafts in bulk, and 600 placeholder organizations end to end. Every name is a placeholder."""

import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory.models import DirectoryVersion
from organizations.models import Category, Organization
from tests.editors import make_editor

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:organizations_organization_import")
PROCESS = reverse("admin:organizations_organization_process_import")
CHANGELIST = reverse("admin:organizations_organization_changelist")


def upload(client, text, name="student-organizations.csv"):
    csv = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(IMPORT, {"resource": "0", "format": "0", "import_file": csv})


def confirm(client, preview):
    assert preview.context["confirm_form"] is not None, preview.context["result"].row_problems
    return client.post(PROCESS, preview.context["confirm_form"].initial)


@pytest.fixture
def categories(db):
    return [
        Category.objects.create(name=name, slug=slug, order=n)
        for n, (name, slug) in enumerate(
            [
                ("Placeholder Arts", "placeholder-arts"),
                ("Placeholder Service", "placeholder-service"),
                ("Placeholder Sports", "placeholder-sports"),
            ]
        )
    ]


@pytest.fixture
def editor(client, seeded):
    user = make_editor()
    client.force_login(user)
    return user


def test_common_header_names_are_read_as_their_columns(client, editor, categories):
    text = (
        "Organization Name,Acronym,Category,Advisor,Website URL,Contact email,Meeting times,"
        "How to join,Registration renewed,Active,Status\n"
        "Example Placeholder Chess Circle,EPCC,placeholder arts; Placeholder-Service,SOLE,"
        "https://example.edu/chess,chess@example.edu,WE 18:00-20:00,Come to a meeting.,"
        "2025-09-15,yes,\n"
    )
    preview = upload(client, text)
    assert preview.status_code == 200
    assert preview.context["result"].summary["new"] == 1
    assert not Organization.objects.filter(short_name="EPCC").exists()  # a preview saves nothing
    assert confirm(client, preview).status_code == 302

    club = Organization.objects.get(slug="epcc")
    assert club.name == "Example Placeholder Chess Circle"
    assert club.kind == "student-organization"  # advised by an office, no kind given
    assert club.advising_office.slug == "sole"
    assert sorted(club.categories.values_list("slug", flat=True)) == [
        "placeholder-arts",
        "placeholder-service",
    ]
    assert (club.website, club.email) == ("https://example.edu/chess", "chess@example.edu")
    assert [s.in_words() for s in club.schedules.all()] == ["every Wednesday 6-8 pm"]
    assert club.how_to_join == "Come to a meeting."
    assert str(club.registration_renewed) == "2025-09-15" and club.is_active is True
    assert club.status == "draft"
    version = club.history.get()
    assert version.history_user == editor
    assert version.history_change_reason == "Imported from student-organizations.csv"
    assert sorted(version.categories.values_list("category__slug", flat=True)) == [
        "placeholder-arts",
        "placeholder-service",
    ]
    assert club.schedules.get().history.count() == 1


def test_the_preview_counts_and_lists_new_changed_unchanged_and_bad_rows(
    client, editor, categories
):
    header = "slug,name,kind,advising_office,categories,status"
    upload_once = "\n".join(
        [
            header,
            "example-one,Example Placeholder One,student-organization,sole,Placeholder Arts,"
            "published",
            "example-two,Example Placeholder Two,student-organization,sole,,published",
        ]
    )
    confirm(client, upload(client, upload_once))

    text = "\n".join(
        [
            header,
            # unchanged
            "example-one,Example Placeholder One,student-organization,sole,Placeholder Arts,",
            # changed: its categories
            "example-two,Example Placeholder Two,student-organization,sole,Placeholder Sports,",
            # new
            "example-three,Example Placeholder Three,student-organization,sole,,",
            # bad: an unknown category, and an office that is not there
            "example-four,Example Placeholder Four,student-organization,nobody,Placeholder Art,",
        ]
    )
    preview = upload(client, text)
    result = preview.context["result"]
    assert result.summary == {
        "new": 1,
        "changed": 1,
        "unchanged": 1,
        "errors": 1,
        "drafts": 1,
        "published": 0,
    }
    assert preview.context.get("confirm_form") is None
    problems = {(row, name, column) for row, name, column, _ in result.row_problems}
    assert problems == {
        (4, "Example Placeholder Four", "categories"),
        (4, "Example Placeholder Four", "advising_office"),
    }
    page = re.sub(r"\s+", " ", preview.text)
    for shown in ("1</strong> new", "1</strong> changed", "1</strong> unchanged"):
        assert shown in page
    assert "1</strong> with errors" in page
    assert "no category is called “Placeholder Art”" in page
    assert "the categories are Placeholder Arts, Placeholder Service, Placeholder Sports" in page
    assert "no organization has the slug, acronym or name “nobody”" in page
    assert '<td data-label="After the import">Placeholder Sports</td>' in page
    assert "Nothing has been saved" in page
    # Nothing was saved: not the good rows either.
    assert not Organization.objects.filter(slug="example-three").exists()
    assert Organization.objects.get(slug="example-two").categories.count() == 0

    # Without the bad row the file imports; a blank status keeps a published one published.
    preview = upload(client, "\n".join(text.splitlines()[:4]))
    assert confirm(client, preview).status_code == 302
    two = Organization.objects.get(slug="example-two")
    assert two.status == "published"
    assert list(two.categories.values_list("slug", flat=True)) == ["placeholder-sports"]
    assert two.history.count() == 2
    assert Organization.objects.get(slug="example-three").status == "draft"
    assert Organization.objects.get(slug="example-one").history.count() == 1  # untouched


def test_an_error_names_the_column_as_the_file_names_it(client, editor, categories):
    text = "Org name,Category,Contact email\nExample Placeholder Club,Nonexistent,not-an-address\n"
    result = upload(client, text).context["result"]
    assert sorted((row, column) for row, _, column, _ in result.row_problems) == [
        (1, "Category"),
        (1, "Contact email"),
    ]


def test_categories_are_separated_by_semicolons_or_commas_by_name_or_slug(
    client, editor, categories
):
    Category.objects.create(name="Placeholder Arts, Crafts", slug="placeholder-arts-crafts")
    text = "\n".join(
        [
            "name,categories",
            'Example Placeholder A,"placeholder-arts, PLACEHOLDER SPORTS"',
            "Example Placeholder B,Placeholder Service;placeholder-arts;",
            'Example Placeholder C,"Placeholder Arts, Crafts"',
        ]
    )
    confirm(client, upload(client, text))

    def slugs(slug):
        return sorted(Organization.objects.get(slug=slug).categories.values_list("slug", flat=True))

    assert slugs("example-placeholder-a") == ["placeholder-arts", "placeholder-sports"]
    assert slugs("example-placeholder-b") == ["placeholder-arts", "placeholder-service"]
    assert slugs("example-placeholder-c") == ["placeholder-arts-crafts"]


def test_a_row_says_published_to_be_published(client, editor):
    text = "name,status\nExample Placeholder Public,Published\nExample Placeholder Draft,\n"
    confirm(client, upload(client, text))
    assert Organization.objects.get(slug="example-placeholder-public").status == "published"
    assert Organization.objects.get(slug="example-placeholder-draft").status == "draft"
    bad = upload(client, "name,status\nExample Placeholder Odd,live\n").context["result"]
    assert [(c, m) for _, _, c, m in bad.row_problems] == [
        ("status", "“live” is not a status: draft, published or archived")
    ]


def test_the_same_organization_twice_in_a_file_is_an_error(client, editor):
    text = "name\nExample Placeholder Twin\nExample Placeholder Other\nexample placeholder twin\n"
    result = upload(client, text).context["result"]
    assert [(n, c) for n, _, c, _ in result.row_problems] == [(3, "name")]
    assert "Row 3 is the same organization as row 1" in result.row_problems[0][3]


def test_unknown_columns_are_not_imported_and_the_preview_says_so(client, editor):
    text = "name,Officer phone,Notes\nExample Placeholder Club,617-555-0100,x\n"
    preview = upload(client, text)
    assert preview.context["result"].ignored_columns == ["Officer phone", "Notes"]
    assert "Not imported (no column has these names): “Officer phone”, “Notes”" in preview.text
    assert confirm(client, preview).status_code == 302
    assert not Organization.objects.get(slug="example-placeholder-club").phones.exists()


def test_a_column_given_twice_is_an_error_about_the_file(client, editor):
    preview = upload(client, "name,Category,Categories\nExample Placeholder Club,,\n")
    assert preview.context.get("confirm_form") is None
    assert "The columns “Category”, “Categories” all give categories: keep one." in preview.text
    assert not Organization.objects.filter(slug="example-placeholder-club").exists()


def test_export_then_import_changes_nothing(client, editor, categories):
    from organizations.resources import OrganizationResource

    text = "name,advising_office,categories,schedule,status\n" + "\n".join(
        f"Example Placeholder {n},sole,Placeholder Arts;Placeholder Sports,MO 18:00-19:00,published"
        for n in range(3)
    )
    confirm(client, upload(client, text))
    exported = OrganizationResource().export(Organization.objects.filter(slug__startswith="exa"))
    assert "Placeholder Arts; Placeholder Sports" in exported.csv
    preview = upload(client, exported.csv)
    assert preview.context["result"].summary["unchanged"] == 3


def test_preview_and_confirmation_cost_the_same_queries_for_10_or_60_rows(
    client, editor, categories
):
    def rows(start, count):
        return "name,Advised by,Categories,Meeting times\n" + "\n".join(
            f"Example Placeholder {n},sole,Placeholder Arts,TU 12:00-13:00"
            for n in range(start, start + count)
        )

    counts = []
    confirm(client, upload(client, rows(1000, 2)))  # caches warmed (content types, ...)
    for start, count in ((0, 10), (100, 60)):
        with CaptureQueriesContext(connection) as previewing:
            preview = upload(client, rows(start, count))
        with CaptureQueriesContext(connection) as confirming:
            confirm(client, preview)
        counts.append((len(previewing), len(confirming)))
    assert counts[0] == counts[1], counts
    # The same files again, new meeting times: every row an existing organization, and its
    # preview still asks no query a row. (Confirming writes a changed organization's meeting
    # times row by row, as directory/resources.py does: a few queries each.)
    again = []
    for start, count in ((0, 10), (100, 60)):
        with CaptureQueriesContext(connection) as previewing:
            preview = upload(client, rows(start, count).replace("TU 12", "WE 12"))
        assert preview.context["result"].summary["changed"] == count
        with CaptureQueriesContext(connection) as confirming:
            confirm(client, preview)
        again.append((len(previewing), len(confirming)))
    assert again[0][0] == again[1][0], again


def publish(client, organizations):
    return client.post(
        CHANGELIST,
        {
            "action": "publish_drafts",
            "_selected_action": [str(o.pk) for o in organizations],
        },
        follow=True,
    )


def test_editors_publish_the_reviewed_drafts_in_bulk(client, editor):
    confirm(client, upload(client, "name\nExample Placeholder A\nExample Placeholder B\n"))
    drafts = list(Organization.objects.filter(slug__startswith="example-placeholder-"))
    sole = Organization.objects.get(slug="sole")
    version = DirectoryVersion.objects.get().token
    response = publish(client, [*drafts, sole])
    assert response.status_code == 200
    assert "Published 2 drafts. 1 of those selected was not a draft: left as it was." in (
        response.text
    )
    for draft in drafts:
        draft.refresh_from_db()
        assert draft.status == "published"
        latest = draft.history.order_by("-history_id").first()
        assert (latest.status, latest.history_change_reason) == ("published", "Published")
        assert latest.history_user == editor
        assert draft.history.count() == 2
    assert sole.history.count() == Organization.objects.get(slug="sole").history.count()
    assert DirectoryVersion.objects.get().token != version  # cached pages go stale
    client.logout()
    assert client.get(drafts[0].get_absolute_url()).status_code == 200


def test_someone_who_may_not_change_organizations_cannot_publish(client, seeded):
    from django.contrib.auth.models import Permission, User

    viewer = User.objects.create_user("viewer", "viewer@example.org", "a-long-password-1")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(Permission.objects.get(codename="view_organization"))
    draft = Organization.objects.create(name="Example Placeholder Draft", slug="x", status="draft")
    client.force_login(viewer)
    publish(client, [draft])
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_the_import_filter_finds_the_drafts_an_import_made(client, editor):
    confirm(client, upload(client, "name\nExample Placeholder A\nExample Placeholder B\n", "a.csv"))
    confirm(client, upload(client, "name\nExample Placeholder C\n", "b.csv"))
    page = client.get(CHANGELIST)
    choices = re.findall(r'href="\?imported=([^"]+)"', page.text)
    assert len(choices) == 2
    assert "a.csv" in page.text and "b.csv" in page.text
    newest = client.get(CHANGELIST, {"imported": unquote(choices[0]), "status__exact": "draft"})
    assert [str(o) for o in newest.context["cl"].result_list] == ["Example Placeholder C"]
    first = client.get(CHANGELIST, {"imported": unquote(choices[1])})
    assert first.context["cl"].result_count == 2
    # A made-up value is the admin's "bad filter" answer, not a server error.
    assert client.get(CHANGELIST, {"imported": "not-a-date"}).status_code in (200, 302)


def test_an_import_takes_3000_rows_and_refuses_more(client, editor):
    header = "name\n"
    refused = upload(client, header + "\n".join(f"Example Placeholder {n}" for n in range(3001)))
    assert "This file has 3,001 rows; one import takes at most 3,000" in refused.text
    assert not Organization.objects.filter(slug="example-placeholder-1").exists()


def test_600_placeholder_student_organizations_imported_as_drafts_then_published(
    client, editor, categories
):
    """The issue's "Done when", through the admin's own pages."""
    sole = Organization.objects.get(slug="sole")
    advised_before = sole.advised_organizations.published().count()
    text = "Organization Name,Acronym,Categories,Advised by,Meeting times\n" + "\n".join(
        f"Example Placeholder Student Organization {n:03d},EPSO{n:03d},"
        f'"{categories[n % 3].name}, {categories[(n + 1) % 3].slug}",SOLE,TH 19:00-21:00'
        for n in range(600)
    )
    preview = upload(client, text)
    assert preview.context["result"].summary["new"] == 600
    assert confirm(client, preview).status_code == 302

    imported = Organization.objects.filter(short_name__startswith="EPSO")
    assert imported.count() == 600
    assert set(imported.values_list("status", flat=True)) == {"draft"}
    assert sole.advised_organizations.published().count() == advised_before  # not yet public

    page = client.get(CHANGELIST)
    choice = re.search(r'href="\?imported=([^"]+)"', page.text)[1]
    filtered = f"{CHANGELIST}?imported={choice}&status__exact=draft"
    drafts = client.get(filtered)
    assert drafts.context["cl"].result_count == 600
    # As in the browser: the list shows 100 a page; "select all 600", then the action.
    response = client.post(
        filtered,
        {
            "action": "publish_drafts",
            "select_across": "1",
            "_selected_action": str(drafts.context["cl"].result_list[0].pk),
        },
        follow=True,
    )
    assert "Published 600 drafts." in response.text

    assert set(imported.values_list("status", flat=True)) == {"published"}
    assert set(imported.values_list("kind", "advising_office__slug")) == {
        ("student-organization", "sole")
    }
    assert sole.advised_organizations.published().count() == advised_before + 600
    assert not imported.filter(categories=None).exists()
    one = imported.get(short_name="EPSO004")
    assert sorted(one.categories.values_list("name", flat=True)) == [
        "Placeholder Service",
        "Placeholder Sports",
    ]
    assert all(o.history.count() == 2 for o in imported[:5])
    client.logout()
    assert client.get(one.get_absolute_url()).status_code == 200

    # SOLE's page counts them and leads to the paged list of them.
    sole_page = client.get("/organizations/sole/").text
    assert f"<strong>{advised_before + 600}</strong> organizations listed" in sole_page
    listed = client.get("/organizations/", {"advised_by": "sole", "page": "2"})
    assert len(listed.context["page_obj"].object_list) == 24
    # The site search finds one by its name, and with a typo in it.
    for q in ("Example Placeholder Student Organization 004", "EPSO004", "Plaseholder EPSO004"):
        found = client.get("/programs/", {"q": q}).context["organizations"]
        assert one in found["shown"], q


def test_a_file_that_turned_bad_since_its_preview_imports_nothing_and_says_why(
    client, editor, categories
):
    text = "name,categories\nExample Placeholder A,Placeholder Arts\nExample Placeholder B,\n"
    preview = upload(client, text)
    categories[0].delete()  # someone removes the category before the confirmation
    response = client.post(PROCESS, preview.context["confirm_form"].initial, follow=True)
    assert response.status_code == 200
    assert "Nothing was imported" in response.text
    assert "row 1: no category is called “Placeholder Arts”" in response.text
    assert not Organization.objects.filter(slug__startswith="example-placeholder-").exists()
