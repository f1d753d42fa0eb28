"""The filters of the organization list: /organizations/?q=&kind=&category=&advised_by=&page=.

Declared as the program list's are (directory/filters.py): each facet once, in FACETS, read by
the filtering, the dropping of unknown values, the counts, the chips and
`includes/facet.html`. Values within a facet combine with OR, facets with AND; an unknown
value is dropped and the page says so.
"""

from django.db.models import Count

from directory.filters import Facet, FacetFilterSet, Option, declare_facets
from organizations.models import Category, Organization


def advisors():
    """Published organizations that advise at least one published organization (SOLE)."""
    advised = Organization.objects.published().filter(advising_office__isnull=False)
    return Organization.objects.published().filter(pk__in=advised.values("advising_office_id"))


def _kind_options(organization_filter):
    return [Option(value, label) for value, label in Organization.Kind.choices]


def _kind_counts(organization_filter, organizations, options):
    """One GROUP BY over the listed organizations (not one count per kind)."""
    return dict(
        organizations.order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )


def _category_counts(organization_filter, organizations, options):
    """One GROUP BY over the listed organizations' category links (none without categories)."""
    if not options:
        return {}
    links = Organization.categories.through.objects.filter(
        organization__in=organizations.values("pk")
    )
    return dict(
        links.values_list("category__slug").annotate(n=Count("organization_id", distinct=True))
    )


def _category_options(organization_filter):
    return [Option(c.slug, c.name, c.pk) for c in Category.objects.all()]


def _advisor_options(organization_filter):
    return [Option(o.slug, o.display_name, o.pk) for o in advisors().by_name()]


FACETS = [
    Facet("kind", "Kind of organization", "of_kinds", _kind_options, counts=_kind_counts),
    Facet("category", "Category", "in_categories", _category_options, counts=_category_counts),
    Facet(
        "advised_by",
        "Advised by",
        "advised_by",
        _advisor_options,
        multiple=False,
        widget="select",
        empty_label="Any office",
    ),
]


class OrganizationFilter(FacetFilterSet):
    class Meta:
        model = Organization
        fields = []

    def ordered(self, queryset):
        return super().ordered(queryset) if self.searching() else queryset.by_name()


declare_facets(OrganizationFilter, FACETS)
