# The source documents and the directory version, taken over from the organizations app and
# the project package with their tables (see directory/operations.py).

from django.db import migrations, models

from directory.operations import CreateModelIfMissing


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        CreateModelIfMissing(
            name="SourceDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("seed_fingerprint", models.CharField(blank=True, editable=False, help_text="Digest of the content as last seeded; a re-seed keeps records that differ.", max_length=64)),
                ("title", models.CharField(max_length=200)),
                ("slug", models.SlugField(unique=True)),
                ("filename", models.CharField(help_text="The file under fixtures/sources/.", max_length=100)),
                ("text", models.TextField()),
            ],
            options={
                "ordering": ["title"],
                "db_table": "organizations_sourcedocument",
            },
        ),
        CreateModelIfMissing(
            name="DirectoryVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
                ("changed", models.DateTimeField(auto_now=True)),
            ],
            options={"db_table": "config_directoryversion"},
        ),
    ]
