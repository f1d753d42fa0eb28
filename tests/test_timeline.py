import re

import pytest

from directory.models import Status
from programs.models import Milestone, Program
from tests.builders import make_program

pytestmark = pytest.mark.django_db


def svg_of(html):
    match = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert match, "the timeline picture is on the page"
    return match.group(0)


def test_timeline_shows_every_dated_program_and_each_milestone_year(client, seeded):
    response = client.get("/programs/timeline/")
    assert response.status_code == 200
    html = response.content.decode()
    svg = svg_of(html)
    assert 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    dated = Program.objects.published().exclude(year_started=None)
    assert dated.count() >= 2
    for program in dated:
        label = program.acronym or program.name
        assert label in svg
        assert str(program.year_started) in svg
    for milestone in Milestone.objects.filter(program__in=dated):
        assert f">{milestone.year}<" in svg
    assert ">1999<" in svg and ">2011<" in svg


def test_timeline_has_a_table_with_the_same_data(client, seeded):
    html = client.get("/programs/timeline/").content.decode()
    table = re.search(r"<table\b.*?</table>", html, re.S).group(0)
    for program in Program.objects.published().exclude(year_started=None):
        assert program.name in table
        assert f"<td>{program.year_started}</td>" in table
        for milestone in program.milestones.all():
            assert f"<strong>{milestone.year}</strong>" in table


def test_programs_without_a_year_are_listed_separately(client, seeded):
    html = client.get("/programs/timeline/").content.decode()
    assert "Year not given in the source" in html
    undated_section = html.split("Year not given in the source", 1)[1]
    for program in Program.objects.published().filter(year_started=None):
        assert program.name in undated_section


def test_timeline_leaves_drafts_out_and_has_no_inline_style(client):
    make_program("public", name="Public Program", year_started=2001)
    make_program("secret", name="Secret Program", year_started=2005, status=Status.DRAFT)
    html = client.get("/programs/timeline/").content.decode()
    assert "Public Program" in html
    assert "Secret Program" not in html
    assert "style=" not in html and "<style" not in html


def test_timeline_with_no_dated_programs(client):
    make_program("undated", name="Undated Program")
    html = client.get("/programs/timeline/").content.decode()
    assert "<svg" not in html
    assert "Undated Program" in html


def test_timeline_is_not_read_as_a_program_slug(client):
    response = client.get("/programs/timeline/")
    assert response.status_code == 200
    assert b"Timeline of programs" in response.content


def test_timeline_query_count_is_constant(client, django_assert_num_queries):
    def grow(n):
        for i in range(n):
            program = make_program(year_started=2000 + i)
            program.milestones.create(year=2010, event="Something happened.")

    grow(2)
    with django_assert_num_queries(2):
        client.get("/programs/timeline/")
    grow(10)
    with django_assert_num_queries(2):
        client.get("/programs/timeline/")


def test_home_page_links_to_the_timeline(client, seeded):
    response = client.get("/")
    assert b'href="/programs/timeline/"' in response.content
