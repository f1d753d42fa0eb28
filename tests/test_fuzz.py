"""Fuzzing: no query string, form post or path gives a server error, on any public page.

The pages come from walking the URL resolver, so a page another branch adds is fuzzed without
touching this file; `<slug>`-style parts are filled with real values from the seeded database.
Each page gets FUZZ_EXAMPLES (default 40) generated requests: query strings with repeated keys,
huge values, NUL bytes, stray percent signs and invalid UTF-8; form posts, urlencoded,
multipart and garbage bodies. Runs with the page cache on, so cache keys are fuzzed too.
"""

import itertools
import os
import re
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.handlers import DirectoryRequest
from tests.site_pages import fill, public_routes

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The /programs/ query parameters from DESIGN.md, and a few any list or API might read.
KNOWN_KEYS = ["q", "audience", "support", "sponsor", "confidential", "sort", "page"]
KNOWN_KEYS += ["format", "status", "per_page", "page_size", "id", "slug", "need", "role"]
ROUTES = public_routes()


def wsgi(text):
    """A string as a WSGI server hands it to Django: UTF-8 bytes read as Latin-1."""
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


EDGE_VALUES = ["", "\x00", "%00", "a\x00b", "-1", "0", "1e309", "NaN", "99999999999999999999"]
EDGE_VALUES += ["true", "false", "on", "../../etc/passwd", "' OR 1=1 --", "<script>x</script>"]
EDGE_VALUES += ["%", "%zz", "\u202e", "ﬁ", "\U0001f600", "\ud800", "staff", "peer-support"]

texts = st.text(max_size=40)
values = st.one_of(
    texts,
    st.sampled_from(EDGE_VALUES),
    st.builds(lambda ch, n: ch * n, st.characters(), st.integers(1000, 20000)),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), texts)
pairs = st.lists(st.tuples(keys, values), max_size=8)


def encoded(items):
    return urlencode([(k, v.encode("utf-8", "surrogatepass")) for k, v in items])


query_strings = st.one_of(
    # Known parameters with the values most likely to break a view.
    st.lists(st.tuples(st.sampled_from(KNOWN_KEYS), st.sampled_from(EDGE_VALUES)), min_size=1,
             max_size=3).map(encoded),
    pairs.map(encoded),
    # Raw, unencoded: stray % & = ; and anything else a client may send.
    texts.map(wsgi),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    # Invalid UTF-8, percent-encoded.
    st.binary(max_size=100).map(lambda b: "q=" + quote_from_bytes(b)),
    # More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS allows.
    st.builds(lambda key, n: "&".join([f"{key}=staff"] * n), st.sampled_from(KNOWN_KEYS),
              st.integers(900, 1200)),
)  # fmt: skip

CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=BoUnDaRy",
    "multipart/form-data",
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded; charset=utf-16",
    "multipart/form-data; boundary=",
]


def form_field_names(html):
    return sorted(set(re.findall(rb'name="([^"]+)"', html)))


@st.composite
def requests(draw, field_names):
    """(method, query string, content type, body) for one request."""
    method = draw(st.sampled_from(["GET"] * 5 + ["POST"] * 3 + ["HEAD", "PUT", "OPTIONS"]))
    query = draw(query_strings)
    if method != "POST":
        return method, query, None, b""
    form = st.lists(st.tuples(st.sampled_from(field_names) | keys, values), max_size=10)
    body = draw(
        st.one_of(
            form.map(lambda items: ("application/x-www-form-urlencoded", encoded(items).encode())),
            st.tuples(st.sampled_from(CONTENT_TYPES), st.binary(max_size=2000)),
        )
    )
    return method, query, *body


@pytest.fixture
def fuzz_client(seeded, page_cache, monkeypatch):
    # Requests are built as the site's own WSGI handler builds them (config/handlers.py).
    monkeypatch.setattr("django.test.client.WSGIRequest", DirectoryRequest)
    # A server error raises here, with its traceback, and hypothesis shrinks the input.
    return Client(raise_request_exception=True)


def assert_no_server_error(response, request):
    assert response.status_code < 500, f"{response.status_code} for {request!r}"


@pytest.mark.parametrize("route", ROUTES)
def test_no_request_to_a_public_page_gives_a_server_error(fuzz_client, route):
    path = fill(route, fuzz_client)
    page = fuzz_client.get(path)
    body = b"".join(page.streaming_content) if page.streaming else page.content  # the CSV streams
    field_names = [name.decode() for name in form_field_names(body)] or KNOWN_KEYS

    @FUZZ
    @given(request=requests(field_names))
    def fuzz(request):
        method, query, content_type, body = request
        extra = {"QUERY_STRING": query}
        if content_type is not None:
            extra["CONTENT_TYPE"] = content_type
        response = fuzz_client.generic(method, path, data=body, **extra)
        assert_no_server_error(response, (method, path, query, content_type, body[:200]))

    fuzz()


# The values most likely to break a view, each sent alone in each /programs/ parameter (a view
# may stop at its first bad parameter, so they are not sent together). Deterministic: every run
# tries them all, where the random examples above may or may not draw them.
NASTY_VALUES = ["\x00", "%", "-1", "99999999999999999999", "1e309", "\ud800", "x" * 20000, ""]
DESIGN_KEYS = ["q", "audience", "support", "sponsor", "confidential", "sort", "page", "format"]


@pytest.mark.parametrize("route", ROUTES)
def test_nasty_values_in_known_parameters_give_no_server_error(fuzz_client, route):
    path = fill(route, fuzz_client)
    for key, value in itertools.product(DESIGN_KEYS, NASTY_VALUES):
        for query in (encoded([(key, value)]), encoded([(key, "staff"), (key, value)])):
            response = fuzz_client.get(path, QUERY_STRING=query)
            assert_no_server_error(response, ("GET", path, query[:200]))


segments = st.one_of(
    st.sampled_from(["programs", "organizations", "api", "hsds", "peer-support", "about"]),
    st.sampled_from(["timeline", "suggest", "..", ".", "", "%00", "%ff", "%2F", "index.php"]),
    st.text(max_size=30).map(lambda t: quote(t.encode("utf-8", "surrogatepass"), safe="")),
    st.binary(max_size=20).map(lambda b: quote_from_bytes(b, safe="")),
)


@FUZZ
@given(parts=st.lists(segments, min_size=1, max_size=6), slash=st.booleans())
def test_no_path_gives_a_server_error(fuzz_client, parts, slash):
    path = "/" + "/".join(parts) + ("/" if slash else "")
    for method in ("GET", "POST"):
        response = fuzz_client.generic(method, path)
        assert_no_server_error(response, (method, path))


def test_every_public_page_is_fuzzed():
    """The walk finds the site's pages (and leaves the admin alone)."""
    assert "" in ROUTES
    assert "healthz" in ROUTES
    assert not any(route.startswith("admin/") for route in ROUTES)


def test_too_many_fields_with_a_charset_is_a_400_from_the_real_handler(seeded):
    from io import BytesIO

    from config.handlers import DirectoryWSGIHandler

    statuses = []
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/programs/",
        "QUERY_STRING": "&".join(["q=staff"] * 1001),
        "CONTENT_TYPE": "application/x-www-form-urlencoded; charset=utf-16",
        "CONTENT_LENGTH": "0",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "wsgi.input": BytesIO(b""),
        "wsgi.url_scheme": "http",
    }
    DirectoryWSGIHandler()(environ, lambda status, headers: statuses.append(status))
    assert statuses[0].startswith("400")
