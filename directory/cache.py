"""Whole-page caching for anonymous visitors, made stale by any change to directory data.

How it works:

- ``PageCacheMiddleware`` serves GET and HEAD requests from the cache named by
  ``PAGE_CACHE_ALIAS`` (``CACHE_URL``), and stores 200 responses to GET requests that are the
  same for every anonymous visitor. The key is the host, the path with its query string, the
  language, and the request headers in ``KEYED_HEADERS``: every header a page may vary on is in
  every key, so a hit is a single cache get (Django's ``get_cache_key`` first reads the ``Vary``
  list learned for the URL: two gets). A response that varies on any other header is not
  stored.
- Every key also carries the *directory version*: a random token in one database row
  (``directory.models.DirectoryVersion``). Saving or deleting any record of the apps and models
  listed in ``PAGE_CACHE_DIRECTORY_DATA``, or changing one of their many-to-many relations,
  replaces the token in the same transaction, so every cached page goes stale at once, in every
  app process, on every machine, whatever the cache backend (per-process local memory
  included). Reading the token is one indexed query per cacheable request.
- Inside ``directory.batching.batch()`` (an import) the token is replaced once, at the end.
- Code that changes directory data without model signals (``QuerySet.update()``,
  ``bulk_create()``, raw SQL) calls ``invalidate_pages()`` afterwards.

Never cached: requests carrying the site's own cookies (session, CSRF token, messages, language)
or an Authorization header; the paths in ``PAGE_CACHE_EXCLUDED_PATHS`` (admin, /healthz);
responses that set a cookie, say ``private``/``no-cache``/``no-store``, ``Vary: *``, carry a CSP
nonce, or contain a CSRF form field (the suggest and propose forms).
"""

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, router, transaction
from django.db.models import signals
from django.utils import translation
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import split_directive_names, split_header_value

from directory.batching import run_or_defer
from directory.models import DirectoryVersion

VERSION_ROW = 1
# Cookies that can change what a page shows; a request carrying one is never served from, or
# stored in, the shared page cache.
MESSAGES_COOKIE = "messages"
# The request headers a cached page may vary on (htmx's partial swaps and history restores).
# Each is part of every page's key; a response whose Vary names another header is not stored.
# "Cookie" is left out: a request carrying the site's own cookies is never cached, and no
# other cookie changes a page (see page_key()).
KEYED_HEADERS = ("HX-Request", "HX-History-Restore-Request")
_KEYED_META = tuple("HTTP_" + name.upper().replace("-", "_") for name in KEYED_HEADERS)


