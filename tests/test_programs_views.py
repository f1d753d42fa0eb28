"""The home page, the program list with its filters, program pages and the about page."""

import pytest
from django.urls import reverse

from directory.models import Status
from programs.models import Program
from tests.builders import (
    list_card,
    make_audience,
    make_organization,
    make_program,
    make_support_type,
)

LIST = "/programs/"


def titles(response):
    return [p.name for p in response.context["page_obj"].object_list]


# Home


def test_home_offers_search_audiences_with_counts_and_peer_support(client, seeded):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'action="/programs/"' in html and 'name="q"' in html
    assert 'href="/programs/?audience=graduate-students">I am a graduate student</a>' in html
    graduate = next(a for a in response.context["audiences"] if a.slug == "graduate-students")
    assert graduate.count == Program.objects.for_audiences(["graduate-students"]).count() > 0
    assert 'href="/peer-support/"' in html
    assert 'href="/programs/?confidential=true"' in html


def test_a_graduate_student_reaches_refs_in_two_clicks(client, seeded):
    home = client.get("/").content.decode()
    assert 'href="/programs/?audience=graduate-students"' in home
    listing = client.get(LIST, {"audience": "graduate-students"}).content.decode()
    assert 'href="/programs/refs/"' in listing


def test_a_service_worker_finds_esl_under_staff(client, seeded):
    response = client.get(LIST, {"audience": "staff"})
    assert "ESL for Service Employees" in " ".join(titles(response))


# Filtering


@pytest.fixture
def catalog(db):
    students = make_audience("students")
    grads = make_audience("graduate-students", parent=students)
    staff = make_audience("staff")
    peer = make_support_type("peer-support")
    arts = make_support_type("performing-arts")
    office = make_organization("office")
    make_program(
        "alpha",
        name="Alpha",
        audiences=[grads],
        support_types=[peer],
        is_confidential=True,
        year_started=2001,
        sponsors=[(office, "founded-by")],
    )
    make_program("beta", name="Beta", audiences=[students], support_types=[arts], year_started=2011)
    make_program(
        "gamma",
        name="Gamma",
        audiences=[staff],
        support_types=[peer],
        year_started=1990,
        description="Classes in English for night-shift workers.",
    )
    make_program("draft", name="Draft", audiences=[staff], status=Status.DRAFT)
    return locals()


def test_parent_audience_includes_its_children(client, catalog):
    assert titles(client.get(LIST, {"audience": "students"})) == ["Alpha", "Beta"]
    assert titles(client.get(LIST, {"audience": "graduate-students"})) == ["Alpha"]


def test_values_of_one_facet_are_or_and_facets_are_and(client, catalog):
    either = client.get(LIST + "?audience=graduate-students&audience=staff")
    assert titles(either) == ["Alpha", "Gamma"]
    both = client.get(LIST + "?audience=students&support=peer-support")
    assert titles(both) == ["Alpha"]


def test_sponsor_confidential_and_q(client, catalog):
    assert titles(client.get(LIST, {"sponsor": "office"})) == ["Alpha"]
    assert titles(client.get(LIST, {"confidential": "true"})) == ["Alpha"]
    assert titles(client.get(LIST, {"q": "night-shift"})) == ["Gamma"]
    assert titles(client.get(LIST, {"q": "BET"})) == ["Beta"]


def test_drafts_never_show(client, catalog):
    assert "Draft" not in titles(client.get(LIST))
    assert client.get("/programs/draft/").status_code == 404


@pytest.mark.parametrize(
    "sort, expected",
    [
        ("name", ["Alpha", "Beta", "Gamma"]),
        ("newest", ["Beta", "Alpha", "Gamma"]),
        ("oldest", ["Gamma", "Alpha", "Beta"]),
    ],
)
def test_sort(client, catalog, sort, expected):
    assert titles(client.get(LIST, {"sort": sort})) == expected


def test_each_option_shows_what_it_would_give_with_the_other_filters(client, catalog):
    f = client.get(LIST, {"support": "peer-support"}).context["filter"]
    audiences = {o["value"]: o["count"] for o in f.facet("audience")["options"]}
    assert audiences == {"students": 1, "graduate-students": 1, "staff": 1}
    # The support facet ignores its own selection: picking another value would add to it.
    support = {o["value"]: o["count"] for o in f.facet("support")["options"]}
    assert support == {"peer-support": 2, "performing-arts": 1}
    assert f.facet("confidential")["options"][0]["count"] == 1


def test_active_filters_are_removable_chips_and_clear_all(client, catalog):
    response = client.get(LIST + "?audience=staff&audience=students&support=peer-support&page=1")
    chips = dict(response.context["filter"].active_filters())
    assert chips["Staff"] == "?audience=students&support=peer-support"
    assert chips["Peer support"] == "?audience=staff&audience=students"
    html = response.content.decode()
    assert 'href="/programs/">Clear all filters</a>' in html
    assert "2 programs found" in html


def test_no_results_offers_ways_out(client, catalog):
    html = client.get(LIST, {"q": "zzzz-nothing"}).content.decode()
    assert "No programs match" in html
    assert 'href="/programs/">Browse all programs' in html
    assert 'href="/peer-support/"' in html


def test_pagination_keeps_the_filters(client, catalog):
    staff = catalog["staff"]
    for n in range(25):
        make_program(f"extra-{n}", audiences=[staff])
    response = client.get(LIST, {"audience": "staff", "page": "1"})
    assert 'href="?audience=staff&amp;page=2"' in response.content.decode()
    second = client.get(LIST, {"audience": "staff", "page": "2"})
    assert len(titles(second)) == 26 - 20


