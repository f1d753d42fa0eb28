"""/programs.csv: the program list as CSV, with the same filters and search as /programs/."""

import csv

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from directory.spreadsheets import escape_formula
from programs.filters import ProgramFilter
from programs.models import Program

COLUMNS = [
    "name",
    "acronym",
    "url",
    "summary",
    "year_started",
    "audiences",
    "kinds_of_support",
    "confidential",
    "organizations",
    "modeled_on",
    "last_updated",
]
# Several values in one cell are joined with this; no name in the data contains it.
SEPARATOR = "; "


def _row(program, request):
    sponsors = [f"{s.get_role_display()}: {s.organization}" for s in program.sponsorships.all()]
    modeled_on = program.public_modeled_on
    return [
        program.name,
        program.acronym,
        request.build_absolute_uri(program.get_absolute_url()),
        program.summary,
        program.year_started or "",
        SEPARATOR.join(a.name for a in program.audiences.all()),
        SEPARATOR.join(s.name for s in program.support_types.all()),
        "yes" if program.is_confidential else "no",
        SEPARATOR.join(sponsors),
        modeled_on.name if modeled_on else "",
        program.updated.date().isoformat(),
    ]


@require_safe
def programs_csv(request: HttpRequest) -> HttpResponse:
    """Every program the list shows for this query string (all pages), one row each."""
    queryset = (
        Program.objects.published()
        .with_public_sponsorships()
        .select_related("modeled_on")
        .prefetch_related("audiences", "support_types")
    )
    program_filter = ProgramFilter(request.GET, queryset=queryset)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="programs.csv"'
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    for program in program_filter.qs:
        writer.writerow([escape_formula(v) for v in _row(program, request)])
    return response
