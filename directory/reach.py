"""How to reach a program or an organization, named after Open Referral HSDS 3.1's objects.

The abstract models here hold the fields, their validation and what is said of them ("every
Wednesday 6-8 pm", the next meeting in Cambridge time). Each app makes them concrete with a
foreign key to its own record (``ProgramSchedule.program``, ``OrganizationSchedule.organization``)
so it owns its tables, history and admin inlines.

- ``Reachable``: on the record itself: ``email``, ``eligibility_description``,
  ``fees_description``, ``is_free``, ``assured_date`` (when an editor last verified it) and
  ``languages``.
- ``Contact``, ``Phone``, ``Location``, ``Schedule``: rows of their own, several per record.

Schedules are a subset of RFC 5545 recurrence (HSDS's ``freq``, ``interval``, ``byday``,
``bymonthday``), which editors enter as plain choices, never as RRULE text.
"""

import datetime
import re
import zoneinfo

from dateutil import rrule
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

CAMBRIDGE = "America/New_York"
VERIFY_INTERVAL = datetime.timedelta(days=365)

# RFC 5545 weekday codes, in the week's order, with their names.
WEEKDAYS = [
    ("MO", "Monday"),
    ("TU", "Tuesday"),
    ("WE", "Wednesday"),
    ("TH", "Thursday"),
    ("FR", "Friday"),
    ("SA", "Saturday"),
    ("SU", "Sunday"),
]
DAY_NAMES = dict(WEEKDAYS)
DAY_ORDER = [code for code, _ in WEEKDAYS]
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
BYDAY_PART = re.compile(r"(?P<n>-1|[1-5])?(?P<day>MO|TU|WE|TH|FR|SA|SU)")
WEB_URL = URLValidator(schemes=["http", "https"])

# How many occurrences ahead "can this schedule ever occur?" and the admin preview look.
HORIZON_YEARS = 5


# When a schedule meets, for the program list's `time` filter: [from, until) in the schedule's
# wall clock; night wraps past midnight. A session counts when any part of it falls inside.
TIMES_OF_DAY = {
    "daytime": ("Daytime (7 am-5 pm)", datetime.time(7), datetime.time(17)),
    "evening": ("Evening (5-10 pm)", datetime.time(17), datetime.time(22)),
    "night": ("Night (10 pm-7 am)", datetime.time(22), datetime.time(7)),
}
WEEKEND = ("Weekend", ("SA", "SU"))


def meets_at(name):
    """Q over schedule rows that meet at this time of day ("daytime", "evening", "night") or at
    the weekend ("weekend"); KeyError for any other name."""
    if name == "weekend":
        return models.Q(byday__contains=WEEKEND[1][0]) | models.Q(byday__contains=WEEKEND[1][1])
    _, start, end = TIMES_OF_DAY[name]
    if start < end:
        return models.Q(opens_at__lt=end) & (
            models.Q(closes_at__gt=start) | models.Q(closes_at__isnull=True, opens_at__gte=start)
        )
    return (
        models.Q(opens_at__gte=start) | models.Q(opens_at__lt=end) | models.Q(closes_at__gt=start)
    )


class ScheduleQuerySet(models.QuerySet):
    def current(self):
        """Schedules with times that have not ended."""
        return self.exclude(freq="").filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=timezone.localdate())
        )

    def meeting_at(self, names):
        """Current schedules meeting at any of these times (see TIMES_OF_DAY, "weekend")."""
        condition = models.Q()
        for name in names:
            condition |= meets_at(name)
        return self.current().filter(condition) if names else self.none()


class AttendingType(models.TextChoices):
    IN_PERSON = "in-person", "In person"
    ONLINE = "online", "Online"
    PHONE = "phone", "By phone"


class Reachable(models.Model):
    """What a record says of itself about how to reach it (HSDS service/organization fields)."""

    email = models.EmailField(blank=True, help_text="The address to write to, e.g. a group list.")
    eligibility_description = models.TextField(
        "who is eligible",
        blank=True,
        help_text="Who may take part, in plain words (HSDS eligibility_description).",
    )
    is_free = models.BooleanField(
        "free",
        null=True,
        blank=True,
        choices=[(True, "Free"), (False, "There is a cost")],
        help_text="Leave unknown unless a source or the program says.",
    )
    fees_description = models.TextField(
        "cost", blank=True, help_text="What it costs and who pays, in plain words."
    )
    assured_date = models.DateField(
        "last verified",
        null=True,
        blank=True,
        help_text="When an editor last checked how to reach it (contacts, places, times).",
    )
    languages = models.ManyToManyField(
        "directory.Language",
        blank=True,
        related_name="%(class)ss",
        help_text="Languages it is offered in.",
    )

    class Meta:
        abstract = True

    @property
    def calendar_schedules(self):
        """The current schedules with times, which a calendar can hold (from the concrete
        model's `schedules` rows, prefetched by the page)."""
        return [s for s in self.schedules.all() if s.freq and s.opens_at and s.is_current]

    @property
    def verification_is_old(self):
        """Last verified more than a year ago (never verified is said otherwise)."""
        return (
            self.assured_date is not None
            and self.assured_date < timezone.localdate() - VERIFY_INTERVAL
        )


