"""CSV import and export of programs in admin (django-import-export). Audiences and kinds of
support are given by slug, separated by commas; rows are matched on the program's slug. How to
reach a program: `url` (website), `email`, `phone` and `schedule` (directory/resources.py)."""

from import_export import fields, widgets

from directory.imports import VersionedResource
from directory.resources import ReachColumns, reach_fields
from programs.models import Audience, Program, SupportType


class SlugsWidget(widgets.ManyToManyWidget):
    def __init__(self, model):
        super().__init__(model, field="slug", separator=",")

    def clean(self, value, row=None, **kwargs):
        slugs = [slug.strip() for slug in str(value or "").split(",") if slug.strip()]
        found = self.model.objects.filter(slug__in=slugs)
        unknown = sorted(set(slugs) - {obj.slug for obj in found})
        if unknown:
            raise ValueError(f"unknown {self.model._meta.verbose_name} slug: {', '.join(unknown)}")
        return found


class ProgramResource(ReachColumns, VersionedResource):
    phone, schedule = reach_fields()
    audiences = fields.Field(
        attribute="audiences", column_name="audiences", widget=SlugsWidget(Audience)
    )
    support_types = fields.Field(
        attribute="support_types", column_name="support_types", widget=SlugsWidget(SupportType)
    )

    class Meta:
        model = Program
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "acronym",
            "summary",
            "description",
            "year_started",
            "audiences",
            "support_types",
            "is_confidential",
            "confidentiality_basis",
            "involvement",
            "url",
            "email",
            "phone",
            "schedule",
            "status",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
