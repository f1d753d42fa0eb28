from django.contrib import admin

from directory.admin import ImportAdmin, NeedsReviewFilter, VersionedAdmin, mark_reviewed
from programs.models import (
    Audience,
    Figure,
    Milestone,
    Need,
    NeedLink,
    Program,
    Sponsorship,
    SupportType,
    Synonym,
)
from programs.resources import ProgramResource


class SponsorshipInline(admin.TabularInline):
    model = Sponsorship
    extra = 0
    autocomplete_fields = ["organization"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class FigureInline(admin.TabularInline):
    model = Figure
    extra = 0


@admin.register(Program)
class ProgramAdmin(ImportAdmin, VersionedAdmin):
    resource_classes = [ProgramResource]
    list_display = ["name", "acronym", "status", "is_confidential", "last_reviewed", "updated"]
    list_filter = [
        "status",
        NeedsReviewFilter,
        "is_confidential",
        "audiences",
        "support_types",
        ("organizations", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "acronym", "slug", "summary", "description"]
    actions = [mark_reviewed]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["audiences", "involvement_audiences", "support_types"]
    autocomplete_fields = ["modeled_on"]
    readonly_fields = ["source", "source_excerpt", "created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "status", "last_reviewed"]}),
        ("What it is", {"fields": ["summary", "description", "year_started", "modeled_on"]}),
        (
            "Who it is for",
            {
                "fields": [
                    "audiences",
                    "support_types",
                    "is_confidential",
                    "confidentiality_basis",
                    "involvement_audiences",
                    "involvement",
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
    inlines = [SponsorshipInline, MilestoneInline, FigureInline]


@admin.register(Audience)
class AudienceAdmin(VersionedAdmin):
    list_display = ["name", "slug", "parent", "order"]
    list_filter = ["parent"]
    search_fields = ["name", "slug", "label"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SupportType)
class SupportTypeAdmin(VersionedAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Synonym)
class SynonymAdmin(VersionedAdmin):
    list_display = ["term", "expansions"]
    search_fields = ["term", "expansions"]
    prepopulated_fields = {"slug": ["term"]}


class NeedLinkInline(admin.TabularInline):
    model = NeedLink
    extra = 0
    autocomplete_fields = ["program"]


@admin.register(Need)
class NeedAdmin(VersionedAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NeedLinkInline]
