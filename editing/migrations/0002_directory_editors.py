from django.db import migrations

from editing.roles import create_editors_group


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Directory editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("editing", "0001_initial"),
        ("organizations", "0002_history"),
        ("programs", "0005_history"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
