"""Offices, departments, student governing bodies and student organizations."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from simple_history.models import HistoricalRecords

from directory.expressions import Literal
from directory.models import (
    HsdsIdentified,
    Provenance,
    Publishable,
    SearchableQuerySet,
    SlugNaturalKey,
    SlugNaturalKeyManager,
    Status,
)
from directory.reach import WEB_URL, Contact, Location, Phone, Reachable, Schedule
from directory.search import SearchDocument
from directory.text import ControlCharacterFree


class Category(ControlCharacterFree, SlugNaturalKey, models.Model):
    """What a student organization is about (arts, cultural, service, ...): an editable
    taxonomy; an organization can be in several. The sources name none: editors add them."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = SlugNaturalKeyManager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


# The name people see, lowercased: the name, or the acronym when it has none. Its constant is
# written into the SQL (Literal) so that SQLite matches the index built on it.
BY_NAME = Lower(Coalesce(NullIf("name", Literal("")), "short_name"))


class OrganizationQuerySet(SearchableQuerySet):
    # The list's filters (organizations/filters.py): each a plain filter or a semi-join, so a
    # page of the list is one query whatever the size of the directory.
    def of_kinds(self, kinds):
        return self.filter(kind__in=kinds)

    def in_categories(self, slugs):
        """Organizations in any of these categories."""
        linked = self.model.categories.through.objects.filter(category__slug__in=slugs)
        return self.filter(pk__in=linked.values("organization_id"))

    def advised_by(self, slugs):
        """Organizations any of these offices (by slug) advise."""
        return self.filter(advising_office__slug__in=slugs)

    def by_name(self):
        """In the order of the names people see: the name, or the acronym when it has none
        (the expression of the index organization_by_name_idx, so a page is read from it)."""
        return self.order_by(BY_NAME, "pk")

    def student_organizations(self):
        return self.filter(kind=Organization.Kind.STUDENT_ORGANIZATION)

    def with_program_count(self):
        """Each annotated with `program_count`: the published programs it has a part in (a
        subquery per row shown, so counting and filtering the list need no GROUP BY)."""
        # The programs app builds on this one: its sponsorships are reached through the relation.
        sponsorships = self.model.sponsorships.rel.related_model.objects.filter(
            organization=OuterRef("pk"), program__status=Status.PUBLISHED
        )
        count = (
            sponsorships.order_by()
            .values("organization")
            .annotate(n=Count("program", distinct=True))
        )
        return self.annotate(program_count=Coalesce(Subquery(count.values("n")), 0))

    def for_list(self):
        """What a list of organizations shows, in a constant number of queries: each one's
        categories as a plain list (listed_categories), read without a related manager."""
        return self.with_program_count().prefetch_related(
            Prefetch("categories", to_attr="listed_categories")
        )


