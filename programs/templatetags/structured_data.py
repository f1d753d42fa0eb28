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
    return data


def organization_data(organization, request):
    data = {"@context": "https://schema.org", **_organization(organization, request)}
    if organization.description or organization.mission:
        data["description"] = organization.description or organization.mission
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
