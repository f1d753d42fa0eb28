"""What keeps the program list fast and usable as the directory grows: a short organization menu,
facet counts kept per directory version, search ranked in PostgreSQL, and a sort menu that says
what order the results are in."""

import pytest
from django.db import connection

from directory import search
from directory.models import SearchWord
from organizations.models import Organization
from programs.filters import SPONSOR_OPTIONS
from programs.models import Audience, Program
from tests.builders import make_organization, make_program
from tests.query_plans import sorts_every_row

pytestmark = pytest.mark.django_db

LIST = "/programs/"


def facet_options(response, name):
    """The options the list's facet offers, as includes/facet.html shows them."""
    return response.context["filter"].facet(name)["options"]


def sponsor_menu(response):
    return facet_options(response, "sponsor")


def test_the_organization_menu_offers_the_biggest_sponsors_and_the_chosen_one(client, seeded):
    for n in range(SPONSOR_OPTIONS + 5):
        office = make_organization(f"office-{n:02}", name=f"Office {n:02}")
        for i in range(1 + n % 3):
            make_program(f"p-{n}-{i}", sponsors=[(office, "offered-by")])
    response = client.get(LIST)
    menu = sponsor_menu(response)
    assert len(menu) == SPONSOR_OPTIONS
    assert "All organizations" in response.text
    biggest = {o["value"] for o in menu}
    assert "office-02" in biggest  # three programs
    # A small sponsor chosen by its link still shows, selected, and filters the list.
    small = client.get(LIST, {"sponsor": "office-00"})
    chosen = [o for o in sponsor_menu(small) if o["checked"]]
    assert [o["value"] for o in chosen] == ["office-00"]
    assert [p.slug for p in small.context["page_obj"]] == ["p-0-0"]
    assert "Office 00" in small.text


def test_facet_counts_are_kept_until_the_directory_changes(client, seeded, settings):
    from django.core.cache import cache

    from programs.models import SupportType

    settings.FACET_CACHE_SECONDS = 600
    cache.clear()

    def peer_support_count():
        options = facet_options(client.get(LIST), "support")
        return next(o["count"] for o in options if o["value"] == "peer-support")

    before = peer_support_count()
    assert peer_support_count() == before  # from the cache
    # Any edit makes a new directory version, so the counts follow at once.
    make_program("new-one", support_types=[SupportType.objects.get(slug="peer-support")])
    assert peer_support_count() == before + 1
    cache.clear()


def test_facet_counts_come_from_the_cache_on_a_repeat_visit(
    client, seeded, settings, django_assert_max_num_queries
):
    from django.core.cache import cache

    settings.FACET_CACHE_SECONDS = 600
    cache.clear()
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cold:
        client.get(LIST)
    with CaptureQueriesContext(connection) as warm:
        client.get(LIST)
    assert len(warm) < len(cold)
    cache.clear()


def test_the_sort_menu_says_best_match_for_a_search(client, seeded):
    searching = client.get(LIST, {"q": "peer support"})
    options = {o["value"]: o for o in searching.context["filter"].sort_options()}
    assert options["relevance"]["selected"] and options["relevance"]["label"] == "Best match"
    assert '<option value="relevance" selected>Best match</option>' in searching.text
    browsing = client.get(LIST)
    assert "Best match" not in browsing.text
    assert '<option value="name" selected>Name (A to Z)</option>' in browsing.text
    by_name = client.get(LIST, {"q": "peer support", "sort": "name"})
    names = [p.name for p in by_name.context["page_obj"]]
    assert names == sorted(names)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored index")
def test_postgresql_keeps_the_search_index_current(seeded):
    refs = Program.objects.get(slug="refs")
    refs.refresh_from_db()
    assert refs.search_vector  # filled on save
    assert SearchWord.objects.filter(word="mediation").exists()
    refs.summary = "Now about zanzibar."
    refs.save()
    assert [pk for pk, _ in search.parse("zanzibar").rank(Program.objects.published())] == [refs.pk]
    # Programs written without signals are found once the index is updated.
    Program.objects.bulk_create(
        [Program(slug="bulk", name="Quokka circle", summary="s", description="d")]
    )
    assert search.parse("quokka").rank(Program.objects.published()) == []
    search.update_search_index()
    assert len(search.parse("quokka").rank(Program.objects.published())) == 1
    assert search.parse("zanzibat").did_you_mean == "zanzibar"


