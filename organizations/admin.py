from django.contrib import admin

from directory.admin import ImportAdmin, NeedsReviewFilter, VersionedAdmin, mark_reviewed
from organizations.models import GuidingPrinciple, Organization
from organizations.resources import OrganizationResource


class GuidingPrincipleInline(admin.StackedInline):
    model = GuidingPrinciple
    extra = 0
    fields = ["name", "definition", "citation", "practice", "order", "source", "source_excerpt"]


@admin.register(Organization)
class OrganizationAdmin(ImportAdmin, VersionedAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["__str__", "kind", "status", "last_reviewed", "updated"]
    list_filter = [
        "status",
        NeedsReviewFilter,
        "kind",
        ("advising_office", admin.RelatedOnlyFieldListFilter),
    ]
    actions = [mark_reviewed]
    search_fields = ["name", "short_name", "slug", "description"]
    prepopulated_fields = {"slug": ["short_name", "name"]}
    autocomplete_fields = ["parent", "advising_office"]
    readonly_fields = ["source", "source_excerpt", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "status", "last_reviewed"]}),
        (
            "About",
            {
                "fields": [
                    "parent",
                    "advising_office",
                    "mission",
                    "description",
                    "headline_figure",
                    "website",
                ]
            },
        ),
        (
            "Source",
            {
                "fields": ["source", "source_excerpt", "created", "updated"],
                "classes": ["collapse"],
                "description": "Where the facts come from, quoted as the source gives them.",
            },
        ),
    ]
    inlines = [GuidingPrincipleInline]
