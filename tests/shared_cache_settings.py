"""Settings for the app processes the shared-cache test starts: the site plus its test pages."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.cache_urls"
