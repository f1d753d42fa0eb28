"""Requests the site cannot read get the 400 page, never a 500, through the site's own WSGI
handler (config/handlers.py) with the CSRF check on, as a real client meets it."""

from io import BytesIO

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

from config.handlers import DirectoryWSGIHandler


def call(method, path, *, host="127.0.0.1", query="", content_type="", body=b"", headers=()):
    """(status, body) of one request through the site's WSGI handler."""
    statuses = []
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "wsgi.input": BytesIO(body),
        "wsgi.url_scheme": "http",
        **dict(headers),
    }
    # As Django's test client does: the test's database connection stays open across requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = DirectoryWSGIHandler()(environ, lambda s, h: statuses.append(s))
        content = b"".join(response)
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(statuses[0].split()[0]), content


def csrf_headers():
    """A valid CSRF cookie and header pair, as a page of the site hands a browser."""
    secret = _get_new_csrf_string()
    return {"HTTP_COOKIE": f"csrftoken={secret}", "HTTP_X_CSRFTOKEN": _mask_cipher_secret(secret)}


UTF16 = "application/x-www-form-urlencoded; charset=utf-16"
FORM_PATHS = ["/programs/", "/propose/", "/programs/refs/suggest/", "/admin/login/"]
FORM_PATHS += ["/api/hsds/services"]


@pytest.mark.parametrize("path", FORM_PATHS)
@pytest.mark.parametrize("body", [b"a=b&c=d", "name=x&email=y".encode("utf-16")])
def test_a_form_post_in_utf16_is_the_400_page(seeded, path, body):
    status, content = call("POST", path, content_type=UTF16, body=body, headers=csrf_headers())
    assert status == 400
    assert b"We could not understand that request" in content


@pytest.mark.parametrize("path", FORM_PATHS)
def test_a_form_post_in_utf16_without_a_csrf_cookie_is_no_server_error(seeded, path):
    status, _ = call("POST", path, content_type=UTF16, body=b"a=b")
    assert status in (400, 403)


@pytest.mark.parametrize("path", ["/", "/programs/", "/programs/refs/", "/api/hsds/services"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_host_not_allowed_is_the_400_page(seeded, settings, path, method):
    settings.PAGE_CACHE_SECONDS = 600
    status, content = call(method, path, host="evil.example", headers=csrf_headers())
    assert status == 400
    assert b"We could not understand that request" in content
    assert b"evil.example" not in content


def test_a_host_not_allowed_is_400_behind_the_https_redirect(seeded, settings):
    settings.SECURE_SSL_REDIRECT = True
    status, _ = call("GET", "/programs/", host="evil.example")
    assert status == 400
    status, _ = call("GET", "/programs/", host="127.0.0.1")
    assert status == 301
