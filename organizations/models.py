"""Offices, departments, student governing bodies and student organizations."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from directory.models import (
    HsdsIdentified,
    Provenance,
    Publishable,
    PublishableQuerySet,
    SlugNaturalKey,
    SlugNaturalKeyManager,
)
from directory.reach import WEB_URL, Contact, Location, Phone, Reachable, Schedule
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

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    history = HistoricalRecords(m2m_fields=["languages", "categories"])

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "kind"])]
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
