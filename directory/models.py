"""What every app of the directory shares.

- ``Status`` and ``Publishable``: whether the public may see a record, decided in one place
  (``PublishableQuerySet.published()`` for querysets, ``Publishable.is_published`` for one
  record).
- ``SlugNaturalKey``: records that fixtures and backups name by their slug.
- ``HsdsIdentified``: a stored, stable id for the HSDS API.
- ``Seeded`` and ``Provenance``: what the seed command wrote, and the source document and
  verbatim excerpt a record was transcribed from (``SourceDocument``).
- ``DirectoryVersion``: the token cached pages are keyed on (see directory/cache.py).
- ``Language``: the languages programs and organizations are offered in; how to reach a
  record is in directory/reach.py.
- ``Synonym``, ``SearchWord`` and ``SearchableQuerySet``: what the search (directory/search/)
  reads and how a searchable model's queryset ranks by it.

This app imports no other app of the project; the others build on it.
"""

import math
import uuid

from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models.expressions import RawSQL
from simple_history.models import HistoricalRecords

from directory.text import ControlCharacterFree

# HSDS ids are UUIDs; a record's is made from its kind and slug when it is first saved, so the
# seed gives the same record the same id in every database.
HSDS_NAMESPACE = uuid.UUID("6f1c5e0e-4a57-4c1b-9d8e-2f0b7a3c9d10")


def hsds_uuid(kind, key):
    return uuid.uuid5(HSDS_NAMESPACE, f"{kind}:{key}")


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
        """The records the public may see. The one place that decides it for a queryset;
        ``Publishable.is_published`` says the same of one record."""
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


class SearchableQuerySet(PublishableQuerySet):
    """The queryset of a searchable model (directory/search/): ranks by a parsed search."""

    def search(self, query):
        """These records matching a search (directory.search.parse(q)), best first, each
        annotated with its `relevance`."""
        return self.ranked_by(query.rank(self))

    def ranked_by(self, ranked):
        """These records among [(pk, relevance)], best first, annotated with `relevance`."""
        if not ranked:
            return self.none().annotate(relevance=models.Value(0.0))
        # One CASE over the primary key, as SQL: a Case() of When()s is resolved branch by
        # branch, which costs 25 ms for the 200 results a search may rank. The branches are
        # integers and finite floats made here, written as literals: parsing hundreds of
        # parameters cost the database driver more than the query.
        quote_name = connections[self.db].ops.quote_name
        pk = f"{quote_name(self.model._meta.db_table)}.{quote_name(self.model._meta.pk.column)}"
        branches = " ".join(
            f"WHEN {int(key)} THEN {float(score) if math.isfinite(score) else 0.0!r}"
            for key, score in ranked
        )
        relevance = RawSQL(
            f"CASE {pk} {branches} ELSE 0.0 END", [], output_field=models.FloatField()
        )
        return (
            self.among(ranked)
            .annotate(relevance=relevance)
            .order_by("-relevance", *self.model._meta.ordering)
        )

    def among(self, ranked):
        """These records among [(pk, relevance)], in no particular order (for counting)."""
        return self.filter(pk__in=[pk for pk, _ in ranked])


class Publishable(models.Model):
    """A record with a publication status, a date an editor last reviewed it, and timestamps."""

    status = models.CharField(max_length=10, choices=Status, default=Status.PUBLISHED)
    last_reviewed = models.DateField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        """Whether the public may see this record: the rule of PublishableQuerySet.published()."""
        return self.status == Status.PUBLISHED


class HsdsIdentified(models.Model):
    """A record other directories know by a stable id (Open Referral HSDS ids are UUIDs).

    Stored and indexed, so an API detail page is one lookup; kept when the slug changes, so
    an importer's link keeps working. Subclasses name their kind in HSDS_KIND.
    """

    HSDS_KIND = ""

    hsds_id = models.UUIDField(
        "HSDS id", unique=True, null=True, editable=False, help_text="Fixed when first saved."
    )

    class Meta:
        abstract = True

    def with_hsds_id(self):
        """This record with its id set (save() does it; bulk_create() callers call this)."""
        if self.hsds_id is None:
            self.hsds_id = hsds_uuid(self.HSDS_KIND, self.slug)
        return self

    def save(self, *args, **kwargs):
        self.with_hsds_id()
        super().save(*args, **kwargs)


class Seeded(models.Model):
    """A record the seed command may have created; see directory/seeding.py."""

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
        # Created by the organizations app before this app existed; the table keeps its name.
        db_table = "organizations_sourcedocument"

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


class DirectoryVersion(models.Model):
    """One row whose token changes with every change to directory data.

    Cached pages carry the token in their cache key, so a change makes every cached page stale
    at once, in every app process, whatever the cache backend (see directory/cache.py). The
    token is random, never a counter, so a key can never be reused after a reset or a restore.
    """

    token = models.CharField(max_length=32)
    changed = models.DateTimeField(auto_now=True)

    class Meta:
        # Created by the project package before this app existed; the table keeps its name.
        db_table = "config_directoryversion"

    def __str__(self):
        return f"directory version {self.token} ({self.changed:%Y-%m-%d %H:%M})"


class PendingImport(models.Model):
    """A file uploaded for import in admin, kept from its preview until it is confirmed.

    In the database, so the confirmation finds it whichever app process or machine answers it;
    confirming takes it (a second confirmation of the same file finds nothing, and says so),
    and files never confirmed are removed after ``PendingImportStorage.LIFETIME``. See
    directory/imports.py.
    """

    name = models.CharField(max_length=32, unique=True)
    data = models.BinaryField()
    confirmed = models.BooleanField(default=False)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return f"import file {self.name} ({self.created:%Y-%m-%d %H:%M})"


class Language(models.Model):
    """A language a program or organization is offered in (ISO 639-1), added by editors."""

    code = models.CharField(
        "ISO 639-1 code",
        max_length=2,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z]{2}$", "Use the two-letter ISO 639-1 code, e.g. en or es.")
        ],
        help_text="Two lower-case letters: en, es, ht, pt, zh ...",
    )
    name = models.CharField(max_length=100, help_text="As visitors know it, e.g. Spanish.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Synonym(ControlCharacterFree, SlugNaturalKey, Seeded):
    """A word visitors type, and the directory's words it stands for (acronyms, plain speech).
    Read by every search: programs and organizations alike."""

    slug = models.SlugField(unique=True)
    term = models.CharField(max_length=100, help_text="What a visitor types, e.g. “PI”.")
    expansions = models.TextField(
        help_text="What it means in the directory's words, one phrase per line, e.g. “advisor”."
    )

    objects = SlugNaturalKeyManager()

    # Created by the programs app before the search served organizations too; the tables keep
    # their names (directory/migrations/0004).
    history = HistoricalRecords(table_name="programs_historicalsynonym")

    class Meta:
        ordering = ["term"]
        db_table = "programs_synonym"

    def __str__(self):
        return self.term

    def expansion_list(self):
        return [line.strip() for line in self.expansions.splitlines() if line.strip()]


class SearchWord(models.Model):
    """A word of the directory's published programs and organizations (and of the names they
    are found by), for correcting typos with pg_trgm on PostgreSQL. Rebuilt by
    `manage.py update_search_index`."""

    # The word is the key, so a backup loaded over words the signals already added merges.
    word = models.CharField(max_length=50, primary_key=True)

    class Meta:
        ordering = ["word"]
        db_table = "programs_searchword"

    def __str__(self):
        return self.word
