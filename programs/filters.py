"""The filters of the program list: /programs/?q=&audience=&support=&confidential=&time=
&attending=&language=&cost=&sponsor=&sort=.

Each facet is declared once, in FACETS: its query parameter, label, the queryset method that
filters by it, where its options come from and whether it takes several values. The FilterSet,
the dropping of unknown values, the counts, the chips and `includes/facet.html` all read that
declaration, so a new facet is one entry here and one ProgramQuerySet method. Values within a
facet combine with OR, facets with AND. Unknown or malformed values are dropped, never an error:
the page lists what it ignored.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q

from directory.cache import current_version, kept_for_version
from directory.models import Language, Status
from directory.reach import TIMES_OF_DAY, WEEKEND, AttendingType
from organizations.models import Organization
from programs import search
from programs.models import Audience, Program, Sponsorship, SupportType

# "relevance" is offered, and the default, when there is a search.
SORTS = [
    ("relevance", "Best match"),
    ("name", "Name (A to Z)"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
]
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
# How many organizations the list's organization menu offers.
SPONSOR_OPTIONS = 25


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    pk: int | None = None
    child: bool = False


@dataclass(frozen=True)
class Facet:
    """One filter of the list, declared once."""

    name: str  # the query parameter
    label: str
    filter: str  # the ProgramQuerySet method, given the chosen values (a list)
    options: Callable  # (ProgramFilter) -> [Option]: what the facet offers, one query
    multiple: bool = True
    widget: str = "checkboxes"  # or "select"
    # (ProgramFilter, programs, options) -> {value: count}; by default one aggregate query
    # counting each option through the facet's own queryset method.
    counts: Callable | None = None
    empty_label: str = ""  # for a select: the choice that filters nothing


def sponsors():
    """Published organizations behind at least one published program (checked per
    organization: the menu and a chosen organization are a few of them)."""
    behind = Sponsorship.objects.filter(
        organization=OuterRef("pk"), program__status=Status.PUBLISHED
    )
    return Organization.objects.published().filter(Exists(behind))


def _audience_options(program_filter):
    audiences = list(Audience.objects.select_related("parent"))
    by_parent = {}
    for a in audiences:
        by_parent.setdefault(a.parent_id, []).append(a)
    return [
        Option(item.slug, item.name, item.pk, child=item.parent_id is not None)
        for a in by_parent.get(None, [])
        for item in [a, *by_parent.get(a.pk, [])]
    ]


def _audience_counts(program_filter, programs, options):
    counts = programs.count_by_audience([Audience(pk=o.pk) for o in options])
    return {o.value: counts[o.pk] for o in options}


def _support_options(program_filter):
    return [Option(s.slug, s.name, s.pk) for s in SupportType.objects.all()]


def _sponsor_options(program_filter):
    """Only the organization asked for is looked up here (there may be thousands of sponsors);
    the menu itself is the SPONSOR_OPTIONS organizations behind the most of the listed programs,
    chosen when counting."""
    asked = program_filter.data.get("sponsor") if program_filter.data is not None else None
    if isinstance(asked, str) and SLUG.fullmatch(asked):
        chosen = sponsors().filter(slug=asked).first()
        if chosen is not None:
            return [Option(chosen.slug, chosen.display_name, chosen.pk)]
    return []


def _sponsor_counts(program_filter, programs, options):
    """One GROUP BY for the counts, one query for the names of the organizations shown."""
    by_pk = dict(
        Sponsorship.objects.filter(program__in=programs.values("pk"))
        .values("organization_id")
        .annotate(n=Count("program", distinct=True))
        .values_list("organization_id", "n")
    )
    top = sorted(by_pk, key=lambda pk: (-by_pk[pk], pk))[:SPONSOR_OPTIONS]
    shown = [
        Option(o.slug, o.display_name, o.pk)
        for o in sponsors().filter(pk__in=top).order_by("name", "short_name")
    ]
    shown += [o for o in options if o.pk not in top]
    program_filter.more_sponsors = max(len(by_pk) - len(top), 0)
    program_filter.shown_sponsors = shown
    return {o.value: by_pk.get(o.pk, 0) for o in shown}


# How to reach a program: each of these facets is shown only when some published program has
# the data behind it (an editor entered schedules, places, languages or a cost). Which options
# have data is one aggregate query, read by all four facets.
TIME_OPTIONS = [Option(name, label) for name, (label, _, _) in TIMES_OF_DAY.items()] + [
    Option("weekend", WEEKEND[0])
]
ATTENDING_OPTIONS = [Option(value, label) for value, label in AttendingType.choices]


def _reach_available(program_filter):
    """{facet name: [values some published program has]}: one aggregate query, kept for the
    directory version (it covers every published program) and on the filter."""
    if not hasattr(program_filter, "_reach_available"):
        program_filter._reach_available = program_filter.kept("reach", (), _count_reach)
    return program_filter._reach_available


def _count_reach():
    published = Program.objects.published()
    checks = {
        **{("time", o.value): published.meeting_at([o.value]) for o in TIME_OPTIONS},
        **{("attending", o.value): published.attending([o.value]) for o in ATTENDING_OPTIONS},
        ("cost", "free"): published.free(),
        ("language", "*"): published.filter(languages__isnull=False),
    }
    found = published.aggregate(
        **{
            f"{facet}_{i}": Count("pk", filter=Q(pk__in=programs.values("pk")))
            for i, ((facet, _), programs) in enumerate(checks.items())
        }
    )
    available = {}
    for i, (facet, value) in enumerate(checks):
        if found[f"{facet}_{i}"]:
            available.setdefault(facet, []).append(value)
    return available


def _time_options(program_filter):
    available = _reach_available(program_filter).get("time", [])
    return [o for o in TIME_OPTIONS if o.value in available]


def _attending_options(program_filter):
    available = _reach_available(program_filter).get("attending", [])
    return [o for o in ATTENDING_OPTIONS if o.value in available]


def _language_options(program_filter):
    if not _reach_available(program_filter).get("language"):
        return []
    offered = Program.languages.through.objects.filter(program__in=Program.objects.published())
    return [
        Option(language.code, language.name, language.pk)
        for language in Language.objects.filter(pk__in=offered.values("language_id"))
    ]


def _cost_options(program_filter):
    return [Option("free", "Free")] if _reach_available(program_filter).get("cost") else []


FACETS = [
    Facet("audience", "Who it is for", "for_audiences", _audience_options, counts=_audience_counts),
    Facet("support", "Kind of support", "for_support_types", _support_options),
    Facet(
        "confidential",
        "Confidentiality",
        "confidential_only",
        lambda program_filter: [Option("true", "Confidential only")],
        multiple=False,
    ),
    Facet("time", "When it meets", "meeting_at", _time_options),
    Facet("attending", "How to take part", "attending", _attending_options),
    Facet("language", "Language", "in_languages", _language_options),
    Facet("cost", "Cost", "costing", _cost_options, multiple=False),
    Facet(
        "sponsor",
        "Organization",
        "sponsored_by",
        _sponsor_options,
        multiple=False,
        widget="select",
        counts=_sponsor_counts,
        empty_label="Any organization",
    ),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search programs", method="filter_q", max_length=search.MAX_QUERY_LENGTH
    )
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORTS, method="filter_sort")

    class Meta:
        model = Program
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        self.data = data  # read by the facets' option loaders
        self.query = None  # the search, once q is read (programs.search.Query)
        self._version = None
        self.options = {facet.name: facet.options(self) for facet in FACETS}
        self.ignored = []
        self.more_sponsors = 0
        self.shown_sponsors = self.options["sponsor"]
        if data is not None:
            data = self._drop_unknown(data)
        super().__init__(data, *args, **kwargs)
        for facet in FACETS:
            self.filters[facet.name].extra["choices"] = [
                (o.value, o.label) for o in self.options[facet.name]
            ]

    def _drop_unknown(self, data):
        """Keep the known values of each facet; remember the rest to say so."""
        data = data.copy()
        for facet in FACETS:
            known = {o.value for o in self.options[facet.name]}
            values = data.getlist(facet.name)
            kept = [v for v in dict.fromkeys(values) if v in known]
            self.ignored += [(facet.name, v[:60]) for v in values if v not in known]
            data.setlist(facet.name, kept if facet.multiple else kept[:1])
        return data

    # Filtering: q ranks once; each facet calls its queryset method; sort orders the result.

    def filter_q(self, queryset, name, value):
        if self.query is None:
            self.query = search.parse(value)
            if self._version is not None:
                self.query.cache["version"] = self._version
            # Ranked once over the published directory; every facet count reuses it.
            self.ranked = self.query.rank(Program.objects.published())
        return queryset.among(self.ranked)

    def filter_facet(self, queryset, name, value):
        values = value if isinstance(value, list) else [value]
        return getattr(queryset, FACETS_BY_NAME[name].filter)(values)

    def filter_sort(self, queryset, name, value):
        return queryset  # the order is set last, in filter_queryset, sort given or not

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.sort_order() == "relevance":
            return queryset.ranked_by(self.ranked)  # best match first
        return queryset.sorted_by(self.sort_order())

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self.form.is_valid()
            for name in self.form.errors:
                self.ignored += [(name, value[:60]) for value in self.data.getlist(name)[:1]]
            # Invalid fields (a q too long, a sort unknown) are left out, the rest applies.
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    def searching(self):
        q = self.value("q")
        return bool(q and q.strip())

    def sort_order(self):
        """The order the list is in: the one asked for, else best match for a search, else
        name; best match without a search means name."""
        sort = self.value("sort") or ("relevance" if self.searching() else "name")
        return "name" if sort == "relevance" and not self.searching() else sort

    def sort_options(self):
        current = self.sort_order()
        return [
            {"value": value, "label": label, "selected": value == current}
            for value, label in SORTS
            if value != "relevance" or self.searching()
        ]

    def value(self, name):
        self.form.is_valid()
        return self.form.cleaned_data.get(name)

    def chosen(self, facet):
        value = self.value(facet.name)
        if not value:
            return []
        return value if isinstance(value, list) else [value]

    # Facet counts: how many programs each option would give with the other filters kept.
    # Counting covers every published program, so the counts are kept in the cache for the
    # current directory version (any edit makes a new version) and this filter state.

    @property
    def version(self):
        """The directory version, read once per request and shared with the search."""
        if self._version is None:
            if self.query is not None and "version" in self.query.cache:
                self._version = self.query.cache["version"]
            else:
                self._version = current_version()
        if self.query is not None:
            self.query.cache.setdefault("version", self._version)
        return self._version

    def kept(self, name, state, compute):
        """compute(), kept in the cache for the directory version and this filter state."""
        if not settings.FACET_CACHE_SECONDS:
            return compute()
        return kept_for_version(("programs", name, state), compute, self.version)

    def _state(self, *leaving_out):
        return tuple(
            sorted(
                (name, repr(value))
                for name, value in self.form.cleaned_data.items()
                if name not in (*leaving_out, "sort") and value
            )
        )

    def count(self):
        """How many programs the list has (every page), kept like the facet counts: the
        paginator's COUNT(*) covers every matching program."""
        self.qs  # noqa: B018  (reads the form and ranks the search once)
        return self.kept("count", self._state(), lambda: self.qs.order_by().count())

    def _without(self, name):
        """These programs filtered by everything but one facet, unordered (for counting)."""
        self.qs  # noqa: B018  (reads the form and ranks the search once)
        queryset = self.queryset.all()
        for field, value in self.form.cleaned_data.items():
            if field not in (name, "sort") and value:
                queryset = self.filters[field].filter(queryset, value)
        return queryset

    def counts(self, facet):
        def count():
            programs = self._without(facet.name)
            options = self.options[facet.name]
            if facet.counts is not None:
                return facet.counts(self, programs, options)
            if not options:
                return {}
            method = getattr(Program.objects, facet.filter)
            aggregate = Program.objects.filter(pk__in=programs.values("pk")).aggregate(
                **{
                    f"n{i}": Count("pk", filter=Q(pk__in=method([o.value]).values("pk")))
                    for i, o in enumerate(options)
                }
            )
            return {o.value: aggregate[f"n{i}"] for i, o in enumerate(options)}

        def count_with_menu():
            # The sponsor menu is chosen while counting; keep it with the counts.
            counts = count()
            return {"counts": counts, "sponsors": self.shown_sponsors, "more": self.more_sponsors}

        found = self.kept(("facet", facet.name), self._state(facet.name), count_with_menu)
        self.shown_sponsors, self.more_sponsors = found["sponsors"], found["more"]
        return found["counts"]

    def facets(self):
        """Each facet with its options, counts and what is checked, for includes/facet.html."""
        shown = []
        for facet in FACETS:
            counts = self.counts(facet)
            options = self.shown_sponsors if facet.name == "sponsor" else self.options[facet.name]
            chosen = set(self.chosen(facet))
            shown.append(
                {
                    "facet": facet,
                    "options": [
                        {
                            "value": o.value,
                            "label": o.label,
                            "child": o.child,
                            "count": counts.get(o.value, 0),
                            "checked": o.value in chosen,
                        }
                        for o in options
                    ],
                    "more": self.more_sponsors if facet.name == "sponsor" else 0,
                }
            )
        return shown

    def facet(self, name):
        """One facet as facets() gives it."""
        return next(entry for entry in self.facets() if entry["facet"].name == name)

    # Active filters, each with the query string that removes it.

    def active_filters(self):
        chips = []
        if self.value("q"):
            chips.append((f"Search: “{self.value('q')}”", self._removing("q")))
        for facet in FACETS:
            labels = {o.value: o.label for o in self.options[facet.name]}
            for value in self.chosen(facet):
                label = "Confidential" if facet.name == "confidential" else labels[value]
                chips.append((label, self._removing(facet.name, value)))
        return chips

    def _removing(self, name, value=None):
        data = self.data.copy()
        data.pop("page", None)
        if value is None:
            data.pop(name, None)
        else:
            data.setlist(name, [v for v in data.getlist(name) if v != value])
        for bad, _ in self.ignored:
            if not (bad in FACETS_BY_NAME and FACETS_BY_NAME[bad].multiple):
                data.pop(bad, None)
        query = data.urlencode()
        return f"?{query}" if query else "?"


ProgramFilter.base_filters.update(
    {
        facet.name: (
            django_filters.MultipleChoiceFilter if facet.multiple else django_filters.ChoiceFilter
        )(field_name=facet.name, label=facet.label, method="filter_facet")
        for facet in FACETS
    }
)
# The order is applied last, whatever the order of the declarations above.
ProgramFilter.base_filters["sort"] = ProgramFilter.base_filters.pop("sort")
