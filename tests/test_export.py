import csv
import io

import pytest

from directory.models import Status
from programs.export import COLUMNS
from programs.models import Program
from tests.builders import make_audience, make_organization, make_program

pytestmark = pytest.mark.django_db


def rows(client, query=""):
    response = client.get(f"/programs.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="programs.csv"' in response["Content-Disposition"]
    assert response.streaming
    reader = csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")))
    header, *body = list(reader)
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in body]


def test_csv_lists_every_published_program_with_its_fields(client, seeded):
    make_program("draft-program", name="Draft Program", status=Status.DRAFT)
    found = rows(client)
    assert {r["name"] for r in found} == set(
        Program.objects.published().values_list("name", flat=True)
    )
    refs = next(r for r in found if r["acronym"] == "REFS")
    assert refs["url"] == "http://testserver/programs/refs/"
    # The source dates REFS's training course (2001), not its founding: no year started.
    assert refs["year_started"] == ""
    assert refs["confidential"] == "yes"
    assert "Graduate students" in refs["audiences"]
    medical = next(r for r in found if r["url"].endswith("/programs/medical-staff-rep/"))
    assert medical["modeled_on"] == "Resources for Easing Friction and Stress Program"


@pytest.mark.parametrize(
    "query",
    [
        "?audience=graduate-students",
        "?audience=staff",
        "?audience=faculty&audience=staff",
        "?support=peer-support",
        "?confidential=true",
        "?sponsor=graduate-student-council",
        "?q=refs",
        "?q=mediaton",
        "?audience=staff&support=peer-support",
    ],
)
def test_csv_keeps_the_filters_of_the_list(client, seeded, query):
    """The CSV has exactly the programs the list page shows for the same query string."""
    page_obj = client.get(f"/programs/{query}").context["page_obj"]
    listed = [f"http://testserver/programs/{p.slug}/" for p in page_obj.object_list]
    found = [row["url"] for row in rows(client, query)]
    assert found == listed
    assert len(found) == page_obj.paginator.count


def test_unknown_or_malformed_filters_never_give_a_server_error(client, seeded):
    for query in ["?audience=nobody", "?sort=%00", "?page=-1", "?q=" + "x" * 5000, "?support="]:
        assert client.get(f"/programs.csv{query}").status_code in (200, 400)


def test_a_cell_is_never_a_spreadsheet_formula(client):
    make_program("formula", name="=HYPERLINK(1)", summary="+1")
    row = rows(client)[0]
    assert row["name"] == "'=HYPERLINK(1)"
    assert row["summary"] == "'+1"


def test_csv_leaves_draft_organizations_out(client):
    draft = make_organization("hidden-office", name="Hidden Office", status=Status.DRAFT)
    make_program("p", sponsors=[(draft, "founded-by")], audiences=[make_audience()])
    assert "Hidden Office" not in rows(client)[0]["organizations"]


def test_csv_query_count_is_constant(client, django_assert_num_queries, seeded):
    # the filter's options (audiences, kinds of support, which reach filters have data),
    # programs, their audiences, kinds of support and sponsorships
    with django_assert_num_queries(7) as first:
        b"".join(client.get("/programs.csv").streaming_content)
    for _ in range(10):
        org = make_organization()
        make_program(audiences=[make_audience()], sponsors=[(org, "founded-by")])
    with django_assert_num_queries(len(first)):
        b"".join(client.get("/programs.csv").streaming_content)


def test_csv_streams_every_row_a_chunk_at_a_time(client, seeded, monkeypatch):
    """The header goes out before any program is read; then every published program, once,
    in the list's order, read CHUNK at a time (memory stays flat however many there are)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs import export

    monkeypatch.setattr(export, "CHUNK", 4)
    for n in range(11):
        make_program(f"bulk-{n:02}", audiences=[make_audience()])
    response = client.get("/programs.csv?sort=name")
    assert response.streaming
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as before_header:
        header = next(chunks)
    assert header.decode().strip() == ",".join(COLUMNS)
    assert len(before_header) == 0  # the header needs no program
    body = b"".join(chunks).decode()
    lines = body.splitlines()
    published = list(Program.objects.published().order_by("name").values_list("slug", flat=True))
    assert len(lines) == len(published) == 20
    urls = [row[2] for row in csv.reader(lines)]
    assert urls == [f"http://testserver/programs/{slug}/" for slug in published]


def test_the_first_rows_leave_after_a_short_read_then_the_rest_a_chunk_at_a_time(
    client, seeded, monkeypatch
):
    """The first rows wait for FIRST_CHUNK programs to be read, not a whole CHUNK (at 100,000
    programs the first 1,000 of an audience took most of the time to the first byte); the rest
    are read CHUNK at a time, so memory stays flat."""
    from django.db import connection

    from programs import export

    monkeypatch.setattr(export, "FIRST_CHUNK", 3)
    monkeypatch.setattr(export, "CHUNK", 5)
    for n in range(11):
        make_program(f"bulk-{n:02}")
    asked = []  # how many rows each read from the database asked for
    chunked_cursor = connection.chunked_cursor

    class Counted:
        def __init__(self):
            self.cursor = chunked_cursor()

        def __getattr__(self, name):
            return getattr(self.cursor, name)

        def fetchmany(self, size):
            asked.append(size)
            return self.cursor.fetchmany(size)

    monkeypatch.setattr(connection, "chunked_cursor", Counted)
    chunks = iter(client.get("/programs.csv").streaming_content)
    next(chunks)  # the header
    first = next(chunks).decode().splitlines()
    assert len(first) == 3 and asked == [3]
    rest = [chunk.decode().splitlines() for chunk in chunks]
    total = Program.objects.published().count()
    assert [len(lines) for lines in rest[:-1]] == [5] * ((total - 3) // 5)
    assert sum(map(len, rest)) == total - 3
    assert set(asked[1:]) == {5}


FORMULAS = ["=cmd|' /C calc'!A0", "@A1", "+1+1", "-1+1"]


@pytest.mark.parametrize(
    ("export_url", "make", "fields"),
    [
        ("/admin/programs/program/export/", make_program, ["slug", "name", "summary"]),
        ("/admin/organizations/organization/export/", make_organization, ["slug", "name"]),
    ],
)
def test_the_admins_csv_export_escapes_formulas_as_programs_csv_does(
    client, export_url, make, fields
):
    from tests.editors import make_admin

    for n, formula in enumerate(FORMULAS):
        make(f"formula-{n}", name=formula)
    client.force_login(make_admin())
    page = client.get(export_url)
    resource = page.context["form"].fields["resource"].choices[0][1].lower()
    response = client.post(
        export_url,
        {"format": "0", "resource": "0", **{f"{resource}_{field}": "on" for field in fields}},
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    names = {row["name"] for row in rows}
    assert {"'" + formula for formula in FORMULAS} <= names
    assert not names & set(FORMULAS)
