"""The filters of the program list: /programs/?q=&audience=&support=&confidential=&time=
&attending=&language=&cost=&sponsor=&sort=.

Each facet is declared once, in FACETS: its query parameter, label, the queryset method that
filters by it, where its options come from and whether it takes several values. The FilterSet
(directory/filters.py, shared with the organization list), the dropping of unknown values, the
counts, the chips and `includes/facet.html` all read that declaration, so a new facet is one
entry here and one ProgramQuerySet method. Values within a
facet combine with OR, facets with AND. Unknown or malformed values are dropped, never an error:
the page lists what it ignored.
"""

import django_filters
from django.db.models import Count, Exists, OuterRef, Q

from directory.filters import SLUG, Facet, FacetFilterSet, Option, declare_facets
from directory.models import Language, Status
from directory.reach import TIMES_OF_DAY, WEEKEND, AttendingType
from organizations.models import Organization
from programs.models import Audience, Program, Sponsorship, SupportType

# "relevance" is offered, and the default, when there is a search.
SORTS = [
    ("relevance", "Best match"),
    ("name", "Name (A to Z)"),
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
]
# How many organizations the list's organization menu offers.
SPONSOR_OPTIONS = 25


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
    program_filter.more["sponsor"] = max(len(by_pk) - len(top), 0)
    program_filter.shown["sponsor"] = shown
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
        chip="Confidential",
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
        more_help="The organizations behind the most of these programs.",
        more_link="organizations:list",
        more_link_label="All organizations",
    ),
]


class ProgramFilter(FacetFilterSet):
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORTS, method="filter_sort")

    class Meta:
        model = Program
        fields = []

    def filter_sort(self, queryset, name, value):
        return queryset  # the order is set last, in filter_queryset, sort given or not

    def ordered(self, queryset):
        if self.sort_order() == "relevance":
            return queryset.ranked_by(self.ranked)  # best match first
        return queryset.sorted_by(self.sort_order())

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


declare_facets(ProgramFilter, FACETS)
