"""Programs, the audiences they serve, the kinds of support they give, and their history."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from directory.expressions import Literal
from directory.models import (
    HsdsIdentified,
    Provenance,
    Publishable,
    SearchableQuerySet,
    Seeded,
    SlugNaturalKey,
    SlugNaturalKeyManager,
    Status,
)
from directory.reach import WEB_URL, Contact, Location, Phone, Reachable, Schedule
from directory.search import SearchDocument
from directory.text import ControlCharacterFree, sentences_not_in, squash
from organizations.models import Organization

# MIT was founded in 1861; nothing in the directory can have started before it.
EARLIEST_YEAR = 1861
LATEST_YEAR = 2100
# The list's year orders, undated programs last: a missing year counts as 0 newest first and
# as the largest year a PositiveSmallIntegerField holds oldest first. Literal, not derived from
# the years above: the indexes built on these expressions must keep matching them.
NEWEST_FIRST = Coalesce("year_started", Literal(0)).desc()
OLDEST_FIRST = Coalesce("year_started", Literal(32767)).asc()

# The audience of programs the sources say are for the whole MIT community: they serve
# everyone, whoever the finder's visitor says they are.
COMMUNITY_AUDIENCE = "mit-community"

# Slugs that would shadow a fixed URL under /programs/.
RESERVED_PROGRAM_SLUGS = {"timeline"}

year_validators = [MinValueValidator(EARLIEST_YEAR), MaxValueValidator(LATEST_YEAR)]


QUOTE_HELP = (
    "The source's own words this fact rests on, copied exactly; one passage a line (never "
    "join two passages into one). Leave blank for a fact you add yourself."
)


def quotes_of(text):
    """The passages a quote field holds, one a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def validate_program_slug(value):
    if value in RESERVED_PROGRAM_SLUGS:
        raise ValidationError(f'"{value}" is reserved for a page of the site; choose another slug.')


class Audience(ControlCharacterFree, SlugNaturalKey, Seeded):
    """Who a program is for. A small hierarchy: filtering by a parent includes its children."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="A broader audience this one belongs to (service staff belong to staff).",
    )
    label = models.CharField(
        max_length=100,
        blank=True,
        help_text='How a visitor describes themselves, e.g. "a graduate student".',
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id is None:
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": "An audience cannot be its own parent."})
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": "Choose a top-level audience: the hierarchy has two levels."}
            )


class SupportType(ControlCharacterFree, SlugNaturalKey, Seeded):
    """A kind of support a program gives: peer support, mentorship, language learning, ..."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "kind of support"
        verbose_name_plural = "kinds of support"

    def __str__(self):
        return self.name


def _having(rows):
    """Programs with any of these rows (their `program` pointing at each), for a filter that
    keeps many programs (an audience, a kind of support: a few values shared by thousands): a
    correlated EXISTS, so a list in name order walks the (status, name) index, checks each
    program and stops after a page. (`pk IN (subquery)` made SQLite build the whole subquery
    first: 60 ms at 20,000 programs.)"""
    return Exists(rows.filter(program=OuterRef("pk")))


def _among(rows):
    """Programs with any of these rows, for a filter that keeps few (one organization's, those
    with a schedule or a language): `pk IN (subquery)`, found from the rows' side. (Walking the
    name index would check every program to fill a page of the few.)"""
    return Q(pk__in=rows.values("program_id"))


