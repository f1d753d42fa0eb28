"""The organization list (search, facets, pages), SOLE's page and a student organization's page.

The sources name no student organization: every one here is a placeholder.
"""

import datetime
import re

import pytest

from directory.models import Synonym
from organizations.models import Organization
from tests.builders import list_card, make_category, make_organization, make_student_organization

LIST = "/organizations/"


def names(response):
    return [o.display_name for o in response.context["page_obj"].object_list]


@pytest.fixture
def groups(seeded):
    """Three placeholder student organizations SOLE advises, in two categories."""
    arts = make_category("arts", name="Placeholder Arts")
    service = make_category("service", name="Placeholder Service")
    quilting = make_student_organization(
        "placeholder-quilting-society",
        name="Placeholder Quilting Society",
        short_name="PQS",
        mission="Sewing quilts together on weekday evenings.",
        categories=[arts],
    )
    chess = make_student_organization(
        "placeholder-chess-club", name="Placeholder Chess Club", categories=[arts, service]
    )
    tutoring = make_student_organization(
        "placeholder-tutoring-circle",
        name="Placeholder Tutoring Circle",
        description="Volunteers tutoring neighbors in reading.",
        categories=[service],
    )
    return {"quilting": quilting, "chess": chess, "tutoring": tutoring}


def test_list_is_in_name_order_with_acronym_only_organizations_among_them(client, seeded):
    response = client.get(LIST)
    listed = names(response)
    assert listed == sorted(listed, key=str.lower)
    assert 'href="/organizations/crd/">CRD</a>' in response.text


def test_search_finds_by_name_acronym_typo_and_synonym(client, groups):
    assert names(client.get(LIST, {"q": "quilting"}))[0] == "Placeholder Quilting Society"
    assert names(client.get(LIST, {"q": "PQS"}))[0] == "Placeholder Quilting Society"
    typo = client.get(LIST, {"q": "quiltnig"})
    assert names(typo)[0] == "Placeholder Quilting Society"
    assert "Did you mean" in typo.text and ">quilting</a>" in typo.text
    Synonym.objects.create(slug="sewing-bee", term="sewing bee", expansions="quilts")
    assert names(client.get(LIST, {"q": "sewing bee"}))[0] == "Placeholder Quilting Society"


def test_search_finds_by_category_and_snippet_marks_the_words(client, groups):
    response = client.get(LIST, {"q": "evenings"})
    assert names(response) == ["Placeholder Quilting Society"]
    assert "<mark>evenings</mark>" in response.text
    assert "Placeholder Chess Club" in names(client.get(LIST, {"q": "placeholder service"}))


def card(response, slug):
    return list_card(response, f"/organizations/{slug}/")


def test_kept_cards_follow_every_edit_at_once(client, groups, cards_kept):
    quilting = groups["quilting"]
    assert "Placeholder Quilting Society (PQS)" in card(client.get(LIST), quilting.slug)
    quilting.name = "Placeholder Quilters"
    quilting.is_active = False
    quilting.save()
    shown = card(client.get(LIST), quilting.slug)
    assert "Placeholder Quilters (PQS)" in shown and "Inactive" in shown
    quilting.categories.add(make_category("music", name="Placeholder Music"))
    assert "Placeholder Music" in card(client.get(LIST), quilting.slug)
    quilting.categories.clear()
    assert "Placeholder" not in card(client.get(LIST), quilting.slug).split("</p>", 1)[1]


def test_kept_cards_mark_each_searchs_own_words(client, groups, cards_kept):
    # The heading and categories are kept; why a card matched is the search's own.
    slug = groups["quilting"].slug
    first = card(client.get(LIST, {"q": "evenings"}), slug)
    second = card(client.get(LIST, {"q": "quilts"}), slug)
    assert "<mark>evenings</mark>" in first and "<mark>evenings</mark>" not in second
    assert "<mark>quilts</mark>" in second
    # Without a search, the card shows the mission again, unmarked.
    assert "<mark>" not in card(client.get(LIST), slug)
    assert "Sewing quilts together" in card(client.get(LIST), slug)


