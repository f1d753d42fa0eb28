"""Whole-page caching: anonymous visitors get cached pages, and an edit shows at once."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from directory.cache import current_version, directory_models, invalidate_pages
from organizations.models import GuidingPrinciple, Organization
from programs.models import Audience, Figure, Milestone, Program, Sponsorship, SupportType
from tests import cache_urls
from tests.builders import (
    make_audience,
    make_organization,
    make_program,
    make_support_type,
)

pytestmark = pytest.mark.urls("tests.cache_urls")

PAGE = "/cache-test/programs/"


@pytest.fixture
def renders():
    cache_urls.renders["count"] = 0
    return cache_urls.renders


def rendered_fresh(client, renders, path=PAGE, **extra):
    """GET `path`; True when the view ran, False when the page came from the cache."""
    before = renders["count"]
    response = client.get(path, **extra)
    assert response.status_code == 200
    return renders["count"] > before


def test_repeat_visit_is_served_from_the_cache_with_one_query(
    client, db, page_cache, renders, django_assert_num_queries
):
    make_program("refs", name="REFS")
    first = client.get(PAGE)
    # The only query a cached page costs: reading the directory version.
    with django_assert_num_queries(1):
        second = client.get(PAGE)
    assert renders["count"] == 1
    assert second.content == first.content
    assert b"REFS" in second.content


def test_saving_a_program_shows_at_once(client, db, page_cache, renders):
    program = make_program("refs", name="REFS")
    assert b"REFS" in client.get(PAGE).content
    program.name = "Resources for Easing Friction and Stress"
    program.save()
    response = client.get(PAGE)
    assert b"Resources for Easing Friction and Stress" in response.content
    assert b"<li>REFS</li>" not in response.content


def test_unpublishing_and_deleting_show_at_once(client, db, page_cache):
    program = make_program("refs", name="REFS")
    make_program("gcf", name="Graduate Community Fellows")
    assert b"REFS" in client.get(PAGE).content
    program.status = "draft"
    program.save()
    assert b"REFS" not in client.get(PAGE).content
    Program.objects.get(slug="gcf").delete()
    assert b"Graduate Community Fellows" not in client.get(PAGE).content


def change_each_kind_of_directory_data():
    """Yield (what, change) pairs covering every model and relation of the directory."""
    yield "program", lambda d: d["program"].save()
    yield "program deleted", lambda d: d["program"].delete()
    yield "organization", lambda d: d["organization"].save()
    yield "organization deleted", lambda d: make_organization().delete()
    yield "audience", lambda d: d["audience"].save()
    yield "support type", lambda d: d["support"].save()
    yield "audience added", lambda d: d["program"].audiences.add(make_audience())
    yield "audience removed", lambda d: d["program"].audiences.remove(d["audience"])
    yield "audiences cleared", lambda d: d["program"].audiences.clear()
    yield (
        "involvement audience",
        lambda d: d["program"].involvement_audiences.add(d["audience"]),
    )
    yield "support type added", lambda d: d["program"].support_types.add(make_support_type())
    yield (
        "sponsorship",
        lambda d: Sponsorship.objects.create(
            program=d["program"], organization=d["organization"], role="trained-by"
        ),
    )
    yield (
        "sponsorship through the relation",
        lambda d: d["program"].organizations.add(
            make_organization(), through_defaults={"role": "founded-by"}
        ),
    )
    yield (
        "milestone",
        lambda d: Milestone.objects.create(program=d["program"], year=2005, event="x"),
    )
    yield "figure", lambda d: Figure.objects.create(program=d["program"], value="700", label="x")
    yield (
        "guiding principle",
        lambda d: GuidingPrinciple.objects.create(
            organization=d["organization"], name="Brave space", definition="x", citation="x"
        ),
    )


@pytest.mark.parametrize(
    "change",
    [change for _, change in change_each_kind_of_directory_data()],
    ids=[what for what, _ in change_each_kind_of_directory_data()],
)
def test_every_change_to_directory_data_makes_cached_pages_stale(
    client, db, page_cache, renders, change
):
    audience = make_audience("staff")
    organization = make_organization("sole")
    support = make_support_type("peer-support")
    program = make_program("refs", audiences=[audience], support_types=[support])
    data = {"program": program, "organization": organization, "audience": audience}
    data["support"] = support
    assert rendered_fresh(client, renders)
    assert not rendered_fresh(client, renders)
    change(data)
    assert rendered_fresh(client, renders)


def test_every_model_of_the_directory_apps_invalidates():
    covered = set(directory_models())
    for model in (Program, Organization, Audience, SupportType, Sponsorship, Milestone, Figure):
        assert model in covered
    assert GuidingPrinciple in covered
    assert Program.audiences.through in covered


def test_changes_without_signals_call_invalidate_pages(client, db, page_cache, renders):
    make_program("refs", name="REFS")
    assert rendered_fresh(client, renders)
    Program.objects.update(name="Renamed in bulk")
    assert b"REFS" in client.get(PAGE).content  # QuerySet.update() sends no signal...
    invalidate_pages()  # ...so code that uses it says so.
    assert b"Renamed in bulk" in client.get(PAGE).content


def test_a_rolled_back_edit_keeps_the_cache(client, db, page_cache, renders):
    program = make_program("refs", name="REFS")
    assert rendered_fresh(client, renders)
    version = current_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        program.name = "Never saved"
        program.save()
        raise RuntimeError
    assert current_version() == version
    assert not rendered_fresh(client, renders)


def test_restoring_a_dump_replaces_the_version_token(db, tmp_path):
    make_program("refs")
    dump = tmp_path / "version.json"
    call_command("dumpdata", "directory.directoryversion", output=str(dump))
    dumped = current_version()
    make_program("another")
    call_command("loaddata", str(dump), verbosity=0)
    assert current_version() != dumped


@pytest.mark.parametrize(
    "cookie", ["sessionid", "csrftoken", "messages"], ids=["session", "csrf", "messages"]
)
def test_visitors_with_the_sites_cookies_never_get_a_cached_page(
    client, db, page_cache, renders, cookie
):
    make_program("refs")
    assert rendered_fresh(client, renders)
    client.cookies[cookie] = "some-value"
    assert rendered_fresh(client, renders)
    assert rendered_fresh(client, renders)


def test_cookies_of_other_sites_do_not_split_the_cache(client, db, page_cache, renders):
    make_program("refs")
    assert rendered_fresh(client, renders)
    client.cookies["_ga"] = "GA1.2.3"
    assert not rendered_fresh(client, renders)


def test_a_page_with_a_csrf_form_is_never_cached(client, db, page_cache, renders):
    first = client.get("/cache-test/suggest/")
    second = client.get("/cache-test/suggest/")
    assert renders["count"] == 2
    assert b"csrfmiddlewaretoken" in second.content
    assert "csrftoken" in second.cookies
    assert first.content != second.content  # a fresh token each time


def test_a_message_is_shown_not_cached(client, db, page_cache, renders):
    make_program("refs")
    assert rendered_fresh(client, renders)
    response = client.get("/cache-test/thanks/", follow=True)
    assert b"Thank you." in response.content
    # Once shown, the message is gone, for this visitor and for everyone else.
    assert b"Thank you." not in client.get(PAGE).content
    client.cookies.clear()
    assert b"Thank you." not in client.get(PAGE).content


def test_query_strings_are_cached_apart(client, db, page_cache, renders):
    make_program("refs")
    assert rendered_fresh(client, renders, PAGE + "?q=a")
    assert rendered_fresh(client, renders, PAGE + "?q=b")
    assert not rendered_fresh(client, renders, PAGE + "?q=a")


def test_hosts_are_cached_apart(client, db, page_cache, renders, settings):
    # Pages hold absolute links (canonical, feeds): one host's copy is not another's.
    settings.ALLOWED_HOSTS = ["directory.example", "mirror.example"]
    make_program("refs")
    assert rendered_fresh(client, renders, HTTP_HOST="directory.example")
    assert rendered_fresh(client, renders, HTTP_HOST="mirror.example")
    assert not rendered_fresh(client, renders, HTTP_HOST="directory.example")


def test_a_host_not_allowed_is_refused_not_cached(db, page_cache, renders):
    client = Client(raise_request_exception=False)
    assert client.get(PAGE, HTTP_HOST="evil.example").status_code == 400
    assert renders["count"] == 0


def test_a_page_varying_on_a_header_the_key_lacks_is_not_cached(client, db, page_cache, renders):
    # Every key holds the htmx headers (KEYED_HEADERS), so a hit is one cache get; a page that
    # varies on anything else is rendered for each visitor rather than served in the wrong form.
    path = "/cache-test/by-language/"
    assert rendered_fresh(client, renders, path, HTTP_ACCEPT_LANGUAGE="fr")
    assert rendered_fresh(client, renders, path, HTTP_ACCEPT_LANGUAGE="en")
    assert rendered_fresh(client, renders, path, HTTP_ACCEPT_LANGUAGE="fr")


def test_head_is_answered_from_the_cache(client, db, page_cache, renders):
    make_program("refs")
    assert rendered_fresh(client, renders)
    response = client.head(PAGE)
    assert response.status_code == 200
    assert renders["count"] == 1


def test_repeat_visit_with_etag_gets_304_until_an_edit(client, db, page_cache):
    program = make_program("refs")
    response = client.get(PAGE)
    etag = response.headers["ETag"]
    assert "no-cache" in response.headers["Cache-Control"]
    not_modified = client.get(PAGE, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    program.name = "Edited"
    program.save()
    modified = client.get(PAGE, headers={"if-none-match": etag})
    assert modified.status_code == 200
    assert b"Edited" in modified.content


def test_cached_pages_keep_the_security_headers(client, db, page_cache, renders):
    make_program("refs")
    client.get(PAGE)
    response = client.get(PAGE)
    assert renders["count"] == 1
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_healthz_is_never_cached(client, db, page_cache):
    from unittest import mock

    from django.db import DatabaseError

    assert client.get("/healthz").status_code == 200
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        assert client.get("/healthz").status_code == 503


def test_admin_is_never_cached(client, db, page_cache):
    first = client.get("/admin/login/")
    second = client.get("/admin/login/")
    assert first.status_code == second.status_code == 200
    assert "csrftoken" in second.cookies
    assert "no-cache" in second.headers["Cache-Control"]


def test_setting_seconds_to_zero_turns_the_cache_off(client, db, page_cache, renders, settings):
    settings.PAGE_CACHE_SECONDS = 0
    make_program("refs")
    assert rendered_fresh(client, renders)
    assert rendered_fresh(client, renders)
