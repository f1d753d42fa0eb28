"""Admin building blocks every app's admin uses to keep the directory true: versioned editing
with revert and restore, "mark reviewed" with a "needs review" filter, and how to reach a record
(inlines for contacts, phones, places and schedules; "mark verified" with its filter)."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from directory import versions
from directory.imports import MAX_ROWS, ImportFileGone, PendingImportStorage, too_many_rows
from directory.models import Language, SourceDocument, Synonym
from directory.reach import ORDINALS, VERIFY_INTERVAL, WEEKDAYS, parse_byday

REVIEW_INTERVAL = datetime.timedelta(days=365)


def _reason(form, formsets, change):
    """A short line for the history: what this save changed."""
    if not change:
        return "Added"
    changed = [str(form.fields[name].label or name) for name in form.changed_data]
    changed += [
        str(formset.model._meta.verbose_name_plural)
        for formset in formsets
        if formset.has_changed()
    ]
    if not changed:
        return "Saved without changes"
    return f"Changed {', '.join(changed)}"[:100]


class NulSafeSearch:
    """For every ModelAdmin with search_fields: a term with a NUL character (which no stored
    text holds) matches nothing in the search box and the autocomplete, on PostgreSQL too,
    which refuses such a string in a query with an error."""

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)


# The hidden field of the change form that says which version the editor opened.
OPENED_VERSION = "_opened_version"


def _posted_value(value):
    """A field's value as a browser posts it: a list of strings for a multiple choice."""
    if isinstance(value, list | tuple):
        return [str(getattr(v, "pk", v)) for v in value]
    if value is None:
        return ""
    return str(getattr(value, "pk", value))


