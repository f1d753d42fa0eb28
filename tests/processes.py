"""For tests that start the site in another process (manage.py, gunicorn)."""

import os


def clean_environment():
    """This process's environment without the site's own settings, so a child process gets
    only the settings a test gives it."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
