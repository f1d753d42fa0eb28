import re

import pytest

from directory.models import Status
from tests.builders import make_program

pytestmark = pytest.mark.django_db


def lineage_svg(html):
    match = re.search(r'<svg class="lineage-picture".*?</svg>', html, re.S)
    return match.group(0) if match else None


def test_program_page_draws_what_it_was_modeled_on(client, seeded):
    svg = lineage_svg(client.get("/programs/medical-staff-rep/").content.decode())
    assert svg is not None
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    # The source: a program for medical staff "similar to the REFS Program".
    assert "Medical Staff Rep Program: similar to Resources for Easing Friction and Stress" in svg
    assert ">REFS<" in svg
    assert "<a" not in svg  # role="img" may not hold links; the lineage list has them


def test_the_original_draws_the_programs_modeled_on_it(client, seeded):
    svg = lineage_svg(client.get("/programs/refs/").content.decode())
    assert "Medical Staff Rep Program: similar to Resources for Easing" in svg
    assert ">Medical Staff Rep Program<" in svg


def test_no_picture_without_lineage_or_to_a_draft(client):
    make_program("alone")
    assert lineage_svg(client.get("/programs/alone/").content.decode()) is None
    hidden = make_program("hidden", status=Status.DRAFT)
    make_program("copy", modeled_on=hidden)
    html = client.get("/programs/copy/").content.decode()
    assert lineage_svg(html) is None
    assert "/programs/hidden/" not in html
