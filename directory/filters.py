"""Filtered, searchable lists with facets: the machinery the program and organization lists share.

A list declares its facets once, as data (``Facet``: the query parameter, its label, the
queryset method that filters by it, where its options come from, whether it takes several
values), in a ``FacetFilterSet`` subclass's ``facets``, and calls ``declare_facets`` on the
class. Filtering, the dropping of unknown values (the page lists what it ignored), the counts
(kept in the cache for the current directory version), the chips that remove one filter and
``includes/facet.html`` all read that declaration. Values within a facet combine with OR,
facets with AND; ``q`` is the directory's search (directory/search/), ranked once.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import django_filters
from django.conf import settings
from django.db.models import Count, Q

from directory import search
from directory.cache import current_version, kept_for_version

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,50}")


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    pk: int | None = None
    child: bool = False


@dataclass(frozen=True)
class Facet:
    """One filter of a list, declared once."""

    name: str  # the query parameter
    label: str
    filter: str  # the queryset method, given the chosen values (a list)
    options: Callable  # (FacetFilterSet) -> [Option]: what the facet offers, one query
    multiple: bool = True
    widget: str = "checkboxes"  # or "select"
    # (FacetFilterSet, records, options) -> {value: count}; by default one aggregate query
    # counting each option through the facet's own queryset method. It may choose which
    # options are shown (filterset.shown[name]) and how many more there are (filterset.more).
    counts: Callable | None = None
    empty_label: str = ""  # for a select: the choice that filters nothing
    chip: str = ""  # the chip's label, when not the option's own
    # Below a menu that shows only some options: what it shows and where all of them are.
    more_help: str = ""
    more_link: str = ""  # a URL name
    more_link_label: str = ""


class FacetFilterSet(django_filters.FilterSet):
    """A list's filters: `q` and the facets of `facets`. Subclasses set Meta.model (a model
    with a SearchableQuerySet) and `facets`, and call declare_facets(cls) after the class."""

    facets_declared: list[Facet] = []

    q = django_filters.CharFilter(
        label="Search", method="filter_q", max_length=search.MAX_QUERY_LENGTH
    )

    def __init__(self, data=None, *args, **kwargs):
        self.data = data  # read by the facets' option loaders
        self.query = None  # the search, once q is read (directory.search.Query)
        self._version = None  # the directory version, once read (see version)
        self.ranked = []
        self.options = {facet.name: facet.options(self) for facet in self.facets_declared}
        self.ignored = []
        self.shown = {}  # facet name -> the options shown, when its counts chose them
        self.more = {}  # facet name -> how many options are not shown
        if data is not None:
            data = self._drop_unknown(data)
        super().__init__(data, *args, **kwargs)
        for facet in self.facets_declared:
            self.filters[facet.name].extra["choices"] = [
                (o.value, o.label) for o in self.options[facet.name]
            ]

    @cached_property
    def facets_by_name(self):
        return {facet.name: facet for facet in self.facets_declared}

    def _drop_unknown(self, data):
        """Keep the known values of each facet; remember the rest to say so."""
        data = data.copy()
        for facet in self.facets_declared:
            known = {o.value for o in self.options[facet.name]}
            values = data.getlist(facet.name)
            kept = [v for v in dict.fromkeys(values) if v in known]
            self.ignored += [(facet.name, v[:60]) for v in values if v not in known]
            data.setlist(facet.name, kept if facet.multiple else kept[:1])
        return data

    def searched(self):
        """What a search ranks over: the published records (facets narrow it afterwards)."""
        return self._meta.model.objects.published()

    # Filtering: q ranks once; each facet calls its queryset method; then the order.

    def filter_q(self, queryset, name, value):
        if self.query is None:
            self.query = search.parse(value)
            if self._version is not None:
                self.query.cache["version"] = self._version
            # Ranked once over the published directory; every facet count reuses it.
            self.ranked = self.query.rank(self.searched())
        return queryset.among(self.ranked)

    def filter_facet(self, queryset, name, value):
        values = value if isinstance(value, list) else [value]
        return getattr(queryset, self.facets_by_name[name].filter)(values)

    def filter_queryset(self, queryset):
        return self.ordered(super().filter_queryset(queryset))

    def ordered(self, queryset):
        """Best match first for a search; otherwise the queryset's own order."""
        return queryset.ranked_by(self.ranked) if self.searching() else queryset

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

    def value(self, name):
        self.form.is_valid()
        return self.form.cleaned_data.get(name)

    def chosen(self, facet):
        value = self.value(facet.name)
        if not value:
            return []
        return value if isinstance(value, list) else [value]

    # Facet counts: how many records each option would give with the other filters kept.
    # Counting covers every published record, so the counts are kept in the cache for the
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
        key = (self._meta.model._meta.label, name, state)
        return kept_for_version(key, compute, self.version)

    def _state(self, *leaving_out):
        return tuple(
            sorted(
                (name, repr(value))
                for name, value in self.form.cleaned_data.items()
                if name not in leaving_out and self._filtering(name) and value
            )
        )

    def count(self):
        """How many records the list has (every page), kept like the facet counts: the
        paginator's COUNT(*) covers every matching record."""
        self.qs  # noqa: B018  (reads the form and ranks the search once)
        return self.kept("count", self._state(), lambda: self.qs.order_by().count())

    def _filtering(self, field):
        return field == "q" or field in self.facets_by_name

    def _without(self, name):
        """These records filtered by everything but one facet, unordered (for counting)."""
        self.qs  # noqa: B018  (reads the form and ranks the search once)
        queryset = self.queryset.all()
        for field, value in self.form.cleaned_data.items():
            if field != name and self._filtering(field) and value:
                queryset = self.filters[field].filter(queryset, value)
        return queryset

    def counts(self, facet):
        model = self._meta.model

        def count():
            records = self._without(facet.name)
            options = self.options[facet.name]
            if facet.counts is not None:
                return facet.counts(self, records, options)
            if not options:
                return {}
            method = getattr(model.objects, facet.filter)
            aggregate = model.objects.filter(pk__in=records.values("pk")).aggregate(
                **{
                    f"n{i}": Count("pk", filter=Q(pk__in=method([o.value]).values("pk")))
                    for i, o in enumerate(options)
                }
            )
            return {o.value: aggregate[f"n{i}"] for i, o in enumerate(options)}

        def count_with_menu():
            # The options a menu shows are chosen while counting; keep them with the counts.
            counts = count()
            return {
                "counts": counts,
                "shown": self.shown.get(facet.name),
                "more": self.more.get(facet.name, 0),
            }

        found = self.kept(("facet", facet.name), self._state(facet.name), count_with_menu)
        if found["shown"] is not None:
            self.shown[facet.name] = found["shown"]
        self.more[facet.name] = found["more"]
        return found["counts"]

    def facets(self):
        """Each facet with its options, counts and what is checked, for includes/facet.html."""
        shown = []
        for facet in self.facets_declared:
            counts = self.counts(facet)
            options = self.shown.get(facet.name, self.options[facet.name])
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
                    "more": self.more.get(facet.name, 0),
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
        for facet in self.facets_declared:
            labels = {o.value: o.label for o in self.options[facet.name]}
            for value in self.chosen(facet):
                chips.append((facet.chip or labels[value], self._removing(facet.name, value)))
        return chips

    def _removing(self, name, value=None):
        data = self.data.copy()
        data.pop("page", None)
        if value is None:
            data.pop(name, None)
        else:
            data.setlist(name, [v for v in data.getlist(name) if v != value])
        for bad, _ in self.ignored:
            if not (bad in self.facets_by_name and self.facets_by_name[bad].multiple):
                data.pop(bad, None)
        query = data.urlencode()
        return f"?{query}" if query else "?"


def declare_facets(filterset_class, facets):
    """Give a FacetFilterSet subclass its facets: one filter each, declared once."""
    filterset_class.facets_declared = facets
    filterset_class.base_filters.update(
        {
            facet.name: (
                django_filters.MultipleChoiceFilter
                if facet.multiple
                else django_filters.ChoiceFilter
            )(field_name=facet.name, label=facet.label, method="filter_facet")
            for facet in facets
        }
    )
    # Anything else the subclass declared (its sort) is applied after the facets.
    for name in [
        n for n in filterset_class.base_filters if n != "q" and n not in {f.name for f in facets}
    ]:
        filterset_class.base_filters[name] = filterset_class.base_filters.pop(name)
