"""Revert a record to an earlier version, or restore a deleted one, from its history.

django-simple-history keeps a row per change of a program, an organization and each of their
inline rows (sponsorships, milestones, figures, guiding principles). A *version* here is one
historical row of the parent record plus what its many-to-many links and inline rows were at
that moment, so reverting brings back the whole entry as an editor saw it, not only its fields.
"""

from dataclasses import dataclass

from django.db import models, transaction
from django.forms.models import _get_foreign_key


@dataclass(frozen=True)
class Child:
    """Inline rows owned by a record, e.g. a program's sponsorships."""

    model: type[models.Model]
    parent_field: models.ForeignKey

    @classmethod
    def of(cls, parent_model, child_model):
        return cls(child_model, _get_foreign_key(parent_model, child_model))

    @property
    def label(self):
        return str(self.model._meta.verbose_name_plural).capitalize()

    def current(self, parent):
        return list(self.model.objects.filter(**{self.parent_field.name: parent}))

    def as_of(self, parent_pk, when):
        rows = self.model.history.as_of(when).filter(**{self.parent_field.attname: parent_pk})
        return list(rows)


def history_m2m_fields(model):
    """The many-to-many fields whose links the model's history keeps."""
    return list(model.history.model._history_m2m_fields)


def _linked_ids(record, field):
    """The ids a historical record's many-to-many field pointed at."""
    return set(getattr(record, field.name).values_list(field.m2m_reverse_name(), flat=True))


def _display(obj, field):
    if field.is_relation:
        try:
            value = getattr(obj, field.name)
        except field.related_model.DoesNotExist:
            return "(deleted)"
        return str(value) if value is not None else ""
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.attname)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


def _editable_fields(model):
    skip = {"id", "created", "updated", "seed_fingerprint"}
    return [f for f in model._meta.concrete_fields if f.name not in skip]


def describe(obj, m2m_ids, children_rows):
    """What a version holds, as label -> text, for comparing two versions side by side."""
    model = type(obj)
    described = {
        str(f.verbose_name).capitalize(): _display(obj, f) for f in _editable_fields(model)
    }
    for field in history_m2m_fields(model):
        targets = field.related_model.objects.in_bulk(m2m_ids[field.name])
        names = sorted(str(t) for t in targets.values())
        described[str(field.verbose_name).capitalize()] = ", ".join(names)
    for child, rows in children_rows.items():
        described[child.label] = "\n".join(sorted(str(row) for row in rows))
    return described


def current_state(obj, children):
    m2m = {
        f.name: set(getattr(obj, f.name).values_list("pk", flat=True))
        for f in history_m2m_fields(type(obj))
    }
    return describe(obj, m2m, {child: child.current(obj) for child in children})


def version_state(record, children):
    obj = record.instance
    m2m = {f.name: _linked_ids(record, f) for f in history_m2m_fields(type(obj))}
    rows = {child: child.as_of(obj.pk, record.history_date) for child in children}
    return describe(obj, m2m, rows)


def differences(before, after):
    """[(label, before, after)] for every label whose text differs."""
    return [
        (label, before.get(label, ""), after.get(label, ""))
        for label in after
        if before.get(label, "") != after.get(label, "")
    ]


def _exists(field, value):
    return value is None or field.related_model._base_manager.filter(pk=value).exists()


def _without_missing_targets(instance):
    """Clear nullable foreign keys whose target has since been deleted; say if a required one
    is gone (the row cannot come back then)."""
    for field in instance._meta.concrete_fields:
        if field.many_to_one and not _exists(field, getattr(instance, field.attname)):
            if not field.null:
                return False
            setattr(instance, field.attname, None)
    return True


@transaction.atomic
def revert(record, children, user, reason):
    """Make the record hold what `record` (a historical row) held, links and inline rows
    included; recreate it when it was deleted. Returns the record and what could not come
    back (inline rows whose organization no longer exists, for example). Raises
    ValidationError, changing nothing, when the version cannot come back as it was (another
    entry has taken its slug since, for example)."""
    obj = record.instance
    obj._state.adding = not type(obj)._base_manager.filter(pk=obj.pk).exists()
    skipped = []
    _without_missing_targets(obj)
    obj.full_clean(exclude=[f.name for f in history_m2m_fields(type(obj))])
    obj.skip_history_when_saving = True
    obj._history_user = user
    obj.save()
    for field in history_m2m_fields(type(obj)):
        wanted = _linked_ids(record, field)
        existing = set(
            field.related_model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        getattr(obj, field.name).set(existing)
    for child in children:
        then = child.as_of(obj.pk, record.history_date)
        child.model.objects.filter(**{child.parent_field.name: obj}).exclude(
            pk__in=[row.pk for row in then]
        ).delete()
        for row in then:
            if _without_missing_targets(row):
                row._history_user = user
                row.save()
            else:
                skipped.append(str(row))
    del obj.skip_history_when_saving
    obj._change_reason = reason
    obj.save()
    return obj, skipped


def deleted_records(model):
    """The last historical row of each record of `model` that no longer exists, newest first."""
    history = model.history
    gone = (
        history.filter(history_type="-")
        .exclude(**{f"{model._meta.pk.attname}__in": model._base_manager.values("pk")})
        .order_by("-history_date")
    )
    pk_name = model._meta.pk.attname
    seen, records = set(), []
    for row in gone:
        if getattr(row, pk_name) not in seen:
            seen.add(getattr(row, pk_name))
            records.append(row)
    return records


def version_before_deletion(deletion):
    """The version a deleted record held just before it was deleted."""
    pk_name = deletion.instance_type._meta.pk.attname
    return (
        type(deletion)
        .objects.filter(
            **{pk_name: getattr(deletion, pk_name)},
            history_date__lt=deletion.history_date,
        )
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