@pytest.mark.parametrize(
    "query",
    [
        "audience=nobody",
        "audience=",
        "audience=%00",
        "support=x&support=y",
        "sponsor=no-such-org",
        "sponsor=a&sponsor=b",
        "confidential=yes",
        "confidential=",
        "sort=-name",
        "sort=%27%3B",
        "page=0",
        "page=-1",
        "page=abc",
        "page=99999999999999999999",
        "q=%00",
        "q=" + "x" * 500,
        "q=%ff%fe",
        "audience[]=staff",
        "unknown=1",
        "q=%25_%5C",
    ],
)
def test_bad_input_is_ignored_not_an_error(client, catalog, query):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 200


def test_unknown_values_are_dropped_and_the_page_says_so(client, catalog):
    response = client.get(LIST + "?audience=staff&audience=martians&sort=sideways")
    assert titles(response) == ["Gamma"]
    html = response.content.decode()
    assert "We ignored what we did not recognize" in html
    assert "audience = “martians”" in html and "sort = “sideways”" in html


def test_htmx_request_gets_only_the_results_partial(client, catalog):
    response = client.get(LIST, {"audience": "staff"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="browse"')
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]
    restore = client.get(LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.content.decode()


def test_the_page_cache_keeps_fragments_and_whole_pages_apart(client, catalog, page_cache):
    fragment = {"HX-Request": "true"}
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    for _ in range(2):  # the second round is served from the cache
        assert "<html" not in client.get(LIST, headers=fragment).content.decode()
        assert "<html" in client.get(LIST).content.decode()
        assert "<html" in client.get(LIST, headers=restore).content.decode()


def program_card(response, slug):
    return list_card(response, f"/programs/{slug}/")


def test_kept_cards_follow_every_edit_at_once(client, catalog, cards_kept):
    alpha = Program.objects.get(slug="alpha")
    assert "Confidential" in program_card(client.get(LIST), "alpha")
    alpha.name = "Alpha Renamed"
    alpha.is_confidential = False
    alpha.save()
    card = program_card(client.get(LIST), "alpha")
    assert "Alpha Renamed" in card and "Confidential" not in card
    alpha.support_types.add(make_support_type("tutoring", name="Tutoring"))
    assert "Tutoring" in program_card(client.get(LIST), "alpha")
    # Sorted by year, the same card says its year; the list's cards do not.
    assert "Started in 2001" in program_card(client.get(LIST, {"sort": "oldest"}), "alpha")
    assert "Started in" not in program_card(client.get(LIST), "alpha")


def test_kept_cards_mark_each_searchs_own_words(client, catalog, cards_kept):
    alpha = Program.objects.get(slug="alpha")
    alpha.summary = "Peer mentors. Confidential listening."
    alpha.save()  # saved, not updated: PostgreSQL's search vector follows a save
    first = program_card(client.get(LIST, {"q": "mentors"}), "alpha")
    second = program_card(client.get(LIST, {"q": "listening"}), "alpha")
    assert "<mark>mentors</mark>" in first and "<mark>mentors</mark>" not in second
    assert "<mark>listening</mark>" in second
    assert "<mark>" not in program_card(client.get(LIST), "alpha")


def test_list_page_loads_htmx_from_static_without_inline_style(client, catalog):
    html = client.get(LIST).content.decode()
    assert '<script src="/static/js/htmx.min.js" defer></script>' in html
    assert "includeIndicatorStyles" in html
    assert "style=" not in html and "<style" not in html


# Program page


def test_program_page_shows_everything_about_refs(client, seeded):
    response = client.get("/programs/refs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Resources for Easing Friction and Stress" in html or "REFS" in html
    assert "Confidential" in html
    assert 'href="/organizations/office-of-student-citizenship/"' in html
    # The source says the Medical Staff Rep Program is "similar to the REFS Program".
    assert "Similar to this program" in html and 'href="/programs/medical-staff-rep/"' in html
    assert "<cite>Social Intrapreneurship</cite>" in html
    assert 'href="/programs/refs/suggest/"' in html
    assert "2001" in html
    assert response.context["related"]


def test_modeled_program_links_back(client, seeded):
    html = client.get("/programs/medical-staff-rep/").content.decode()
    assert 'Similar to <a href="/programs/refs/">' in html


def test_unknown_program_is_the_sites_404(client, db):
    response = client.get("/programs/no-such-program/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# About


def test_about_quotes_the_source_from_the_database(client, seeded):
    html = client.get(reverse("programs:about")).content.decode()
    assert "learning by doing good" in html
    assert "Each of these examples shows MIT’s core values in action" in html
    assert 'aria-current="page">About' in html


def test_the_sites_own_500_page_still_renders(rf, db):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and 'href="/static/css/site.css"' in html


def test_a_program_page_says_each_sentence_once(client, seeded):
    """Involvement and confidentiality come from the description's own passage: the page gives
    only the sentences the description has not said, and the rest of the source passage once."""
    program = Program(
        description="Peers listen.  They keep what you say\nconfidential.",
        involvement="Peers listen. Anyone can train to become one.",
        confidentiality_basis="They keep what you say confidential.",
        source_excerpt="Intro sentence. Peers listen. They keep what you say confidential.",
    )
    assert program.involvement_beyond_description == "Anyone can train to become one."
    assert program.confidentiality_beyond_description == ""
    assert program.description_quotes_source
    assert program.source_beyond_description == "Intro sentence."

    # REFS's confidentiality passage repeats a sentence of its description.
    refs = Program.objects.get(slug="refs")
    repeated = "The REFS Program provides informal, confidential mentorship"
    assert repeated in refs.confidentiality_basis and repeated in refs.description
    main = client.get(refs.get_absolute_url()).text.split("Where each fact comes from")[0]
    assert main.count(repeated) == 1