class VersionedAdmin(NulSafeSearch, SimpleHistoryAdmin):
    """One history version per save (fields, links and inline rows together), a diff of any
    version against the current entry with a button to revert to it, and a page of deleted
    entries to restore.

    Saves are checked against the version the editor opened (optimistic locking; the form
    carries it in a hidden field): when someone else saved the entry since, a save that
    touches none of the fields they changed is merged into theirs, field by field; otherwise
    it is refused, and the form comes back with the editor's text, who changed what and when,
    and a second save that knowingly replaces their change."""

    change_list_template = "admin/versioned/change_list.html"
    change_form_template = "admin/versioned/change_form.html"
    object_history_list_template = "admin/versioned/history_list.html"

    def history_children(self):
        return [
            versions.Child.of(self.model, inline.model)
            for inline in self.inlines
            if hasattr(inline.model, "history")
        ]

    # One version per save: the record's own post_save happens before its links and inline
    # rows are saved, so it is skipped and the version is written after save_related.
    def save_model(self, request, obj, form, change):
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if hasattr(obj, "skip_history_when_saving"):
            del obj.skip_history_when_saving
        obj._history_user = request.user
        obj._change_reason = _reason(form, formsets, change)
        obj.save()

    @staticmethod
    def latest_version(obj):
        history = type(obj).history.filter(**{type(obj)._meta.pk.attname: obj.pk})
        return history.order_by("-history_id").values_list("history_id", flat=True).first()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id is not None:
            obj = self.get_object(request, object_id)
            if obj is not None and self.has_change_permission(request, obj):
                self._check_opened_version(request, obj)
        response = super().changeform_view(request, object_id, form_url, extra_context)
        if getattr(request, "edit_conflict", None) and response.status_code == 200:
            response.status_code = 409
        return response

    def _check_opened_version(self, request, obj):
        """Refuse (mark the request) or merge a save from a form opened at an older version."""
        latest = self.latest_version(obj)
        opened = request.POST.get(OPENED_VERSION, "")
        if latest is None or opened == str(latest):
            return
        history = type(obj).history.filter(**{type(obj)._meta.pk.attname: obj.pk})
        record = history.filter(history_id=opened).first() if opened.isdigit() else None
        since = history.filter(history_id__gt=record.history_id if record else 0)
        later = list(since.select_related("history_user").order_by("history_id"))
        who = sorted({str(r.history_user or "someone") for r in later}) or ["someone"]
        when = date_format(timezone.localtime(later[-1].history_date), "DATETIME_FORMAT")
        if record is not None:
            merged = self._merge(request, obj, record)
            if merged is not None:
                request.edit_merged = (
                    f"{' and '.join(who)} changed {', '.join(merged)} at {when}, since you "
                    "opened this page; your changes were saved with theirs."
                )
                return
        children = self.history_children()
        request.edit_conflict = {
            "who": " and ".join(who),
            "when": when,
            "differences": versions.differences(
                versions.version_state(record, children) if record else {},
                versions.current_state(obj, children),
            ),
        }

    def _merge(self, request, obj, record):
        """When this save and the later ones changed different fields (and the later ones no
        inline row), make the post keep their values; returns the labels of their fields, or
        None when the two cannot be merged."""
        if versions.changed_children(record, obj, self.history_children()):
            return None
        theirs = versions.changed_fields(record, obj)
        form = self.get_form(request, obj, change=True)(instance=obj)
        m2m = {f.name for f in versions.history_m2m_fields(type(obj))}
        for name in theirs:
            field = form.fields.get(name)
            if field is None:
                continue
            posted = field.widget.value_from_datadict(request.POST, request.FILES, name)
            model_field = type(obj)._meta.get_field(name)
            if name in m2m:
                opened = sorted(versions.linked_ids(record, model_field))
            else:
                opened = getattr(record, model_field.attname)
            if field.has_changed(opened, posted):
                return None  # both changed this field
        data = request.POST.copy()
        for name in theirs:
            if name not in form.fields:
                continue
            value = form.fields[name].prepare_value(form[name].value())
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
                else:
                    data.pop(name, None)
            elif isinstance(value, list | tuple):
                data.setlist(name, _posted_value(value))
            else:
                data[name] = _posted_value(value)
        data[OPENED_VERSION] = str(self.latest_version(obj))
        request.POST = data
        return [str(form.fields[name].label or name) for name in theirs if name in form.fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        conflict = getattr(request, "edit_conflict", None)
        if not conflict:
            return form
        message = (
            f"Not saved: {conflict['who']} changed this {self.model._meta.verbose_name} at "
            f"{conflict['when']}, after you opened it (see above). Save again to replace "
            "their version with yours."
        )

        class StaleForm(form):
            def clean(self):
                super().clean()
                raise ValidationError(message, code="stale")

        return StaleForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            conflict = getattr(request, "edit_conflict", None)
            opened = request.POST.get(OPENED_VERSION) if request.method == "POST" else None
            # A form coming back after a conflict carries the version it was compared with,
            # so saving it again is a deliberate choice; after any other error it keeps the
            # version it was opened at.
            context["opened_version"] = (
                opened if opened and not conflict else self.latest_version(obj)
            )
            context["opened_version_field"] = OPENED_VERSION
            context["edit_conflict"] = conflict
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        merged = getattr(request, "edit_merged", None)
        if merged:
            self.message_user(request, merged, messages.WARNING)
        return super().response_change(request, obj)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name=f"{opts.app_label}_{opts.model_name}_deleted",
            ),
            *super().get_urls(),
        ]

    def _version(self, object_id, version_id):
        if not (str(object_id).isdigit() and str(version_id).isdigit()):
            raise Http404("No such version.")
        history_model = self.model.history.model
        record = get_object_or_404(
            history_model, **{self.model._meta.pk.attname: object_id, "history_id": version_id}
        )
        if record.history_type == "-":
            record = versions.version_before_deletion(record)
            if record is None:
                raise Http404("Nothing was recorded before the deletion.")
        return record

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A version next to the current entry, and (POST) revert to it or restore it."""
        record = self._version(object_id, version_id)
        obj = self.model._base_manager.filter(pk=object_id).first()
        allowed = (
            self.has_change_permission(request, obj)
            if obj is not None
            else self.has_add_permission(request) and self.has_change_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        children = self.history_children()
        when = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
        problems = []
        if request.method == "POST":
            verb = "Reverted to" if obj is not None else "Restored from"
            try:
                with transaction.atomic():
                    obj, skipped = versions.revert(
                        record, children, request.user, reason=f"{verb} the version of {when}"
                    )
                    self.log_change(request, obj, f"{verb} the version of {when}.")
            except ValidationError as error:
                problems = error.messages
            else:
                return self._reverted(
                    request, obj, skipped, f"{verb.lower()} the version of {when}"
                )
        version = versions.version_state(record, children)
        current = versions.current_state(obj, children) if obj is not None else {}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{'Revert' if obj is not None else 'Restore'} {record.instance}",
            "record": record,
            "when": when,
            "obj": obj,
            "problems": problems,
            "differences": versions.differences(current, version),
            "version": version,
            **(extra_context or {}),
        }
        status = 400 if problems else 200
        return TemplateResponse(request, "admin/versioned/version.html", context, status=status)

    def _reverted(self, request, obj, skipped, what):
        self.message_user(request, f"{obj}: {what}.")
        for row in skipped:
            self.message_user(
                request,
                f"Not brought back: {row}.",
                messages.WARNING,
            )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )

    def deleted_view(self, request):
        """Entries deleted from the database, newest first, each with its last version."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        deleted = []
        for deletion in versions.deleted_records(self.model)[:200]:
            before = versions.version_before_deletion(deletion)
            if before is not None:
                deleted.append((deletion, before))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Deleted {self.model._meta.verbose_name_plural}",
            "deleted": deleted,
        }
        return TemplateResponse(request, "admin/versioned/deleted.html", context)


