"""For tests that start the site in another process (manage.py, gunicorn)."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def clean_environment():
    """This process's environment without the site's own settings, so a child process gets
    only the settings a test gives it."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}


PROJECT = Path(__file__).resolve().parent.parent


def manage_py(*args, env, timeout=300):
    """Run manage.py in a fresh process with this environment; it must succeed."""
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def migrated_sqlite_template(directory):
    """A SQLite file with every migration applied (what `migrate` makes of a new file)."""
    path = directory / "migrated.sqlite3"
    env = clean_environment()
    env.update(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{path}")
    manage_py("migrate", "--noinput", "-v", "0", env=env)
    return path


def copy_sqlite(template, directory):
    """A copy of a SQLite database as directory/db.sqlite3 (SQLite's backup API, so a
    write-ahead log is copied too); its DATABASE_URL."""
    target = directory / "db.sqlite3"
    source, copy = sqlite3.connect(template), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return f"sqlite:///{target}"


def collect_static(directory):
    """What `collectstatic` writes in production (hashed names and their manifest)."""
    env = clean_environment()
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="collectstatic-only-" + "0123456789abcdef" * 3,
        DJANGO_STATIC_ROOT=str(directory),
    )
    manage_py("collectstatic", "--noinput", "-v", "0", env=env)
    return directory