def current_version(using=None):
    """The directory version cached pages are keyed on.

    Plain SQL: on a cache hit this is the one query of the request, and building it through the
    ORM would cost more than running it.
    """
    connection = connections[using or router.db_for_read(DirectoryVersion)]
    table = connection.ops.quote_name(DirectoryVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = %s", [VERSION_ROW])
        row = cursor.fetchone()
    return row[0] if row else "initial"


def kept_for_version(name, compute, version=None):
    """compute(), kept in the default cache for the current directory version, for
    FACET_CACHE_SECONDS (0: computed every time). For what is counted over the whole directory
    (facet counts, how many programs a list has): any change makes a new version, so a kept
    value is never read after its data changed. `name` says what it is and for which state."""
    seconds = settings.FACET_CACHE_SECONDS
    if not seconds:
        return compute()
    if version is None:
        version = current_version()
    key = "kept:" + hashlib.sha256(repr((version, name)).encode()).hexdigest()
    found = caches["default"].get(key)
    if found is None:
        found = compute()
        caches["default"].set(key, found, seconds)
    return found


def cards_kept(filterset=None):
    """Context for the `{% cache %}` fragments of list cards (includes/program_card.html,
    organizations/includes/organization_card.html): `seconds` they are kept and the directory
    `version` in their keys, so an edit is never followed by an old card. Kept as long as the
    facet counts, on pages whose filterset reads the version for its counts anyway; elsewhere,
    or with FACET_CACHE_SECONDS 0, rendered every time (seconds 0) and the version not read."""
    seconds = settings.FACET_CACHE_SECONDS if filterset is not None else 0
    return {"seconds": seconds, "version": filterset.version if seconds else ""}


def invalidate_pages(using=None, **kwargs):
    """Make every cached page stale, in every process that shares the database."""
    using = using or router.db_for_write(DirectoryVersion)
    token = uuid.uuid4().hex
    manager = DirectoryVersion.objects.using(using)
    if not manager.filter(pk=VERSION_ROW).update(token=token):
        manager.update_or_create(pk=VERSION_ROW, defaults={"token": token})


def _invalidate_on_change(sender, using=None, **kwargs):
    run_or_defer(invalidate_pages, using)


def _invalidate_on_m2m_change(sender, action, using=None, **kwargs):
    if action.startswith("post_"):
        run_or_defer(invalidate_pages, using)


def _invalidate_after_restore(sender, raw=False, using=None, **kwargs):
    # loaddata brings back the token of the day the dump was taken: replace it.
    if raw:
        invalidate_pages(using=using)


def _invalidate_after_migrate(sender, using=None, **kwargs):
    # Data migrations and `flush` change data without model signals.
    try:
        with transaction.atomic(using=using):
            invalidate_pages(using=using)
    except DatabaseError:  # the table is not there yet (e.g. `migrate programs` alone)
        pass


def directory_models():
    """The models whose changes make cached pages stale: ``PAGE_CACHE_DIRECTORY_DATA`` lists
    app labels (every model of the app, including many-to-many tables) and ``app.Model``s."""
    found = []
    for entry in settings.PAGE_CACHE_DIRECTORY_DATA:
        if "." in entry:
            found.append(apps.get_model(entry))
        else:
            found.extend(apps.get_app_config(entry).get_models(include_auto_created=True))
    return found


def connect_signals():
    for model in directory_models():
        uid = f"page-cache-{model._meta.label_lower}"
        signals.post_save.connect(_invalidate_on_change, sender=model, dispatch_uid=uid)
        signals.post_delete.connect(_invalidate_on_change, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            signals.m2m_changed.connect(
                _invalidate_on_m2m_change, sender=through, dispatch_uid=f"{uid}-{field.name}"
            )
    signals.post_save.connect(
        _invalidate_after_restore,
        sender="directory.DirectoryVersion",
        dispatch_uid="page-cache-restore",
    )
    signals.post_migrate.connect(_invalidate_after_migrate, dispatch_uid="page-cache-migrate")


def private_cookie_names():
    return {
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        MESSAGES_COOKIE,
    }


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if any(request.path.startswith(path) for path in settings.PAGE_CACHE_EXCLUDED_PATHS):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not private_cookie_names().intersection(request.COOKIES)


_VARY_KEYED = frozenset({"cookie", *(name.lower() for name in KEYED_HEADERS)})


def varies_only_on_keyed_headers(response):
    named = {header.lower() for header in split_header_value(response.get("Vary", ""))}
    return named <= _VARY_KEYED


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = set(split_directive_names(response.get("Cache-Control", "")))
    if directives & {"private", "no-cache", "no-store"} or not varies_only_on_keyed_headers(
        response
    ):
        return False
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    return b"csrfmiddlewaretoken" not in response.content


def page_key(request, version):
    """The cache key of the page a GET or HEAD request asks for, for a directory version.

    Cookies stay out of it: only requests without the site's own cookies get here, and no other
    cookie can change a page, so cookies a parent domain sets (analytics and the like) do not
    give every visitor an entry of their own. `get_host()` refuses a host not in ALLOWED_HOSTS.
    """
    parts = [request.get_host(), request.get_full_path(), translation.get_language() or ""]
    parts += [request.META.get(name, "") for name in _KEYED_META]
    digest = hashlib.md5("\n".join(parts).encode(), usedforsecurity=False).hexdigest()
    return f"page.{version}.{digest}"


class PageCacheMiddleware:
    """Place after SecurityMiddleware, WhiteNoise and ConditionalGetMiddleware, before
    SessionMiddleware: a hit skips sessions, CSRF and authentication, while the HTTPS
    redirect, security headers and ETag/304 handling still apply to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = page_key(request, current_version())
        except DatabaseError:
            return self.get_response(request)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if request.method == "GET" and is_cacheable_response(response):
            if not response.has_header("ETag"):
                set_response_etag(response)
            # Browsers and proxies may keep the page but must ask again (a 304 when unchanged),
            # so an edit shows at once everywhere.
            patch_cache_control(response, no_cache=True)
            cache.set(key, response, seconds)
        return response
