"""Programs and organizations as Open Referral HSDS 3 objects (plain dicts for JsonResponse).

HSDS ids are UUIDs. The directory's records have slugs, not UUIDs, so each id is derived,
stably, as uuid5(NAMESPACE, "<kind>:<slug>"): the same record keeps the same id across databases
and re-seeds (an editor who changes a slug changes the id too).
"""

import datetime
import uuid

from organizations.models import Organization
from programs.models import Audience, Program, SupportType

NAMESPACE = uuid.UUID("6f1c5e0e-4a57-4c1b-9d8e-2f0b7a3c9d10")

AUDIENCES = "audiences"
SUPPORT_TYPES = "kinds-of-support"
TAXONOMIES = {
    AUDIENCES: ("Audiences", "Who a program serves (a parent audience includes its children)."),
    SUPPORT_TYPES: ("Kinds of support", "What kind of support a program gives."),
}


def hsds_id(kind, slug):
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{slug}"))


def service_id(program):
    return hsds_id("program", program.slug)


def organization_id(organization):
    return hsds_id("organization", organization.slug)


def taxonomy_id(key):
    return hsds_id("taxonomy", key)


def audience_term_id(audience):
    return hsds_id("audience", audience.slug)


def support_term_id(support_type):
    return hsds_id("support-type", support_type.slug)


def _iso(dt):
    """UTC, to the millisecond as HSDS asks (and as a JSON dump and restore keeps it)."""
    return dt.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def taxonomy(key):
    name, description = TAXONOMIES[key]
    return {"id": taxonomy_id(key), "name": name, "description": description}


def audience_term(audience):
    term = {
        "id": audience_term_id(audience),
        "code": audience.slug,
        "name": audience.name,
        "description": audience.label or audience.name,
        "taxonomy": TAXONOMIES[AUDIENCES][0],
        "taxonomy_id": taxonomy_id(AUDIENCES),
    }
    if audience.parent_id:
        term["parent_id"] = audience_term_id(audience.parent)
    return term


def support_term(support_type):
    return {
        "id": support_term_id(support_type),
        "code": support_type.slug,
        "name": support_type.name,
        "description": support_type.description or support_type.name,
        "taxonomy": TAXONOMIES[SUPPORT_TYPES][0],
        "taxonomy_id": taxonomy_id(SUPPORT_TYPES),
    }


def organization(org, *, services=None):
    data = {
        "id": organization_id(org),
        "name": org.display_name,
        "description": org.description or org.mission or "",
    }
    if org.name and org.short_name:
        data["alternate_name"] = org.short_name
    if org.website:
        data["website"] = org.website
    if services is not None:
        data["services"] = services
    return data


def _lead_organization(program):
    """The organization that provides the service, chosen by its role (Program.provider():
    a place where the program was established first is not its provider); services_queryset
    leaves unpublished organizations out."""
    return program.provider()


def _attribute(program, term, link_type):
    return {
        "id": hsds_id("attribute", f"{program.slug}:{term['id']}"),
        "link_id": service_id(program),
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def service(program, *, full=False):
    """One service. `full` adds the nested organization and the taxonomy-term attributes."""
    data = {
        "id": service_id(program),
        "name": program.name,
        "description": program.description,
        "status": "active",
        "last_modified": _iso(program.updated),
    }
    if program.acronym:
        data["alternate_name"] = program.acronym
    lead = _lead_organization(program)
    if lead is not None:
        data["organization_id"] = organization_id(lead)
    if full:
        if lead is not None:
            data["organization"] = organization(lead)
        data["attributes"] = [
            _attribute(program, audience_term(a), "audience") for a in program.audiences.all()
        ] + [
            _attribute(program, support_term(s), "kind_of_support")
            for s in program.support_types.all()
        ]
    return data


def services_queryset(*, full=False):
    """Published programs with what `service()` reads, in a constant number of queries."""
    queryset = Program.objects.published().with_public_sponsorships()
    if full:
        queryset = queryset.prefetch_related("audiences__parent", "support_types")
    return queryset


def find_term(term_id):
    """The audience or kind of support with this HSDS id, as (taxonomy key, record), or None."""
    for audience in Audience.objects.all():
        if audience_term_id(audience) == term_id:
            return AUDIENCES, audience
    for support_type in SupportType.objects.all():
        if support_term_id(support_type) == term_id:
            return SUPPORT_TYPES, support_type
    return None


def find_organization_slug(org_id, queryset=None):
    queryset = queryset if queryset is not None else Organization.objects.published()
    for slug in queryset.values_list("slug", flat=True):
        if hsds_id("organization", slug) == org_id:
            return slug
    return None


def find_program_slug(program_id):
    for slug in Program.objects.published().values_list("slug", flat=True):
        if hsds_id("program", slug) == program_id:
            return slug
    return None
