"""Programs and organizations as Open Referral HSDS 3 objects (plain dicts for JsonResponse).

HSDS ids are UUIDs. Programs and organizations store theirs (``hsds_id``, made from their kind
and slug when first saved, so the seed gives a record the same id in every database, and kept
when an editor changes the slug). Taxonomies, terms and attributes are derived the same way,
as uuid5(HSDS_NAMESPACE, "<kind>:<slug>").
"""

import datetime
import uuid
import zoneinfo

from django.db.models import Prefetch

from directory.models import hsds_uuid
from organizations.models import Category, Organization
from programs.models import Audience, Program, Sponsorship, SupportType

AUDIENCES = "audiences"
SUPPORT_TYPES = "kinds-of-support"
CATEGORIES = "organization-categories"
TAXONOMIES = {
    AUDIENCES: ("Audiences", "Who a program serves (a parent audience includes its children)."),
    SUPPORT_TYPES: ("Kinds of support", "What kind of support a program gives."),
    CATEGORIES: (
        "Organization categories",
        "What a student organization is about; an organization can be in several.",
    ),
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


def category_term_id(category):
    return hsds_id("organization-category", category.slug)


def _iso(dt):
    """UTC, to the millisecond as HSDS asks (and as a JSON dump and restore keeps it)."""
    return dt.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def taxonomy(key):
    name, description = TAXONOMIES[key]
    return {"id": taxonomy_id(key), "name": name, "description": description}


def _term(taxonomy_key, term_id, record, description):
    """A taxonomy term: the record's slug, name and description in the taxonomy given."""
    return {
        "id": term_id,
        "code": record.slug,
        "name": record.name,
        "description": description or record.name,
        "taxonomy": TAXONOMIES[taxonomy_key][0],
        "taxonomy_id": taxonomy_id(taxonomy_key),
    }


def audience_term(audience):
    term = _term(AUDIENCES, audience_term_id(audience), audience, audience.label)
    if audience.parent_id:
        term["parent_id"] = audience_term_id(audience.parent)
    return term


def support_term(support_type):
    return _term(
        SUPPORT_TYPES, support_term_id(support_type), support_type, support_type.description
    )


def category_term(category):
    return _term(CATEGORIES, category_term_id(category), category, category.description)


def _category_attribute(org, category):
    term = category_term(category)
    return {
        "id": hsds_id("attribute", f"organization:{org.slug}:{term['id']}"),
        "link_id": organization_id(org),
        "link_type": "category",
        "link_entity": "organization",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


# How to reach a record: HSDS's contact, phone, schedule, location and language objects. Row
# ids are derived from the record's slug and the row's primary key (kept by dumpdata/loaddata).


def _row_id(kind, owner_slug, row):
    return hsds_id(kind, f"{owner_slug}:{row.pk}")


def _contact(row, owner_slug, link):
    data = {"id": _row_id("contact", owner_slug, row), **link}
    for field in ("name", "title", "email"):
        if getattr(row, field):
            data[field] = getattr(row, field)
    return data


def _phone(row, owner_slug, link):
    data = {
        "id": _row_id("phone", owner_slug, row),
        **link,
        "number": row.number.as_international,
        "type": row.type,
    }
    if row.extension:
        data["extension"] = row.extension
    if row.description:
        data["description"] = row.description
    return data


def _utc_offset(schedule):
    """HSDS gives a schedule's time zone as a UTC offset in hours: the one of its next meeting
    (America/New_York is -4 in summer, -5 in winter); `notes` names the zone itself."""
    found = schedule.next_occurrence()
    moment = found[0] if found else datetime.datetime.now(schedule.zone)
    return moment.utcoffset().total_seconds() / 3600


def _schedule(row, owner_slug, link):
    data = {"id": _row_id("schedule", owner_slug, row), **link}
    if row.freq:
        data["freq"] = row.freq
        data["interval"] = row.interval
    for field in ("byday", "bymonthday", "description", "attending_type"):
        if getattr(row, field):
            data[field] = getattr(row, field)
    for field in ("opens_at", "closes_at"):
        if getattr(row, field):
            data[field] = getattr(row, field).strftime("%H:%M")
    for field in ("valid_from", "valid_to", "dtstart"):
        if getattr(row, field):
            data[field] = getattr(row, field).isoformat()
    notes = [row.by_appointment] if row.by_appointment else []
    if row.opens_at:
        data["timezone"] = _utc_offset(row)
        notes.append(f"Times are local to {zoneinfo.ZoneInfo(row.timezone).key}.")
    if notes:
        data["notes"] = " ".join(notes)
    return data


def _location(row, owner_slug):
    data = {
        "id": _row_id("location", owner_slug, row),
        "location_type": row.location_type,
    }
    for field in ("name", "url", "description"):
        if getattr(row, field):
            data[field] = getattr(row, field)
    # HSDS requires a whole address (street, city, state, ZIP, country) or none.
    if row.address_1 and row.city and row.state_province and row.postal_code:
        data["addresses"] = [
            {
                "id": _row_id("address", owner_slug, row),
                "location_id": data["id"],
                "address_1": row.address_1,
                "city": row.city,
                "state_province": row.state_province,
                "postal_code": row.postal_code,
                "country": "US",
                "address_type": "physical",
            }
        ]
    if row.accessibility:
        data["accessibility"] = [
            {
                "id": _row_id("accessibility", owner_slug, row),
                "location_id": data["id"],
                "description": row.accessibility,
            }
        ]
    return data


def _language(language, link):
    """A language a service is offered in; `link` is {"service_id": ...}."""
    return {
        "id": hsds_id("language", f"{link['service_id']}:{language.code}"),
        **link,
        "name": language.name,
        "code": language.code,
    }


def organization(org, *, services=None, full=False):
    """One organization; `full` adds its contacts, phones and places, and its categories as
    taxonomy-term attributes (all prefetched)."""
    data = {
        "id": organization_id(org),
        "name": org.display_name,
        "description": org.description or org.mission or "",
    }
    if org.name and org.short_name:
        data["alternate_name"] = org.short_name
    if org.website:
        data["website"] = org.website
    if org.email:
        data["email"] = org.email
    if full:
        link = {"organization_id": data["id"]}
        data["contacts"] = [_contact(c, org.slug, link) for c in org.contacts.all()]
        data["phones"] = [_phone(p, org.slug, link) for p in org.phones.all()]
        locations = []
        for place in org.locations.all():
            location = {**_location(place, org.slug), **link}
            location["schedules"] = [
                _schedule(s, org.slug, {"location_id": location["id"]})
                for s in org.schedules.all()
                if s.location_id == place.pk
            ]
            locations.append(location)
        data["locations"] = locations
        data["attributes"] = [_category_attribute(org, c) for c in org.categories.all()]
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
    if program.url:
        data["url"] = program.url
    if program.email:
        data["email"] = program.email
    if full:
        if program.assured_date:
            data["assured_date"] = program.assured_date.isoformat()
        if program.eligibility_description:
            data["eligibility_description"] = program.eligibility_description
        fees = program.fees_description or ("Free." if program.is_free else "")
        if fees:
            data["fees_description"] = fees
        link = {"service_id": data["id"]}
        data["contacts"] = [_contact(c, program.slug, link) for c in program.contacts.all()]
        data["phones"] = [_phone(p, program.slug, link) for p in program.phones.all()]
        schedules = program.schedules.all()
        data["schedules"] = [
            _schedule(s, program.slug, link) for s in schedules if s.location_id is None
        ]
        data["service_at_locations"] = [
            _service_at_location(
                program, place, [s for s in schedules if s.location_id == place.pk]
            )
            for place in program.locations.all()
        ]
        data["languages"] = [_language(lang, link) for lang in program.languages.all()]
        if lead is not None:
            data["organization"] = organization(lead)
        data["attributes"] = [
            _attribute(program, audience_term(a), "audience") for a in program.audiences.all()
        ] + [
            _attribute(program, support_term(s), "kind_of_support")
            for s in program.support_types.all()
        ]
    return data


def _service_at_location(program, place, schedules):
    location = _location(place, program.slug)
    link = {"service_at_location_id": hsds_id("service-at-location", f"{program.slug}:{place.pk}")}
    return {
        "id": link["service_at_location_id"],
        "service_id": service_id(program),
        "location_id": location["id"],
        "schedules": [_schedule(s, program.slug, link) for s in schedules],
        "location": location,
    }


# What `service()` reads of a program and of its sponsorships in a list (not `full`): a page
# of 25 builds some 100 model instances, each field set one by one.
SERVICE_FIELDS = ("hsds_id", "slug", "name", "acronym", "description", "url", "email", "updated")
SPONSORSHIP_FIELDS = ("program", "role", "order", "organization__hsds_id")


def services_queryset(*, full=False):
    """Published programs with what `service()` reads, in a constant number of queries."""
    if full:
        return (
            Program.objects.published()
            .with_public_sponsorships()
            .with_reach()
            .prefetch_related("audiences__parent", "support_types")
        )
    sponsorships = Sponsorship.objects.public().only(*SPONSORSHIP_FIELDS)
    return (
        Program.objects.published()
        .only(*SERVICE_FIELDS)
        # A plain list (to_attr): Django builds a related manager and a queryset per program
        # for a prefetch without one, a quarter of a page's time.
        .prefetch_related(
            Prefetch("sponsorships", queryset=sponsorships, to_attr="listed_sponsorships")
        )
    )


def organizations_queryset(*, full=False):
    """Published organizations; `full` with what `organization(full=True)` reads."""
    queryset = Organization.objects.published()
    if full:
        queryset = queryset.prefetch_related(
            "contacts", "phones", "locations", "schedules", "categories"
        )
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


def find_category(term_id):
    """The organization category with this HSDS id, or None."""
    return next((c for c in Category.objects.all() if category_term_id(c) == term_id), None)


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
