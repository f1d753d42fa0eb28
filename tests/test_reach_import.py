"""How to reach a program, imported and exported in admin: website, email, phone and a simple
weekly schedule column; bad values are row errors naming the column, and nothing is saved."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Program
from programs.resources import ProgramResource
from tests.builders import give_reach, make_program
from tests.editors import make_editor

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "programs-how-to-reach.csv"
IMPORT = reverse("admin:programs_program_import")
PROCESS = reverse("admin:programs_program_process_import")


def upload(client, text):
    csv = SimpleUploadedFile("programs.csv", text.encode(), content_type="text/csv")
    return client.post(IMPORT, {"resource": "0", "format": "0", "import_file": csv})


def examples():
    for slug in ("example-peer-program", "example-language-class"):
        make_program(slug)


def test_the_example_file_gives_two_programs_their_ways_to_be_reached(client, seeded):
    examples()
    client.force_login(make_editor())
    preview = upload(client, EXAMPLE.read_text())
    assert preview.status_code == 200, preview.text
    result = preview.context["result"]
    assert not result.has_validation_errors() and not result.has_errors(), result.row_errors()
    assert not Program.objects.get(slug="example-peer-program").phones.exists()  # preview only
    assert client.post(PROCESS, preview.context["confirm_form"].initial).status_code == 302

    peer = Program.objects.get(slug="example-peer-program")
    assert (peer.url, peer.email) == (
        "https://example.edu/peer-program",
        "peer-program@example.edu",
    )
    assert str(peer.phones.get()) == "Call: (617) 555-0100"
    assert [s.in_words() for s in peer.schedules.all()] == ["every Wednesday 6-8 pm"]
    language = Program.objects.get(slug="example-language-class")
    assert sorted(s.in_words() for s in language.schedules.all()) == [
        "every Monday and Thursday 6:30-8 am",
        "every Saturday 10 am-noon",
    ]


def test_export_writes_the_same_columns_and_reimporting_it_changes_nothing(client, seeded):
    refs = give_reach(Program.objects.get(slug="refs"))
    dataset = ProgramResource().export(Program.objects.filter(pk=refs.pk))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row["url"] == "https://example.edu/refs" and row["email"] == "refs@example.edu"
    assert (row["phone"], row["schedule"]) == ("+16175550100", "WE 18:00-20:00")

    client.force_login(make_editor())
    preview = upload(client, dataset.csv)
    result = preview.context["result"]
    assert not result.has_validation_errors()
    assert [r.import_type for r in result.rows] == ["skip"]
    # The drop-in keeps its place and description (the column matched it).
    drop_in = refs.schedules.get()
    assert drop_in.location is not None and drop_in.description == "Drop-in hours"


def test_bad_values_are_row_errors_naming_the_column(client, seeded):
    examples()
    client.force_login(make_editor())
    text = "\n".join(
        [
            "slug,url,email,phone,schedule",
            "example-peer-program,javascript:alert(1),peer@example.edu,617-555-0100,WE 18:00",
            "example-language-class,https://example.edu/x,not-an-email,12,WE 18:00",
            "refs,,,,WE 20:00-18:00",
            "esl-for-service-employees,,,,Wednesdays at six",
        ]
    )
    preview = upload(client, text)
    result = preview.context["result"]
    assert preview.context.get("confirm_form") is None
    errors = {row.number: set(row.error_dict) for row in result.invalid_rows}
    assert errors == {1: {"url"}, 2: {"email", "phone"}, 3: {"schedule"}, 4: {"schedule"}}
    assert "ends before it starts" in preview.text
    assert not Program.objects.get(slug="refs").schedules.exists()
