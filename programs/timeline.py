"""The timeline page: when each program started and its milestones, as a server-rendered SVG.

Two drawings of the same data: a wide one, and a narrow one for phones (CSS shows one), where
names wrap over lines and years are spaced for 375 px, so nothing scrolls sideways.

Its cost does not grow with the directory: the drawing holds one page of programs (by year
started, then name; `?page=` as on the list), and the whole directory's shape is a count of
programs started each year, counted in the database (one row a year)."""

import math
import textwrap
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, F
from django.shortcuts import render
from django.views.decorators.http import require_safe

from directory.cache import kept_for_version
from directory.pagination import CountedPaginator
from programs.models import Milestone, Program

# Programs drawn on one page of the timeline, as many as on a page of the list.
PAGE_SIZE = 20
# Programs without a year started are named one by one up to this many; past it, the page says
# how many there are and links to the list.
UNDATED_NAMED = 20

# SVG geometry, in viewBox units. The picture scales with the page width.
# Each program takes a row: its name on top, the bar below, milestone years under the dots.
LABEL_WIDTH = 30  # left margin; names sit above their bars, so long names never clip
PLOT_WIDTH = 680
RIGHT_MARGIN = 30
ROW_HEIGHT = 84
AXIS_HEIGHT = 44
TOP = 40
LINE_HEIGHT = 20  # a program name's second line
# A generous width of one character of a name (16 unit bold sans-serif), to keep names inside.
NAME_CHAR_WIDTH = 10
# The narrow drawing is drawn at the size it is shown on a 375 px phone (1 unit = 1 px), so
# its 14 and 16 unit text is 14 and 16 px; names wrap at about 30 characters of 16 px bold,
# and the margins hold half a year label ("1999" centred on the first year).
NARROW = {"left": 22, "plot": 286, "right": 28, "wrap": 30, "min_tick_gap": 56}
WIDE = {"left": LABEL_WIDTH, "plot": PLOT_WIDTH, "right": RIGHT_MARGIN, "wrap": 0}


@dataclass
class Mark:
    year: int
    x: float
    label: str
    labelled: bool = True  # its year written under it (not when too close to the previous)


# The least distance between two milestone years written under one row (a 14 unit "2010" is
# about 34 units wide); a closer one keeps its dot and its tooltip, and is in the table.
LABEL_GAP = 38


@dataclass
class Row:
    program: Program
    y: float
    start: Mark
    milestones: list[Mark] = field(default_factory=list)
    end_x: float = 0
    name_lines: list[str] = field(default_factory=list)
    name_x: float = 0
    name_y: float = 0
    name_anchor: str = "start"


@dataclass
class Timeline:
    rows: list[Row]
    ticks: list[Mark]
    first_year: int
    last_year: int
    width: int
    height: int
    axis_y: float
    key: str = "wide"


def build_timeline(programs, layout=None, key="wide"):
    """Lay out the programs that have a year started; years span the starts and milestones."""
    layout = layout or WIDE
    left, plot = layout["left"], layout["plot"]
    dated = [p for p in programs if p.year_started]
    years = [p.year_started for p in dated] + [m.year for p in dated for m in p.timeline_milestones]
    if not years:
        return None
    first, last = min(years), max(years)
    span = max(last - first, 1)
    width = left + plot + layout["right"]

    def x(year):
        return round(left + (year - first) * plot / span, 1)

    rows = []
    y = TOP
    for program in sorted(dated, key=lambda p: (p.year_started, p.name)):
        name = program.name + (f" ({program.acronym})" if program.acronym else "")
        lines = textwrap.wrap(name, layout["wrap"]) if layout["wrap"] else [name]
        y += LINE_HEIGHT * (len(lines) - 1)
        milestones = [Mark(m.year, x(m.year), m.event) for m in program.timeline_milestones]
        last_label = None
        for mark in milestones:
            mark.labelled = last_label is None or mark.x - last_label >= LABEL_GAP
            last_label = mark.x if mark.labelled else last_label
        row = Row(program, y, Mark(program.year_started, x(program.year_started), "started"))
        row.milestones = milestones
        row.end_x = max([row.start.x] + [m.x for m in milestones])
        row.name_lines = lines
        row.name_y = y - 16 - LINE_HEIGHT * (len(lines) - 1)
        if layout["wrap"]:
            row.name_x = left  # wrapped names start at the margin: they fit whatever the year
        else:
            # Above its first dot, reading on from it; or ending at it near the right edge; or,
            # too long for either side, from the left margin, so no name is ever cut off.
            row.name_x = row.start.x
            row.name_anchor = "end" if row.start.x > 500 else "start"
            text_width = len(name) * NAME_CHAR_WIDTH
            if row.name_anchor == "start" and row.start.x + text_width > width:
                row.name_anchor = "end"
            if row.name_anchor == "end" and row.start.x - text_width < 0:
                row.name_x, row.name_anchor = left, "start"
        rows.append(row)
        y += ROW_HEIGHT
    if "min_tick_gap" in layout:
        step = max(1, math.ceil(layout["min_tick_gap"] * span / plot))
    else:
        step = 1 if span <= 10 else 2
    ticks = [Mark(year, x(year), str(year)) for year in range(first, last + 1, step)]
    if ticks[-1].year != last:
        if x(last) - ticks[-1].x < layout.get("min_tick_gap", 0):
            ticks.pop()  # too close to the last year to both be read
        ticks.append(Mark(last, x(last), str(last)))
    axis_y = rows[-1].y + 56
    return Timeline(
        rows=rows,
        ticks=ticks,
        first_year=first,
        last_year=last,
        width=width,
        height=round(axis_y + AXIS_HEIGHT),
        axis_y=axis_y,
        key=key,
    )