class ProgramQuerySet(SearchableQuerySet):
    # Each filter is a semi-join (EXISTS or IN), not a join + DISTINCT: no duplicate rows to
    # remove (the DISTINCT over every column cost 25-45 ms at 10,000 programs on PostgreSQL).
    def for_audiences(self, slugs):
        """Programs serving any of these audiences; a parent audience includes its children."""
        served = self.model.audiences.through.objects.filter(
            Q(audience__slug__in=slugs) | Q(audience__parent__slug__in=slugs)
        )
        return self.filter(_having(served))

    def for_support_types(self, slugs):
        giving = self.model.support_types.through.objects.filter(supporttype__slug__in=slugs)
        return self.filter(_having(giving))

    def sponsored_by(self, slugs):
        sponsorships = Sponsorship.objects.filter(organization__slug__in=slugs)
        return self.filter(_among(sponsorships))

    def count_by_audience(self, audiences):
        """{audience pk: how many of these programs serve it}, in one query; parents include
        their children."""
        if not audiences:
            return {}
        counts = Program.objects.filter(pk__in=self.values("pk")).aggregate(
            **{
                f"n{a.pk}": Count(
                    "pk",
                    filter=Q(audiences__pk=a.pk) | Q(audiences__parent__pk=a.pk),
                    distinct=True,
                )
                for a in audiences
            }
        )
        return {a.pk: counts[f"n{a.pk}"] for a in audiences}

    def confidential(self):
        return self.filter(is_confidential=True)

    def confidential_only(self, values):
        """The list's `confidential=true`: confidential programs only."""
        return self.confidential() if "true" in values else self

    # How to reach a program, for the list's filters: each a semi-join like the ones above.

    def meeting_at(self, times):
        """Programs with a current schedule at any of these times: "daytime", "evening",
        "night" (directory/reach.py's TIMES_OF_DAY) or "weekend"."""
        return self.filter(_among(ProgramSchedule.objects.meeting_at(times)))

    def attending(self, types):
        """Programs one can attend in any of these ways: "in-person" (a schedule in person, or
        a physical place), "online" (a schedule online, or an online place), "phone"."""
        places = {"in-person": "physical", "online": "virtual"}
        by_schedule = ProgramSchedule.objects.filter(attending_type__in=types).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=timezone.localdate())
        )
        at_places = ProgramLocation.objects.filter(
            location_type__in=[places[t] for t in types if t in places]
        )
        return self.filter(_among(by_schedule) | _among(at_places))

    def in_languages(self, codes):
        """Programs offered in any of these languages (ISO 639-1 codes)."""
        offered = self.model.languages.through.objects.filter(language__code__in=codes)
        return self.filter(_among(offered))

    def free(self):
        return self.filter(is_free=True)

    def costing(self, values):
        """The list's `cost=free`: free programs only."""
        return self.free() if "free" in values else self

    def sorted_by(self, sort):
        """Order for the list: "name" (default), "newest" or "oldest" by year started, programs
        with no year last either way. The orders are the expressions of the indexes
        program_newest_idx and program_oldest_idx, so that a page of them is read from an index
        on both databases (SQLite cannot index NULLS LAST)."""
        if sort == "newest":
            return self.order_by(NEWEST_FIRST, "name")
        if sort == "oldest":
            return self.order_by(OLDEST_FIRST, "name")
        return self.order_by("name")

    def with_public_sponsorships(self):
        """Each program's sponsorships whose organization the public may see."""
        return self.prefetch_related(
            Prefetch("sponsorships", queryset=Sponsorship.objects.public())
        )

    def for_finder(self, audience_slugs, need_slugs, limit=None):
        """Programs for the peer-support finder, best first, in one query whatever the size of
        the directory. With needs, the programs the sources link to one of them; otherwise the
        programs serving the audience. Each is annotated with `serves`: 2 when it serves one of
        these audiences or a broader group holding it, 1 when it serves the whole MIT
        community, 0 when it is for another group (listed apart, never first); and
        `need_matches`, how many of the needs the sources link it to.

        With a `limit` and no needs, only the best `limit` are ranked: the first `limit` by
        name of each rank (serving the audience or the whole community, confidential or not),
        each found by walking the name index, so the cost does not grow with the directory.
        (Needs are linked to programs by hand, a few each: those are all ranked.)"""
        links = NeedLink.objects.filter(need__slug__in=need_slugs).select_related("need")
        served = self.model.audiences.through.objects.filter(program=OuterRef("pk"))
        direct = Exists(
            served.filter(
                Q(audience__slug__in=audience_slugs)
                | Q(audience__children__slug__in=audience_slugs)
            )
        )
        community = Exists(served.filter(audience__slug=COMMUNITY_AUDIENCE))
        if audience_slugs:
            serves = Case(
                When(direct, then=Value(2)), When(community, then=Value(1)), default=Value(0)
            )
        else:
            serves = Value(2)
        matches = (
            links.filter(program=OuterRef("pk"))
            .order_by()
            .values("program")
            .annotate(n=Count("pk"))
            .values("n")
        )
        if need_slugs:
            candidates = self.filter(pk__in=links.values("program_id"))
        elif limit is None:
            candidates = self.filter(direct | community)
        else:
            ranks = [
                rank.filter(is_confidential=confidential).order_by("name").values("pk")[:limit]
                for rank in (self.filter(direct), self.filter(community).exclude(direct))
                for confidential in (True, False)
            ]
            if connections[self.db].features.supports_slicing_ordering_in_compound:
                # One list (PostgreSQL would scan every program for an OR of IN lists).
                candidates = self.filter(pk__in=ranks[0].union(*ranks[1:], all=True))
            else:  # SQLite allows no LIMIT inside a UNION, and looks up each list by its key
                best = Q()
                for first in ranks:
                    best |= Q(pk__in=first)
                candidates = self.filter(best)
        programs = candidates.annotate(
            serves=serves,
            need_matches=Coalesce(Subquery(matches), Value(0)),
        )
        programs = programs.order_by(
            "-serves", "-need_matches", "-is_confidential", "name"
        ).prefetch_related(
            "audiences",
            "claims",
            Prefetch("need_links", queryset=links, to_attr="matched_links"),
        )
        return programs[:limit] if limit is not None else programs

    def for_list(self):
        """What a list of programs shows, fetched in a constant number of queries: each
        program's audiences and kinds of support as plain lists (listed_audiences,
        listed_support_types), which a card reads without making a related manager each."""
        return self.prefetch_related(
            Prefetch("audiences", to_attr="listed_audiences"),
            Prefetch("support_types", to_attr="listed_support_types"),
        )

    def with_schedules(self):
        """Each program's schedules with their places."""
        return self.prefetch_related(
            Prefetch("schedules", queryset=ProgramSchedule.objects.select_related("location"))
        )

    def on_calendar(self):
        """Programs with a current schedule with times, which a calendar can hold: found from
        the schedules' side, so the site calendar reads the few programs that meet, not the
        directory (at 100,009 programs it read them all, 14 s, to find none)."""
        return self.filter(_among(ProgramSchedule.objects.current().exclude(opens_at=None)))

    def with_reach(self):
        """Everything that says how to reach each program: contacts, phones, places,
        schedules and languages."""
        return self.with_schedules().prefetch_related(
            "contacts", "phones", "locations", "languages"
        )

    def for_detail(self):
        """Everything a program page shows, in a constant number of queries."""
        return (
            self.with_public_sponsorships()
            .with_reach()
            .select_related("source", "modeled_on")
            .prefetch_related(
                "audiences",
                "involvement_audiences",
                "support_types",
                "milestones",
                "figures",
                "claims",
                # By relation, then name: not the bare name order, which SQLite would follow
                # along the (status, name) index past every program (most have no model).
                Prefetch(
                    "modeled_after_this",
                    queryset=Program.objects.published().order_by("lineage", "name"),
                ),
            )
        )

    def related_to(self, program, limit):
        """The first `limit` other programs by name sharing an audience or a kind of support
        with this one."""
        others = self.exclude(pk=program.pk).order_by("name")
        audience_ids = [a.pk for a in program.audiences.all()]
        support_ids = [s.pk for s in program.support_types.all()]
        serving = self.model.audiences.through.objects.filter(audience__in=audience_ids)
        giving = self.model.support_types.through.objects.filter(supporttype__in=support_ids)
        if connections[self.db].features.supports_slicing_ordering_in_compound:
            # PostgreSQL: the first few of each, in one UNION, each found by walking the name
            # index. (An OR of the two EXISTS is planned as two hashed subplans, each reading
            # every program of the audience or the kinds of support first: 58 ms at 100,009.)
            firsts = [
                others.filter(_having(rows)).values("pk")[:limit]
                for rows, ids in ((serving, audience_ids), (giving, support_ids))
                if ids
            ]
            if not firsts:
                return self.none()
            first = firsts[0].union(*firsts[1:], all=True) if len(firsts) > 1 else firsts[0]
            return self.filter(pk__in=first).order_by("name")[:limit]
        # SQLite (no LIMIT inside a UNION) checks each program of the name index with both
        # EXISTS and stops after `limit`.
        return others.filter(_having(serving) | _having(giving))[:limit]


