from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site itself: page caching and the directory version it is keyed on."""

    name = "config"
    verbose_name = "Site"

    def ready(self):
        from config import cache

        cache.connect_signals()