class ImportAdmin(ImportExportModelAdmin):
    """CSV import with a preview, whose confirmation runs once, of at most `max_import_rows`
    rows (directory.imports.MAX_ROWS unless the admin's resource writes in bulk)."""

    max_import_rows = MAX_ROWS

    def get_import_form_class(self, request):
        form_class = super().get_import_form_class(request)
        formats = self.get_import_formats()
        encoding = self.from_encoding
        limit = self.max_import_rows

        class LimitedImportForm(form_class):
            def clean(self):
                cleaned = super().clean()
                upload, chosen = cleaned.get("import_file"), cleaned.get("format")
                if upload and str(chosen).isdigit() and int(chosen) < len(formats):
                    input_format = formats[int(chosen)](encoding=encoding)
                    message = too_many_rows(upload, input_format, limit)
                    if message:
                        self.add_error("import_file", message)
                return cleaned

        return LimitedImportForm

    def get_import_data_kwargs(self, **kwargs):
        # A row that turns bad between the preview and the confirmation (someone changed the
        # directory meanwhile) undoes the whole import: a file is imported whole or not at all.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        problems = [str(e.error) for e in result.base_errors]
        problems += [
            f"row {row.number}: {'; '.join(m for ms in row.error_dict.values() for m in ms)}"
            for row in result.invalid_rows
        ]
        problems += [f"row {number}: {errors[0].error}" for number, errors in result.row_errors()]
        self.message_user(
            request,
            "Nothing was imported: the directory changed since the preview, or the file could "
            f"not be saved ({'; '.join(problems[:3])}"
            f"{f'; and {len(problems) - 3} more' if len(problems) > 3 else ''}). Upload the "
            "file again to see every problem in its preview.",
            messages.ERROR,
        )
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            PendingImportStorage.claim(request.POST.get("import_file_name"))
            return super().process_import(request, **kwargs)
        except ImportFileGone:
            self.message_user(
                request,
                "This file was imported already, or waited more than a day unconfirmed: "
                "nothing was imported this time. To import it again, upload it again.",
                messages.WARNING,
            )
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))


class NeedsReviewFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("stale", "Needs review (not in 12 months)"), ("current", "Reviewed in 12 months")]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - REVIEW_INTERVAL
        if self.value() == "stale":
            return queryset.filter(Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff))
        if self.value() == "current":
            return queryset.filter(last_reviewed__gte=cutoff)
        return queryset


@admin.action(description="Mark reviewed today", permissions=["change"])
def mark_reviewed(modeladmin, request, queryset):
    """Set last reviewed to today, one save per entry so each gets a history version."""
    today = timezone.localdate()
    count = 0
    with transaction.atomic():
        for obj in queryset.exclude(last_reviewed=today):
            obj.last_reviewed = today
            obj._history_user = request.user
            obj._change_reason = "Marked reviewed"
            obj.save()
            count += 1
    modeladmin.message_user(
        request, f"Marked {count} {'entry' if count == 1 else 'entries'} reviewed today."
    )


class NotVerifiedFilter(admin.SimpleListFilter):
    title = "verification"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("stale", "Not verified in 12 months"), ("current", "Verified in 12 months")]

    def queryset(self, request, queryset):
        cutoff = timezone.localdate() - VERIFY_INTERVAL
        if self.value() == "stale":
            return queryset.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))
        if self.value() == "current":
            return queryset.filter(assured_date__gte=cutoff)
        return queryset


