"""The filters of the program list: /programs/?q=&audience=&support=&sponsor=&confidential=&sort=.

Unknown or malformed values are dropped, never an error: the page lists what it ignored.
"""

import hashlib
import re

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q

from directory.cache import current_version
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
MULTI_VALUED = ("audience", "support")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")
# How many organizations the list's organization menu offers.
SPONSOR_OPTIONS = 25
# Longest search text we read; longer text is ignored rather than searched.
MAX_QUERY_LENGTH = 200


def sponsors():
    """Published organizations behind at least one published program."""
    behind = Sponsorship.objects.filter(program__in=Program.objects.published())
    return Organization.objects.published().filter(pk__in=behind.values("organization_id"))


class ProgramFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search programs", method="filter_q", max_length=MAX_QUERY_LENGTH
    )
    audience = django_filters.MultipleChoiceFilter(label="Who it is for", method="filter_audience")
    support = django_filters.MultipleChoiceFilter(label="Kind of support", method="filter_support")
    sponsor = django_filters.ChoiceFilter(label="Organization", method="filter_sponsor")
    confidential = django_filters.ChoiceFilter(
        label="Confidential", choices=[("true", "Confidential only")], method="filter_confidential"
    )
    sort = django_filters.ChoiceFilter(label="Sort by", choices=SORTS, method="filter_sort")

    class Meta:
        model = Program
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # One query each for the options every facet offers.
        self.audiences = list(Audience.objects.select_related("parent"))
        self.support_types = list(SupportType.objects.all())
        # Only the organization asked for is looked up (there may be thousands of sponsors).
        self.sponsor = None
        self.more_sponsors = 0  # organizations left out of the menu, set by sponsor_options
        asked = data.get("sponsor") if data is not None else None
        if isinstance(asked, str) and SLUG.fullmatch(asked):
            self.sponsor = sponsors().filter(slug=asked).first()
        self.ignored = []
        if data is not None:
            data = self._drop_unknown(data)
        super().__init__(data, *args, **kwargs)
        self.filters["audience"].extra["choices"] = [(a.slug, a.name) for a in self.audiences]
        self.filters["support"].extra["choices"] = [(s.slug, s.name) for s in self.support_types]
        self.filters["sponsor"].extra["choices"] = (
            [(self.sponsor.slug, self.sponsor.display_name)] if self.sponsor else []
        )

    def _drop_unknown(self, data):
        """Keep the known values of the repeatable facets; remember the rest to say so."""
        known = {
            "audience": {a.slug for a in self.audiences},
            "support": {s.slug for s in self.support_types},
        }
        data = data.copy()
        for name in MULTI_VALUED:
            values = data.getlist(name)
            kept = [v for v in dict.fromkeys(values) if v in known[name]]
            self.ignored += [(name, v) for v in values if v not in known[name]]
            data.setlist(name, kept)
        return data

    # Filtering. Each method is one queryset rule; q is the one place search plugs in.

    def filter_q(self, queryset, name, value):
        if not (value and value.strip()):
            return queryset
        # Ranked once over the published directory; every facet count reuses it.
        if getattr(self, "_ranked_for", None) != value:
            self._ranked = search.rank(Program.objects.published(), value)
            self._ranked_for = value
        return queryset.among(self._ranked)

    def filter_audience(self, queryset, name, value):
        return queryset.for_audiences(value) if value else queryset

    def filter_support(self, queryset, name, value):
        return queryset.for_support_types(value) if value else queryset

    def filter_sponsor(self, queryset, name, value):
        return queryset.sponsored_by([value]) if value else queryset

    def filter_confidential(self, queryset, name, value):
        return queryset.confidential() if value == "true" else queryset

    def filter_sort(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset, exclude=()):
        for name, value in self.form.cleaned_data.items():
            if name not in exclude:
                queryset = self.filters[name].filter(queryset, value)
        if "sort" in exclude:
            return queryset  # counted, not listed: no order needed
        if self.sort_order() == "relevance" and "q" not in exclude:
            return queryset.ranked_by(self._ranked)  # best match first
        return queryset.sorted_by(self.sort_order())

    @property
    def qs(self):
        if not hasattr(self, "_qs"):
            self.form.is_valid()
            for name in self.form.errors:
                self.ignored += [(name, value[:60]) for value in self.data.getlist(name)[:1]]
            self._qs = self.filter_queryset(self.queryset.all())
        return self._qs

    def searching(self):
        q = self.form.cleaned_data.get("q")
        return bool(q and q.strip())

    def sort_order(self):
        """The order the list is in: the one asked for, else best match for a search, else
        name; best match without a search means name."""
        sort = self.form.cleaned_data.get("sort") or ("relevance" if self.searching() else "name")
        return "name" if sort == "relevance" and not self.searching() else sort

    def sort_options(self):
        self.qs  # noqa: B018  (validates the form)
        current = self.sort_order()
        return [
            {"value": value, "label": label, "selected": value == current}
            for value, label in SORTS
            if value != "relevance" or self.searching()
        ]

    def value(self, name):
        self.qs  # noqa: B018  (validates the form)
        return self.form.cleaned_data.get(name)

    # Facet counts: how many programs each option would give with the other filters kept.
    # Counting covers every published program, so the counts are kept in the cache for the
    # current directory version (any edit makes a new version) and this filter state.

    def _cached(self, facet, count):
        seconds = settings.FACET_CACHE_SECONDS
        if not seconds:
            return count()
        if not hasattr(self, "_version"):
            self._version = current_version()
        state = sorted(
            (name, repr(value))
            for name, value in self.form.cleaned_data.items()
            if name not in (facet, "sort") and value
        )
        digest = hashlib.sha256(repr((self._version, facet, state)).encode()).hexdigest()
        key = f"facets:{digest}"
        counts = cache.get(key)
        if counts is None:
            counts = count()
            cache.set(key, counts, seconds)
        return counts

    def _counts(self, facet, conditions):
        self.qs  # noqa: B018  (validates the form)
        if not conditions:
            return {}

        def count():
            base = self.filter_queryset(self.queryset.all(), exclude=(facet, "sort"))
            return Program.objects.filter(pk__in=base.values("pk")).aggregate(
                **{key: Count("pk", filter=cond, distinct=True) for key, cond in conditions}
            )

        return self._cached(facet, count)

    def audience_options(self):
        self.qs  # noqa: B018  (validates the form)
        base = self.filter_queryset(self.queryset.all(), exclude=("audience", "sort"))
        counts = self._cached("audience", lambda: base.count_by_audience(self.audiences))
        selected = set(self.value("audience") or ())
        by_parent = {}
        for a in self.audiences:
            by_parent.setdefault(a.parent_id, []).append(a)
        options = []
        for a in by_parent.get(None, []):
            for item in [a, *by_parent.get(a.pk, [])]:
                options.append(
                    {
                        "value": item.slug,
                        "label": item.name,
                        "count": counts.get(item.pk, 0),
                        "checked": item.slug in selected,
                        "child": item.parent_id is not None,
                    }
                )
        return options

    def support_options(self):
        counts = self._counts(
            "support", [(f"n{s.pk}", Q(support_types__pk=s.pk)) for s in self.support_types]
        )
        selected = set(self.value("support") or ())
        return [
            {
                "value": s.slug,
                "label": s.name,
                "count": counts.get(f"n{s.pk}", 0),
                "checked": s.slug in selected,
            }
            for s in self.support_types
        ]

    def sponsor_options(self):
        """The SPONSOR_OPTIONS organizations behind the most of these programs, by name, and the
        one chosen. One GROUP BY for the counts, one query for the names: a menu of thousands of
        organizations would help nobody (the organizations page lists them all)."""
        self.qs  # noqa: B018  (validates the form)
        base = self.filter_queryset(self.queryset.all(), exclude=("sponsor", "sort"))
        counts = self._cached(
            "sponsor",
            lambda: dict(
                Sponsorship.objects.filter(program__in=base.values("pk"))
                .values("organization_id")
                .annotate(n=Count("program", distinct=True))
                .values_list("organization_id", "n")
            ),
        )
        top = sorted(counts, key=lambda pk: (-counts[pk], pk))[:SPONSOR_OPTIONS]
        shown = list(sponsors().filter(pk__in=top).order_by("name", "short_name"))
        if self.sponsor and self.sponsor.pk not in top:
            shown.append(self.sponsor)
        self.more_sponsors = max(len(counts) - len(top), 0)
        return [
            {
                "value": o.slug,
                "label": o.display_name,
                "count": counts.get(o.pk, 0),
                "checked": self.sponsor is not None and o.pk == self.sponsor.pk,
            }
            for o in shown
        ]

    def confidential_count(self):
        return self._counts("confidential", [("n", Q(is_confidential=True))])["n"]

    # Active filters, each with the query string that removes it.

    def active_filters(self):
        self.qs  # noqa: B018  (validates the form)
        data = self.form.cleaned_data
        names = {
            "audience": {a.slug: a.name for a in self.audiences},
            "support": {s.slug: s.name for s in self.support_types},
            "sponsor": {self.sponsor.slug: self.sponsor.display_name} if self.sponsor else {},
        }
        chips = []
        if data.get("q"):
            chips.append((f"Search: “{data['q']}”", self._without("q")))
        for name in MULTI_VALUED:
            for value in data.get(name) or ():
                chips.append((names[name][value], self._without(name, value)))
        if data.get("sponsor"):
            chips.append((names["sponsor"][data["sponsor"]], self._without("sponsor")))
        if data.get("confidential"):
            chips.append(("Confidential", self._without("confidential")))
        return chips

    def _without(self, name, value=None):
        data = self.data.copy()
        data.pop("page", None)
        if value is None:
            data.pop(name, None)
        else:
            data.setlist(name, [v for v in data.getlist(name) if v != value])
        for bad, _ in self.ignored:
            if bad not in MULTI_VALUED:
                data.pop(bad, None)
        query = data.urlencode()
        return f"?{query}" if query else "?"
