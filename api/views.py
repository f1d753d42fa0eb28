"""A read-only JSON API shaped like Open Referral HSDS 3. See api/hsds.py for the mapping."""

import datetime
import math
import uuid
from pathlib import Path

from django.core.exceptions import EmptyResultSet, TooManyFieldsSent
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.views.decorators.http import require_safe

from api import hsds
from directory import search
from directory.cache import kept_for_version
from organizations.models import Category, Organization
from programs.models import Audience, SupportType

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 25
MIN_UTC_OFFSET = datetime.timedelta(hours=-12)
MAX_UTC_OFFSET = datetime.timedelta(hours=14)


class BadParameter(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message


def bad_request(error):
    return JsonResponse(
        {"error": f"{error.name}: {error.message}", "parameter": error.name}, status=400
    )


def not_found(what):
    return JsonResponse({"error": f"No published {what} with this id."}, status=404)


def _positive_int(request, name, default, maximum=None):
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(name, f'"{raw}" is not a whole number.') from None
    if value < 1:
        raise BadParameter(name, "must be 1 or more.")
    if maximum is not None and value > maximum:
        raise BadParameter(name, f"must be at most {maximum}.")
    return value


def _uuid(request, name):
    raw = request.GET.get(name)
    if not raw:
        return None
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise BadParameter(name, f'"{raw}" is not a UUID.') from None


def _modified_after(request):
    raw = request.GET.get("modified_after")
    if not raw:
        return None
    try:
        moment = parse_datetime(raw)
        if moment is None:
            day = parse_date(raw)
            moment = day and datetime.datetime.combine(day, datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise BadParameter(
            "modified_after", f'"{raw}" is not an ISO 8601 date or date-time (2024-01-31).'
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    # Real UTC offsets run from -12:00 to +14:00; PostgreSQL refuses one of 16 hours or more.
    if not MIN_UTC_OFFSET <= moment.utcoffset() <= MAX_UTC_OFFSET:
        raise BadParameter("modified_after", f'"{raw}": the UTC offset must be -12:00 to +14:00.')
    try:
        # Compared in UTC: the databases then store and compare one form of every moment.
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise BadParameter("modified_after", f'"{raw}" is before year 1 or after 9999.') from None


def _search(request):
    """The `search` words; a NUL character, which no text holds and PostgreSQL refuses, is a
    bad parameter."""
    words = request.GET.get("search", "").strip()
    if "\x00" in words:
        raise BadParameter("search", "must not contain a NUL character.")
    return words


def _count(queryset):
    """How many records a queryset has, kept for the directory version (counting covers every
    matching record)."""
    try:
        query = str(queryset.query)
    except EmptyResultSet:
        return 0
    return kept_for_version(("api-count", query), queryset.count)


def page_of(request, queryset, serialize):
    """The HSDS paging envelope around one page of `queryset`, serialized by `serialize`."""
    page = _positive_int(request, "page", 1)
    per_page = _positive_int(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    total = len(queryset) if isinstance(queryset, list) else _count(queryset)
    total_pages = max(1, math.ceil(total / per_page))
    start = (page - 1) * per_page
    # A page past the end is empty, without asking the database for an offset it cannot hold.
    contents = [serialize(i) for i in queryset[start : start + per_page]] if start < total else []
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(contents),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": not contents,
            "contents": contents,
        }
    )


def _api(view):
    """GET and HEAD only; a bad parameter becomes a 400 JSON error naming it."""

    @require_safe
    def wrapper(request, *args, **kwargs):
        try:
            request.GET  # noqa: B018  (parse the query string here, where its errors are caught)
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return bad_request(error)
        except TooManyFieldsSent:
            return JsonResponse({"error": "Too many query parameters."}, status=400)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# The HSDS version these endpoints follow, and where their definition is documented.
HSDS_VERSION = "3.1"
HSDS_PROFILE = "https://github.com/openreferral/specification"
OPENAPI = Path(__file__).resolve().parent / "schemas" / "openapi.json"


@_api
def root(request):
    """What this API is: {"version", "profile", "openapi_url"}, as HSDS asks of its root."""
    return JsonResponse(
        {
            "version": HSDS_VERSION,
            "profile": HSDS_PROFILE,
            "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
        }
    )


@_api
def openapi(request):
    """The OpenAPI definition of HSDS's API (api/schemas/openapi.json), served as it is."""
    return HttpResponse(OPENAPI.read_bytes(), content_type="application/json")


@_api
def services(request):
    """Published programs as HSDS services, filtered and paged."""
    queryset = hsds.services_queryset()
    query = search.parse(_search(request))
    if query.text:
        # The site's own search: best match first, as /programs/?q= ranks.
        queryset = queryset.search(query)
    if term_id := _uuid(request, "taxonomy_term_id"):
        found = hsds.find_term(term_id)
        if found is None:
            queryset = queryset.none()
        elif found[0] == hsds.AUDIENCES:
            queryset = queryset.for_audiences([found[1].slug])
        else:
            queryset = queryset.for_support_types([found[1].slug])
    if org_id := _uuid(request, "organization_id"):
        slug = hsds.find_organization_slug(org_id)
        queryset = queryset.sponsored_by([slug]) if slug else queryset.none()
    if moment := _modified_after(request):
        queryset = queryset.filter(updated__gte=moment)
    ordered = queryset if query.text else queryset.order_by("name", "pk")
    return page_of(request, ordered, hsds.service)


@_api
def service_detail(request, id):
    """One published service, fully nested (organization, taxonomy-term attributes)."""
    slug = hsds.find_program_slug(id)
    if slug is None:
        return not_found("service")
    program = hsds.services_queryset(full=True).get(slug=slug)
    return JsonResponse(hsds.service(program, full=True))


def _organizations_queryset():
    return Organization.objects.published().order_by("name", "short_name", "pk")


@_api
def organizations(request):
    """Published organizations, paged; `search` ranks them as /organizations/?q= does, and
    `taxonomy_term_id` takes an organization category's term."""
    queryset = _organizations_queryset()
    query = search.parse(_search(request))
    if query.text:
        queryset = queryset.search(query)
    if term_id := _uuid(request, "taxonomy_term_id"):
        category = hsds.find_category(term_id)
        queryset = queryset.in_categories([category.slug]) if category else queryset.none()
    if moment := _modified_after(request):
        queryset = queryset.filter(updated__gte=moment)
    return page_of(request, queryset, hsds.organization)


@_api
def organization_detail(request, id):
    """One published organization with the published services it is the lead organization of."""
    slug = hsds.find_organization_slug(id)
    if slug is None:
        return not_found("organization")
    org = hsds.organizations_queryset(full=True).get(slug=slug)
    programs = hsds.services_queryset().filter(sponsorships__organization=org).distinct()
    services = [hsds.service(p) for p in programs]
    services = [s for s in services if s.get("organization_id") == id]
    return JsonResponse(hsds.organization(org, services=services, full=True))


@_api
def taxonomies(request):
    """The directory's taxonomies: audiences, kinds of support, organization categories."""
    items = [hsds.taxonomy(key) for key in hsds.TAXONOMIES]
    if search := _search(request).lower():
        items = [t for t in items if search in t["name"].lower()]
    return page_of(request, items, lambda item: item)


@_api
def taxonomy_terms(request):
    """Every audience, kind of support and organization category as a taxonomy term."""
    wanted = _uuid(request, "taxonomy_id")
    items = []
    if wanted in (None, hsds.taxonomy_id(hsds.AUDIENCES)):
        items += [hsds.audience_term(a) for a in Audience.objects.select_related("parent")]
    if wanted in (None, hsds.taxonomy_id(hsds.SUPPORT_TYPES)):
        items += [hsds.support_term(s) for s in SupportType.objects.all()]
    if wanted in (None, hsds.taxonomy_id(hsds.CATEGORIES)):
        items += [hsds.category_term(c) for c in Category.objects.all()]
    if search := _search(request).lower():
        items = [t for t in items if search in t["name"].lower() or search in t["code"]]
    return page_of(request, items, lambda item: item)