class Organization(
    ControlCharacterFree, SlugNaturalKey, Provenance, Publishable, HsdsIdentified, Reachable
):
    HSDS_KIND = "organization"

    class Kind(models.TextChoices):
        OFFICE = "office", "Office"
        DEPARTMENT = "department", "Academic department"
        STUDENT_GOVERNMENT = "student-government", "Student government"
        STUDENT_ORGANIZATION = "student-organization", "Student organization"
        WORKING_GROUP = "working-group", "Working group"
        LABORATORY = "laboratory", "Laboratory"
        GROUP = "group", "Group or committee"

    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The full name. Leave blank when the sources give only an acronym.",
    )
    short_name = models.CharField(
        "short name or acronym",
        max_length=40,
        blank=True,
        help_text="For example ODGE. Leave the name as the source gives it.",
    )
    slug = models.SlugField(unique=True)
    kind = models.CharField(
        max_length=30, choices=Kind, blank=True, help_text="Blank when the sources do not say."
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The office or body this one is part of, if any.",
    )
    advising_office = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_organizations",
        help_text="For student organizations: the office that advises them (SOLE).",
    )
    mission = models.TextField(blank=True)
    description = models.TextField(blank=True)
    headline_figure = models.CharField(
        max_length=200,
        blank=True,
        help_text='A figure from the source, e.g. "500+ student-led organizations".',
    )
    website = models.URLField(
        blank=True, validators=[WEB_URL], help_text="Leave blank unless a source gives it."
    )
    categories = models.ManyToManyField(
        Category,
        blank=True,
        related_name="organizations",
        help_text="For student organizations: what they are about. An organization can have "
        "several.",
    )
    how_to_join = models.TextField(
        "how to join",
        blank=True,
        help_text="For student organizations: how a student joins (e.g. write to the list, come "
        "to a meeting).",
    )
    registration_renewed = models.DateField(
        "registration last renewed",
        null=True,
        blank=True,
        help_text="For student organizations: when it last renewed its registration with its "
        "advising office.",
    )
    is_active = models.BooleanField(
        "active",
        null=True,
        blank=True,
        help_text="For student organizations: whether it is active. Leave unknown when nobody "
        "has said.",
    )

    # PostgreSQL's full-text search: the weighted words of search_document, kept current by
    # directory/search/index.py (GIN-indexed by migration 0008). Empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    # What an organization is found by: its name and acronym first; then its mission and
    # categories; then its description, how to join and the source's words.
    search_document = SearchDocument(
        a=("name", "short_name"),
        b=("mission", "categories__name"),
        c=("description", "how_to_join", "source_excerpt"),
        snippet=("mission", "description"),
    )

    objects = SlugNaturalKeyManager.from_queryset(OrganizationQuerySet)()
    # Why a search result matched, set on each result by the list view (see Program.snippet).
    snippet = ""

    history = HistoricalRecords(
        m2m_fields=["languages", "categories"], excluded_fields=["search_vector"]
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            # The API's organization list (/api/hsds/organizations) in its order: a page is
            # read from the index, not sorted out of every organization.
            models.Index(
                fields=["status", "name", "short_name", "id"], name="organization_name_idx"
            ),
            # /organizations/ in the order of the names people see (by_name): a page from the
            # index, not a sort of every organization.
            models.Index("status", BY_NAME, "id", name="organization_by_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(short_name=""),
                name="organization_has_a_name",
                violation_error_message="Give the organization a name, an acronym or both.",
            )
        ]

    def __str__(self):
        if self.name and self.short_name:
            return f"{self.name} ({self.short_name})"
        return self.name or self.short_name

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.slug])

    @property
    def display_name(self):
        return self.name or self.short_name

    @property
    def is_student_organization(self):
        """A student organization, or one an office advises as such (its page shows how to
        join, its categories, whether it is active and when it last renewed)."""
        return self.kind == self.Kind.STUDENT_ORGANIZATION or self.advising_office_id is not None

    def clean(self):
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": "An organization cannot be its own parent."})
        if self.advising_office_id and self.advising_office_id == self.pk:
            raise ValidationError({"advising_office": "An organization cannot advise itself."})


class GuidingPrinciple(ControlCharacterFree, Provenance):
    """An idea an office works by (SOLE: social justice, cultural competencies, brave space)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="guiding_principles"
    )
    name = models.CharField(max_length=100)
    definition = models.TextField(help_text="The definition, quoted as the source gives it.")
    citation = models.CharField(
        max_length=300, help_text="The work the definition comes from, as the source cites it."
    )
    practice = models.TextField(blank=True, help_text="How the office puts the idea to work.")
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="unique_principle_per_organization"
            )
        ]

    def __str__(self):
        return self.name


class OrganizationContact(Contact):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "order", "pk"]
        verbose_name = "contact"


class OrganizationPhone(Phone):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="phones")

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "order", "pk"]
        verbose_name = "phone"


class OrganizationLocation(Location):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="locations"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "order", "pk"]
        verbose_name = "place"


class OrganizationSchedule(Schedule):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        OrganizationLocation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="schedules",
        verbose_name="place",
        help_text="Where it is open at these times (one of the organization's places), if one.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "order", "pk"]
        verbose_name = "opening hours"
        verbose_name_plural = "opening hours"

    def clean(self):
        super().clean()
        if self.location_id and self.location.organization_id != self.organization_id:
            raise ValidationError({"location": "Choose one of this organization's places."})
