"""CSV import and export of organizations in admin (django-import-export), built for SOLE's
staff keeping hundreds of student organizations current.

- Columns (README, "Importing student organizations"): ``COLUMNS`` below, each with the header
  names a file may use instead ("Organization Name", "Acronym", "Advisor", ...), matched
  ignoring case. Other columns are not imported, and the preview says so.
- Rows are matched on slug; a row without one gets it from its acronym or name, so a plain list
  of student organizations imports as it is. A slug made that way is a guess: when it is an
  existing organization's and the row would change what that organization is called or what
  kind it is, the row is an error until the file gives the slug.
- A new row is a **draft** unless its status says published; a blank status leaves an existing
  organization's as it is. A new row with an advising office and no kind is a student
  organization.
- ``categories``: several per cell, separated by ``;`` (or ``,``), each a known category's name
  or slug. An unknown one is an error naming the row and the column: categories are a small
  shared taxonomy that visitors filter by, so a new one is added deliberately in admin, not by
  a typo in a spreadsheet.
- Every row is checked before anything is written (the preview writes nothing at all); the
  confirmation writes in bulk: organizations, their categories, phones and meeting times, one
  history version each, and the directory version once.

How to reach an organization: ``website``, ``email``, ``phone`` and ``schedule``
(directory/resources.py).
"""

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router
from django.utils import timezone
from django.utils.text import slugify
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import RowResult

from directory.batching import run_or_defer
from directory.cache import invalidate_pages
from directory.imports import BatchedResource, Columns
from directory.models import Status, hsds_uuid
from directory.resources import ReachColumns, parse_schedules, reach_fields
from directory.search import reindex
from directory.versions import record_versions
from organizations.models import (
    Category,
    Organization,
    OrganizationPhone,
    OrganizationSchedule,
)

# Each column and the other header names a file may give it (compared ignoring case, spaces,
# hyphens and underscores). Keep it a declared table: README lists it.
COLUMNS = Columns(
    {
        "slug": [],
        "name": [
            "Organization name",
            "Organisation name",
            "Org name",
            "Organization",
            "Group name",
        ],
        "short_name": ["Short name", "Acronym", "Abbreviation"],
        "kind": ["Type", "Organization type"],
        "parent": ["Part of"],
        "advising_office": ["Advised by", "Advisor", "Adviser", "Advising office"],
        "mission": [],
        "description": ["Purpose", "About"],
        "headline_figure": [],
        "categories": ["Category"],
        "website": ["Website URL", "URL", "Web site", "Homepage"],
        "email": ["Contact email", "E-mail", "Email address"],
        "phone": ["Phone number", "Contact phone"],
        "schedule": ["Meeting times", "Meeting time", "Meetings"],
        "how_to_join": ["How to join", "Joining"],
        "registration_renewed": ["Registration renewed", "Registration last renewed", "Renewed"],
        "is_active": ["Active"],
        "status": [],
    }
)

# Rows written per statement on confirmation.
WRITE_BATCH = 500


def _text(value):
    return str(value or "").strip()


def _key(text):
    return " ".join(str(text or "").split()).casefold()


class OrganizationWidget(widgets.Widget):
    """A related organization given by its slug, acronym or name (any case); one that is not
    there, or that several organizations share, is a row error. The resource fills `lookup`
    from one query before the first row."""

    def __init__(self):
        self.lookup = {}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        found = self.lookup.get(_key(text))
        if found is None:
            raise ValueError(f"no organization has the slug, acronym or name “{text}”")
        if isinstance(found, list):
            raise ValueError(
                f"“{text}” names {len(found)} organizations "
                f"({', '.join(o.slug for o in found)}): give the slug"
            )
        return found

    def render(self, value, obj=None, **kwargs):
        return value.slug if value is not None else ""


class KindWidget(widgets.CharWidget):
    """A kind given by its value or its label, any case: "Student organization"."""

    def clean(self, value, row=None, **kwargs):
        text = _key(value)
        if not text:
            return ""
        for kind, label in Organization.Kind.choices:
            if text in (kind, _key(label), kind.replace("-", " ")):
                return kind
        kinds = ", ".join(kind for kind, _ in Organization.Kind.choices)
        raise ValueError(f"“{value}” is not a kind; the kinds are {kinds}")