def test_facets_combine_or_within_and_across_with_counts(client, groups):
    both = client.get(LIST, {"category": ["arts", "service"]})
    assert sorted(names(both)) == [
        "Placeholder Chess Club",
        "Placeholder Quilting Society",
        "Placeholder Tutoring Circle",
    ]
    arts_offices = client.get(LIST, {"category": "arts", "kind": "office"})
    assert names(arts_offices) == []
    arts_groups = client.get(LIST, {"category": "arts", "kind": "student-organization"})
    assert sorted(names(arts_groups)) == ["Placeholder Chess Club", "Placeholder Quilting Society"]
    categories = arts_groups.context["filter"].facet("category")
    counts = {o["value"]: o["count"] for o in categories["options"]}
    # Counting one facet keeps the others: arts-and-student-organization, service likewise.
    assert counts == {"arts": 2, "service": 2}
    assert re.search(r"Placeholder Service <span class=\"count\">\(2\)</span>", arts_groups.text)


def test_advised_by_lists_soles_organizations(client, groups):
    make_organization("placeholder-office-group", name="Placeholder Unadvised Group")
    response = client.get(LIST, {"advised_by": "sole"})
    assert len(names(response)) == 3
    assert '<option value="sole" selected>' in response.text


def test_unknown_kind_category_or_advisor_is_ignored_and_said(client, groups):
    response = client.get(
        LIST, {"kind": ["office", "<b>x</b>"], "category": "no-such", "advised_by": "odge"}
    )
    assert response.status_code == 200
    assert "We ignored what we did not recognize" in response.text
    assert "kind = “&lt;b&gt;x&lt;/b&gt;”" in response.text
    assert "category = “no-such”" in response.text
    assert "advised_by = “odge”" in response.text  # ODGE advises no organization
    listed = names(response)
    assert listed and all(
        Organization.objects.get(slug=o.slug).kind == "office"
        for o in response.context["page_obj"].object_list
    )


def test_24_a_page_and_a_page_past_the_end_is_the_last(client, seeded):
    for i in range(30):
        make_student_organization(f"placeholder-group-{i:02}", name=f"Placeholder Group {i:02}")
    response = client.get(LIST, {"advised_by": "sole"})
    assert len(response.context["page_obj"].object_list) == 24
    assert "Page 1 of 2" in response.text and "Next page" in response.text
    last = client.get(LIST, {"advised_by": "sole", "page": "99"})
    assert last.context["page_obj"].number == 2
    assert len(last.context["page_obj"].object_list) == 6
    assert client.get(LIST, {"page": "<x>"}).status_code == 200


def test_chips_remove_one_filter_and_no_results_help(client, groups):
    response = client.get(LIST, {"q": "zanzibar", "category": "arts"})
    assert names(response) == []
    assert "No organizations match all of these filters" in response.text
    assert "Remove a filter above" in response.text
    assert 'href="?category=arts"' in response.text  # the chip that removes the search
    assert 'href="/programs/?q=zanzibar"' in response.text  # search programs instead


def test_htmx_swaps_only_the_results(client, groups):
    response = client.get(LIST, {"category": "arts"}, headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div id="browse"')
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]
    # Without JavaScript the same form submits to the same address and gets the whole page.
    whole = client.get(LIST, {"category": "arts"})
    assert "<html" in whole.text and 'action="/organizations/"' in whole.text


def test_sole_counts_its_organizations_from_the_data_beside_the_source(client, groups):
    html = client.get("/organizations/sole/").text
    assert "<strong>3</strong> organizations listed in this directory" in html
    assert "500+ student-led organizations" in html
    assert 'href="/organizations/?advised_by=sole"' in html
    assert 'href="/organizations/?advised_by=sole&amp;category=service"' in html
    assert "Placeholder Service (2)</a>" in html
    assert '<input type="hidden" name="advised_by" value="sole">' in html


