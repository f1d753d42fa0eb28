"""Programs and organizations as Open Referral HSDS 3 objects (plain dicts for JsonResponse).

HSDS ids are UUIDs. Programs and organizations store theirs (``hsds_id``, made from their kind
and slug when first saved, so the seed gives a record the same id in every database, and kept
when an editor changes the slug). Taxonomies, terms and attributes are derived the same way,
as uuid5(HSDS_NAMESPACE, "<kind>:<slug>").
"""

import datetime
import uuid

from directory.models import hsds_uuid
from organizations.models import Organization
from programs.models import Audience, Program, SupportType

AUDIENCES = "audiences"
SUPPORT_TYPES = "kinds-of-support"
TAXONOMIES = {
    AUDIENCES: ("Audiences", "Who a program serves (a parent audience includes its children)."),
    SUPPORT_TYPES: ("Kinds of support", "What kind of support a program gives."),
}


def hsds_id(kind, slug):
    return str(hsds_uuid(kind, slug))


def service_id(program):
    return str(program.hsds_id)


def organization_id(organization):
    return str(organization.hsds_id)


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


def _as_uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def find_organization_slug(org_id, queryset=None):
    """The slug of the published organization with this HSDS id, or None."""
    queryset = queryset if queryset is not None else Organization.objects.published()
    if (key := _as_uuid(org_id)) is None:
        return None
    return queryset.filter(hsds_id=key).values_list("slug", flat=True).first()


def find_program_slug(program_id):
    """The slug of the published program with this HSDS id, or None."""
    if (key := _as_uuid(program_id)) is None:
        return None
    return Program.objects.published().filter(hsds_id=key).values_list("slug", flat=True).first()