class Contact(models.Model):
    """A person or role to write to (HSDS contact)."""

    name = models.CharField(max_length=200, blank=True, help_text="A person's name or a role.")
    title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return ", ".join(part for part in (self.name, self.title, self.email) if part)

    def clean(self):
        if not (self.name or self.title or self.email):
            raise ValidationError("Give the contact a name, a title or an email address.")


class Phone(models.Model):
    """A telephone number (HSDS phone), validated and formatted with phonenumbers."""

    class Type(models.TextChoices):
        VOICE = "voice", "Call"
        TEXT = "text", "Text"
        TEXTPHONE = "textphone", "TTY"
        FAX = "fax", "Fax"

    number = PhoneNumberField(
        region="US", help_text="With the area code; numbers outside the US start with +."
    )
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=10, choices=Type, default=Type.VOICE)
    description = models.CharField(
        max_length=200, blank=True, help_text='For example "Front desk".'
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        extension = f" ext. {self.extension}" if self.extension else ""
        return f"{self.get_type_display()}: {self.display_number}{extension}"

    @property
    def display_number(self):
        """(617) 555-0100 for a US number, the international form for others."""
        if self.number.country_code == 1:
            return self.number.as_national
        return self.number.as_international

    @property
    def href(self):
        """tel: (or sms: for a text line) link, as RFC 3966 writes it."""
        uri = self.number.as_rfc3966
        if self.extension:
            uri += f";ext={self.extension}"
        return "sms:" + uri.removeprefix("tel:") if self.type == self.Type.TEXT else uri


class Location(models.Model):
    """Where it happens (HSDS location): a building and room, or a link to meet online."""

    class Type(models.TextChoices):
        PHYSICAL = "physical", "A place"
        VIRTUAL = "virtual", "Online"

    location_type = models.CharField(max_length=10, choices=Type, default=Type.PHYSICAL)
    name = models.CharField(
        max_length=200, blank=True, help_text='The building and room, e.g. "Building 10, 10-105".'
    )
    address_1 = models.CharField("street address", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state_province = models.CharField("state", max_length=50, blank=True)
    postal_code = models.CharField("ZIP code", max_length=20, blank=True)
    description = models.TextField(
        "how to find it", blank=True, help_text="Entrance, floor, landmarks."
    )
    accessibility = models.TextField(
        blank=True, help_text="Step-free access, lifts, hearing loops, quiet rooms."
    )
    url = models.URLField(
        "link", blank=True, validators=[WEB_URL], help_text="Where to join, for an online place."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        if self.location_type == self.Type.VIRTUAL:
            return f"Online: {self.name or self.url}"
        return self.name or self.address_1

    @property
    def address(self):
        """The postal address on one line, or ""."""
        town = " ".join(part for part in (self.state_province, self.postal_code) if part)
        return ", ".join(part for part in (self.address_1, self.city, town) if part)

    def clean(self):
        if self.location_type == self.Type.VIRTUAL and not self.url:
            raise ValidationError({"url": "An online place needs the link to join."})
        if self.location_type == self.Type.PHYSICAL and not (self.name or self.address_1):
            raise ValidationError({"name": "Give the building and room, or a street address."})


def parse_byday(value):
    """[(ordinal or None, "WE"), ...] from "MO,WE" or "1WE,-1FR"; ValueError if malformed."""
    parts = []
    for raw in (value or "").split(","):
        part = raw.strip().upper()
        if not part:
            continue
        match = BYDAY_PART.fullmatch(part)
        if match is None:
            raise ValueError(f'"{raw.strip()}" is not a day (MO, TU, ... or 1MO, -1FR).')
        n = match["n"]
        parts.append((int(n) if n else None, match["day"]))
    return parts


def parse_bymonthday(value):
    days = []
    for raw in (value or "").split(","):
        if not raw.strip():
            continue
        try:
            day = int(raw)
        except ValueError:
            raise ValueError(f'"{raw.strip()}" is not a day of the month.') from None
        if day == 0 or not -31 <= day <= 31:
            raise ValueError(f"{day} is not a day of the month (1 to 31, or -1 for the last).")
        days.append(day)
    return days


def _clock(t):
    """6 pm, 6:30 pm, noon."""
    if t.hour == 12 and t.minute == 0:
        return "noon"
    hour = t.hour % 12 or 12
    minutes = f":{t.minute:02d}" if t.minute else ""
    return f"{hour}{minutes} {'am' if t.hour < 12 else 'pm'}"


def time_range(opens, closes):
    """6-8 pm, 11 am-1 pm, 6:30-8 pm."""
    if opens is None:
        return ""
    start = _clock(opens)
    if closes is None:
        return f"from {start}"
    end = _clock(closes)
    same_half = (opens.hour < 12) == (closes.hour < 12) and "noon" not in (start, end)
    if same_half:
        start = start.rsplit(" ", 1)[0]
    return f"{start}-{end}"


def _join(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _day_of_month(n):
    if n == -1:
        return "the last day"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"the {n}{suffix}"


class Schedule(models.Model):
    """When it happens (HSDS schedule): a weekly or monthly recurrence with opening hours, in
    a time zone (Cambridge's by default), or words alone ("by appointment")."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "Weekly"
        MONTHLY = "MONTHLY", "Monthly"

    freq = models.CharField(
        "repeats", max_length=7, choices=Freq, blank=True, help_text="Blank for no fixed times."
    )
    interval = models.PositiveSmallIntegerField(
        "every",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="1: every week (or month); 2: every other; ...",
    )
    byday = models.CharField(
        "on days",
        max_length=60,
        blank=True,
        help_text="RFC 5545 days: MO,WE; for monthly, 1WE is the first Wednesday.",
    )
    bymonthday = models.CharField(
        "on days of the month", max_length=60, blank=True, help_text="For monthly: 1,15 or -1."
    )
    opens_at = models.TimeField("from", null=True, blank=True)
    closes_at = models.TimeField("until", null=True, blank=True)
    valid_from = models.DateField("starting", null=True, blank=True)
    valid_to = models.DateField("ending", null=True, blank=True)
    dtstart = models.DateField(
        "first meeting",
        null=True,
        blank=True,
        help_text="Needed when it meets every other week: the date of one meeting.",
    )
    timezone = models.CharField(max_length=64, default=CAMBRIDGE)
    description = models.CharField(
        max_length=300, blank=True, help_text='What happens, e.g. "Drop-in hours".'
    )
    attending_type = models.CharField(
        "how people attend", max_length=10, choices=AttendingType, blank=True
    )
    by_appointment = models.CharField(
        max_length=300,
        blank=True,
        help_text='When there are no fixed times, or beside them: "By appointment, by email".',
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return " · ".join(
            part
            for part in (self.description, self.in_words(), self.get_attending_type_display())
            if part
        )

    # Validation

    def clean(self):
        errors = {}
        try:
            days = parse_byday(self.byday)
        except ValueError as error:
            errors["byday"] = str(error)
            days = []
        try:
            parse_bymonthday(self.bymonthday)
        except ValueError as error:
            errors["bymonthday"] = str(error)
        try:
            zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors["timezone"] = f'"{self.timezone}" is not a time zone (America/New_York).'
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = "It must end after it starts (the same day)."
        if self.closes_at and not self.opens_at:
            errors["opens_at"] = "Give the time it starts."
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = "The schedule ends before it starts."
        if self.freq:
            if self.opens_at is None:
                errors.setdefault("opens_at", "Give the time it starts.")
            if self.freq == self.Freq.WEEKLY and not days:
                errors.setdefault("byday", "Choose the days of the week it meets.")
            if self.freq == self.Freq.WEEKLY and any(n for n, _ in days):
                errors.setdefault("byday", "“First”, “last” and the like are for monthly ones.")
            if self.freq == self.Freq.MONTHLY and not (days or self.bymonthday.strip()):
                errors.setdefault("byday", "Choose a day of the week or a day of the month.")
        elif self.byday or self.bymonthday or self.interval != 1:
            errors["freq"] = "Choose whether it repeats weekly or monthly."
        elif not (self.description or self.by_appointment or self.opens_at):
            errors["by_appointment"] = "Say when it happens: times, or words such as this."
        if errors:
            raise ValidationError(errors)
        if self.freq and not self.occurrences(limit=1, after=self._first_day()):
            raise ValidationError(
                "This schedule never occurs: no meeting falls between its start and its end."
            )

    # Recurrence

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(CAMBRIDGE)

    def _first_day(self):
        return self.dtstart or self.valid_from or datetime.date(2000, 1, 1)

    def rule(self):
        """The dateutil rrule of the meetings' start times (aware, in the schedule's zone), or
        None when it does not repeat."""
        if not self.freq or self.opens_at is None:
            return None
        days = parse_byday(self.byday)
        weekday = [getattr(rrule, day)(n) if n else getattr(rrule, day) for n, day in days]
        first = self.dtstart or self.valid_from or datetime.date(2000, 1, 1)
        until = None
        if self.valid_to:
            until = datetime.datetime.combine(self.valid_to, datetime.time.max, self.zone)
        return rrule.rrule(
            rrule.WEEKLY if self.freq == self.Freq.WEEKLY else rrule.MONTHLY,
            interval=self.interval or 1,
            byweekday=weekday or None,
            bymonthday=parse_bymonthday(self.bymonthday) or None,
            dtstart=datetime.datetime.combine(first, self.opens_at, self.zone),
            until=until,
            cache=False,
        )

    def occurrences(self, limit=3, after=None):
        """The next `limit` meetings as (start, end) aware datetimes, from `after` (a date or
        datetime; now by default). The wall-clock times stay put across daylight-saving
        changes."""
        rule = self.rule()
        if rule is None:
            return []
        if after is None:
            after = timezone.now()
        elif not isinstance(after, datetime.datetime):
            after = datetime.datetime.combine(after, datetime.time.min, self.zone)
        horizon = after + datetime.timedelta(days=366 * HORIZON_YEARS)
        found = []
        for start in rule.xafter(after, count=limit, inc=True):
            if start > horizon:
                break
            # dateutil keeps the tzinfo and the wall clock; re-attaching gives the right offset.
            start = start.replace(tzinfo=self.zone)
            found.append((start, self._end(start)))
        return found

    def _end(self, start):
        if self.closes_at is None:
            return None
        return datetime.datetime.combine(start.date(), self.closes_at, self.zone)

    def next_occurrence(self):
        found = self.occurrences(limit=1)
        return found[0] if found else None

    def next_in_words(self):
        """ "Wednesday 2 December 2026, 6-8 pm" for the next meeting, in Cambridge time (the
        wall clock of the schedule's own zone is converted), or ""."""
        found = self.next_occurrence()
        if found is None:
            return ""
        start, end = (
            moment and moment.astimezone(zoneinfo.ZoneInfo(CAMBRIDGE)) for moment in found
        )
        hours = time_range(start.time(), end.time() if end else None)
        return f"{start:%A %-d %B %Y}, {hours}"

    # Words

    def days_in_words(self):
        days = parse_byday(self.byday) if self.byday else []
        weekly = [DAY_NAMES[day] for n, day in days if not n]
        if self.freq == self.Freq.WEEKLY:
            if {d for _, d in days} == set(DAY_ORDER[:5]) and self.interval == 1:
                return "every weekday"
            names = _join(weekly)
            if self.interval == 1:
                return f"every {names}"
            if self.interval == 2:
                return f"every other {names}"
            return f"every {self.interval} weeks on {names}"
        if self.freq == self.Freq.MONTHLY:
            parts = [f"the {ORDINALS[n]} {DAY_NAMES[day]}" for n, day in days if n]
            parts += [f"every {name}" for name in weekly]
            parts += [_day_of_month(d) for d in parse_bymonthday(self.bymonthday)]
            month = "of each month" if self.interval == 1 else f"every {self.interval} months"
            return f"{_join(parts)} {month}"
        return ""

    def in_words(self):
        """ "every Wednesday 6-8 pm", "the first Monday of each month 9-11 am", "by appointment"."""
        try:
            words = [self.days_in_words(), time_range(self.opens_at, self.closes_at)]
        except ValueError:
            words = []
        if self.valid_from and self.valid_from > timezone.localdate():
            words.append(f"from {self.valid_from:%-d %B %Y}")
        if self.valid_to:
            words.append(f"until {self.valid_to:%-d %B %Y}")
        if self.by_appointment:
            words.append(self.by_appointment)
        text = " ".join(word for word in words if word)
        if self.zone.key != CAMBRIDGE and self.opens_at:
            text += f" ({self.zone.key} time)"
        return text

    @property
    def is_current(self):
        return self.valid_to is None or self.valid_to >= timezone.localdate()
