"""/shortlist/: programs named in the address, in that order, with no account."""

import re

import pytest

from directory.models import Status
from tests.builders import make_program

pytestmark = pytest.mark.django_db


def card_names(html):
    return re.findall(r'<h3><a href="/programs/([^/]+)/">', html)


def test_shows_the_named_programs_in_the_order_given(client, seeded):
    response = client.get("/shortlist/?p=first-generation-program&p=refs")
    assert response.status_code == 200
    html = response.content.decode()
    assert card_names(html) == ["first-generation-program", "refs"]
    assert "<title>Shortlist of 2 programs" in html
    assert "data-share" in html and "data-print" in html


def test_unknown_and_draft_programs_are_left_out_and_said_so(client):
    make_program("public", name="Public Program")
    make_program("secret", name="Secret Program", status=Status.DRAFT)
    html = client.get("/shortlist/?p=public&p=secret&p=no-such-program&p=public").content.decode()
    assert card_names(html) == ["public"]
    assert "Secret Program" not in html
    assert "could not find these programs" in html
    assert "“secret”, “no-such-program”" in html


def test_at_most_fifty_programs(client):
    for i in range(55):
        make_program(f"p-{i:02d}")
    query = "&".join(f"p=p-{i:02d}" for i in range(55))
    html = client.get("/shortlist/?" + query).content.decode()
    assert card_names(html) == [f"p-{i:02d}" for i in range(50)]
    assert "at most 50 programs; the last 5 in the address were left out" in html


def test_empty_shortlist_explains_how_to_save(client):
    response = client.get("/shortlist/")
    assert response.status_code == 200
    assert "Your shortlist is empty" in response.content.decode()


def test_program_page_save_link_works_without_javascript(client, seeded):
    html = client.get("/programs/refs/").content.decode()
    assert 'href="/shortlist/?p=refs" data-save="refs"' in html