class StatusWidget(widgets.CharWidget):
    """draft, published or archived, any case; blank is None (the resource decides)."""

    def clean(self, value, row=None, **kwargs):
        text = _key(value)
        if not text:
            return None
        for status, label in Status.choices:
            if text in (status, _key(label)):
                return status
        raise ValueError(f"“{value}” is not a status: draft, published or archived")


class ActiveWidget(widgets.Widget):
    """yes / no (active / inactive, true / false); blank is unknown."""

    WORDS = {
        "yes": True,
        "y": True,
        "true": True,
        "active": True,
        "1": True,
        "no": False,
        "n": False,
        "false": False,
        "inactive": False,
        "0": False,
    }

    def clean(self, value, row=None, **kwargs):
        text = _key(value)
        if not text:
            return None
        if text not in self.WORDS:
            raise ValueError(f"“{value}” is not yes or no")
        return self.WORDS[text]

    def render(self, value, obj=None, **kwargs):
        return {True: "yes", False: "no"}.get(value, "")


class DateWidget(widgets.Widget):
    """2025-09-15 (or 9/15/2025, as a US spreadsheet writes it)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value or "").strip()
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%m/%d/%Y"):
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"“{text}” is not a date such as 2025-09-15")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CategoriesWidget(widgets.Widget):
    """Several categories by name or slug, any case, separated by ";" (or ","). Cleans to the
    names in the taxonomy's order, joined by "; ", so an unchanged cell is an unchanged row.
    The resource fills `lookup` ({name or slug, folded: Category}) before the first row."""

    def __init__(self):
        self.lookup = {}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        if _key(text) in self.lookup:
            parts = [text]
        else:
            parts = text.split(";") if ";" in text else text.split(",")
        found, unknown = {}, []
        for part in (p.strip() for p in parts):
            if not part:
                continue
            category = self.lookup.get(_key(part))
            if category is None:
                unknown.append(f"“{part}”")
            else:
                found[category.pk] = category
        if unknown:
            known = sorted({c.name for c in self.lookup.values()})
            raise ValueError(
                f"no category is called {', '.join(unknown)}: "
                + (f"the categories are {', '.join(known)}. " if known else "there are none yet. ")
                + "Correct the spelling, or add the category under Organizations → Categories "
                "first."
            )
        return category_text(found.values())


def category_text(categories):
    return "; ".join(c.name for c in sorted(categories, key=lambda c: (c.order, c.name)))


class CategoriesField(fields.Field):
    """Reads the categories an import set on the record (the `categories_text` attribute),
    else the record's own."""

    def get_value(self, instance):
        if hasattr(instance, "categories_text"):
            return instance.categories_text
        return category_text(instance.categories.all()) if instance.pk else ""