class Lineage(models.TextChoices):
    """How the source relates one program to another."""

    MODELED_ON = "modeled-on", "Modeled on"
    SIMILAR_TO = "similar-to", "Similar to"
    SPREAD_TO = "spread-to", "Spread to"


# What the page says of the programs pointing at this one, per relation.
LINEAGE_FROM_OTHERS = {
    Lineage.MODELED_ON: "Modeled on this program",
    Lineage.SIMILAR_TO: "Similar to this program",
    Lineage.SPREAD_TO: "Spread from this program",
}


class Program(
    ControlCharacterFree, SlugNaturalKey, Provenance, Publishable, HsdsIdentified, Reachable
):
    HSDS_KIND = "program"

    name = models.CharField(max_length=200)
    acronym = models.CharField(max_length=20, blank=True)
    slug = models.SlugField(unique=True, validators=[validate_program_slug])
    summary = models.CharField(max_length=300, help_text="One line a visitor reads in a list.")
    description = models.TextField(help_text="The full description, in the source's words.")
    year_started = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=year_validators
    )
    audiences = models.ManyToManyField(
        Audience, related_name="programs", help_text="Who the program serves."
    )
    involvement_audiences = models.ManyToManyField(
        Audience,
        blank=True,
        related_name="involvement_programs",
        verbose_name="who can get involved",
        help_text="Who can volunteer, tutor, lead or join as a member.",
    )
    involvement = models.TextField(
        "how to get involved", blank=True, help_text="In the source's words, where it says."
    )
    support_types = models.ManyToManyField(
        SupportType, related_name="programs", verbose_name="kinds of support"
    )
    is_confidential = models.BooleanField("confidential", default=False)
    confidentiality_basis = models.TextField(
        blank=True,
        help_text="The source sentence that says or implies the program is confidential.",
    )
    modeled_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="modeled_after_this",
        help_text="The program this one is related to, as the lineage below says.",
    )
    lineage = models.CharField(
        "relation to that program",
        max_length=20,
        choices=Lineage,
        default=Lineage.MODELED_ON,
        help_text="What the source says: modeled on it, similar to it, or spread to it.",
    )
    organizations = models.ManyToManyField(
        Organization, through="Sponsorship", related_name="programs"
    )
    url = models.URLField(
        "website", blank=True, validators=[WEB_URL], help_text="The program's own page, if any."
    )
    # PostgreSQL's full-text search: the weighted words of search_document, kept current by
    # directory/search/index.py (GIN-indexed by migration 0006). Empty on SQLite, which searches
    # in Python.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    # What a program is found by: name and acronym first; then its summary, whom it serves and
    # its kinds of support; then its description and the source's words.
    search_document = SearchDocument(
        a=("name", "acronym"),
        b=("summary", "audiences__name", "support_types__name"),
        c=("description", "source_excerpt"),
        snippet=("summary", "description"),
    )

    objects = SlugNaturalKeyManager.from_queryset(ProgramQuerySet)()
    # Why a search result matched (directory.search.snippet): the list view sets it on each
    # result; empty otherwise. Declared so that a card's template never looks up a missing
    # attribute, which costs Django's template engine a dir() of the model instance.
    snippet = ""

    history = HistoricalRecords(
        m2m_fields=["audiences", "involvement_audiences", "support_types", "languages"],
        excluded_fields=["search_vector"],
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"]),
            # ?confidential=true: the page in name order and its count, from the index alone.
            models.Index(
                fields=["status", "is_confidential", "name"], name="program_confidential_idx"
            ),
            # The feed, most recently updated first: its first page from the index alone.
            models.Index(
                fields=["status", "-updated", "-created", "name"], name="program_updated_idx"
            ),
            # The timeline, by year started: a page and the count of each year from the index.
            models.Index(fields=["status", "year_started", "name"], name="program_timeline_idx"),
            # ?sort=newest and ?sort=oldest (sorted_by): a page from the index, not a sort.
            models.Index("status", NEWEST_FIRST, "name", name="program_newest_idx"),
            models.Index("status", OLDEST_FIRST, "name", name="program_oldest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_started__isnull=True)
                | Q(year_started__gte=EARLIEST_YEAR, year_started__lte=LATEST_YEAR),
                name="program_year_started_in_range",
                violation_error_message=(
                    f"The year started must be between {EARLIEST_YEAR} and {LATEST_YEAR}."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=sorted(RESERVED_PROGRAM_SLUGS)),
                name="program_slug_not_reserved",
                violation_error_message="That slug is reserved for a page of the site.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:detail", args=[self.slug])

    @property
    def public_modeled_on(self):
        """The program this one was modeled on, when the public may see it; else None."""
        modeled_on = self.modeled_on
        return modeled_on if modeled_on is not None and modeled_on.is_published else None

    @property
    def lineage_from_others(self):
        return LINEAGE_FROM_OTHERS.get(self.lineage, "")

    # What the page says beyond the description. The seed transcribes involvement and
    # confidentiality from the same passage as the description, so most of their sentences are
    # the description's own; the page gives only the others.
    @property
    def involvement_beyond_description(self):
        return sentences_not_in(self.involvement, self.description)

    @property
    def confidentiality_beyond_description(self):
        return sentences_not_in(self.confidentiality_basis, self.description)

    @property
    def description_quotes_source(self):
        """Whether the description is the source passage's own words."""
        description = squash(self.description)
        return bool(description) and description in squash(self.source_excerpt)

    @property
    def source_beyond_description(self):
        """The rest of the source passage, when the description quotes it; else ""."""
        if not self.description_quotes_source:
            return ""
        return squash(self.source_excerpt).replace(squash(self.description), " ").strip()

    def provider(self):
        """The organization that provides the program, chosen by role (offered by, supported
        by, ...): a place where it was first established or a course its people took does not
        provide it. None when no sponsorship says so. Reads the prefetched sponsorships: as a
        plain list in `listed_sponsorships` when a list prefetched them so (no related manager
        made per program), else `sponsorships.all()`."""
        sponsorships = getattr(self, "listed_sponsorships", None)
        if sponsorships is None:
            sponsorships = self.sponsorships.all()
        providers = [s for s in sponsorships if s.role in Sponsorship.PROVIDER_ROLES]
        providers.sort(key=lambda s: Sponsorship.PROVIDER_ROLES.index(s.role))
        return providers[0].organization if providers else None

    def clean(self):
        if self.modeled_on_id and self.modeled_on_id == self.pk:
            raise ValidationError({"modeled_on": "A program cannot be modeled on itself."})


class SponsorshipQuerySet(models.QuerySet):
    def public(self):
        """Sponsorships the public may see: both the program and the organization published."""
        return self.filter(
            program__status=Status.PUBLISHED, organization__status=Status.PUBLISHED
        ).select_related("organization")


class Sponsorship(ControlCharacterFree, models.Model):
    """An organization's part in a program: who founded, sponsors, trained, expanded it."""

    class Role(models.TextChoices):
        FOUNDED_BY = "founded-by", "Founded by"
        STARTED_BY = "started-by", "Started by"
        OFFERED_BY = "offered-by", "Offered by"
        SUPPORTED_BY = "supported-by", "Supported by"
        ORGANIZED_BY = "organized-by", "Organized by"
        NUCLEATED_BY = "nucleated-by", "Volunteer organizers nucleated by"
        TRAINED_BY = "trained-by", "Trained by"
        COURSE_TAKEN_BY_STUDENTS_OF = (
            "students-of",
            "Mediation course taken by graduate students of",
        )
        EXPANDED_BY = "expanded-by", "Expanded by"
        EXPANDING = "expanding", "Being expanded (as of 2015) by"
        ESTABLISHED_FIRST_AT = "established-first-at", "Established first at"

    # The roles that make an organization the program's provider (JSON-LD, HSDS), best first.
    PROVIDER_ROLES = (
        Role.OFFERED_BY,
        Role.ORGANIZED_BY,
        Role.SUPPORTED_BY,
        Role.STARTED_BY,
        Role.FOUNDED_BY,
    )

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sponsorships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="sponsorships"
    )
    role = models.CharField(max_length=30, choices=Role)
    note = models.CharField(max_length=300, blank=True, help_text="What the source says of it.")
    quote = models.TextField(
        blank=True,
        help_text=QUOTE_HELP,
    )
    added = models.DateTimeField(default=timezone.now, editable=False)
    order = models.PositiveSmallIntegerField(default=0)

    objects = SponsorshipQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organization", "role"], name="unique_sponsorship_role"
            )
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.organization}"


