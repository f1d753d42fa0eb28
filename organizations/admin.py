import datetime

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import router, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format

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
from directory.batching import batch, run_or_defer
from directory.cache import invalidate_pages
from directory.models import Status
from directory.search import reindex
from directory.versions import record_versions
from organizations.models import (
    Category,
    GuidingPrinciple,
    Organization,
    OrganizationContact,
    OrganizationLocation,
    OrganizationPhone,
    OrganizationSchedule,
)
from organizations.resources import COLUMNS, OrganizationResource


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


class ImportedFilter(admin.SimpleListFilter):
    """The organizations an import added or changed: one choice per recent import (its file,
    when and by whom), to find and review the drafts it made."""

    title = "import"
    parameter_name = "imported"
    RECENT = 10

    @staticmethod
    def _imports():
        return Organization.history.filter(history_change_reason__startswith="Imported from ")

    def lookups(self, request, model_admin):
        recent = (
            self._imports()
            .values("history_date", "history_change_reason", "history_user__username")
            .annotate(rows=Count("history_id"))
            .order_by("-history_date")[: self.RECENT]
        )
        return [
            (
                row["history_date"].isoformat(),
                f"{row['history_change_reason'].removeprefix('Imported from ')}, "
                f"{date_format(timezone.localtime(row['history_date']), 'DATETIME_FORMAT')}"
                + (f" by {row['history_user__username']}" if row["history_user__username"] else "")
                + f" ({row['rows']})",
            )
            for row in recent
        ]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            when = datetime.datetime.fromisoformat(self.value())
        except ValueError:
            raise IncorrectLookupParameters(f"{self.value()!r} is not an import") from None
        return queryset.filter(pk__in=self._imports().filter(history_date=when).values("id"))


@admin.action(description="Publish the selected drafts", permissions=["change"])
def publish_drafts(modeladmin, request, queryset):
    """Publish the selected drafts (others are left as they are): one history version each,
    and cached pages refreshed once."""
    now = timezone.now()
    with transaction.atomic(), batch():
        drafts = list(queryset.filter(status=Status.DRAFT).select_for_update())
        Organization.objects.filter(pk__in=[o.pk for o in drafts]).update(
            status=Status.PUBLISHED, updated=now
        )
        for organization in drafts:
            organization.status, organization.updated = Status.PUBLISHED, now
        record_versions(drafts, user=request.user, reason="Published", date=now, update=True)
        using = router.db_for_write(Organization)
        # update() sends no signals: the published names join the typo vocabulary here.
        reindex(Organization, [o.pk for o in drafts], using)
        run_or_defer(invalidate_pages, using)
    message = f"Published {len(drafts)} draft{'s' if len(drafts) != 1 else ''}."
    skipped = queryset.count() - len(drafts)
    if skipped:
        message += f" {skipped} of those selected {'was' if skipped == 1 else 'were'} not a draft: "
        message += "left as it was." if skipped == 1 else "left as they were."
    modeladmin.message_user(request, message, messages.SUCCESS)


@admin.register(Organization)
class OrganizationAdmin(ImportAdmin, VersionedAdmin):
    resource_classes = [OrganizationResource]
    import_template_name = "admin/organizations/organization/import.html"
    # The resource checks rows in memory and writes in bulk: 3,000 rows confirm in about 10 s
    # on a busy 2-CPU machine; 5,000 took 40 s on SQLite, over the 30 s worker timeout (see
    # docs/performance.md, "Importing student organizations").
    max_import_rows = 3000

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "import_columns": COLUMNS.alternatives.items(),
            "max_import_rows": self.max_import_rows,
        }

    list_display = ["__str__", "kind", "status", "last_reviewed", "assured_date", "updated"]
    list_filter = [
        "status",
        NeedsReviewFilter,
        NotVerifiedFilter,
        "kind",
        ("advising_office", admin.RelatedOnlyFieldListFilter),
        ("categories", admin.RelatedOnlyFieldListFilter),
        ImportedFilter,
    ]
    actions = [publish_drafts, mark_reviewed, mark_verified]
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
