from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """What every app of the directory shares (see directory/models.py)."""

    name = "directory"
    verbose_name = "Directory"

    def ready(self):
        from directory import cache

        cache.connect_signals()
