"""What a visitor sees of how to reach a program or an organization: the key-facts box at the
top of its page, honest "Not listed yet" links, and the calendar files."""

import datetime
import zoneinfo

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone

from organizations.models import Organization
from programs.models import Program, ProgramSchedule
from tests.builders import give_reach, make_program

pytestmark = pytest.mark.django_db
CAMBRIDGE = zoneinfo.ZoneInfo("America/New_York")


def key_facts(page):
    text = page.text
    start = text.index('<aside class="key-facts"')
    return text[start : text.index("</aside>", start)]


def test_refs_page_opens_with_how_to_reach_it(client, seeded):
    give_reach(Program.objects.get(slug="refs"))
    page = client.get("/programs/refs/")
    box = key_facts(page)
    # At the top: before the description.
    assert page.text.index('class="key-facts"') < page.text.index('id="about-heading"')
    assert 'href="mailto:refs@example.edu"' in box
    assert 'href="mailto:coordinators@example.edu"' in box
    assert 'href="tel:+1-617-555-0100"' in box and "(617) 555-0100" in box
    assert 'href="https://example.edu/refs"' in box
    assert "Example Hall, Room 101" in box and 'href="https://example.edu/join"' in box
    assert "Drop-in hours: every Wednesday 6-8 pm (in person, Example Hall, Room 101)" in box
    assert "Next: Wednesday " in box and "6-8 pm (Cambridge time)" in box
    assert 'href="/programs/refs/calendar.ics"' in box
    assert "Free" in box and '<span lang="en">English</span>' in box
    assert "Not listed yet" not in box
    assert f"{timezone.localdate():%-d %B %Y}" in box and "Over a year ago" not in box


def test_esl_says_honestly_what_is_not_listed(client, seeded):
    page = client.get("/programs/esl-for-service-employees/")
    box = key_facts(page)
    for fact in [
        "an email address",
        "a phone number",
        "a website",
        "where it meets",
        "when it meets",
        "what it costs",
        "the languages",
    ]:
        assert f'Not listed yet<span class="visually-hidden">: tell us {fact}</span>' in box
    assert 'href="/programs/esl-for-service-employees/suggest/?topic=reach"' in box
    assert "Not verified by an editor yet" in box
    assert "calendar.ics" not in box
    form = client.get("/programs/esl-for-service-employees/suggest/?topic=reach")
    assert form.context["form"]["message"].value() == "Do you know how to reach ESL? "
    assert client.get("/programs/esl-for-service-employees/suggest/?topic=nonsense").context[
        "form"
    ]["message"].value() in (None, "")


def test_an_old_verification_is_flagged(client, seeded):
    give_reach(
        Program.objects.get(slug="refs"),
        verified=timezone.localdate() - datetime.timedelta(days=400),
    )
    assert "Over a year ago: check before you go." in key_facts(client.get("/programs/refs/"))


def test_a_draft_preview_offers_no_suggest_link(client, seeded, admin_user):
    draft = make_program("a-draft", status="draft")
    client.force_login(admin_user)
    box = key_facts(client.get(draft.get_absolute_url()))
    assert "Not listed yet" in box and "suggest" not in box


def test_organization_pages_have_the_same_box(client, seeded):
    sole = Organization.objects.get(slug="sole")
    box = key_facts(client.get("/organizations/sole/"))
    assert "Not listed yet" in box and "Not verified by an editor yet" in box
    sole.email = "sole@example.edu"
    sole.website = "https://example.edu/sole"
    sole.save()
    sole.phones.create(number="+16175550199", type="textphone")
    box = key_facts(client.get("/organizations/sole/"))
    assert 'href="mailto:sole@example.edu"' in box and 'href="https://example.edu/sole"' in box
    assert 'TTY: <a href="tel:+1-617-555-0199">(617) 555-0199</a>' in box


def read_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_a_program_calendar_repeats_at_6_pm_cambridge_time_across_daylight_saving(client, seeded):
    give_reach(Program.objects.get(slug="refs"))
    calendar = read_calendar(client.get("/programs/refs/calendar.ics"))
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    (event,) = calendar.walk("VEVENT")
    assert event["SUMMARY"] == "Resources for Easing Friction and Stress Program · Drop-in hours"
    assert event["LOCATION"] == "Example Hall, Room 101"
    # Autumn 2026 and spring 2027 changes (1 November, 14 March), read by another library.
    start = datetime.datetime(2026, 10, 1, tzinfo=CAMBRIDGE)
    meetings = recurring_ical_events.of(calendar).between(
        start, start + datetime.timedelta(days=200)
    )
    future = [m for m in meetings if m["DTSTART"].dt.date() >= timezone.localdate()]
    assert future, "the calendar starts at the next meeting"
    for meeting in future:
        local = meeting["DTSTART"].dt.astimezone(CAMBRIDGE)
        assert (local.strftime("%a"), local.hour) == ("Wed", 18)
        assert meeting["DTEND"].dt.astimezone(CAMBRIDGE).hour == 20
    # 22:00 UTC in summer time (EDT), 23:00 UTC in winter (EST).
    assert {m["DTSTART"].dt.astimezone(datetime.UTC).hour for m in future} == {22, 23}


