import re

import pytest

from directory.models import SourceDocument
from programs.models import Need
from tests.test_data import fold


def _names(response):
    return [r["program"].slug for r in response.context["results"]]


def test_empty_finder_shows_the_questions(client, seeded):
    response = client.get("/peer-support/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Who are you?" in html
    assert "What is going on?" in html
    assert response.context["results"] == []


def _apart(response):
    return {
        heading: [r["program"].slug for r in group] for heading, group in response.context["apart"]
    }


def test_graduate_student_with_advisor_problem_gets_refs_first(client, seeded):
    response = client.get("/peer-support/?audience=graduate-students&need=advisor")
    assert _names(response)[0] == "refs"
    html = fold(response.content.decode())
    assert "serves graduate students" in html
    # peer-run, with the words that say peers run it.
    assert "peer-run: <q>a graduate-student-run, department-based, peer support program</q>" in html
    assert "communications issues with faculty advisors" in html


def test_faculty_with_stress_is_not_offered_a_graduate_program_first(client, seeded):
    response = client.get("/peer-support/?audience=faculty&need=stress")
    assert _names(response) == []
    assert _apart(response) == {"For graduate students": ["refs"]}
    html = fold(response.content.decode())
    assert "No program for faculty in the directory matches “Stress”" in html
    assert html.index("<h3>For graduate students</h3>") < html.index(">Resources for Easing")
    assert 'href="/programs/?audience=faculty"' in html


def test_support_staff_with_difficult_interactions_see_the_medical_program_apart(client, seeded):
    response = client.get("/peer-support/?audience=support-staff&need=difficult-interactions")
    assert "medical-staff-rep" not in _names(response)
    assert _apart(response) == {"For medical staff": ["medical-staff-rep"]}


def test_medical_staff_with_difficult_interactions_get_their_program_first(client, seeded):
    response = client.get("/peer-support/?audience=medical-staff&need=difficult-interactions")
    assert _names(response)[0] == "medical-staff-rep"
    html = fold(response.content.decode())
    assert "confidential" not in html.split("Programs that fit")[1].split("</ol>")[0]


def test_an_undergraduate_finds_the_first_generation_program(client, seeded):
    response = client.get("/peer-support/?audience=undergraduates")
    assert _names(response)[0] == "first-generation-program"
    html = fold(response.content.decode())
    assert "serves undergraduates who lack the privilege of having family members" in html
    response = client.get("/peer-support/?audience=undergraduates&need=belonging")
    assert _names(response) == ["first-generation-program"]


def test_faculty_are_told_the_first_generation_program_is_for_the_first_in_family(client, seeded):
    response = client.get("/peer-support/?audience=faculty&need=belonging")
    assert _names(response) == ["first-generation-program"]
    html = fold(response.content.decode())
    assert "serves faculty who were the first in their families to graduate from college" in html


def test_the_finder_is_bounded_and_ranks_in_the_database(client, seeded):
    from tests.test_query_counts import add_many_programs

    add_many_programs(40)
    response = client.get("/peer-support/?audience=staff")
    results = response.context["results"]
    assert len(results) + sum(len(g) for _, g in response.context["apart"]) <= 10
    # Programs for staff come before those for the whole MIT community.
    assert [r["program"].serves for r in results] == sorted(
        (r["program"].serves for r in results), reverse=True
    )


def test_invalid_values_are_ignored_with_a_message(client, seeded):
    response = client.get("/peer-support/?audience=martians&need=advisor&need=%00")
    assert response.status_code == 200
    assert "did not recognise that audience" in response.content.decode()
    assert _names(response)[0] == "refs"


@pytest.mark.parametrize(
    "query", ["?need=identity", "?need=language-skills", "?audience=medical-staff"]
)
def test_each_answer_fits(client, seeded, query):
    expected = {
        "?need=identity": "you-are-welcome-here",
        "?need=language-skills": "esl-for-service-employees",
        "?audience=medical-staff": "medical-staff-rep",
    }[query]
    assert expected in _names(client.get("/peer-support/" + query))


def test_every_need_quote_is_verbatim_in_its_source(seeded):
    sources = fold(" ".join(SourceDocument.objects.values_list("text", flat=True)))
    links = [link for need in Need.objects.all() for link in need.links.all()]
    assert links
    for link in links:
        assert fold(link.quote) in sources, link.quote
        assert re.search(r"\w", link.quote)


def test_the_finder_shows_the_best_few_and_links_to_the_full_list(client, seeded):
    """However many programs serve the audience, the finder shows the best FINDER_LIMIT (those
    serving the audience before those for everyone, confidential first, then by name) and a link
    to all of them."""
    from programs.finder import FINDER_LIMIT
    from programs.models import Audience, Program
    from tests.builders import make_program

    staff = Audience.objects.get(slug="support-staff")
    everyone = Audience.objects.get(slug="mit-community")
    for i in range(FINDER_LIMIT + 5):
        make_program(f"staff-circle-{i:02}", audiences=[staff], is_confidential=i % 4 == 0)
        make_program(f"all-welcome-{i:02}", audiences=[everyone], is_confidential=i % 3 == 0)
    response = client.get("/peer-support/?audience=support-staff")
    shown = _names(response)
    assert len(shown) == FINDER_LIMIT
    ranked = list(
        Program.objects.published().for_finder(["support-staff"], []).values_list("slug", flat=True)
    )
    assert shown == ranked[:FINDER_LIMIT]
    # Confidential first, by name; only programs serving support staff fill the page.
    assert shown[:4] == ["staff-circle-00", "staff-circle-04", "staff-circle-08", "staff-circle-12"]
    assert 'href="/programs/?audience=support-staff"' in response.text
    assert f"the best {FINDER_LIMIT} at most" in fold(response.text)
    # With few serving the audience, those for everyone follow, in the same order as unbounded.
    small = Audience.objects.create(slug="night-shift", name="Night shift")
    make_program("night-owls", audiences=[small])
    response = client.get("/peer-support/?audience=night-shift")
    shown = _names(response)
    assert shown[0] == "night-owls" and len(shown) == FINDER_LIMIT
    ranked = Program.objects.published().for_finder(["night-shift"], [])
    assert shown == [p.slug for p in ranked][:FINDER_LIMIT]
