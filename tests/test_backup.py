"""Backups: what the README's dumpdata / loaddata recipe saves, it restores, page for page."""

import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from programs.models import Program
from tests.site_pages import fill, public_routes

# The README's command, less the output file.
DUMP = [
    "dumpdata",
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
]


def pages():
    """Every public page that answers 200, as HTML with the per-request CSRF tokens removed."""
    client = Client()
    rendered = {}
    for route in public_routes():
        path = fill(route, client)
        response = client.get(path)
        if response.status_code == 200:
            streamed = response.streaming  # the CSV streams: its rows come through the stream
            html = (b"".join(response.streaming_content) if streamed else response.content).decode()
            rendered[path] = re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)
    return rendered


def counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in ("contenttypes", "sessions", "auth", "config")
    }


@pytest.mark.django_db(transaction=True)
def test_dump_and_load_into_an_empty_database_gives_the_same_pages(seeded, tmp_path):
    from django.contrib.auth.models import User

    # An editor's changes since the seed, and an editor, are part of what must come back.
    refs = Program.objects.get(slug="refs")
    refs.summary = "Edited by staff after the seed."
    refs.save()
    User.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    before_pages, before_counts = pages(), counts()
    assert "/" in before_pages
    assert before_counts["programs.Program"] == 9

    backup = tmp_path / "backup.json"
    call_command(*DUMP, output=str(backup), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert Program.objects.count() == 0
    call_command("loaddata", str(backup), verbosity=0)

    assert counts() == before_counts
    assert Program.objects.get(slug="refs").summary == "Edited by staff after the seed."
    assert User.objects.get(username="editor").check_password("a-long-password-1")
    after_pages = pages()
    assert after_pages.keys() == before_pages.keys()
    for path, html in before_pages.items():
        assert after_pages[path] == html, f"{path} differs after the restore"
