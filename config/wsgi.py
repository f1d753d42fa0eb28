"""WSGI entry point, used by gunicorn (see gunicorn.conf.py)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from config.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

try:
    application = get_wsgi_application()
except ConfigError as exc:
    sys.exit(f"Configuration error: {exc}")
