"""The program list's filters on how to reach a program, as queryset rules: when it meets, how
one attends, in which language, whether it is free."""

import datetime

import pytest

from directory.models import Language
from programs.models import Program
from tests.builders import make_program

pytestmark = pytest.mark.django_db
T = datetime.time


def meeting(slug, opens, closes=None, byday="WE", **fields):
    program = make_program(slug)
    program.schedules.create(freq="WEEKLY", byday=byday, opens_at=opens, closes_at=closes, **fields)
    return program


def slugs(queryset):
    return sorted(queryset.values_list("slug", flat=True))


def test_time_of_day_from_schedules():
    meeting("lunch", T(12), T(13))
    meeting("after-work", T(18), T(20))
    meeting("late-shift", T(23), T(23, 59))
    meeting("dawn", T(5), T(6, 30))
    meeting("straddles-five", T(16), T(18))
    meeting("saturday", T(10), T(12), byday="SA")
    meeting("no-end-given", T(19))
    meeting(
        "ended",
        T(18),
        T(20),
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2020, 2, 1),
    )
    make_program("no-schedule")
    programs = Program.objects.all()
    assert slugs(programs.meeting_at(["evening"])) == [
        "after-work",
        "no-end-given",
        "straddles-five",
    ]
    assert slugs(programs.meeting_at(["daytime"])) == ["lunch", "saturday", "straddles-five"]
    assert slugs(programs.meeting_at(["night"])) == ["dawn", "late-shift"]
    assert slugs(programs.meeting_at(["weekend"])) == ["saturday"]
    # OR within the facet.
    assert slugs(programs.meeting_at(["night", "weekend"])) == ["dawn", "late-shift", "saturday"]
    assert not programs.meeting_at([]).exists()


def test_attending_in_person_online_or_by_phone():
    in_room = make_program("in-room")
    in_room.locations.create(name="Example Hall")
    online = make_program("online")
    online.locations.create(location_type="virtual", url="https://example.edu/join")
    meeting("phone-line", T(9), T(10), attending_type="phone")
    meeting("scheduled-online", T(9), T(10), attending_type="online")
    programs = Program.objects.all()
    assert slugs(programs.attending(["in-person"])) == ["in-room"]
    assert slugs(programs.attending(["online"])) == ["online", "scheduled-online"]
    assert slugs(programs.attending(["phone", "in-person"])) == ["in-room", "phone-line"]


def test_languages_and_cost():
    spanish = Language.objects.create(code="es", name="Spanish")
    haitian = Language.objects.create(code="ht", name="Haitian Creole")
    make_program("es-only").languages.add(spanish)
    both = make_program("both", is_free=True)
    both.languages.add(spanish, haitian)
    make_program("paid", is_free=False)
    make_program("unknown")
    programs = Program.objects.all()
    assert slugs(programs.in_languages(["ht"])) == ["both"]
    assert slugs(programs.in_languages(["ht", "es"])) == ["both", "es-only"]
    assert slugs(programs.free()) == ["both"]
    # AND across facets.
    assert slugs(programs.in_languages(["es"]).free()) == ["both"]
