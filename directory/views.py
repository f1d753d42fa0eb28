from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from directory.cache import KEYED_HEADERS


def wants_fragment(request) -> bool:
    """An htmx swap of a list's results, not a history restore (that needs the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def vary_as_fragment(response):
    """A list answered whole or as its results alone (wants_fragment): say so in Vary, so that
    browsers and caches keep the two apart (the page cache keys on these headers)."""
    patch_vary_headers(response, KEYED_HEADERS)


@require_safe
@never_cache
def healthz(request):
    """Liveness for load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def robots_txt(request):
    """For crawlers: everything public may be indexed, the admin may not; where the sitemap is."""
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def bad_request(request, exception):
    """The 400 page (templates/400.html). A request for a host not in ALLOWED_HOSTS gets it
    without the request in its context: every absolute address on the page (og:url) is built
    from the Host header, which would raise DisallowedHost again and turn the 400 into a 500.
    Unlike Django's own handler it asks for no CSRF token: the page has no form that posts,
    and the CSRF check reads the request's host and body, the likely culprits of a 400."""
    context_request = None if isinstance(exception, DisallowedHost) else request
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=context_request))
