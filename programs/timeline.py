"""The timeline page: when each program started and its milestones, as a server-rendered SVG."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from programs.models import Milestone, Program

# SVG geometry, in viewBox units. The picture scales with the page width.
# Each program takes a row: its name on top, the bar below, milestone years under the dots.
LABEL_WIDTH = 30  # left margin; names sit above their bars, so long names never clip
PLOT_WIDTH = 680
RIGHT_MARGIN = 30
ROW_HEIGHT = 84
AXIS_HEIGHT = 44
TOP = 40


@dataclass
class Mark:
    year: int
    x: float
    label: str


@dataclass
class Row:
    program: Program
    y: float
    start: Mark
    milestones: list[Mark] = field(default_factory=list)
    end_x: float = 0


@dataclass
class Timeline:
    rows: list[Row]
    ticks: list[Mark]
    first_year: int
    last_year: int
    width: int
    height: int
    axis_y: float


def build_timeline(programs):
    """Lay out the programs that have a year started; years span the starts and milestones."""
    dated = [p for p in programs if p.year_started]
    years = [p.year_started for p in dated] + [m.year for p in dated for m in p.milestones.all()]
    if not years:
        return None
    first, last = min(years), max(years)
    span = max(last - first, 1)

    def x(year):
        return round(LABEL_WIDTH + (year - first) * PLOT_WIDTH / span, 1)

    rows = []
    for index, program in enumerate(sorted(dated, key=lambda p: (p.year_started, p.name))):
        y = TOP + index * ROW_HEIGHT
        milestones = [Mark(m.year, x(m.year), m.event) for m in program.milestones.all()]
        row = Row(program, y, Mark(program.year_started, x(program.year_started), "started"))
        row.milestones = milestones
        row.end_x = max([row.start.x] + [m.x for m in milestones])
        rows.append(row)
    step = 1 if span <= 10 else 2
    ticks = [Mark(year, x(year), str(year)) for year in range(first, last + 1, step)]
    if ticks[-1].year != last:
        ticks.append(Mark(last, x(last), str(last)))
    axis_y = TOP + (len(rows) - 1) * ROW_HEIGHT + 56
    return Timeline(
        rows=rows,
        ticks=ticks,
        first_year=first,
        last_year=last,
        width=LABEL_WIDTH + PLOT_WIDTH + RIGHT_MARGIN,
        height=round(axis_y + AXIS_HEIGHT),
        axis_y=axis_y,
    )


@require_safe
def timeline(request):
    """Programs by year started, with milestones. Template: programs/timeline.html."""
    programs = list(
        Program.objects.published()
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("year", "pk")))
        .order_by("name")
    )
    context = {
        "timeline": build_timeline(programs),
        "dated": sorted((p for p in programs if p.year_started), key=lambda p: p.year_started),
        "undated": [p for p in programs if not p.year_started],
    }
    return render(request, "programs/timeline.html", context)
