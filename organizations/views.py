from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from directory.models import Status
from organizations.models import Organization, OrganizationSchedule

KINDS = dict(Organization.Kind.choices)


@require_safe
def organization_list(request: HttpRequest) -> HttpResponse:
    """Organizations grouped by kind, optionally one kind (?kind=office); an unknown kind is
    ignored and said so. Template: organizations/organization_list.html."""
    kind = request.GET.get("kind", "")
    ignored_kind = kind if kind and kind not in KINDS else ""
    if ignored_kind:
        kind = ""
    organizations = Organization.objects.published().annotate(
        program_count=Count(
            "sponsorships__program",
            filter=Q(sponsorships__program__status=Status.PUBLISHED),
            distinct=True,
        )
    )
    groups = {}
    for organization in organizations.order_by("name", "short_name"):
        groups.setdefault(organization.kind, []).append(organization)
    kinds = [(value, label, len(groups.get(value, []))) for value, label in KINDS.items()]
    shown = [
        (KINDS.get(value, "Other organizations"), groups[value])
        for value in [*KINDS, ""]
        if value in groups and (not kind or value == kind)
    ]
    return render(
        request,
        "organizations/organization_list.html",
        {"groups": shown, "kinds": kinds, "kind": kind, "ignored_kind": ignored_kind[:60]},
    )


@require_safe
def organization_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An organization and its programs by role. Template:
    organizations/organization_detail.html; context: organization, roles (role -> its
    sponsorships), notes (each sponsorship, numbered, with the source's words behind it)."""
    # The programs app builds on this one: its sponsorships are reached through the relation.
    sponsorships = Organization.sponsorships.rel.related_model.objects.public()
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user)
        .select_related("parent", "advising_office", "source")
        .prefetch_related(
            "guiding_principles",
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
    response = render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization, "roles": roles, "notes": notes},
    )
    if not organization.is_published:
        add_never_cache_headers(response)  # a staff preview: no shared cache may keep it
    return response
