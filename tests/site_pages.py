"""The site's public pages, found by walking the URL resolver, with real values filled in.

Shared by the fuzzing and backup tests, so a page another branch adds is covered by both.
"""

import itertools
import re
from urllib.parse import quote

from django.db.models import UUIDField
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters
from django.urls.resolvers import RegexPattern, RoutePattern

from directory.cache import directory_models

SKIPPED_NAMESPACES = {"admin"}
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def public_routes():
    """Every URL pattern outside the admin, as a route string like 'programs/<slug:slug>/'."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry.pattern, RoutePattern):
                part = str(entry.pattern._route)
            elif isinstance(entry.pattern, RegexPattern):
                part = entry.pattern._regex.removeprefix("^").removesuffix("$")
                if re.search(r"[\\()\[\]*+?{}|^$]", part):
                    continue  # a regex route: nothing to fill it with
            else:
                continue
            if isinstance(entry, URLResolver):
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                walk(entry.url_patterns, prefix + part)
            elif isinstance(entry, URLPattern):
                routes.append(prefix + part)

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))


def candidate_values():
    """Real identifiers from the database: slugs, primary keys and UUIDs of directory data."""
    values = []
    for model in directory_models():
        if model._meta.auto_created:
            continue
        fields = [f for f in model._meta.fields if f.unique or isinstance(f, UUIDField)]
        for row in model._default_manager.values_list(*(f.attname for f in fields))[:5]:
            values.extend(str(value) for value in row if value is not None)
    return list(dict.fromkeys(values))


# Pages that answer only for data the seed does not have (the sources give no meeting times,
# so no program has a calendar): placeholder data that makes them answer.
def _a_weekly_schedule():
    import datetime

    from programs.models import Program, ProgramSchedule

    program = Program.objects.published().first()  # in name order, as candidate_values reads
    if program is not None and not program.schedules.exists():
        ProgramSchedule.objects.create(
            program=program,
            freq="WEEKLY",
            byday="WE",
            opens_at=datetime.time(18),
            closes_at=datetime.time(20),
            description="Placeholder drop-in for tests",
        )


# Idempotent, and made before any page is filled in, so every caller sees the same pages.
PAGE_DATA = [_a_weekly_schedule]


def fill(route, client):
    """The route with each <parameter> replaced so that the page answers; an error when no
    value from the database makes it answer (a page nobody can reach is a fault to see)."""
    for make in PAGE_DATA:
        make()
    parameters = list(PARAMETER.finditer(route))
    if not parameters:
        return "/" + route
    converters = get_converters()
    values = candidate_values()
    choices = []
    for match in parameters:
        regex = converters[match["converter"] or "str"].regex
        choices.append([v for v in values if re.fullmatch(regex, v)] or ["x"])
    for combination in itertools.islice(itertools.product(*choices), 300):
        parts = iter(combination)
        path = "/" + PARAMETER.sub(lambda _m, parts=parts: quote(next(parts)), route)
        if client.get(path).status_code < 400:
            return path
    raise AssertionError(f"No value from the database makes /{route} answer.")
