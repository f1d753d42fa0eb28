"""WSGI entry point, used by gunicorn (see gunicorn.conf.py)."""

import os
import sys

import django

from config.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

try:
    django.setup(set_prefix=False)
except ConfigError as exc:
    sys.exit(f"Configuration error: {exc}")

from config.handlers import DirectoryWSGIHandler  # noqa: E402 (needs the apps loaded)

application = DirectoryWSGIHandler()
