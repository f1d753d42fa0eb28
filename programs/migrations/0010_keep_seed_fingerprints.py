"""Records the seed wrote and nobody edited stay recognisable to the seed.

A seeded record's fingerprint covers every field the seed sets. Migration 0008 added fields the
seed now sets too (the lineage relation, quotes, claims); without this step every seeded program
would look edited, and a re-seed would keep the old content instead of updating it. A program
whose content still matches its fingerprint gets the fingerprint of the same content with the
new fields at their defaults; an edited one keeps its old fingerprint, so it stays edited.

The content and its digest are worked out here as directory/seeding.py did when this migration
was written (frozen, as a migration should be: a later change to the seed must not change what
this step did).
"""

import hashlib
import json

from django.db import migrations

BEFORE = {
    "fields": (
        "name",
        "acronym",
        "summary",
        "description",
        "year_started",
        "involvement",
        "is_confidential",
        "confidentiality_basis",
        "source_excerpt",
    ),
    "children": {
        "sponsorships": ("role", "note"),
        "milestones": ("year", "event"),
        "figures": ("value", "label"),
    },
}
AFTER = {
    "fields": (*BEFORE["fields"][:8], "lineage", "source_excerpt"),
    "children": {
        "sponsorships": ("role", "note", "quote"),
        "milestones": ("year", "event", "quote"),
        "figures": ("value", "label", "quote"),
        "claims": ("fact", "value", "quote", "condition"),
    },
}


def fingerprint(content):
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _slug(obj):
    return obj.slug if obj is not None else None


def content(program, shape):
    """What the seed's fingerprint covers: the fields, the links by slug, the inline rows."""
    values = {name: getattr(program, name) for name in shape["fields"]}
    for name in ("modeled_on", "source"):
        values[name] = _slug(getattr(program, name))
    for name in ("audiences", "involvement_audiences", "support_types"):
        values[name] = sorted(getattr(program, name).values_list("slug", flat=True))
    for name, fields in shape["children"].items():
        rows = []
        for row in getattr(program, name).all():
            item = {field: getattr(row, field) for field in fields}
            if name == "sponsorships":
                item["organization"] = _slug(row.organization)
            rows.append(item)
        values[name] = rows
    return values


def refingerprint(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    for program in Program.objects.exclude(seed_fingerprint=""):
        if fingerprint(content(program, BEFORE)) == program.seed_fingerprint:
            new = fingerprint(content(program, AFTER))
            Program.objects.filter(pk=program.pk).update(seed_fingerprint=new)


class Migration(migrations.Migration):
    dependencies = [("programs", "0009_claims_and_quotes")]

    operations = [migrations.RunPython(refingerprint, migrations.RunPython.noop)]
