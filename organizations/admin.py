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
from organizations.models import (
    Category,
    GuidingPrinciple,
    Organization,
    OrganizationContact,
    OrganizationLocation,
    OrganizationPhone,
    OrganizationSchedule,
)
from organizations.resources import OrganizationResource


class GuidingPrincipleInline(admin.StackedInline):
    model = GuidingPrinciple
    extra = 0
    fields = ["name", "definition", "citation", "practice", "order", "source", "source_excerpt"]


class OrganizationContactInline(ContactInline):
    model = OrganizationContact


class OrganizationPhoneInline(PhoneInline):
    model = OrganizationPhone


class OrganizationLocationInline(LocationInline):
    model = OrganizationLocation


class OrganizationScheduleInline(ScheduleInline):
    model = OrganizationSchedule
    fk_name_for_location = "organization"


@admin.register(Category)
class CategoryAdmin(VersionedAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(ImportAdmin, VersionedAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["__str__", "kind", "status", "last_reviewed", "assured_date", "updated"]
    list_filter = [
        "status",
        NeedsReviewFilter,
        NotVerifiedFilter,
        "kind",
        ("advising_office", admin.RelatedOnlyFieldListFilter),
    ]
    actions = [mark_reviewed, mark_verified]
    filter_horizontal = ["languages", "categories"]
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
                ]
            },
        ),
        (
            "Student organization",
            {
                "fields": [
                    "categories",
                    "how_to_join",
                    ("is_active", "registration_renewed"),
                ],
                "description": "For a student organization: what it is about, how to join, and "
                "whether it renewed its registration.",
            },
        ),
        (
            "How to reach it",
            {
                "fields": [
                    "website",
                    "email",
                    "eligibility_description",
                    ("is_free", "fees_description"),
                    "languages",
                    "assured_date",
                ],
                "description": "Contacts, phones, places and opening hours are below. Leave "
                "what nobody has confirmed empty: the page says it is not listed yet.",
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
    inlines = [
        OrganizationContactInline,
        OrganizationPhoneInline,
        OrganizationLocationInline,
        OrganizationScheduleInline,
        GuidingPrincipleInline,
    ]
