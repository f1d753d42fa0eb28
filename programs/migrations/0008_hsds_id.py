# Each program stores its HSDS id, the same uuid5 the API derived from its slug until now,
# so every id an importer holds stays valid.

from django.db import migrations, models

from directory.models import hsds_uuid


def fill(apps, schema_editor):
    model = apps.get_model("programs", "Program")
    history = apps.get_model("programs", "HistoricalProgram")
    ids = {}
    for record in model.objects.only("pk", "slug"):
        ids[record.pk] = hsds_uuid("program", record.slug)
        model.objects.filter(pk=record.pk).update(hsds_id=ids[record.pk])
    # A version keeps the id of its record; a deleted record's versions, its last slug's.
    for version in history.objects.only("history_id", "id", "slug"):
        value = ids.get(version.id) or hsds_uuid("program", version.slug)
        history.objects.filter(history_id=version.history_id).update(hsds_id=value)


class Migration(migrations.Migration):

    dependencies = [
        ('programs', '0007_source_in_directory'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalprogram',
            name='hsds_id',
            field=models.UUIDField(db_index=True, editable=False, help_text='Fixed when first saved.', null=True, verbose_name='HSDS id'),
        ),
        migrations.AddField(
            model_name='program',
            name='hsds_id',
            field=models.UUIDField(editable=False, help_text='Fixed when first saved.', null=True, unique=True, verbose_name='HSDS id'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
