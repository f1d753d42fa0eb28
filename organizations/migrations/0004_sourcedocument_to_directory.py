# The source documents now belong to the directory app, which keeps their table.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0003_source_in_directory'),
        ('programs', '0007_source_in_directory'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='SourceDocument',
                ),
            ],
        ),
    ]
