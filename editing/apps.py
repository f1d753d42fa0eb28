from django.apps import AppConfig


class EditingConfig(AppConfig):
    name = "editing"
    verbose_name = "Editing and suggestions"

    def ready(self):
        from django.db.models.signals import post_migrate

        from editing import roles

        # Models added after the group's data migration get their permissions here.
        post_migrate.connect(roles.sync_editors_group, dispatch_uid="editing.sync_editors_group")
