"""Programs' schedules as iCalendar files (RFC 5545): /programs/<slug>/calendar.ics for one
program, /calendar.ics for every published program. Each schedule is one recurring event in its
own time zone (America/New_York unless an editor chose another), with the VTIMEZONE that
defines it, so a calendar keeps 6 pm at 6 pm across daylight-saving changes."""

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe
from icalendar import Calendar, Event, vRecur

from directory.reach import parse_byday, parse_bymonthday
from programs.models import Program

PRODID = "-//MIT Community Programs Directory//Programs//EN"


def _rrule(schedule):
    rule = {"FREQ": schedule.freq}
    if schedule.interval and schedule.interval > 1:
        rule["INTERVAL"] = schedule.interval
    days = [f"{n or ''}{day}" for n, day in parse_byday(schedule.byday)]
    if days:
        rule["BYDAY"] = days
    monthdays = parse_bymonthday(schedule.bymonthday)
    if monthdays:
        rule["BYMONTHDAY"] = monthdays
    if schedule.valid_to:
        end = datetime.datetime.combine(schedule.valid_to, datetime.time.max, schedule.zone)
        rule["UNTIL"] = end.replace(microsecond=0).astimezone(datetime.UTC)
    return vRecur(rule)


def _where(schedule):
    place = schedule.location
    if place is None:
        return ""
    if place.location_type == place.Type.VIRTUAL:
        return place.url
    return ", ".join(part for part in (place.name, place.address) if part)


def schedule_event(program, schedule, request, today):
    """The schedule as one recurring VEVENT from its next meeting on, or None if it has none."""
    found = schedule.occurrences(limit=1, after=today)
    if not found:
        return None
    start, end = found[0]
    page = request.build_absolute_uri(program.get_absolute_url())
    event = Event()
    event.add("uid", f"program-schedule-{schedule.pk}@{request.get_host()}")
    event.add("dtstamp", program.updated.astimezone(datetime.UTC).replace(microsecond=0))
    event.add("summary", " · ".join(p for p in (program.name, schedule.description) if p))
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    event.add("rrule", _rrule(schedule))
    event.add("description", f"{schedule.in_words()}\n{page}")
    event.add("url", page)
    if where := _where(schedule):
        event.add("location", where)
    return event


def calendar_of(programs, request):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "MIT community programs")
    today = timezone.localdate()
    for program in programs:
        for schedule in program.calendar_schedules:
            event = schedule_event(program, schedule, request, today)
            if event is not None:
                calendar.add_component(event)
    if not calendar.walk("VEVENT"):
        return None
    calendar.add_missing_timezones()
    return calendar


def _response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def program_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """One published program's schedules; 404 when it has none with times."""
    program = get_object_or_404(Program.objects.published().with_schedules(), slug=slug)
    calendar = calendar_of([program], request)
    if calendar is None:
        raise Http404("This program has no schedule with times.")
    return _response(calendar, f"{program.slug}.ics")


@require_safe
def all_calendars(request: HttpRequest) -> HttpResponse:
    """Every published program's schedules; 404 while no program has one."""
    programs = Program.objects.published().on_calendar().with_schedules().order_by("name")
    calendar = calendar_of(programs, request)
    if calendar is None:
        raise Http404("No program has a schedule with times yet.")
    return _response(calendar, "programs.ics")
