"""The suggestions the public sends, for editors to accept or dismiss."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from directory.admin import NulSafeSearch
from editing.models import Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(NulSafeSearch, admin.ModelAdmin):
    list_display = ["created", "kind", "about", "short_message", "status"]
    list_filter = ["status", "kind"]
    search_fields = ["message", "program_name", "program__name", "organization__name", "email"]
    list_select_related = ["program", "organization"]
    readonly_fields = [
        "kind",
        "about",
        "program_name",
        "message",
        "link",
        "email",
        "created",
        "handled_by",
        "handled_at",
    ]
    fields = [*readonly_fields, "status", "staff_note"]
    actions = ["accept", "dismiss"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False  # suggestions come from the public forms

    @admin.display(description="about")
    def about(self, obj):
        record = obj.program or obj.organization
        if record is None:
            return obj.program_name or "—"
        opts = record._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">on the site</a>)',
            change,
            record,
            record.get_absolute_url(),
        )

    @admin.display(description="message")
    def short_message(self, obj):
        return obj.message if len(obj.message) <= 90 else obj.message[:89] + "…"

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.handled_by, obj.handled_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)

    def _set_status(self, request, queryset, status):
        updated = queryset.exclude(status=status).update(
            status=status, handled_by=request.user, handled_at=timezone.now()
        )
        label = Suggestion.State(status).label.lower()
        self.message_user(request, f"{updated} suggestion{'s'[: updated != 1]} {label}.")

    @admin.action(description="Mark accepted (the entry was fixed)", permissions=["change"])
    def accept(self, request, queryset):
        self._set_status(request, queryset, Suggestion.State.ACCEPTED)

    @admin.action(description="Dismiss", permissions=["change"])
    def dismiss(self, request, queryset):
        self._set_status(request, queryset, Suggestion.State.DISMISSED)
