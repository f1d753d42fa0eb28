"""The public points out what is wrong: suggest an edit, propose a program; editors act on it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from editing.models import Suggestion
from programs.models import Program
from tests.editors import make_editor

pytestmark = pytest.mark.django_db

SUGGEST = "/programs/refs/suggest/"


def test_every_program_page_links_to_its_suggest_form(client, seeded):
    page = client.get("/programs/refs/")
    assert f'href="{SUGGEST}"' in page.text
    form = client.get(SUGGEST)
    assert form.status_code == 200
    assert "Suggest an edit to" in form.text
    # The honeypot is in the form but hidden from people by the stylesheet.
    assert 'class="trap"' in form.text and 'name="website"' in form.text
    assert 'href="/propose/"' in page.text


def test_a_suggestion_is_stored_for_moderation_and_the_visitor_thanked(client, seeded):
    response = client.post(
        SUGGEST, {"message": "The office changed its name last year.", "email": "a@example.org"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/programs/refs/suggest/thanks/"
    assert "reached the editors" in client.get(response["Location"]).text
    suggestion = Suggestion.objects.get()
    assert suggestion.program.slug == "refs"
    assert suggestion.kind == Suggestion.Kind.EDIT and suggestion.status == Suggestion.State.NEW
    # Nothing on the site changed.
    assert "changed its name" not in client.get("/programs/refs/").text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"message": ""}, "This field is required."),
        ({"message": "short"}, "at least 10 characters"),
        ({"message": "x" * 2001}, "at most 2000 characters"),
        ({"message": "A null \x00 byte in the text."}, "Null characters are not allowed."),
        ({"message": "The name is wrong here.", "email": "not-an-email"}, "valid email"),
    ],
)
def test_a_bad_post_gets_the_form_back_with_what_to_fix(client, seeded, data, message):
    response = client.post(SUGGEST, data)
    assert response.status_code == 400
    assert message in response.text
    assert "Nothing was sent yet." in response.text
    assert Suggestion.objects.count() == 0
    if data["message"] and "\x00" not in data["message"]:
        assert data["message"][:50] in response.text  # the visitor's text is still there


def test_a_filled_honeypot_is_thanked_but_not_stored(client, seeded):
    response = client.post(SUGGEST, {"message": "Buy cheap things now!!", "website": "spam"})
    assert response.status_code == 302
    assert Suggestion.objects.count() == 0


def test_one_client_can_send_five_an_hour_and_keeps_its_text_after(client, seeded, settings):
    for n in range(settings.SUGGESTIONS_PER_HOUR):
        assert client.post(SUGGEST, {"message": f"Correction number {n}."}).status_code == 302
    refused = client.post(SUGGEST, {"message": "One correction too many."})
    assert refused.status_code == 429
    assert "One correction too many." in refused.text
    assert "send it again later" in refused.text
    assert Suggestion.objects.count() == settings.SUGGESTIONS_PER_HOUR
    # Another address is not held back by this one.
    other = client.post(SUGGEST, {"message": "From elsewhere."}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_the_limit_holds_across_app_processes_and_forgets_after_an_hour(client, seeded, settings):
    """Suggestions another app process stored count too (the count is in the database, not in
    one process's memory); the client's address is never stored, only a keyed digest."""
    from django.utils import timezone

    from editing.clients import client_digest

    request = client.get(SUGGEST).wsgi_request
    mine = client_digest(request)
    assert request.META["REMOTE_ADDR"] not in mine
    for n in range(settings.SUGGESTIONS_PER_HOUR):
        Suggestion.objects.create(message=f"Sent through another server {n}.", client=mine)
    assert client.post(SUGGEST, {"message": "One correction too many."}).status_code == 429
    # An hour later the same client may write again.
    Suggestion.objects.update(created=timezone.now() - datetime.timedelta(hours=1, seconds=1))
    assert client.post(SUGGEST, {"message": "A new correction."}).status_code == 302


def test_an_expired_form_comes_back_filled_in_instead_of_a_bare_403(seeded):
    client = Client(enforce_csrf_checks=True)
    response = client.post(SUGGEST, {"message": "The sponsor is out of date."})
    assert response.status_code == 403
    assert "The sponsor is out of date." in response.text
    assert "nothing was sent yet" in response.text
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert Suggestion.objects.count() == 0


def test_suggest_for_an_unknown_or_draft_program_is_not_found(client, seeded):
    assert client.get("/programs/no-such-program/suggest/").status_code == 404
    Program.objects.filter(slug="refs").update(status="draft")
    assert client.post(SUGGEST, {"message": "Anything at all here."}).status_code == 404


def test_propose_a_missing_program(client, seeded):
    assert client.get("/propose/").status_code == 200
    bad = client.post("/propose/", {"program_name": "", "message": "short", "link": "nope nope"})
    assert bad.status_code == 400
    assert "Enter a valid URL." in bad.text
    response = client.post(
        "/propose/",
        {
            "program_name": "A program we run",
            "message": "A peer group for night-shift staff.",
            "link": "example.org/program",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/propose/thanks/"
    proposal = Suggestion.objects.get()
    assert proposal.kind == Suggestion.Kind.PROPOSAL and proposal.program is None
    assert proposal.link == "https://example.org/program"


def test_editors_see_suggestions_with_a_link_to_the_program_and_act_on_them(client, seeded):
    client.post(SUGGEST, {"message": "The office changed its name last year."})
    client.post(SUGGEST, {"message": "Please add the meeting times."})
    editor = make_editor()
    client.force_login(editor)
    changelist = client.get(reverse("admin:editing_suggestion_changelist"))
    assert changelist.status_code == 200
    refs = Program.objects.get(slug="refs")
    assert reverse("admin:programs_program_change", args=[refs.pk]) in changelist.text
    assert "The office changed its name" in changelist.text

    first, second = Suggestion.objects.order_by("created")
    response = client.post(
        reverse("admin:editing_suggestion_changelist"),
        {"action": "accept", "_selected_action": [first.pk]},
    )
    assert response.status_code == 302
    client.post(
        reverse("admin:editing_suggestion_changelist"),
        {"action": "dismiss", "_selected_action": [second.pk]},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Suggestion.State.ACCEPTED and first.handled_by == editor
    assert second.status == Suggestion.State.DISMISSED
    assert client.get(reverse("admin:editing_suggestion_add")).status_code == 403


def test_a_student_organization_page_asks_for_what_is_not_listed(client, seeded):
    """A placeholder student organization: its "Not listed yet" facts link to its suggest form,
    whose suggestion reaches the editors about the organization."""
    from tests.builders import make_student_organization

    group = make_student_organization("placeholder-chess-club", name="Placeholder Chess Club")
    form_url = "/organizations/placeholder-chess-club/suggest/"
    page = client.get(group.get_absolute_url()).text
    assert f'href="{form_url}?topic=reach"' in page and "tell us how to join" in page
    assert f'href="{form_url}">Tell the editors what you know</a>' in page
    form = client.get(form_url, {"topic": "reach"})
    assert "Suggest an edit to Placeholder Chess Club" in form.text
    assert "Do you know how to reach Placeholder Chess Club?" in form.text
    response = client.post(form_url, {"message": "They meet on Thursdays (placeholder)."})
    assert response["Location"] == "/organizations/placeholder-chess-club/suggest/thanks/"
    assert "Back to Placeholder Chess Club" in client.get(response["Location"]).text
    suggestion = Suggestion.objects.get()
    assert suggestion.organization == group and suggestion.program is None

    client.force_login(make_editor())
    changelist = client.get(reverse("admin:editing_suggestion_changelist")).text
    assert reverse("admin:organizations_organization_change", args=[group.pk]) in changelist


def test_suggest_for_a_draft_organization_is_not_found(client, seeded):
    from tests.builders import make_student_organization

    make_student_organization("placeholder-draft-group", status="draft")
    assert client.get("/organizations/placeholder-draft-group/suggest/").status_code == 404
    assert client.get("/organizations/nobody/suggest/").status_code == 404