class Milestone(ControlCharacterFree, models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(validators=year_validators)
    event = models.CharField(max_length=300)
    quote = models.TextField(
        blank=True,
        help_text=QUOTE_HELP,
    )
    added = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=EARLIEST_YEAR, year__lte=LATEST_YEAR),
                name="milestone_year_in_range",
                violation_error_message=(
                    f"The year must be between {EARLIEST_YEAR} and {LATEST_YEAR}."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.event}"


class Figure(ControlCharacterFree, models.Model):
    """A number the source gives: "up to 700 people", "more than 400 members"."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="figures")
    value = models.CharField(max_length=40, help_text='As the source puts it: "up to 700".')
    label = models.CharField(max_length=200, help_text='What is counted: "people at a summit".')
    quote = models.TextField(
        blank=True,
        help_text=QUOTE_HELP,
    )
    added = models.DateTimeField(default=timezone.now, editable=False)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]

    def __str__(self):
        return f"{self.value} {self.label}"


class Claim(ControlCharacterFree, models.Model):
    """The source's words behind one of a program's structured facts that have no row of their
    own: an audience it serves, who can take part, a kind of support, the year it started, its
    lineage. (Sponsorships, milestones and figures carry their quote on the row; whether it is
    confidential, in `confidentiality_basis`.) A claim with no quote is an editor's fact."""

    class Fact(models.TextChoices):
        AUDIENCE = "audience", "Who it serves"
        INVOLVEMENT = "involvement", "Who can take part"
        SUPPORT = "support", "Kind of support"
        YEAR_STARTED = "year-started", "Year started"
        LINEAGE = "lineage", "Lineage"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="claims")
    fact = models.CharField(max_length=20, choices=Fact)
    value = models.CharField(
        max_length=100,
        blank=True,
        help_text="The audience's or kind of support's slug; blank for the year and lineage.",
    )
    quote = models.TextField(blank=True, help_text=QUOTE_HELP)
    condition = models.CharField(
        max_length=300,
        blank=True,
        help_text="Whom the fact holds for, in the source's words, when it holds only for some "
        '(e.g. "who were the first in their families to graduate from college").',
    )
    added = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        # In the order they were written (the seed compares rows in its fixture's order).
        ordering = ["program", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "fact", "value"], name="unique_claim")
        ]

    def __str__(self):
        about = (
            f"{self.get_fact_display()}: {self.value}" if self.value else self.get_fact_display()
        )
        return f"{about} — {self.quote or 'added by an editor'}"

    @property
    def quotes(self):
        return quotes_of(self.quote)


class ProgramContact(Contact):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="contacts")

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = "contact"


class ProgramPhone(Phone):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="phones")

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = "phone"


class ProgramLocation(Location):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="locations")

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = "place"


class ProgramSchedule(Schedule):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(
        ProgramLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name="place",
        help_text="Where it meets at these times (one of the program's places), if one place.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["program", "order", "pk"]
        verbose_name = "schedule"

    def clean(self):
        super().clean()
        if self.location_id and self.location.program_id != self.program_id:
            raise ValidationError({"location": "Choose one of this program's places."})


class Need(ControlCharacterFree, SlugNaturalKey, Seeded):
    """What is going on for a visitor, in their words; linked to programs by the sources' words."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100, help_text="As a visitor would say it.")
    order = models.PositiveSmallIntegerField(default=0)
    programs = models.ManyToManyField(Program, through="NeedLink", related_name="needs")

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class NeedLink(ControlCharacterFree, models.Model):
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="links")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="need_links")
    quote = models.TextField(help_text="The source's own words that say the program helps.")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["need", "program"], name="needlink_unique"),
        ]

    def __str__(self):
        return f"{self.need} — {self.program}"
