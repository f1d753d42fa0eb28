"""The site's configuration, as an operator meets it: start-up errors, health, security headers."""

import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError

from tests.processes import clean_environment

PROJECT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env_overrides):
    env = clean_environment()
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_key_with_debug_off_stops_with_one_line():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "Configuration error: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
        "(set DJANGO_DEBUG=1 for local development)."
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "key", ["short", "x" * 60, "abcd" * 20, "a-key-of-49-characters-0123456789-0123456789-0123"]
)
def test_a_weak_secret_key_with_debug_off_stops_with_one_line(key):
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(
        "Configuration error: DJANGO_SECRET_KEY must be at least 50 characters with at least 5 "
    )
    assert key not in lines[0]


def test_a_long_varied_secret_key_starts_and_debug_needs_none():
    key = "a-key-of-50-characters-0123456789-0123456789-01234"
    assert len(key) == 50
    assert run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key).returncode == 0
    assert run_manage("check", DJANGO_DEBUG="1", DJANGO_SECRET_KEY="short").returncode == 0


def test_malformed_database_url_names_the_variable():
    result = run_manage("check", DJANGO_DEBUG="1", DATABASE_URL="nonsense://what")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Configuration error: DATABASE_URL is not a usable database URL")


def test_postgresql_connections_compile_no_query_and_scan_from_the_start(monkeypatch):
    """JIT compilation cost 15 ms before the first row of a query estimated as expensive (the
    CSV export at 100,000 programs); a scan joining another one half-way would make a search
    rank other candidates on each request. An operator's own `options` in the URL wins."""
    from config import env

    monkeypatch.setenv("TEST_DATABASE_URL", "postgres://user@db.internal:5432/directory")
    options = env.get_database("TEST_DATABASE_URL", "")["OPTIONS"]["options"]
    assert options == "-c jit=off -c synchronize_seqscans=off"
    monkeypatch.setenv(
        "TEST_DATABASE_URL", "postgres://user@db.internal/directory?options=-c%20work_mem%3D8MB"
    )
    assert env.get_database("TEST_DATABASE_URL", "")["OPTIONS"]["options"] == "-c work_mem=8MB"
    monkeypatch.setenv("TEST_DATABASE_URL", "sqlite:///site.sqlite3")
    assert "options" not in env.get_database("TEST_DATABASE_URL", "")["OPTIONS"]


@pytest.mark.django_db
def test_the_database_connection_has_these_settings_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('jit'), current_setting('synchronize_seqscans')")
        assert cursor.fetchone() == ("off", "off")


@pytest.mark.parametrize(
    ("variable", "value"),
    [("DJANGO_DEBUG", "maybe"), ("CACHE_URL", "ftp://cache"), ("DJANGO_HTTPS", "sometimes")],
)
def test_other_malformed_variables_name_themselves(variable, value):
    result = run_manage("check", **{"DJANGO_DEBUG": "1", variable: value})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Configuration error: {variable} ")


def test_deploy_check_is_clean_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-and-random-production-secret-key-0123456789",
        DJANGO_ALLOWED_HOSTS="directory.example.org",
        DJANGO_HTTPS="1",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_is_503_when_the_database_does_not(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_pages_carry_security_headers(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_unknown_page_gets_the_sites_own_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"Browse all programs" in response.content


def test_favicon_is_linked_and_served(client, db):
    response = client.get("/")
    assert b'rel="icon"' in response.content
    assert (PROJECT / "static" / "favicon.svg").exists()


@pytest.mark.parametrize("cached", [False, True], ids=["page-cache-off", "page-cache-on"])
def test_head_is_answered_wherever_get_is(client, seeded, settings, cached):
    """Load balancers and link checkers ask with HEAD: the same status as GET, no body, the
    same answer on a first and a cached request."""
    from django.core.cache import caches

    from tests.site_pages import fill, public_routes

    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    caches[settings.PAGE_CACHE_ALIAS].clear()
    for route in public_routes():
        path = fill(route, client)
        statuses = [client.head(path).status_code for _ in range(2)]
        get = client.get(path)
        statuses += [client.head(path).status_code]
        assert statuses == [get.status_code] * 3, (path, statuses, get.status_code)
        if get.status_code == 200:
            head = client.head(path)
            body = b"".join(head.streaming_content) if head.streaming else head.content
            assert body == b"", path  # a streamed answer (the CSV) sends no rows either
            assert head["Content-Type"] == get["Content-Type"]
    assert client.head("/healthz").status_code == 200