class OrganizationResource(ReachColumns, BatchedResource):
    phone, schedule = reach_fields()
    kind = fields.Field(attribute="kind", column_name="kind", widget=KindWidget())
    parent = fields.Field(attribute="parent", column_name="parent", widget=OrganizationWidget())
    advising_office = fields.Field(
        attribute="advising_office", column_name="advising_office", widget=OrganizationWidget()
    )
    categories = CategoriesField(
        attribute="categories_text", column_name="categories", widget=CategoriesWidget()
    )
    registration_renewed = fields.Field(
        attribute="registration_renewed", column_name="registration_renewed", widget=DateWidget()
    )
    is_active = fields.Field(attribute="is_active", column_name="is_active", widget=ActiveWidget())
    status = fields.Field(attribute="status", column_name="status", widget=StatusWidget())

    class Meta:
        model = Organization
        import_id_fields = ["slug"]
        fields = list(COLUMNS.alternatives)
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        # Rows are checked one by one, then written together (see after_import).
        use_bulk = True
        batch_size = None
        instance_loader_class = CachedInstanceLoader
        # No deep copy and diff of every row: what the file's columns held is kept instead
        # (get_or_init_instance), enough to tell unchanged rows and show what changes.
        skip_diff = True
        store_instance = True

    # What a record is: a row matched by a guessed slug may not change these.
    IDENTITY = ("name", "short_name", "kind")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("parent", "advising_office")
            .prefetch_related("categories", "phones", "schedules")
        )

    # Before the first row: the file's headers, slugs, and what rows refer to, read once.

    def before_import(self, dataset, **kwargs):
        headers, self.given_headers, self.ignored_columns, repeated = COLUMNS.rename(
            dataset.headers or []
        )
        dataset.headers = headers
        # Slugs made from the acronym or name, in the file itself, so that the existing
        # organizations are all loaded in one query.
        self.guessed_rows = set()
        if "slug" not in headers:
            dataset.append_col([""] * dataset.height, header="slug")
        position = dataset.headers.index("slug")
        naming = [dataset.headers.index(c) for c in ("short_name", "name") if c in dataset.headers]
        for number, values in enumerate(list(dataset), 1):
            if not str(values[position] or "").strip():
                values = list(values)
                given = next((values[i] for i in naming if str(values[i] or "").strip()), "")
                values[position] = slugify(given)[:50]
                dataset[number - 1] = values
                self.guessed_rows.add(number)
        self.headers = list(dataset.headers)
        self.file_fields = [f for f in self.get_import_fields() if f.column_name in self.headers]
        self._load_references(dataset)
        self.slug_rows = {}
        self.written_rows = []
        # Wrong with the file as a whole: said above its rows, and nothing can be saved.
        if repeated:
            raise ValueError(
                "; ".join(
                    f"The columns {', '.join(f'“{h}”' for h in names)} all give "
                    f"{column.replace('_', ' ')}: keep one."
                    for column, names in repeated
                )
            )
        if (
            not {"name", "short_name"} & set(self.given_headers)
            and "slug" not in self.given_headers
        ):
            raise ValueError(
                "The file has no column naming the organizations: give a “name” (or "
                "“Organization name”), “short_name” (or “Acronym”) or “slug” column."
            )

    def _load_references(self, dataset):
        lookup = {}
        for organization in Organization.objects.only("pk", "slug", "short_name", "name"):
            for text in {organization.slug, organization.short_name, organization.name}:
                if text:
                    lookup.setdefault(_key(text), []).append(organization)
        lookup = {k: v[0] if len(v) == 1 else v for k, v in lookup.items()}
        # A slug names one organization, even when another's name reads the same.
        for organization in {
            o for v in lookup.values() for o in (v if isinstance(v, list) else [v])
        }:
            lookup[organization.slug] = organization
        for name in ("parent", "advising_office"):
            self.fields[name].widget.lookup = lookup
        categories = {}
        for category in Category.objects.all():
            categories[_key(category.name)] = category
            categories[_key(category.slug)] = category
        self.fields["categories"].widget.lookup = categories
        # A new slug whose HSDS id an existing organization kept when it was renamed.
        slugs = {str(slug or "").strip() for slug in dataset["slug"]}
        ids = {hsds_uuid(Organization.HSDS_KIND, slug): slug for slug in slugs}
        self.renamed_from = {
            ids[hsds_id]: slug
            for hsds_id, slug in Organization.objects.filter(hsds_id__in=ids).values_list(
                "hsds_id", "slug"
            )
            if ids[hsds_id] != slug
        }

    # Each row: checked in memory, nothing written.

    def get_import_fields(self):
        # Asked for several times a row; the same answer every time.
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_or_init_instance(self, instance_loader, row):
        instance, new = super().get_or_init_instance(instance_loader, row)
        instance.categories_text = CategoriesField().get_value(instance) if not new else ""
        instance.categories_before = instance.categories_text
        # What the file's columns hold now, to compare the row with.
        instance.import_before = (
            None if new else {f.column_name: f.get_value(instance) for f in self.file_fields}
        )
        return instance, new

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing organization the row would not change (no query: the values the file's
        columns held were kept when it was loaded)."""
        before = getattr(instance, "import_before", None)
        if import_validation_errors or before is None:
            return False
        return all(f.get_value(instance) == before[f.column_name] for f in self.file_fields)

    def after_init_instance(self, instance, new, row, **kwargs):
        number = kwargs.get("row_number")
        slug = row["slug"]
        column = (
            "slug"
            if number not in self.guessed_rows
            else ("short_name" if row.get("short_name") else "name")
        )
        if slug in self.slug_rows:
            raise ValidationError(
                {
                    column: f"Row {number} is the same organization as row "
                    f"{self.slug_rows[slug]} (slug “{slug}”): give each organization one row"
                    + (", or give the rows different slugs." if column != "slug" else ".")
                }
            )
        self.slug_rows[slug] = number
        if new and slug in self.renamed_from:
            raise ValidationError(
                {
                    column: f"The slug “{slug}” was that of the organization now at "
                    f"“{self.renamed_from[slug]}” (links to it still lead there): give this "
                    "row another slug."
                }
            )
        if not new and number in self.guessed_rows:
            self._refuse_a_guessed_identity_change(row, number, instance)

    def _refuse_a_guessed_identity_change(self, row, number, existing):
        changed = [
            column
            for column in self.IDENTITY
            if column in row and _text(self.fields[column].clean(row)) != getattr(existing, column)
        ]
        if changed:
            given = row.get("name") or row.get("short_name")
            raise ValidationError(
                f"Row {number} (“{given}”) has no slug, and the slug made from it, "
                f"“{row['slug']}”, is that of {existing}: importing it would change its "
                f"{', '.join(c.replace('_', ' ') for c in changed)}. Give the row a slug: "
                f"“{row['slug']}” to change that organization, or a new one for a new "
                "organization."
            )

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "status" and field.column_name in row:
            status = field.clean(row)
            if status is not None:
                instance.status = status
            elif instance.pk is None:
                instance.status = Status.DRAFT
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None and "status" not in row:
            instance.status = Status.DRAFT
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if instance.pk is None and not instance.kind and instance.advising_office_id:
                instance.kind = Organization.Kind.STUDENT_ORGANIZATION

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks, without a query a row: the slug is checked against the
        file and the loaded organizations (after_init_instance), the name rule here."""
        errors = dict(import_validation_errors or {})
        # Only the fields the file sets: the others hold what was valid before, or defaults.
        # The related organizations come from the widgets' lookup, so they exist:
        # ForeignKey.validate() would ask the database again, a query a row.
        given = {f.attribute for f in self.file_fields} | {"kind", "status"}
        skipped = [f.name for f in Organization._meta.fields if f.name not in given]
        try:
            instance.full_clean(
                exclude=[*errors, *skipped, "categories", "languages", "parent", "advising_office"],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not (instance.name or instance.short_name) and "name" not in errors:
            errors["name"] = [ValidationError("Give the organization a name, an acronym or both.")]
        if errors:
            raise ValidationError(errors)

    def after_save_instance(self, instance, row, **kwargs):
        # In bulk: what goes with the record (categories, phone, meeting times) is written
        # with it, in after_import.
        self.written_rows.append((instance, row))

    def bulk_create(self, *args, **kwargs):
        pass  # after_import writes, once every row has been checked

    def bulk_update(self, *args, **kwargs):
        pass

    def bulk_delete(self, *args, **kwargs):
        pass

    def after_import_row(self, row, row_result, **kwargs):
        """What the preview shows of the row: its name, and for a changed row which columns
        change from what to what."""
        super().after_import_row(row, row_result, **kwargs)
        instance = row_result.instance
        row_result.number = kwargs.get("row_number")
        row_result.name = row.get("name") or row.get("short_name") or row.get("slug") or ""
        row_result.changes = []
        if instance is None or getattr(instance, "import_before", None) is None:
            return
        for field in self.file_fields:
            if field.attribute == "slug":
                continue
            before, after = instance.import_before[field.column_name], field.get_value(instance)
            if before != after:
                row_result.changes.append(
                    (
                        self.column_label(field.column_name),
                        field.widget.render(before) if before not in (None, "") else "",
                        field.widget.render(after) if after not in (None, "") else "",
                    )
                )

    def column_label(self, column):
        """The column as the file names it."""
        return getattr(self, "given_headers", {}).get(column, column)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.ignored_columns = getattr(self, "ignored_columns", [])
        result.row_problems = self.row_problems(result)
        new = [i for i, _ in getattr(self, "written_rows", []) if i.pk is None]
        drafts = sum(1 for i in new if i.status == Status.DRAFT)
        result.summary = {
            "new": result.totals[RowResult.IMPORT_TYPE_NEW],
            "changed": result.totals[RowResult.IMPORT_TYPE_UPDATE],
            "unchanged": result.totals[RowResult.IMPORT_TYPE_SKIP],
            "errors": len(result.invalid_rows) + len(result.row_errors()),
            "drafts": drafts,
            "published": sum(1 for i in new if i.status == Status.PUBLISHED),
        }
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        self.write(kwargs.get("user"), kwargs.get("file_name"))

    def row_problems(self, result):
        """[(row number, organization, column as the file names it, message)] of bad rows."""
        problems = []
        for invalid in result.invalid_rows:
            values = dict(zip(result.diff_headers, invalid.values, strict=False))
            name = values.get("name") or values.get("short_name") or values.get("slug") or ""
            for attribute, messages in invalid.error_dict.items():
                column = self._column_of(attribute)
                for message in messages:
                    problems.append((invalid.number, name, column, message))
        return problems

    def _column_of(self, attribute):
        if attribute == NON_FIELD_ERRORS:
            return ""
        for field in self.get_import_fields():
            if field.attribute == attribute:
                return self.column_label(field.column_name)
        return self.column_label(attribute)

    # Confirmation: everything in bulk.

    def write(self, user, file_name):
        now = timezone.now()
        new = [i for i, _ in self.written_rows if i.pk is None]
        changed = [i for i, _ in self.written_rows if i.pk is not None]
        for instance in new:
            instance.with_hsds_id()
        Organization.objects.bulk_create(new, batch_size=WRITE_BATCH)
        if changed:
            for instance in changed:
                instance.updated = now
            Organization.objects.bulk_update(changed, self._update_fields(), batch_size=WRITE_BATCH)
        self._write_categories(new)
        self._write_reach(new, user, now)
        reason = f"Imported from {file_name}" if file_name else "Imported"
        for instances, update in ((new, False), (changed, True)):
            record_versions(instances, user=user, reason=reason, date=now, update=update)
        using = router.db_for_write(Organization)
        reindex(Organization, [i.pk for i in (*new, *changed)], using)  # bulk writes: no signals
        run_or_defer(invalidate_pages, using)
        self.written_rows = []

    def _update_fields(self):
        concrete = {f.name for f in Organization._meta.concrete_fields}
        present = set(self.given_headers) | {"slug"}
        return sorted(
            {
                f.attribute
                for f in self.get_import_fields()
                if f.column_name in present and f.attribute in concrete and f.attribute != "slug"
            }
            | {"updated"}
        )

    def _write_categories(self, new):
        if "categories" not in self.given_headers:
            return
        Links = Organization.categories.through
        by_name = {c.name: c for c in self.fields["categories"].widget.lookup.values()}
        created = {i.pk for i in new}
        replaced = [
            i
            for i, _ in self.written_rows
            if i.pk in created or i.categories_text != i.categories_before
        ]
        Links.objects.filter(
            organization__in=[i.pk for i in replaced if i.pk not in created]
        ).delete()
        Links.objects.bulk_create(
            [
                Links(organization_id=i.pk, category_id=by_name[name].pk)
                for i in replaced
                for name in filter(None, i.categories_text.split("; "))
            ],
            batch_size=WRITE_BATCH,
        )

    def _write_reach(self, new, user, now):
        created, phones, schedules = {i.pk for i in new}, [], []
        for instance, row in self.written_rows:
            if instance.pk not in created:
                # A changed organization: its phone and meeting times row by row, keeping
                # what the file does not change (directory/resources.py).
                ReachColumns.after_save_instance(self, instance, row)
                continue
            if getattr(instance, "phone", ""):
                phones.append(OrganizationPhone(organization=instance, number=instance.phone))
            for byday, opens, closes in parse_schedules(getattr(instance, "schedule", "")):
                schedules.append(
                    OrganizationSchedule(
                        organization=instance,
                        freq="WEEKLY",
                        byday=byday,
                        opens_at=opens,
                        closes_at=closes,
                    )
                )
        for model, rows in ((OrganizationPhone, phones), (OrganizationSchedule, schedules)):
            model.objects.bulk_create(rows, batch_size=WRITE_BATCH)
            model.history.bulk_history_create(
                rows, default_user=user, default_date=now, default_change_reason="Imported"
            )
