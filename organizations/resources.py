"""CSV import and export of organizations in admin (django-import-export).

Rows are matched on slug; a row without one gets it from its acronym or name, so a plain list of
student organizations (name, kind, advising office) imports as it is. A slug made that way is a
guess: when it is an existing organization's and the row would change what that organization is
called or what kind it is, the row is an error until the file gives the slug.
How to reach an organization: `website`, `email`, `phone` and `schedule`
(directory/resources.py).
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from import_export import fields, widgets

from directory.imports import BatchedResource
from directory.resources import ReachColumns, reach_fields
from organizations.models import Organization


class SlugWidget(widgets.ForeignKeyWidget):
    """A related organization given by its slug; an unknown slug is a row error."""

    def __init__(self):
        super().__init__(Organization, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Organization.DoesNotExist:
            raise ValueError(f'no organization has the slug "{value}"') from None


class OrganizationResource(ReachColumns, BatchedResource):
    phone, schedule = reach_fields()
    parent = fields.Field(attribute="parent", column_name="parent", widget=SlugWidget())
    advising_office = fields.Field(
        attribute="advising_office", column_name="advising_office", widget=SlugWidget()
    )

    class Meta:
        model = Organization
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "parent",
            "advising_office",
            "mission",
            "description",
            "headline_figure",
            "website",
            "email",
            "phone",
            "schedule",
            "status",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_import(self, dataset, **kwargs):
        for column in ("slug", "status"):
            if column not in (dataset.headers or []):
                dataset.append_col([""] * dataset.height, header=column)

    # What a record is: a row matched by a guessed slug may not change these.
    IDENTITY = ("name", "short_name", "kind")

    def before_import_row(self, row, **kwargs):
        if not (row.get("slug") or "").strip():
            row["slug"] = slugify(row.get("short_name") or row.get("name") or "")[:50]
            self._refuse_a_guessed_identity_change(row, kwargs.get("row_number"))
        if not (row.get("status") or "").strip():
            row["status"] = Organization._meta.get_field("status").default

    def _refuse_a_guessed_identity_change(self, row, number):
        existing = Organization.objects.filter(slug=row["slug"]).first()
        if existing is None:
            return
        changed = [
            column
            for column in self.IDENTITY
            if column in row and (row[column] or "").strip() != getattr(existing, column)
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
