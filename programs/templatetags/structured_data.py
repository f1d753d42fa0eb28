"""schema.org JSON-LD for program and organization pages.

`{% json_ld program %}` or `{% json_ld organization %}` writes a
<script type="application/ld+json"> with the record as schema.org data. It is data, not code:
browsers never execute it, so the strict CSP (script-src 'self') does not apply. The JSON is
escaped as json_script escapes it (<, > and & as \\uXXXX), so no text can close the element.
"""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from directory.reach import DAY_NAMES, parse_byday
from directory.text import printable
from organizations.models import Organization
from programs.models import Program

register = template.Library()

ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _organization(organization, request):
    data = {
        "@type": "Organization",
        "name": organization.display_name,
        "url": request.build_absolute_uri(organization.get_absolute_url()),
    }
    if organization.name and organization.short_name:
        data["alternateName"] = organization.short_name
    if organization.website:
        data["sameAs"] = organization.website
    return data


def _contact_points(record):
    """ContactPoints for the record's email, phones and contacts."""
    points = []
    if record.email:
        points.append({"@type": "ContactPoint", "email": record.email})
    for phone in record.phones.all():
        point = {
            "@type": "ContactPoint",
            "telephone": phone.number.as_e164,
            "contactType": phone.get_type_display(),
        }
        if phone.description:
            point["description"] = phone.description
        points.append(point)
    for contact in record.contacts.all():
        if contact.email:
            point = {"@type": "ContactPoint", "email": contact.email}
            if contact.name or contact.title:
                point["name"] = contact.name or contact.title
            points.append(point)
    return points


def _opening_hours(schedules):
    """OpeningHoursSpecification for weekly schedules with times (what schema.org can say)."""
    hours = []
    for schedule in schedules:
        if schedule.freq != "WEEKLY" or schedule.interval != 1 or not schedule.is_current:
            continue
        spec = {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [
                f"https://schema.org/{DAY_NAMES[day]}" for _, day in parse_byday(schedule.byday)
            ],
            "opens": schedule.opens_at.strftime("%H:%M"),
        }
        if schedule.closes_at:
            spec["closes"] = schedule.closes_at.strftime("%H:%M")
        if schedule.valid_from:
            spec["validFrom"] = schedule.valid_from.isoformat()
        if schedule.valid_to:
            spec["validThrough"] = schedule.valid_to.isoformat()
        hours.append(spec)
    return hours


def _places(record):
    schedules = list(record.schedules.all())
    places = []
    for location in record.locations.all():
        if location.location_type == location.Type.VIRTUAL:
            place = {"@type": "VirtualLocation", "url": location.url}
            if location.name:
                place["name"] = location.name
        else:
            place = {"@type": "Place", "name": location.name or location.address}
            if location.address_1:
                place["address"] = {
                    "@type": "PostalAddress",
                    "streetAddress": location.address_1,
                    "addressLocality": location.city,
                    "addressRegion": location.state_province,
                    "postalCode": location.postal_code,
                }
            hours = _opening_hours(s for s in schedules if s.location_id == location.pk)
            if hours:
                place["openingHoursSpecification"] = hours
        places.append(place)
    return places


def _languages(record):
    return [
        {"@type": "Language", "name": lang.name, "alternateName": lang.code}
        for lang in record.languages.all()
    ]


def program_data(program, request):
    """A program as a schema.org Service, from what the program page has already fetched."""
    data = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": program.name,
        "description": program.summary,
        "url": request.build_absolute_uri(program.get_absolute_url()),
        "areaServed": {"@type": "Place", "name": "MIT"},
        "serviceType": [s.name for s in program.support_types.all()],
        "audience": [
            {"@type": "Audience", "audienceType": a.name} for a in program.audiences.all()
        ],
    }
    if program.acronym:
        data["alternateName"] = program.acronym
    provider = program.provider()
    if provider is not None:
        data["provider"] = _organization(provider, request)
    if program.is_free:
        data["isAccessibleForFree"] = True
    # How to reach it: one ServiceChannel with what an editor entered.
    channel = {}
    if program.url:
        channel["serviceUrl"] = program.url
    if points := _contact_points(program):
        phones = [p for p in points if "telephone" in p]
        if phones:
            channel["servicePhone"] = phones[0] if len(phones) == 1 else phones
        channel["contactPoint"] = points
    if places := _places(program):
        channel["serviceLocation"] = places[0] if len(places) == 1 else places
    if languages := _languages(program):
        channel["availableLanguage"] = languages
    if channel:
        data["availableChannel"] = {"@type": "ServiceChannel", **channel}
    return data


def organization_data(organization, request):
    data = {"@context": "https://schema.org", **_organization(organization, request)}
    if organization.description or organization.mission:
        data["description"] = organization.description or organization.mission
    if organization.email:
        data["email"] = organization.email
    if points := _contact_points(organization):
        data["contactPoint"] = points
    if places := _places(organization):
        data["location"] = places
    if languages := _languages(organization):
        data["knowsLanguage"] = languages
    return data


def _printable(data):
    """The data without control characters, which have no place in a search engine's text."""
    if isinstance(data, dict):
        return {key: _printable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_printable(value) for value in data]
    return printable(data)


@register.simple_tag(takes_context=True)
def json_ld(context, record):
    request = context["request"]
    if isinstance(record, Program):
        data = program_data(record, request)
    elif isinstance(record, Organization):
        data = organization_data(record, request)
    else:
        return ""
    text = json.dumps(_printable(data), ensure_ascii=False).translate(ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
