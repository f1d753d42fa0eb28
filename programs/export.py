"""/programs.csv: the program list as CSV, with the same filters and search as /programs/.

Streamed: the header goes out at once, then the rows, CHUNK programs at a time, so memory stays
flat and the first byte leaves at once however many programs the directory holds. The rows are
plain values (no model instances: building ~8 per program was most of the time), and each
chunk's audiences, kinds of support and sponsors are read in one query each.
"""

import csv
from contextlib import nullcontext

from django.db import connections, transaction
from django.db.models import Case, F, When
from django.db.models.sql.constants import CURSOR
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from directory.models import Status
from directory.spreadsheets import escape_formula
from programs.filters import ProgramFilter
from programs.models import Program, Sponsorship

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
# Programs read per round trip while streaming; the first read is a page's worth, so the first
# rows leave at once.
CHUNK = 1000
FIRST_CHUNK = 20
FIELDS = (
    "pk",
    "name",
    "acronym",
    "slug",
    "summary",
    "year_started",
    "is_confidential",
    "public_modeled_on",
    "updated",
)
ROLES = dict(Sponsorship.Role.choices)


class _Line:
    """A file-like object for csv.writer that hands back each line instead of keeping it."""

    def write(self, line):
        return line


def _names_by_program(pks, link, names):
    """{program pk: [names]} of one many-to-many link ("audience", "supporttype"), in the
    taxonomy's own order; `names` maps its pks to names."""
    found = {}
    through = Program.audiences.through if link == "audience" else Program.support_types.through
    rows = through.objects.filter(program_id__in=pks).order_by(f"{link}__order", f"{link}__name")
    for program_id, target in rows.values_list("program_id", f"{link}_id"):
        found.setdefault(program_id, []).append(names[target])
    return found


def _sponsors_by_program(pks):
    """{program pk: ["Role: Organization"]} of these published programs, the organizations the
    public may see (Sponsorship.objects.public()'s rule, checked here: given the organization's
    status in the query, SQLite walked every published organization for each of the chunk's
    programs, 0.7 s a chunk at 20,009 programs, instead of the chunk's sponsorships)."""
    found = {}
    rows = Sponsorship.objects.filter(program_id__in=pks).order_by("program_id", "order", "pk")
    for program_id, role, name, short_name, status in rows.values_list(
        "program_id",
        "role",
        "organization__name",
        "organization__short_name",
        "organization__status",
    ):
        if status != Status.PUBLISHED:
            continue
        organization = f"{name} ({short_name})" if name and short_name else name or short_name
        found.setdefault(program_id, []).append(f"{ROLES.get(role, role)}: {organization}")
    return found


def _chunks(values):
    """The rows of `values` as lists: FIRST_CHUNK rows, then CHUNK at a time, each read from
    the database as it is needed (a server-side cursor on PostgreSQL).

    QuerySet.iterator() reads a fixed number of rows per fetch; the first rows would then wait
    for a whole CHUNK to be read (on PostgreSQL, 2,300 programs walked in name order to find
    1,000 of an audience at 100,009). So the cursor is read here, a short fetch first; Django's
    compiler still turns the database's values into Python's."""
    compiler = values.query.get_compiler(using=values.db)
    cursor = compiler.execute_sql(CURSOR, chunked_fetch=True)
    if cursor is None:  # a filter no program can match: nothing to read
        return

    try:
        size = FIRST_CHUNK
        while fetched := cursor.fetchmany(size):
            yield list(compiler.results_iter([fetched], tuple_expected=True))
            size = CHUNK
    finally:
        cursor.close()


def _rows(program_filter, request):
    """The CSV's rows for the programs of this filter, in the list's order, CHUNK at a time."""
    # The filter has read the audiences and kinds of support for its options already.
    audiences = {o.pk: o.label for o in program_filter.options["audience"]}
    support_types = {o.pk: o.label for o in program_filter.options["support"]}
    marker = "slug-here"
    url = request.build_absolute_uri(reverse("programs:detail", args=[marker]))
    values = program_filter.qs.annotate(
        public_modeled_on=Case(
            When(modeled_on__status=Status.PUBLISHED, then=F("modeled_on__name")), default=None
        )
    ).values_list(*FIELDS)
    for chunk in _chunks(values):
        pks = [row[0] for row in chunk]
        serves = _names_by_program(pks, "audience", audiences)
        gives = _names_by_program(pks, "supporttype", support_types)
        sponsors = _sponsors_by_program(pks)
        yield [
            [
                name,
                acronym,
                url.replace(marker, slug),
                summary,
                year or "",
                SEPARATOR.join(serves.get(pk, [])),
                SEPARATOR.join(gives.get(pk, [])),
                "yes" if confidential else "no",
                SEPARATOR.join(sponsors.get(pk, [])),
                modeled_on or "",
                updated.date().isoformat(),
            ]
            for pk, name, acronym, slug, summary, year, confidential, modeled_on, updated in chunk
        ]


def _reading(using):
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return transaction.atomic(using=using)
    return nullcontext()  # SQLite fetches as it goes; inside a transaction, so does PostgreSQL


@require_safe
def programs_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every program the list shows for this query string (all pages), one row each."""
    program_filter = ProgramFilter(request.GET, queryset=Program.objects.published())
    program_filter.qs  # noqa: B018  (reads the query string now: a bad one says so at once)
    writer = csv.writer(_Line())

    def lines():
        yield writer.writerow(COLUMNS).encode()
        # On PostgreSQL, in a transaction: its server-side cursor then reads as the rows are
        # sent (outside one, a cursor WITH HOLD reads every row before the first is sent).
        with _reading(program_filter.qs.db):
            for rows in _rows(program_filter, request):
                yield "".join(
                    writer.writerow([escape_formula(v) for v in row]) for row in rows
                ).encode()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="programs.csv"'
    return response
