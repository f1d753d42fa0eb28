"""A control character pasted into a program's text is refused, and one that is stored anyway
breaks no page (issue #16, item 6)."""

import json
import xml.dom.minidom

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Milestone, Program
from tests.admin_forms import change_form_data
from tests.editors import make_editor

pytestmark = pytest.mark.django_db


def test_the_admin_refuses_a_vertical_tab_and_names_the_field(client, seeded):
    client.force_login(make_editor())
    refs = Program.objects.get(slug="refs")
    url = reverse("admin:programs_program_change", args=[refs.pk])
    data = change_form_data(client.get(url))
    data["summary"] = "Peer support\x0bfor graduate students."
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Summary contains an invisible control character (U+000B)" in errors["summary"][0]
    refs.refresh_from_db()
    assert "\x0b" not in refs.summary


def test_an_import_row_with_a_control_character_is_an_error_naming_the_field(client, seeded):
    client.force_login(make_editor())
    text = (
        "slug,name,summary,description,audiences,support_types,status\n"
        "example-program,Example Program,One line.,A longer\x0cdescription.,"
        "graduate-students,peer-support,draft\n"
    )
    csv = SimpleUploadedFile("programs.csv", text.encode(), content_type="text/csv")
    preview = client.post(
        reverse("admin:programs_program_import"),
        {"resource": "0", "format": "0", "import_file": csv},
    )
    assert preview.status_code == 200
    assert not preview.context.get("confirm_form")
    assert "Description contains an invisible control character (U+000C)" in preview.text
    assert not Program.objects.filter(slug="example-program").exists()


def test_stored_control_characters_break_no_feed_sitemap_or_json_ld(client, seeded):
    refs = Program.objects.get(slug="refs")
    # Written around validation, as a restore of an old backup or raw SQL could.
    Program.objects.filter(pk=refs.pk).update(
        name="REFS\x0b", summary="Peer\x01 support\x1b.", description="Text\x7f."
    )
    Milestone.objects.create(program=refs, year=2001, event="Began\x0c.")

    feed = client.get(reverse("programs:feed"))
    assert feed.status_code == 200
    titles = [
        node.firstChild.data
        for node in xml.dom.minidom.parseString(feed.content).getElementsByTagName("title")
    ]
    assert "REFS (REFS)" in titles or "REFS" in titles

    for url in ["/sitemap.xml", "/sitemap-programs.xml"]:
        sitemap = client.get(url)
        assert sitemap.status_code == 200
        xml.dom.minidom.parseString(sitemap.content)

    page = client.get(refs.get_absolute_url())
    assert page.status_code == 200
    script = page.text.split('type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(script)
    assert data["name"] == "REFS"
    assert "\x0b" not in script and "\\u000b" not in script
