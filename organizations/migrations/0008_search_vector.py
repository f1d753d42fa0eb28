# Organizations are searched with the same engine as programs: on PostgreSQL each keeps a
# weighted, GIN-indexed search vector and its words join the typo vocabulary (see
# directory/search/). SQLite searches in Python and needs neither.

import django.contrib.postgres.search
from django.db import migrations

INDEX = "organizations_organization_search_vector_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON organizations_organization "
            "USING gin (search_vector)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from directory.search.document import SearchDocument
    from directory.search.index import index_records

    # The organization's search document as it is at this migration.
    document = SearchDocument(
        a=("name", "short_name"),
        b=("mission", "categories__name"),
        c=("description", "how_to_join", "source_excerpt"),
    )
    index_records(
        apps.get_model("organizations", "Organization"),
        document,
        apps.get_model("directory", "SearchWord"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0004_search_tables'),
        ('organizations', '0007_categories'),
    ]

    operations = [
        migrations.AddField(
            model_name='organization',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True, serialize=False),
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
