"""Offices, departments, student governing bodies and student organizations.

This app also holds what both apps share: the publication ``Status``, the ``SourceDocument``
every seeded record was transcribed from, and the ``Provenance`` fields that point into it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKey:
    """A record that fixtures and backups name by its slug (with SlugNaturalKeyManager)."""

    def natural_key(self):
        return (self.slug,)


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The records the public may see. The one place that decides it."""
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """What `user` may open on the site: the published records, and for staff who may
        view this kind of record in admin, drafts and archived ones too (a preview)."""
        opts = self.model._meta
        if (
            user.is_active
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        ):
            return self.all()
        return self.published()


class Seeded(models.Model):
    """A record the seed command may have created; see programs/seeding.py."""

    seed_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Digest of the content as last seeded; a re-seed keeps records that differ.",
    )

    class Meta:
        abstract = True


class SourceDocument(SlugNaturalKey, Seeded):
    """A document the seed data was transcribed from, kept whole so pages can quote it."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    filename = models.CharField(max_length=100, help_text="The file under fixtures/sources/.")
    text = models.TextField()

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def paragraphs(self):
        """The text's paragraphs after its title line."""
        parts = [part.strip() for part in self.text.split("\n\n") if part.strip()]
        return [part for part in parts if part != self.title]

    def passage_from(self, opening):
        """The text from the sentence that begins with `opening` to the end, or ""."""
        start = self.text.find(opening)
        return self.text[start:].strip() if start >= 0 else ""


class Provenance(Seeded):
    """Where a record's facts come from: a source document and the verbatim excerpt."""

    source = models.ForeignKey(
        SourceDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The document this record was transcribed from, if any.",
    )
    source_excerpt = models.TextField(
        blank=True, help_text="The passage of the source, quoted exactly as written."
    )

    class Meta:
        abstract = True


class Organization(SlugNaturalKey, Provenance):
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
    website = models.URLField(blank=True, help_text="Leave blank unless a source gives it.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)
    last_reviewed = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    history = HistoricalRecords()

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


class GuidingPrinciple(Provenance):
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
