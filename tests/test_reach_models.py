"""How to reach a record (directory/reach.py): schedules in words, their next meetings in
Cambridge time across daylight-saving changes, and what editors may not enter."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from directory.models import Language
from programs.models import ProgramLocation, ProgramPhone, ProgramSchedule
from tests.builders import make_program

CAMBRIDGE = zoneinfo.ZoneInfo("America/New_York")
UTC = datetime.UTC


def schedule(**fields):
    fields.setdefault("freq", "WEEKLY")
    fields.setdefault("byday", "WE")
    fields.setdefault("opens_at", datetime.time(18))
    fields.setdefault("closes_at", datetime.time(20))
    return ProgramSchedule(**fields)


@pytest.mark.parametrize(
    "fields, words",
    [
        ({}, "every Wednesday 6-8 pm"),
        (
            {"interval": 2, "byday": "TU", "opens_at": datetime.time(11)},
            "every other Tuesday 11 am-8 pm",
        ),
        (
            {
                "byday": "MO,TU,WE,TH,FR",
                "opens_at": datetime.time(9),
                "closes_at": datetime.time(12),
            },
            "every weekday 9 am-noon",
        ),
        (
            {"freq": "MONTHLY", "byday": "1WE", "opens_at": datetime.time(18, 30)},
            "the first Wednesday of each month 6:30-8 pm",
        ),
        (
            {"freq": "MONTHLY", "byday": "", "bymonthday": "1,15", "closes_at": None},
            "the 1st and the 15th of each month from 6 pm",
        ),
        (
            {
                "freq": "",
                "byday": "",
                "opens_at": None,
                "closes_at": None,
                "by_appointment": "By appointment",
            },
            "By appointment",
        ),
    ],
)
def test_a_schedule_in_words(fields, words):
    assert schedule(**fields).in_words() == words


def test_meetings_keep_the_wall_clock_across_the_end_of_daylight_saving_time():
    weekly = schedule(valid_from=datetime.date(2026, 10, 1))
    after = datetime.datetime(2026, 10, 20, tzinfo=CAMBRIDGE)
    starts = [start for start, _ in weekly.occurrences(limit=3, after=after)]
    assert [s.astimezone(UTC).hour for s in starts] == [22, 22, 23]  # EDT, EDT, then EST
    assert [s.astimezone(CAMBRIDGE).strftime("%a %d %b %H:%M") for s in starts] == [
        "Wed 21 Oct 18:00",
        "Wed 28 Oct 18:00",
        "Wed 04 Nov 18:00",
    ]
    _, end = weekly.occurrences(limit=1, after=after)[0]
    assert end.astimezone(CAMBRIDGE).hour == 20


def test_every_other_week_counts_from_the_first_meeting():
    fortnightly = schedule(interval=2, dtstart=datetime.date(2027, 1, 6))
    starts = fortnightly.occurrences(limit=3, after=datetime.date(2027, 1, 1))
    assert [s.date() for s, _ in starts] == [
        datetime.date(2027, 1, 6),
        datetime.date(2027, 1, 20),
        datetime.date(2027, 2, 3),
    ]


def test_a_schedule_that_has_ended_has_no_next_meeting():
    ended = schedule(valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2020, 6, 1))
    assert ended.next_occurrence() is None
    assert not ended.is_current


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"closes_at": datetime.time(17)}, "closes_at"),  # ends before it starts
        (
            {"valid_from": datetime.date(2027, 2, 1), "valid_to": datetime.date(2027, 1, 1)},
            "valid_to",
        ),
        ({"byday": "WEDNESDAY"}, "byday"),
        ({"byday": ""}, "byday"),
        ({"byday": "1WE"}, "byday"),  # "first" is for monthly schedules
        ({"freq": "MONTHLY", "byday": "", "bymonthday": "32"}, "bymonthday"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"opens_at": None, "closes_at": None}, "opens_at"),
        ({"freq": "", "opens_at": None, "closes_at": None}, "freq"),
        ({"freq": "", "byday": "", "opens_at": None, "closes_at": None}, "by_appointment"),
    ],
)
def test_a_malformed_schedule_is_refused_naming_the_field(fields, field):
    with pytest.raises(ValidationError) as refused:
        schedule(**fields).clean()
    assert field in refused.value.message_dict


def test_a_schedule_that_can_never_occur_is_refused():
    # Monday to Tuesday, meeting on Wednesdays; the 31st of the month in a February.
    never = [
        schedule(valid_from=datetime.date(2027, 1, 4), valid_to=datetime.date(2027, 1, 5)),
        schedule(
            freq="MONTHLY",
            byday="",
            bymonthday="31",
            valid_from=datetime.date(2027, 2, 1),
            valid_to=datetime.date(2027, 2, 28),
        ),
    ]
    for one in never:
        with pytest.raises(ValidationError, match="never occurs"):
            one.clean()


@pytest.mark.django_db
def test_phones_are_validated_and_formatted():
    program = make_program()
    phone = ProgramPhone(program=program, number="617-555-0100", extension=12)
    phone.full_clean()
    phone.save()
    phone.refresh_from_db()
    assert phone.display_number == "(617) 555-0100"
    assert phone.href == "tel:+1-617-555-0100;ext=12"
    with pytest.raises(ValidationError) as refused:
        ProgramPhone(program=program, number="12345").full_clean()
    assert "number" in refused.value.message_dict


@pytest.mark.django_db
def test_links_must_be_web_addresses_and_languages_iso_codes():
    program = make_program()
    program.url = "javascript:alert(1)"
    with pytest.raises(ValidationError) as refused:
        program.full_clean()
    assert "url" in refused.value.message_dict
    online = ProgramLocation(program=program, location_type="virtual", url="javascript:x")
    with pytest.raises(ValidationError) as refused:
        online.full_clean()
    assert "url" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        Language(code="eng", name="English").full_clean()
    assert "code" in refused.value.message_dict
    with pytest.raises(ValidationError):
        ProgramLocation(program=program, location_type="virtual").full_clean()
