"""Security as a browser meets it in production (DJANGO_HTTPS=1): the HTTPS redirect, HSTS,
cookies only over HTTPS, and the headers every response carries.

The settings module decides these at start-up from the environment, so each case runs in a
fresh process with production variables, and reports what a client saw.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import clean_environment

PROJECT = Path(__file__).resolve().parent.parent

PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)  # pages read the directory
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()

def seen(response):
    return {
        "status": response.status_code,
        "location": response.headers.get("Location"),
        "headers": dict(response.headers),
        "cookies": {
            name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"]),
                   "samesite": m["samesite"], "path": m["path"], "domain": m["domain"]}
            for name, m in response.cookies.items()
        },
    }

client = Client()
print(json.dumps({
    "http": seen(client.get("/")),
    "http_healthz": seen(client.get("/healthz")),
    "https": seen(client.get("/", secure=True)),
    "proxied": seen(client.get("/", headers={"x-forwarded-proto": "https"})),
    "admin_login": seen(client.get("/admin/login/", secure=True)),
}))
"""


@pytest.fixture(scope="module")
def static_root(collected_static):
    """Pages link hashed static files: give them a manifest, as collectstatic does in
    production."""
    return collected_static


def probe(database_url, static_root, **env_overrides):
    env = clean_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="security-test-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url,
        DJANGO_PAGE_CACHE_SECONDS="0",
        DJANGO_STATIC_ROOT=str(static_root),
        **env_overrides,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production(tmp_path_factory, migrated_sqlite, static_root):
    """What clients see with DJANGO_HTTPS=1 (the default when debug is off), no proxy."""
    database_url = migrated_sqlite(tmp_path_factory.mktemp("https"))
    return probe(database_url, static_root, DJANGO_HTTPS="1")


def test_plain_http_is_redirected_to_https(production):
    assert production["http"]["status"] == 301
    assert production["http"]["location"] == "https://testserver/"


def test_load_balancer_health_checks_over_plain_http_are_answered(production):
    assert production["http_healthz"]["status"] == 200


def test_https_pages_carry_hsts_for_a_year(production):
    response = production["https"]
    assert response["status"] == 200
    hsts = response["headers"]["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains; preload"


def test_https_pages_carry_the_security_headers(production):
    headers = production["https"]["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp


def test_cookies_are_https_only_and_bound_to_the_host(production):
    cookies = production["admin_login"]["cookies"]
    assert production["admin_login"]["status"] == 200
    assert set(cookies) == {"__Host-csrftoken"}
    csrf = cookies["__Host-csrftoken"]
    assert csrf["secure"]
    assert csrf["samesite"] == "Lax"
    # What the __Host- prefix demands of the browser: path /, no domain.
    assert csrf["path"] == "/"
    assert csrf["domain"] == ""


def test_without_the_proxy_setting_a_forged_forwarded_header_is_ignored(production):
    assert production["proxied"]["status"] == 301


def test_behind_a_tls_proxy_forwarded_https_is_trusted(tmp_path, migrated_sqlite, static_root):
    behind_proxy = probe(
        migrated_sqlite(tmp_path), static_root, DJANGO_HTTPS="1", DJANGO_BEHIND_TLS_PROXY="1"
    )
    assert behind_proxy["proxied"]["status"] == 200
    assert "Strict-Transport-Security" in behind_proxy["proxied"]["headers"]
    assert behind_proxy["http"]["status"] == 301


def test_plain_http_on_loopback_when_https_is_off(tmp_path, migrated_sqlite, static_root):
    plain = probe(migrated_sqlite(tmp_path), static_root, DJANGO_HTTPS="0")
    assert plain["http"]["status"] == 200
    assert "Strict-Transport-Security" not in plain["http"]["headers"]
    assert set(plain["admin_login"]["cookies"]) == {"csrftoken"}
    assert not plain["admin_login"]["cookies"]["csrftoken"]["secure"]


def test_session_cookie_settings_in_production():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
            "s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_AGE, s.CSRF_TRUSTED_ORIGINS)",
        ],
        cwd=PROJECT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "session-cookie-test-only-" + "0123456789abcdef" * 3,
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://programs.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split(maxsplit=5) == [
        "__Host-sessionid",
        "True",
        "True",
        "Lax",
        str(12 * 60 * 60),
        "['https://programs.example.org']\n",
    ]