def started_each_year(programs):
    """[(year, how many of these programs started that year)] in year order, and how many give
    no year: one GROUP BY, one row a year (the years are bounded by the model's constraint)."""
    # COUNT(*), not of a column: PostgreSQL counts from the index alone.
    rows = programs.order_by("year_started").values_list("year_started").annotate(n=Count("*"))
    by_year = [(year, n) for year, n in rows if year is not None]
    undated = sum(n for year, n in rows if year is None)
    return by_year, undated


@dataclass
class YearCount:
    year: int
    count: int
    page: int  # the timeline page where this year's programs begin
    bar: float  # bar length, 0-100, relative to the busiest year
    shown: bool  # some of this year's programs are on the page being read


def year_counts(by_year, page_size, page_obj):
    """Each year's count, the page where its programs begin, and whether `page_obj` shows
    some of them."""
    busiest = max((n for _, n in by_year), default=1)
    first, last = page_obj.start_index() - 1, page_obj.end_index()
    counts, before = [], 0
    for year, n in by_year:
        page = before // page_size + 1
        shown = before < last and before + n > first
        counts.append(YearCount(year, n, page, round(100 * n / busiest, 1), shown))
        before += n
    return counts


def _joined_to_milestones(programs):
    """`programs` with a row for each of their milestones (LEFT OUTER JOIN: a program without
    one gives a single row whose milestone columns are NULL)."""
    return programs.annotate(
        milestone_pk=F("milestones__pk"),
        milestone_year=F("milestones__year"),
        milestone_event=F("milestones__event"),
    ).order_by()


def _page_and_undated(published, by_year, offset, undated_count):
    """The page of dated programs starting at `offset` (by year started, name), and the
    programs without a year when there are at most UNDATED_NAMED, each with its milestones in
    `timeline_milestones`: one query.

    The page is found from the (status, year started, name) index: its first year is known
    from the counts of each year, so the index is walked from that year, never past more
    programs than one year has, however deep the page."""
    before = 0
    first_year = None
    for year, n in by_year:
        if before + n > offset:
            first_year = year
            break
        before += n
    if first_year is None:
        page = published.none()
    else:
        start = offset - before
        page = published.filter(year_started__gte=first_year).order_by(
            "year_started", "name", "pk"
        )[start : start + PAGE_SIZE]
    found = _joined_to_milestones(Program.objects.filter(pk__in=page.values("pk")))
    if 0 < undated_count <= UNDATED_NAMED:
        undated = published.filter(year_started=None).values("pk")[:UNDATED_NAMED]
        # UNION ALL, not an OR of the two: PostgreSQL reads an OR of subqueries by scanning
        # every program.
        found = found.union(_joined_to_milestones(Program.objects.filter(pk__in=undated)), all=True)
    rows = found.order_by("pk", "milestone_year", "milestone_pk")
    programs = []
    for _, joined in groupby(rows, key=lambda row: row.pk):
        joined = list(joined)
        program = joined[0]
        program.timeline_milestones = [
            Milestone(
                pk=row.milestone_pk,
                program=program,
                year=row.milestone_year,
                event=row.milestone_event,
            )
            for row in joined
            if row.milestone_pk is not None
        ]
        programs.append(program)
    return programs


@require_safe
def timeline(request):
    """Programs by year started, with milestones, a page at a time. Template:
    programs/timeline.html; context: timeline and narrow_timeline (the drawings of this page),
    dated (this page's programs), page_obj, years (programs started each year, when there is
    more than one page), undated (programs without a year, when few), undated_count."""
    published = Program.objects.published()
    # Counted over every published program: kept for the directory version.
    by_year, undated_count = kept_for_version(
        ("timeline-years",), lambda: started_each_year(published)
    )
    dated_count = sum(n for _, n in by_year)
    paginator = CountedPaginator(Program.objects.none(), PAGE_SIZE, lambda: dated_count)
    page_obj = paginator.get_page(request.GET.get("page"))
    offset = page_obj.start_index() - 1
    programs = _page_and_undated(published, by_year, offset, undated_count)
    dated = sorted(
        (p for p in programs if p.year_started), key=lambda p: (p.year_started, p.name, p.pk)
    )
    context = {
        "timeline": build_timeline(dated),
        "narrow_timeline": build_timeline(dated, NARROW, key="narrow"),
        "dated": dated,
        "page_obj": page_obj,
        "dated_count": dated_count,
        "years": year_counts(by_year, PAGE_SIZE, page_obj) if paginator.num_pages > 1 else [],
        "undated": sorted((p for p in programs if not p.year_started), key=lambda p: p.name),
        "undated_count": undated_count,
        "undated_named": undated_count <= UNDATED_NAMED,
    }
    return render(request, "programs/timeline.html", context)
