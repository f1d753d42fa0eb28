from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from directory import search
from directory.cache import cards_kept
from directory.pagination import CountedPaginator
from directory.views import vary_as_fragment, wants_fragment
from organizations.filters import OrganizationFilter
from organizations.models import Category, Organization, OrganizationSchedule

PAGE_SIZE = 24


@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    """Organizations, searched and filtered (?q=&kind=&category=&advised_by=&page=), 24 a page;
    an unknown kind or category is ignored and said so, a page past the end is the last page.
    Template: organizations/organization_list.html (the partial "browse" alone for htmx);
    context: filter, page_obj, did_you_mean, unmentioned, more_found, cards_kept."""
    organization_filter = OrganizationFilter(
        request.GET, queryset=Organization.objects.published().for_list()
    )
    # The count kept like the facet counts (as the program list's): no COUNT(*) on a repeat visit.
    paginator = CountedPaginator(organization_filter.qs, PAGE_SIZE, organization_filter.count)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = organization_filter.query
    if query:
        for organization in page_obj.object_list:
            organization.snippet = search.snippet(organization, query)
    template = "organizations/organization_list.html"
    if wants_fragment(request):
        template += "#browse"
    response = render(
        request,
        template,
        {
            "filter": organization_filter,
            "page_obj": page_obj,
            "did_you_mean": query.did_you_mean if query is not None else "",
            # What the no-results help offers besides removing a filter.
            "next_steps": _next_steps(query),
            # Found only through what the words usually mean: say so rather than pretend.
            "unmentioned": bool(
                query and page_obj.object_list and not query.mentioned_in(Organization)
            ),
            # A search shows its best MAX_RESULTS: say when more match rather than count those.
            "more_found": bool(query and query.more_than_shown(Organization)),
            "max_results": search.MAX_RESULTS,
            "cards_kept": cards_kept(organization_filter),
        },
    )
    vary_as_fragment(response)
    return response


def _next_steps(query):
    if not query:
        return []
    programs = f"{reverse('programs:list')}?{urlencode({'q': query.text})}"
    return [(programs, f"Search programs for “{query.text}”")]


def advised_summary(organization):
    """The organizations this one advises (SOLE's student organizations), counted from the
    data: how many are published, and their categories with counts (two queries)."""
    advised = Organization.objects.published().filter(advising_office=organization)
    count = advised.count()
    categories = []
    if count:
        categories = list(
            Category.objects.annotate(
                listed=Count("organizations", filter=Q(organizations__in=advised.values("pk")))
            )
            .filter(listed__gt=0)
            .order_by("-listed", "order", "name")
        )
    return {"count": count, "categories": categories}


@require_safe
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organization and its programs by role. Template:
    organizations/organization_detail.html; context: organization, roles (role -> its
    sponsorships), notes (each sponsorship, numbered, with the source's words behind it),
    advised (for an office that advises organizations: how many the directory lists, by
    category; None otherwise)."""
    # The programs app builds on this one: its sponsorships are reached through the relation.
    sponsorships = Organization.sponsorships.rel.related_model.objects.public()
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user)
        .select_related("parent", "advising_office", "source")
        .prefetch_related(
            "guiding_principles",
            "categories",
            "contacts",
            "phones",
            "locations",
            Prefetch("schedules", queryset=OrganizationSchedule.objects.select_related("location")),
            "languages",
            Prefetch(
                "sponsorships", queryset=sponsorships.select_related("program").order_by("role")
            ),
        ),
        slug=slug,
    )
    roles = {}
    for sponsorship in organization.sponsorships.all():
        roles.setdefault(sponsorship.get_role_display(), []).append(sponsorship)
    roles = sorted(roles.items())
    # Each role held in a program is a fact: its numbered note quotes the source's words.
    notes = [sponsorship for _, sponsorships in roles for sponsorship in sponsorships]
    for number, sponsorship in enumerate(notes, start=1):
        sponsorship.number = number
    advised = advised_summary(organization)
    response = render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "roles": roles,
            "notes": notes,
            # An office that advises organizations (SOLE): how many the directory lists.
            "advised": advised if advised["count"] or organization.headline_figure else None,
        },
    )
    if not organization.is_published:
        add_never_cache_headers(response)  # a staff preview: no shared cache may keep it
    return response
