"""The "Directory editors" group: staff who keep entries current but manage no users and delete
no entries. Make someone an editor in admin: tick "Staff status" on their user and add them to
the group (see the README)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

EDITORS_GROUP = "Directory editors"

# (app label, model name, actions). Inline rows (sponsorships, milestones, ...) can be removed,
# as part of editing their program; whole entries cannot be deleted by an editor.
EDITOR_PERMISSIONS = [
    ("programs", "program", ("add", "change", "view")),
    ("programs", "audience", ("add", "change", "view")),
    ("programs", "supporttype", ("add", "change", "view")),
    ("programs", "need", ("add", "change", "view")),
    ("programs", "sponsorship", ("add", "change", "delete", "view")),
    ("programs", "milestone", ("add", "change", "delete", "view")),
    ("programs", "figure", ("add", "change", "delete", "view")),
    ("programs", "needlink", ("add", "change", "delete", "view")),
    ("programs", "claim", ("add", "change", "delete", "view")),
    *[
        (app_label, f"{model}{part}", ("add", "change", "delete", "view"))
        for app_label, model in (("programs", "program"), ("organizations", "organization"))
        for part in ("contact", "phone", "location", "schedule")
    ],
    ("organizations", "organization", ("add", "change", "view")),
    ("organizations", "guidingprinciple", ("add", "change", "delete", "view")),
    ("organizations", "category", ("add", "change", "view")),
    ("directory", "sourcedocument", ("view",)),
    ("directory", "language", ("add", "change", "view")),
    ("directory", "synonym", ("add", "change", "view")),
    ("editing", "suggestion", ("add", "change", "view")),
]


def editor_permissions(apps):
    """The Permission rows the group should hold, creating any that do not exist yet."""
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for app_label in {app_label for app_label, _, _ in EDITOR_PERMISSIONS}:
        app_config = apps.get_app_config(app_label)
        # In a migration the app registry is historical; create_permissions reads its models.
        app_config.models_module = getattr(app_config, "models_module", None) or True
        create_permissions(app_config, apps=apps, verbosity=0)
    wanted = []
    for app_label, model_name, actions in EDITOR_PERMISSIONS:
        try:
            apps.get_model(app_label, model_name)
        except LookupError:
            continue  # a model a later migration adds
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
        wanted += Permission.objects.filter(
            content_type=content_type,
            codename__in=[f"{action}_{model_name}" for action in actions],
        )
    return wanted


def create_editors_group(apps, schema_editor=None):
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions(apps))


def sync_editors_group(sender, apps=global_apps, **kwargs):
    """After every migrate the group holds exactly EDITOR_PERMISSIONS, including those of
    models added since its data migration. A group an administrator deleted stays deleted."""
    if sender.name != "editing":
        return
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        group.permissions.set(editor_permissions(apps))
