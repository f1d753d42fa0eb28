from django.contrib import admin

from directory.admin import (
    ContactInline,
    ImportAdmin,
    LocationInline,
    NeedsReviewFilter,
    NotVerifiedFilter,
    PhoneInline,
    ScheduleInline,
    VersionedAdmin,
    mark_reviewed,
    mark_verified,
)
from programs.models import (
    Audience,
    Claim,
    Figure,
    Milestone,
    Need,
    NeedLink,
    Program,
    ProgramContact,
    ProgramLocation,
    ProgramPhone,
    ProgramSchedule,
    Sponsorship,
    SupportType,
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


class ClaimInline(admin.TabularInline):
    """The source's words behind each audience, kind of support, start year and lineage the
    page shows (the footnotes under "Where each fact comes from"). A fact with no row here
    reads "Added by an editor"."""

    model = Claim
    extra = 0
    fields = ["fact", "value", "quote", "condition", "added"]
    readonly_fields = ["added"]
    verbose_name = "where a fact comes from"
    verbose_name_plural = "where each fact comes from"
    classes = ["collapse"]


class ProgramContactInline(ContactInline):
    model = ProgramContact


class ProgramPhoneInline(PhoneInline):
    model = ProgramPhone


class ProgramLocationInline(LocationInline):
    model = ProgramLocation


class ProgramScheduleInline(ScheduleInline):
    model = ProgramSchedule
    fk_name_for_location = "program"


@admin.register(Program)
class ProgramAdmin(ImportAdmin, VersionedAdmin):
    resource_classes = [ProgramResource]
    list_display = [
        "name",
        "acronym",
        "status",
        "is_confidential",
        "last_reviewed",
        "assured_date",
        "updated",
    ]
    list_filter = [
        "status",
        NeedsReviewFilter,
        NotVerifiedFilter,
        "is_confidential",
        "audiences",
        "support_types",
        ("organizations", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "acronym", "slug", "summary", "description"]
    actions = [mark_reviewed, mark_verified]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["audiences", "involvement_audiences", "support_types", "languages"]
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
            "How to reach it",
            {
                "fields": [
                    "url",
                    "email",
                    "eligibility_description",
                    ("is_free", "fees_description"),
                    "languages",
                    "assured_date",
                ],
                "description": "Contacts, phones, places and times are below. Leave what "
                "nobody has confirmed empty: the page says it is not listed yet.",
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
    # Places before schedules: a revert brings a schedule's place back before the schedule.
    inlines = [
        SponsorshipInline,
        ProgramContactInline,
        ProgramPhoneInline,
        ProgramLocationInline,
        ProgramScheduleInline,
        MilestoneInline,
        FigureInline,
        ClaimInline,
    ]


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


class NeedLinkInline(admin.TabularInline):
    model = NeedLink
    extra = 0
    autocomplete_fields = ["program"]


@admin.register(Need)
class NeedAdmin(VersionedAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NeedLinkInline]
