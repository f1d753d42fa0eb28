"""Revert a record to an earlier version, or restore a deleted one, from its history.

django-simple-history keeps a row per change of a program, an organization and each of their
inline rows (sponsorships, milestones, figures, guiding principles). A *version* here is one
historical row of the parent record plus what its many-to-many links and inline rows were at
that moment, so reverting brings back the whole entry as an editor saw it, not only its fields.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, models, transaction
from django.forms.models import _get_foreign_key

# A deletion's cascade is recorded row by row, children first, within one request: rows of
# other records deleted this long before the record itself, by the same person, went with it.
CASCADE_WINDOW = datetime.timedelta(minutes=1)


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


def linked_ids(record, field):
    """The ids a historical record's many-to-many field pointed at."""
    return set(getattr(record, field.name).values_list(field.m2m_reverse_name(), flat=True))


def last_known(model, pk):
    """The record `pk` of `model`, or, when it has been deleted, its last recorded version
    (unsaved); None when nothing is known of it."""
    found = model._base_manager.filter(pk=pk).first()
    if found is not None or not hasattr(model, "history"):
        return found
    last = (
        model.history.filter(**{model._meta.pk.attname: pk})
        .exclude(history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )
    return last.instance if last is not None else None


def label(row):
    """What a row is called, even when something it points to has been deleted since (the
    deleted record is named from its history)."""
    gone = []
    for field in row._meta.concrete_fields:
        if not field.many_to_one or getattr(row, field.attname) is None:
            continue
        try:
            getattr(row, field.name)
        except ObjectDoesNotExist:
            target = last_known(field.related_model, getattr(row, field.attname))
            name = f"{field.related_model._meta.verbose_name} #{getattr(row, field.attname)}"
            if target is not None:
                name = str(target)
                field.set_cached_value(row, target)
            gone.append(f"{name} has been deleted")
    try:
        text = str(row)
    except ObjectDoesNotExist:
        text = f"{row._meta.verbose_name} #{row.pk}"
    return f"{text} ({'; '.join(gone)})" if gone else text


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
        described[child.label] = "\n".join(sorted(label(row) for row in rows))
    return described


def current_state(obj, children):
    m2m = {
        f.name: set(getattr(obj, f.name).values_list("pk", flat=True))
        for f in history_m2m_fields(type(obj))
    }
    return describe(obj, m2m, {child: child.current(obj) for child in children})


def version_state(record, children):
    obj = record.instance
    m2m = {f.name: linked_ids(record, f) for f in history_m2m_fields(type(obj))}
    rows = {child: child.as_of(obj.pk, record.history_date) for child in children}
    return describe(obj, m2m, rows)


def changed_fields(record, obj):
    """The names of the editable fields and link fields whose value differs between a
    historical row and the record now."""
    model = type(obj)
    then = record.instance
    names = [
        f.name
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and getattr(then, f.attname) != getattr(obj, f.attname)
    ]
    for field in history_m2m_fields(model):
        now = set(getattr(obj, field.name).values_list("pk", flat=True))
        if linked_ids(record, field) != now:
            names.append(field.name)
    return names


def _rows(rows):
    return {tuple(getattr(row, f.attname) for f in row._meta.concrete_fields) for row in rows}


def changed_children(record, obj, children):
    """The inline rows (as Child) that differ between a historical row and the record now."""
    return [
        child
        for child in children
        if _rows(child.as_of(obj.pk, record.history_date)) != _rows(child.current(obj))
    ]


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
    included; recreate it when it was deleted, with what the deletion took with it (see
    `_bring_back_what_went_with`). Returns the record and, one line each, what could not come
    back (a link to an audience deleted since, a sponsorship whose organization is gone).
    Raises ValidationError, changing nothing, when the version cannot come back as it was
    (another entry has taken its slug since, for example)."""
    obj = record.instance
    restoring = not type(obj)._base_manager.filter(pk=obj.pk).exists()
    obj._state.adding = restoring
    skipped = []
    _without_missing_targets(obj)
    obj.full_clean(exclude=[f.name for f in history_m2m_fields(type(obj))])
    obj.skip_history_when_saving = True
    obj._history_user = user
    obj.save()
    for field in history_m2m_fields(type(obj)):
        wanted = linked_ids(record, field)
        existing = set(
            field.related_model._base_manager.filter(pk__in=wanted).values_list("pk", flat=True)
        )
        getattr(obj, field.name).set(existing)
        for pk in sorted(wanted - existing):
            gone = last_known(field.related_model, pk)
            name = str(gone) if gone is not None else f"#{pk}"
            skipped.append(
                f"{str(field.verbose_name).capitalize()}: {name} (deleted since; link dropped)"
            )
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
                skipped.append(label(row))
    if restoring:
        skipped += _bring_back_what_went_with(obj, user)
    del obj.skip_history_when_saving
    obj._change_reason = reason
    obj.save()
    return obj, skipped


def _deletion_of(obj):
    model = type(obj)
    return (
        model.history.filter(**{model._meta.pk.attname: obj.pk}, history_type="-")
        .order_by("-history_date", "-history_id")
        .first()
    )


def _bring_back_what_went_with(obj, user):
    """After restoring `obj`: the rows its deletion cascaded to (a program's need links, an
    organization's sponsorships), and the links to it its deletion cleared (a student
    organization's advising office). Returns what could not come back."""
    deletion = _deletion_of(obj)
    if deletion is None:
        return []
    skipped = []
    for relation in obj._meta.related_objects:
        model, field = relation.related_model, relation.field
        if not (hasattr(model, "history") and field.many_to_one):
            continue
        if relation.on_delete is models.CASCADE:
            skipped += _bring_back_cascaded(obj, model, field, deletion, user)
        elif relation.on_delete is models.SET_NULL:
            _relink_cleared(obj, model, field, user)
    return skipped


def _bring_back_cascaded(obj, model, field, deletion, user):
    skipped = []
    pk_name = model._meta.pk.attname
    gone = (
        model.history.filter(
            **{field.attname: obj.pk},
            history_type="-",
            history_user_id=deletion.history_user_id,
            history_date__gte=deletion.history_date - CASCADE_WINDOW,
            history_date__lte=deletion.history_date,
        )
        .exclude(**{f"{pk_name}__in": model._base_manager.values("pk")})
        .order_by("history_date")
    )
    for removal in gone:
        before = version_before_deletion(removal)
        if before is None:
            continue
        row = before.instance
        if not _without_missing_targets(row):
            skipped.append(label(row))
            continue
        row._history_user = user
        try:
            with transaction.atomic():
                row.save(force_insert=True)
        except IntegrityError:  # an editor has added the same row again since
            skipped.append(f"{label(row)} (an equal one exists now)")
    return skipped


def _relink_cleared(obj, model, field, user):
    """Records whose link to `obj` the deletion set to null behind history's back (Django
    clears them with one UPDATE): their last version still names `obj`."""
    pk_name = model._meta.pk.attname
    once_linked = model.history.filter(**{field.attname: obj.pk}).values(pk_name)
    cleared = model._base_manager.filter(**{f"{field.name}__isnull": True, "pk__in": once_linked})
    for row in cleared:
        last = (
            model.history.filter(**{pk_name: row.pk})
            .order_by("-history_date", "-history_id")
            .first()
        )
        if getattr(last, field.attname) == obj.pk:
            setattr(row, field.attname, obj.pk)
            row._history_user = user
            row._change_reason = f"Link to {obj} restored"
            row.save()


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


def record_versions(objs, *, user, reason, date, update, batch_size=500):
    """One history version for each of `objs` (saved records of one model), written in bulk:
    the historical rows and the snapshot of their many-to-many links, as a save in admin
    records them. For code that writes records in bulk (an import, a bulk action), where
    simple-history's signals do not run. Returns the historical rows."""
    from simple_history.models import HistoricalRecords

    objs = list(objs)
    if not objs:
        return []
    model = type(objs[0])
    versions = model.history.bulk_history_create(
        objs,
        batch_size=batch_size,
        update=update,
        default_user=user,
        default_change_reason=reason[:100],
        default_date=date,
    )
    by_pk = {getattr(version, model._meta.pk.attname): version for version in versions}
    for field in history_m2m_fields(model):
        history_model = HistoricalRecords.m2m_models[field]
        through = field.remote_field.through
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        # Each link row as simple-history copies it: its own id and both ends.
        links = through.objects.filter(**{f"{own}_id__in": list(by_pk)}).values_list(
            "pk", f"{own}_id", f"{other}_id"
        )
        history_model.objects.bulk_create(
            [
                history_model(
                    **{"history": by_pk[pk], "id": link, f"{own}_id": pk, f"{other}_id": target}
                )
                for link, pk, target in links
            ],
            batch_size=batch_size,
        )
    return versions
