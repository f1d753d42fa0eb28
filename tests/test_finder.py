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


def test_graduate_student_with_advisor_problem_gets_refs_first(
    client, seeded, django_assert_num_queries
):
    with django_assert_num_queries(7):
        response = client.get("/peer-support/?audience=graduate-students&need=advisor")
    assert _names(response)[0] == "refs"
    html = fold(response.content.decode())
    assert "confidential, peer-run, serves graduate students" in html
    assert "communications issues with faculty advisors" in html


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