def test_a_schedule_ending_is_an_until_and_every_other_week_an_interval(client, seeded):
    refs = give_reach(Program.objects.get(slug="refs"))
    today = timezone.localdate()
    refs.schedules.update(interval=2, dtstart=today, valid_to=today + datetime.timedelta(days=60))
    calendar = read_calendar(client.get("/programs/refs/calendar.ics"))
    meetings = recurring_ical_events.of(calendar).between(
        today - datetime.timedelta(days=1), today + datetime.timedelta(days=400)
    )
    dates = [m["DTSTART"].dt.date() for m in meetings]
    assert dates and dates[-1] <= today + datetime.timedelta(days=60)
    assert all((b - a).days == 14 for a, b in zip(dates, dates[1:], strict=False))


def test_calendars_are_404_without_schedules(client, seeded):
    assert client.get("/programs/esl-for-service-employees/calendar.ics").status_code == 404
    assert client.get("/calendar.ics").status_code == 404
    assert client.get("/programs/no-such-program/calendar.ics").status_code == 404
    by_appointment = Program.objects.get(slug="refs")
    ProgramSchedule.objects.create(program=by_appointment, by_appointment="By appointment")
    assert client.get("/programs/refs/calendar.ics").status_code == 404


def test_the_site_calendar_holds_every_published_program(client, seeded):
    give_reach(Program.objects.get(slug="refs"))
    give_reach(make_program("a-draft", status="draft"))
    assert client.get("/programs/a-draft/calendar.ics").status_code == 404
    calendar = read_calendar(client.get("/calendar.ics"))
    summaries = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert summaries == ["Resources for Easing Friction and Stress Program · Drop-in hours"]


def listed(page):
    return [p.slug for p in page.context["page_obj"].object_list]


def test_reach_filters_are_hidden_until_some_program_has_the_data(client, seeded):
    page = client.get("/programs/")
    for legend in ["When it meets", "How to take part", "Language", "Cost"]:
        assert f"<legend>{legend}</legend>" not in page.text
    ignored = client.get("/programs/", {"time": "evening"})
    assert ("time", "evening") in ignored.context["filter"].ignored
    assert len(listed(ignored)) == 9


def test_a_visitor_finds_refs_by_when_how_language_and_cost(client, seeded):
    give_reach(Program.objects.get(slug="refs"))
    page = client.get("/programs/")
    for legend in ["When it meets", "How to take part", "Language", "Cost"]:
        assert f"<legend>{legend}</legend>" in page.text
    assert 'value="evening" id="time-evening"' in page.text
    assert 'value="daytime"' not in page.text  # no published program meets in the day
    assert listed(client.get("/programs/?time=evening")) == ["refs"]
    assert listed(client.get("/programs/?time=evening&time=night")) == ["refs"]  # OR
    assert listed(client.get("/programs/?attending=online")) == ["refs"]
    assert listed(client.get("/programs/?language=en&cost=free")) == ["refs"]  # AND
    assert listed(client.get("/programs/?time=evening&audience=staff")) == []
    chips = client.get("/programs/?time=evening&language=en").context["filter"].active_filters()
    assert [label for label, _ in chips] == ["Evening (5-10 pm)", "English"]
    bad = client.get("/programs/?language=xx&cost=expensive&time=%00")
    assert bad.status_code == 200
    assert {name for name, _ in bad.context["filter"].ignored} == {"language", "cost", "time"}


def test_the_site_calendar_reads_only_the_programs_that_meet(
    client, seeded, django_assert_num_queries
):
    # Its cost follows the programs with schedules, not the size of the directory: the
    # programs, then their schedules with places.
    give_reach(Program.objects.get(slug="refs"))
    ProgramSchedule.objects.create(
        program=Program.objects.get(slug="employee-resource-groups"),
        by_appointment="By appointment",
    )
    assert list(Program.objects.published().on_calendar().values_list("slug", flat=True)) == [
        "refs"
    ]
    with django_assert_num_queries(2):
        client.get("/calendar.ics")
    for _ in range(10):
        make_program()
    second = give_reach(make_program("second", name="Second Program"))
    assert second.calendar_schedules
    with django_assert_num_queries(2):
        calendar = read_calendar(client.get("/calendar.ics"))
    assert len(calendar.walk("VEVENT")) == 2
