"""SQLite under concurrent editors: eight admin saves at once all succeed (no "database is
locked"), on a database file as `make run` and a one-machine deployment use it."""

import json
import subprocess
import sys
from pathlib import Path

from tests.processes import clean_environment

PROJECT = Path(__file__).resolve().parent.parent

PROBE = """
import json, threading, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.conf import settings
settings.STORAGES = {**settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
from programs.models import Program
from directory.seeding import seed
from tests.admin_forms import change_form_data
from tests.editors import make_admin

seed()
admin = make_admin()
programs = list(Program.objects.order_by("slug")[:8])
posts = []
for program in programs:
    client = Client()
    client.force_login(admin)
    url = f"/admin/programs/program/{program.pk}/change/"
    data = change_form_data(client.get(url))
    data["summary"] = f"Edited in parallel: {program.slug}"
    posts.append((client, url, data))
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    journal_mode = cursor.fetchone()[0]
connection.close()

barrier = threading.Barrier(len(posts))
statuses = []

def save(client, url, data):
    barrier.wait()
    try:
        statuses.append(client.post(url, data).status_code)
    except Exception as exc:
        statuses.append(repr(exc))

threads = [threading.Thread(target=save, args=post) for post in posts]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
summaries = sorted(Program.objects.filter(summary__startswith="Edited in parallel")
                   .values_list("summary", flat=True))
print(json.dumps({"journal_mode": journal_mode, "statuses": statuses, "saved": len(summaries)}))
"""


def test_eight_parallel_admin_saves_on_sqlite_all_succeed(tmp_path, migrated_sqlite):
    env = clean_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="sqlite-writers-test-only-" + "0123456789abcdef" * 3,
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=migrated_sqlite(tmp_path),
        PYTHONPATH=str(PROJECT),
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["journal_mode"] == "wal"
    assert seen["statuses"] == [302] * 8, result.stderr[-3000:]
    assert seen["saved"] == 8
