# The synonyms and the typo vocabulary now belong to the directory app, which keeps their
# tables (directory/0004): only Django's idea of the models changes, not the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0004_search_tables'),
        ('programs', '0011_reach'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='SearchWord'),
                migrations.DeleteModel(name='Synonym'),
                migrations.DeleteModel(name='HistoricalSynonym'),
            ],
        ),
    ]