@admin.action(description="Mark verified today", permissions=["change"])
def mark_verified(modeladmin, request, queryset):
    """Set last verified (how to reach it) to today, one save per entry so each gets a
    history version."""
    today = timezone.localdate()
    count = 0
    with transaction.atomic():
        for obj in queryset.exclude(assured_date=today):
            obj.assured_date = today
            obj._history_user = request.user
            obj._change_reason = "Marked verified"
            obj.save()
            count += 1
    modeladmin.message_user(
        request, f"Marked {count} {'entry' if count == 1 else 'entries'} verified today."
    )


# How to reach a record: each app's admin subclasses these with its own models.

WEEKS_OF_MONTH = [("", "every week")] + [(str(n), word) for n, word in ORDINALS.items()]


class ScheduleForm(forms.ModelForm):
    """A schedule as plain choices (days to tick, times, from and until): the form writes the
    RFC 5545 parts (byday) itself, so nobody types RRULE text."""

    byday = forms.MultipleChoiceField(
        label="On",
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    week_of_month = forms.ChoiceField(
        label="Which week (monthly)",
        choices=WEEKS_OF_MONTH,
        required=False,
        help_text="For a monthly schedule: the first Wednesday, the last Friday ...",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            days = parse_byday(self.instance.byday)
        except ValueError:
            days = []
        self.initial["byday"] = [day for _, day in days]
        ordinals = {n for n, _ in days if n}
        self.initial["week_of_month"] = str(ordinals.pop()) if len(ordinals) == 1 else ""

    def clean_byday(self):
        chosen = set(self.cleaned_data.get("byday") or ())
        return [code for code, _ in WEEKDAYS if code in chosen]

    def clean(self):
        cleaned = super().clean()
        days = cleaned.get("byday") or []
        week = cleaned.get("week_of_month") or ""
        if week and cleaned.get("freq") != "MONTHLY":
            self.add_error("week_of_month", "Only a monthly schedule meets on a given week.")
        cleaned["byday"] = ",".join(f"{week}{day}" for day in days)
        return cleaned


class ContactInline(admin.TabularInline):
    extra = 0
    fields = ["name", "title", "email", "order"]


class PhoneInline(admin.TabularInline):
    extra = 0
    fields = ["number", "extension", "type", "description", "order"]


class LocationInline(admin.StackedInline):
    extra = 0
    fields = [
        ("location_type", "name"),
        "url",
        ("address_1", "city", "state_province", "postal_code"),
        "description",
        "accessibility",
        "order",
    ]


class ScheduleInline(admin.StackedInline):
    extra = 0
    form = ScheduleForm
    fields = [
        ("description", "attending_type", "location"),
        ("freq", "interval"),
        "byday",
        ("week_of_month", "bymonthday"),
        ("opens_at", "closes_at"),
        ("valid_from", "valid_to", "dtstart"),
        "by_appointment",
        "timezone",
        "order",
        "next_meetings",
    ]
    readonly_fields = ["next_meetings"]

    @admin.display(description="Next meetings")
    def next_meetings(self, obj):
        """The next three meetings, in the schedule's time zone (after saving)."""
        if obj is None or obj.pk is None:
            return "Shown after saving."
        found = obj.occurrences(limit=3)
        if not found:
            return "None to come." if obj.freq else "No fixed times."
        return "; ".join(
            start.strftime("%a %-d %b %Y, %-I:%M %p").replace(":00 ", " ") for start, _ in found
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # A schedule's place is one of the record's own places.
        if db_field.name == "location" and (parent := getattr(request, "_reach_parent", None)):
            kwargs["queryset"] = db_field.related_model.objects.filter(
                **{self.fk_name_for_location: parent}
            )
        elif db_field.name == "location":
            kwargs["queryset"] = db_field.related_model.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        request._reach_parent = obj
        return super().get_formset(request, obj, **kwargs)


@admin.register(Language)
class LanguageAdmin(VersionedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Synonym)
class SynonymAdmin(VersionedAdmin):
    list_display = ["term", "expansions"]
    search_fields = ["term", "expansions"]
    prepopulated_fields = {"slug": ["term"]}


@admin.register(SourceDocument)
class SourceDocumentAdmin(NulSafeSearch, admin.ModelAdmin):
    list_display = ["title", "filename"]
    search_fields = ["title", "text"]
    readonly_fields = ["title", "slug", "filename", "text"]
