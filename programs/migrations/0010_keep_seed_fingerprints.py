"""Records the seed wrote and nobody edited stay recognisable to the seed.

A seeded record's fingerprint covers every field the seed sets. Migration 0008 added fields the
seed now sets too (the lineage relation, quotes, claims); without this step every seeded program
would look edited, and a re-seed would keep the old content instead of updating it. A program
whose content still matches its fingerprint gets the fingerprint of the same content with the
new fields at their defaults; an edited one keeps its old fingerprint, so it stays edited.
"""

from django.db import migrations

from directory.seeding import Child, Spec, _content_from_instance, fingerprint

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


def _spec(apps, shape):
    Program = apps.get_model("programs", "Program")
    Organization = apps.get_model("organizations", "Organization")
    models = {
        "sponsorships": apps.get_model("programs", "Sponsorship"),
        "milestones": apps.get_model("programs", "Milestone"),
        "figures": apps.get_model("programs", "Figure"),
        "claims": apps.get_model("programs", "Claim"),
    }
    return Spec(
        "programs",
        Program,
        shape["fields"],
        foreign_keys={"modeled_on": None, "source": None},
        many_to_many={"audiences": None, "involvement_audiences": None, "support_types": None},
        children=tuple(
            Child(
                name,
                models[name],
                fields,
                {"organization": Organization} if name == "sponsorships" else {},
            )
            for name, fields in shape["children"].items()
        ),
    )


def refingerprint(apps, schema_editor):
    before, after = _spec(apps, BEFORE), _spec(apps, AFTER)
    Program = after.model
    for program in Program.objects.exclude(seed_fingerprint=""):
        if fingerprint(_content_from_instance(before, program)) == program.seed_fingerprint:
            new = fingerprint(_content_from_instance(after, program))
            Program.objects.filter(pk=program.pk).update(seed_fingerprint=new)


class Migration(migrations.Migration):
    dependencies = [("programs", "0009_claims_and_quotes")]

    operations = [migrations.RunPython(refingerprint, migrations.RunPython.noop)]
