import re

import pytest

from directory.models import Status
from programs import timeline
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


def test_timeline_query_count_is_constant(client, django_assert_num_queries, monkeypatch):
    # The counts of each year; this page's programs (with the few that give no year) joined to
    # their milestones: the same at one page and at several, with and without undated programs
    # named.
    monkeypatch.setattr(timeline, "PAGE_SIZE", 5)
    monkeypatch.setattr(timeline, "UNDATED_NAMED", 3)

    def grow(n):
        for i in range(n):
            program = make_program(year_started=2000 + i % 7)
            program.milestones.create(year=2010, event="Something happened.")
        make_program(name="No year given")

    grow(2)
    with django_assert_num_queries(2):
        client.get("/programs/timeline/")
    grow(28)  # 30 dated: six full pages
    for page in ["1", "4", "99"]:
        with django_assert_num_queries(2):
            response = client.get("/programs/timeline/", {"page": page})
        assert len(response.context["dated"]) == 5
    make_program(name="No year given either")
    make_program(name="Nor this one")  # more without a year than are named: counted instead
    with django_assert_num_queries(2):
        response = client.get("/programs/timeline/")
    assert "4 programs do not give the year they started" in response.text


def dated_programs(n, first_year=2001):
    """n programs, two started each year from first_year, named so their order is plain."""
    return [
        make_program(f"p{i:02}", name=f"Program {i:02}", year_started=first_year + i // 2)
        for i in range(n)
    ]


def drawn_names(response):
    return [row.program.name for row in response.context["timeline"].rows]


def test_timeline_draws_one_page_of_programs_by_year_then_name(client, monkeypatch):
    monkeypatch.setattr(timeline, "PAGE_SIZE", 4)
    dated_programs(10)
    make_program("later", name="Aardvark Program", year_started=2020)
    first = client.get("/programs/timeline/")
    assert drawn_names(first) == ["Program 00", "Program 01", "Program 02", "Program 03"]
    html = first.text
    assert "Program 04" not in html  # neither drawn nor in the table
    assert "Programs 1 to 4 of the 11 that give the year they started" in html
    assert 'href="?page=2" rel="next"' in html
    last = client.get("/programs/timeline/", {"page": 3})
    assert drawn_names(last) == ["Program 08", "Program 09", "Aardvark Program"]
    assert "Page 3 of 3" in last.text
    assert "<title>Timeline of programs, page 3" in last.text
    table = re.search(r"<table class=\"timeline-table\".*?</table>", last.text, re.S).group(0)
    assert "Aardvark Program" in table and "Program 07" not in table
    svg = svg_of(last.text)
    assert ">2020<" in svg and "Program 07" not in svg


@pytest.mark.parametrize("page", ["", "0", "-1", "abc", "2.5", "99", "9" * 30, "%00"])
def test_a_bad_or_past_the_end_page_shows_a_page_of_the_timeline(client, monkeypatch, page):
    monkeypatch.setattr(timeline, "PAGE_SIZE", 4)
    dated_programs(10)
    response = client.get("/programs/timeline/", {"page": page})
    assert response.status_code == 200
    names = drawn_names(response)
    # Not a number: the first page; a number past either end: the last page (as on the list).
    assert names in (
        ["Program 00", "Program 01", "Program 02", "Program 03"],
        ["Program 08", "Program 09"],
    )


def test_timeline_counts_the_programs_started_each_year_with_a_link_to_their_page(
    client, monkeypatch
):
    monkeypatch.setattr(timeline, "PAGE_SIZE", 4)
    dated_programs(10)  # two a year, 2001 to 2005
    make_program("draft", name="Draft Program", year_started=2001, status=Status.DRAFT)
    response = client.get("/programs/timeline/", {"page": 2})
    years = re.search(r"<table class=\"timeline-years\".*?</table>", response.text, re.S)
    assert years, "the count of each year is on the page"
    rows = re.findall(
        r'<a href="\?page=(\d+)"[^>]*>(\d{4})</a>(?: <span[^>]*>[^<]*</span>)?</th>'
        r"\s*<td>.*?</svg>(\d+)</span></td>",
        years.group(0),
        re.S,
    )
    # year: (page where its programs begin, how many started that year); drafts not counted
    assert {int(y): (int(p), int(n)) for p, y, n in rows} == {
        2001: (1, 2),
        2002: (1, 2),
        2003: (2, 2),
        2004: (2, 2),
        2005: (3, 2),
    }
    assert 'href="?page=2" aria-current="page">2003<' in years.group(0)
    # The years this page shows are marked, in words.
    shown = re.findall(r">(\d{4})</a> <span[^>]*>\(on this page\)", years.group(0))
    assert shown == ["2003", "2004"]


def test_one_page_timeline_has_no_page_links_or_counts_of_each_year(client, seeded):
    html = client.get("/programs/timeline/").text
    assert 'class="pagination"' not in html
    assert "timeline-years" not in html


def test_many_programs_without_a_year_are_counted_with_a_link_to_the_list(client, monkeypatch):
    monkeypatch.setattr(timeline, "UNDATED_NAMED", 2)
    make_program("dated", name="Dated Program", year_started=2001)
    for i in range(3):
        make_program(f"undated-{i}", name=f"Undated Program {i}")
    html = client.get("/programs/timeline/").text
    section = html.split("Year not given in the source", 1)[1]
    assert "3 programs do not give the year they started" in section
    assert 'href="/programs/"' in section
    assert "Undated Program" not in html
    # At the limit they are still named.
    Program.objects.filter(slug="undated-0").delete()
    html = client.get("/programs/timeline/").text
    assert "Undated Program 1" in html and "Undated Program 2" in html


def test_home_page_links_to_the_timeline(client, seeded):
    response = client.get("/")
    assert b'href="/programs/timeline/"' in response.content


def test_a_long_name_is_never_cut_off_in_the_wide_drawing(client):
    make_program("early", name="Early", year_started=1990)
    make_program("late", name="Late", year_started=2020)
    for n, year in [(1, 2005), (2, 2019)]:
        make_program(
            f"long-{n}", name=f"Placeholder Program With Quite A Long Name {n}", year_started=year
        )
    drawing = client.get("/programs/timeline/").context["timeline"]
    for row in drawing.rows:
        text_width = len(row.name_lines[0]) * timeline.NAME_CHAR_WIDTH
        left = row.name_x if row.name_anchor == "start" else row.name_x - text_width
        assert left >= 0 and left + text_width <= drawing.width, row.program.name


def test_milestone_years_too_close_to_read_are_not_written_over_each_other(client):
    program = make_program("close", name="Close Milestones", year_started=1990)
    for year in (2010, 2011, 2025):
        program.milestones.create(year=year, event=f"Placeholder event {year}.")
    response = client.get("/programs/timeline/")
    for drawing in (response.context["timeline"], response.context["narrow_timeline"]):
        (row,) = drawing.rows
        written = [m for m in row.milestones if m.labelled]
        assert [m.year for m in written][0] == 2010 and 2025 in [m.year for m in written]
        gaps = [b.x - a.x for a, b in zip(written, written[1:], strict=False)]
        assert all(gap >= timeline.LABEL_GAP for gap in gaps)
    # Every milestone still has its dot with its year and event, and its row in the table.
    assert "<title>2011: Placeholder event 2011.</title>" in svg_of(response.text)
    assert "<strong>2011</strong>: Placeholder event 2011." in response.text
