"""Load the seed data in fixtures/ without ever overwriting an editor's change.

Each app that has seed data lists it in its own ``seeding.py`` as ``SPECS``: which fixture,
which model, which fields, links and inline rows. ``seed()`` runs them app by app in the
order of INSTALLED_APPS, so an app's records can point at those of the apps below it.

Each seeded record stores a fingerprint of its content as seeded. On a later run a record is
  - added when it is missing,
  - left alone ("unchanged") when it already holds what the fixture says,
  - updated when the fixture changed and the record still holds what was seeded last time,
  - kept as it is when its content differs from what was seeded: someone edited it, by any means;
  - skipped when it is missing but its history shows it existed: an editor deleted it (or gave it
    another slug), and only an editor brings it back, from its history in admin.
Content means everything the fixture sets, including many-to-many links and inline rows.
"""

import hashlib
import json
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import module_has_submodule

from directory.models import SourceDocument, Synonym

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The fields every record with Provenance takes from its fixture.
PROVENANCE = ("source_excerpt",)


class SeedError(Exception):
    """The fixtures cannot be seeded as they are; the message says why."""


@dataclass
class Child:
    """Rows owned by a seeded record (milestones, sponsorships, guiding principles)."""

    related_name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    # Fields that point at another seeded record, given by slug in the fixture.
    foreign_keys: dict[str, type[models.Model]] = field(default_factory=dict)


@dataclass
class Spec:
    fixture: str
    model: type[models.Model]
    fields: tuple[str, ...]
    foreign_keys: dict[str, type[models.Model]] = field(default_factory=dict)
    many_to_many: dict[str, type[models.Model]] = field(default_factory=dict)
    children: tuple[Child, ...] = ()

    def records(self):
        return json.loads((FIXTURES / f"{self.fixture}.json").read_text(encoding="utf-8"))

    @property
    def label(self):
        return self.model._meta.verbose_name_plural


@dataclass
class Report:
    label: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.added or self.updated)


def _slug_of(obj):
    return obj.slug if obj is not None else None


def _content_from_instance(spec, obj):
    content = {name: getattr(obj, name) for name in spec.fields}
    for name in spec.foreign_keys:
        content[name] = _slug_of(getattr(obj, name))
    for name in spec.many_to_many:
        content[name] = sorted(getattr(obj, name).values_list("slug", flat=True))
    for child in spec.children:
        rows = []
        for row in getattr(obj, child.related_name).all():
            item = {name: getattr(row, name) for name in child.fields}
            for name in child.foreign_keys:
                item[name] = _slug_of(getattr(row, name))
            rows.append(item)
        content[child.related_name] = rows
    return content


def _content_from_record(spec, record):
    content = {name: record.get(name, _default(spec.model, name)) for name in spec.fields}
    for name in spec.foreign_keys:
        content[name] = record.get(name)
    for name in spec.many_to_many:
        content[name] = sorted(record.get(name, []))
    for child in spec.children:
        content[child.related_name] = [
            {
                **{name: row.get(name, _default(child.model, name)) for name in child.fields},
                **{name: row.get(name) for name in child.foreign_keys},
            }
            for row in record.get(child.related_name, [])
        ]
    return content


def _default(model, name):
    return model._meta.get_field(name).get_default()


def fingerprint(content):
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _resolve(model, slug):
    return model.objects.get(slug=slug) if slug else None


def _apply(spec, obj, record):
    """Give obj the fixture's content; its history gets one version holding all of it."""
    obj.skip_history_when_saving = True
    _apply_content(spec, obj, record)
    del obj.skip_history_when_saving
    obj._change_reason = "Seeded from fixtures/"
    obj.save()


def _apply_content(spec, obj, record):
    for name in spec.fields:
        setattr(obj, name, record.get(name, _default(spec.model, name)))
    for name, model in spec.foreign_keys.items():
        setattr(obj, name, _resolve(model, record.get(name)))
    obj.full_clean()
    obj.save()
    for name, model in spec.many_to_many.items():
        getattr(obj, name).set(model.objects.filter(slug__in=record.get(name, [])))
    for child in spec.children:
        getattr(obj, child.related_name).all().delete()
        parent_field = child.model._meta.get_field(
            next(
                f.name
                for f in child.model._meta.get_fields()
                if f.is_relation and f.many_to_one and f.related_model is spec.model
            )
        )
        for order, row in enumerate(record.get(child.related_name, [])):
            values = {name: row.get(name, _default(child.model, name)) for name in child.fields}
            for name, model in child.foreign_keys.items():
                values[name] = _resolve(model, row.get(name))
            if "order" in {f.name for f in child.model._meta.get_fields()}:
                values.setdefault("order", order)
            instance = child.model(**values, **{parent_field.name: obj})
            instance.full_clean()
            instance.save()


def _removed_by_editor(model, slug):
    """Whether a record with this slug existed once (its history says so) and is gone now."""
    history = getattr(model, "history", None)
    return history is not None and history.filter(slug=slug).exists()


def seed_spec(spec, records):
    report = Report(spec.label)
    for record in records:
        slug = record["slug"]
        desired = fingerprint(_content_from_record(spec, record))
        obj = spec.model.objects.filter(slug=slug).first()
        if obj is None and _removed_by_editor(spec.model, slug):
            report.skipped.append(slug)
            continue
        if obj is None:
            obj = spec.model(slug=slug, seed_fingerprint=desired)
            _apply(spec, obj, record)
            report.added.append(slug)
        else:
            current = fingerprint(_content_from_instance(spec, obj))
            if current == desired:
                report.unchanged.append(slug)
            elif current == obj.seed_fingerprint:
                obj.seed_fingerprint = desired
                _apply(spec, obj, record)
                report.updated.append(slug)
            else:
                report.kept.append(slug)
                continue
        if obj.seed_fingerprint != desired:
            obj.seed_fingerprint = desired
            spec.model.objects.filter(pk=obj.pk).update(seed_fingerprint=desired)
    return report


@dataclass
class SourceSpec(Spec):
    """Source documents: the fixture lists them, their text is a file of its own."""

    def records(self):
        records = super().records()
        for record in records:
            path = FIXTURES / "sources" / record["filename"]
            record["text"] = path.read_text(encoding="utf-8")
        return records


SPECS = [
    SourceSpec("sources", SourceDocument, ("title", "filename", "text")),
    Spec("synonyms", Synonym, ("term", "expansions")),
]


def all_specs():
    """Every app's SPECS (its seeding module), in the order of INSTALLED_APPS."""
    specs = []
    for app_config in apps.get_app_configs():
        if module_has_submodule(app_config.module, "seeding"):
            specs += getattr(import_module(f"{app_config.name}.seeding"), "SPECS", [])
    return specs


@transaction.atomic
def seed():
    """Seed every fixture in order; return one Report per kind of record."""
    # Every record is written with save() and its links with set(), so the signals keep the
    # search index and the page cache current; the only update() writes seed_fingerprint.
    return [seed_spec(spec, spec.records()) for spec in all_specs()]