def test_the_year_sorts_put_programs_without_a_year_last(client, seeded):
    make_program("undated", name="Aardvark Circle")  # first by name, but no year started
    for sort in ("newest", "oldest"):
        programs = list(Program.objects.published().sorted_by(sort))
        years = [p.year_started for p in programs]
        dated = [y for y in years if y]
        assert years == dated + [None] * (len(years) - len(dated)), sort
        assert dated == sorted(dated, reverse=sort == "newest"), sort
        undated = [p.name for p in programs if not p.year_started]
        assert undated == sorted(undated) and "Aardvark Circle" in undated, sort
    page = client.get(LIST, {"sort": "newest"})
    years = Program.objects.published().exclude(year_started=None)
    latest = max(years.values_list("year_started", flat=True))
    assert page.context["page_obj"][0].year_started == latest
    # Sorted by year, each card says its year (or that it is not known); by name, none does.
    assert f"Started in {latest}" in page.text
    assert "Year started not known" in client.get(LIST, {"sort": "oldest"}).text
    assert "Started in" not in client.get(LIST).text


def test_a_search_matching_more_than_it_shows_says_so(client, seeded):
    many = search.MAX_RESULTS + 5
    programs = Program.objects.bulk_create(
        Program(slug=f"quokka-{n}", name=f"Quokka circle {n}", summary="s", description="d")
        for n in range(many)
    )
    search.reindex(Program, [p.pk for p in programs], connection.alias)
    response = client.get(LIST, {"q": "quokka"})
    shown = search.MAX_RESULTS
    assert response.context["page_obj"].paginator.count == shown
    assert (
        f"{shown} programs shown, from the best {shown} matches: more programs match “quokka”"
        " than a search lists. Add a word to narrow it." in response.text
    )
    assert f"Programs ({shown}+ found)" in response.text
    # Filters narrow the best matches: the page says so, with the count of those it shows.
    staff = Audience.objects.get(slug="staff")
    for program in programs[:3]:
        program.audiences.add(staff)
    filtered = client.get(LIST, {"q": "quokka", "audience": "staff"})
    count = filtered.context["page_obj"].paginator.count
    assert 0 < count <= 3
    assert (
        f"{count} program{'s' if count > 1 else ''} shown, from the best {shown}" in filtered.text
    )
    # A search that shows every match counts them.
    few = client.get(LIST, {"q": "quokka circle 7"})
    assert "than a search lists" not in few.text
    assert f"{few.context['page_obj'].paginator.count} program" in few.text


def test_counts_over_a_thousand_are_written_with_a_separator(client, seeded):
    Program.objects.bulk_create(
        Program(slug=f"filler-{n}", name=f"Filler {n}", summary="s", description="d")
        for n in range(1000)
    )
    total = Program.objects.published().count()
    assert total > 1000
    listed = client.get(LIST)
    assert f"{total:,} programs found" in listed.text
    assert f"Show {total:,} programs" in listed.text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored index")
def test_a_broad_search_ranks_programs_with_its_words_as_they_are(db, monkeypatch):
    """When enough programs hold the words as they are, only those are ranked: the index need
    not gather every program holding a word that begins with them (14 ms for "peer support"
    at 100,009 programs). When too few do, the words are also prefixes and all are ranked."""
    from directory.search import postgres

    monkeypatch.setattr(postgres, "RANKED_AT_MOST", 3)
    # Interleaved, so any three of the six in the table's order or the last edited include a
    # program holding only a longer word.
    for n in range(3):
        make_program(f"quokkaland-{n}", name=f"Quokkaland {n}")
        make_program(f"quokka-{n}", name=f"Quokka circle {n}")
    exact = {"quokka-0", "quokka-1", "quokka-2"}

    def found(q):
        ranked = search.parse(q).rank(Program.objects.published())
        return set(
            Program.objects.filter(pk__in=[pk for pk, _ in ranked]).values_list("slug", flat=True)
        )

    assert found("quokka") == exact
    assert found("quokka circle") == exact
    Program.objects.filter(slug="quokka-2").delete()
    # Two hold the word itself, fewer than the three ranked: the prefix finds the others too.
    assert {"quokka-0", "quokka-1"} < found("quokka")


def test_a_page_in_year_order_is_read_from_an_index_not_sorted(seeded):
    for sort in ("newest", "oldest"):
        assert not sorts_every_row(Program.objects.published().sorted_by(sort)[20:40]), sort


def test_a_page_of_organizations_by_name_is_read_from_an_index_not_sorted(client, seeded):
    make_organization("zeta", name="", short_name="ZZZ")  # no name: its acronym is its name
    make_organization("alpha-house", name="alpha House")
    names = [o.display_name for o in client.get("/organizations/").context["page_obj"]]
    assert names == sorted(names, key=str.lower)
    assert "ZZZ" in names and "alpha House" in names
    assert not sorts_every_row(Organization.objects.published().by_name()[24:48])
