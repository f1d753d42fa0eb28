"""Import and export columns for how to reach a record (django-import-export), shared by the
program and organization resources.

`website`/`url` and `email` are the record's own fields (validated by the model). Two more
columns write rows of their own after the record is saved:

- `phone`: the record's first phone number, e.g. ``617-555-0100`` (read as a US number unless it
  starts with +); a new number replaces the first phone's, or adds one.
- `schedule`: weekly meetings as ``WE 18:00-20:00``, several separated by ``;``
  (``MO,WE 9:00-12:00; FR 12:00-13:00``). The program's weekly schedules are made to match:
  ones already there are kept as they are (with their place and description), others added,
  weekly ones no longer listed removed.

A column absent from the file changes nothing; a malformed value is a row error naming the column.
"""

import datetime
import re

import phonenumbers
from import_export import fields, widgets

from directory.reach import parse_byday

SIMPLE_SCHEDULE = re.compile(
    r"(?P<days>[A-Za-z,]+)\s+(?P<opens>\d{1,2}:\d{2})(?:\s*-\s*(?P<closes>\d{1,2}:\d{2}))?"
)


class PhoneWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        try:
            number = phonenumbers.parse(text, "US")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValueError(f'"{text}" is not a phone number (617-555-0100, or +44 ...).')
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _time(text):
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return datetime.time(hours, minutes)
    except ValueError:
        raise ValueError(f'"{text}" is not a time (18:00).') from None


def parse_schedules(text):
    """[(byday, opens_at, closes_at)] from "WE 18:00-20:00; FR 12:00"; ValueError if not."""
    found = []
    for part in str(text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        match = SIMPLE_SCHEDULE.fullmatch(part)
        if match is None:
            raise ValueError(f'"{part}" is not a weekly schedule such as "WE 18:00-20:00".')
        days = parse_byday(match["days"])
        if not days or any(n for n, _ in days):
            raise ValueError(f'"{match["days"]}" is not a list of days (MO,WE).')
        opens = _time(match["opens"])
        closes = _time(match["closes"]) if match["closes"] else None
        if closes is not None and closes <= opens:
            raise ValueError(f'"{part}" ends before it starts.')
        found.append((",".join(day for _, day in days), opens, closes))
    return found


def schedule_text(byday, opens, closes):
    hours = f"{opens:%H:%M}" + (f"-{closes:%H:%M}" if closes else "")
    return f"{byday} {hours}"


class ScheduleWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "; ".join(schedule_text(*s) for s in parse_schedules(value))


def reach_fields():
    """The `phone` and `schedule` columns: `phone, schedule = reach_fields()` in a resource."""
    return (
        fields.Field(attribute="phone", column_name="phone", widget=PhoneWidget()),
        fields.Field(attribute="schedule", column_name="schedule", widget=ScheduleWidget()),
    )


def _weekly(record):
    return [s for s in record.schedules.all() if s.freq == "WEEKLY" and s.interval == 1]


def current_phone(record):
    first = record.phones.first() if record.pk else None
    return first.number.as_e164 if first else ""


def current_schedule(record):
    if not record.pk:
        return ""
    return "; ".join(schedule_text(s.byday, s.opens_at, s.closes_at) for s in _weekly(record))


class ReachColumns:
    """Resource hooks for the `phone` and `schedule` columns (see the module's docstring)."""

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        # What the record holds now: an unchanged column leaves the row unchanged.
        instance.phone = current_phone(instance)
        instance.schedule = current_schedule(instance)
        return instance, new

    def dehydrate_phone(self, record):
        return current_phone(record)

    def dehydrate_schedule(self, record):
        return current_schedule(record)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        phone = getattr(instance, "phone", "")
        if phone and phone != current_phone(instance):
            first = instance.phones.first()
            if first is None:
                instance.phones.create(number=phone)
            else:
                first.number = phone
                first.save()
        wanted = getattr(instance, "schedule", "")
        if "schedule" in row and wanted != current_schedule(instance):
            rows = {
                schedule_text(byday, opens, closes): (byday, opens, closes)
                for byday, opens, closes in parse_schedules(wanted)
            }
            for schedule in _weekly(instance):
                key = schedule_text(schedule.byday, schedule.opens_at, schedule.closes_at)
                if rows.pop(key, None) is None:
                    schedule.delete()
            for byday, opens, closes in rows.values():
                instance.schedules.create(
                    freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes
                )