def test_sole_says_honestly_when_none_is_listed(client, seeded):
    html = client.get("/organizations/sole/").text
    assert "None is listed in this directory yet" in html
    assert "advised_by=sole" not in html
    # A draft is not counted.
    make_student_organization("placeholder-draft-group", status="draft")
    assert "None is listed in this directory yet" in client.get("/organizations/sole/").text


def test_student_organization_page_shows_what_a_student_needs(client, groups):
    quilting = groups["quilting"]
    quilting.how_to_join = "Come to any meeting (placeholder)."
    quilting.website = "https://example.edu/pqs"
    quilting.email = "pqs@example.edu"
    quilting.registration_renewed = datetime.date(2026, 9, 1)
    quilting.assured_date = datetime.date(2026, 10, 2)
    quilting.is_active = True
    quilting.save()
    quilting.contacts.create(title="Placeholder chair", email="chair@example.edu")
    quilting.schedules.create(freq="WEEKLY", byday="TU", opens_at=datetime.time(19))
    html = client.get(quilting.get_absolute_url()).text
    for text in (
        "Sewing quilts together on weekday evenings.",
        'href="/organizations/?category=arts">Placeholder Arts</a>',
        "Come to any meeting (placeholder).",
        "mailto:chair@example.edu",
        "Placeholder chair",
        "https://example.edu/pqs",
        "Tuesday",
        "1 September 2026",
        "2 October 2026",
        "Yes, active",
        'Advised by <a href="/organizations/sole/">',
    ):
        assert text in html, text


def test_student_organization_page_says_what_is_not_listed(client, groups):
    html = client.get(groups["chess"].get_absolute_url()).text
    assert html.count("Not listed yet") >= 5  # purpose, how to join, renewal, email, when, ...
    assert "Not known" in html  # active or not
    inactive = make_student_organization("placeholder-old-group", is_active=False)
    assert "No: inactive" in client.get(inactive.get_absolute_url()).text


def test_program_search_shows_matching_organizations(client, groups):
    response = client.get("/programs/", {"q": "quilting"})
    assert "1 organization match “quilting”" in response.text
    assert 'href="/organizations/placeholder-quilting-society/"' in response.text
    for i in range(4):
        make_student_organization(f"placeholder-quilt-{i}", name=f"Placeholder Quilting {i}")
    more = client.get("/programs/", {"q": "quilting"})
    assert "5 organizations match" in more.text
    assert 'href="/organizations/?q=quilting"' in more.text
    assert len(more.context["organizations"]["shown"]) == 3


def test_home_search_says_it_covers_both(client, seeded):
    html = client.get("/").text
    assert "Search programs and organizations" in html
    assert "Searches programs and organizations" in html


def test_organization_page_lists_programs_by_role(client, seeded):
    html = client.get("/organizations/graduate-student-council/").text
    # The source: the Graduate Student Council "is expanding it" (2015).
    assert "Being expanded (as of 2015) by" in html and 'href="/programs/refs/"' in html


def test_sole_shows_mission_figure_and_principles_with_citations(client, seeded):
    sole = Organization.objects.get(slug="sole")
    html = client.get("/organizations/sole/").text
    assert "500+" in html
    assert sole.mission.split()[0] in html
    principles = list(sole.guiding_principles.all())
    assert len(principles) == 3
    for principle in principles:
        assert principle.name in html and principle.citation in html


def test_blank_named_organization_shows_its_acronym(client, seeded):
    response = client.get("/organizations/csdi/")
    assert "<title>CSDI · Organizations" in response.text


def test_unknown_or_draft_organization_is_404(client, seeded):
    Organization.objects.filter(slug="crd").update(status="draft")
    assert client.get("/organizations/crd/").status_code == 404
    assert client.get("/organizations/nobody/").status_code == 404
