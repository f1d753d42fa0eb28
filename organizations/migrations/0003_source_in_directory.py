# The source documents moved to the directory app with their table: only Django's idea of
# the models changes, not the database.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0001_initial'),
        ('organizations', '0002_history'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalguidingprinciple',
                    name='source',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='The document this record was transcribed from, if any.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.sourcedocument'),
                ),
                migrations.AlterField(
                    model_name='organization',
                    name='source',
                    field=models.ForeignKey(blank=True, help_text='The document this record was transcribed from, if any.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.sourcedocument'),
                ),
                migrations.AlterField(
                    model_name='guidingprinciple',
                    name='source',
                    field=models.ForeignKey(blank=True, help_text='The document this record was transcribed from, if any.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='directory.sourcedocument'),
                ),
                migrations.AlterField(
                    model_name='historicalorganization',
                    name='source',
                    field=models.ForeignKey(blank=True, db_constraint=False, help_text='The document this record was transcribed from, if any.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='directory.sourcedocument'),
                ),
            ],
        ),
    ]
