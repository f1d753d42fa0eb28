"""Upgrading a database made before the directory app: every row stays as it was.

The directory app took over the source documents and the directory version with their tables
(state-only migrations). This test builds a database with the code as it was before the move
(from git), with seed data, edits, a deletion and history in it, then migrates it with today's
code and compares every table, row for row.
"""

import json
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection

from directory.models import HSDS_NAMESPACE
from tests.processes import clean_environment

PROJECT = Path(__file__).resolve().parent.parent
# The last commit before the directory app (main on 2026-11-23).
BEFORE_DIRECTORY_APP = "f5c4753"

EDITS = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed", verbosity=0)
from organizations.models import Organization
from programs.models import Program
refs = Program.objects.get(slug="refs")
refs.summary = "Edited by an editor before the upgrade."
refs._change_reason = "An edit"
refs.save()
Program.objects.get(slug="artists-beyond-the-desk").delete()
chemistry = Organization.objects.get(slug="chemistry")
chemistry.status = "draft"
chemistry.save()
"""

DUMP = """
import json
import django
django.setup()
from django.db import connection
tables = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT * FROM {quoted}")
        columns = [column[0] for column in cursor.description]
        tables[table] = [dict(zip(columns, row)) for row in cursor.fetchall()]
print(json.dumps(tables, default=str))
"""


def rows(table, columns):
    """A table's rows as comparable strings, keeping only these columns (later migrations may
    add columns; none may change or lose a value)."""
    return sorted(json.dumps([row.get(c) for c in columns], default=str) for row in table)


# Tables that only gain rows when new apps and models arrive; and PostgreSQL's typo vocabulary
# (derived data), which gains the organizations' words when they join the search
# (organizations/0008).
GROWING = {"django_migrations", "django_content_type", "auth_permission", "programs_searchword"}
# Rewritten by every migrate, by design: the editors group is re-synced (its right to view
# source documents is now the directory app's permission, the same right under the model's new
# app), and the directory version gets a new token so no cached page outlives the upgrade.
RESYNCED = {"auth_group_permissions", "config_directoryversion"}
# The editors group also gains its rights on the models added since f5c4753: contacts, phones,
# places and schedules of programs and of organizations (add, change, delete, view),
# languages and organization categories (add, change, view), and the source's words behind a
# program's facts (claims: add, change, delete, view).
GAINED = {"auth_group_permissions": 8 * 4 + 3 + 3 + 4}
# Columns a migration rewrites by design: a program the seed wrote and nobody edited gets the
# fingerprint of its content with the fields the seed sets since (programs/0010), so it still
# reads as unedited; an edited one keeps its old fingerprint.
REWRITTEN = {"programs_program": {"seed_fingerprint"}}


def _run(cwd, code, database_url):
    env = clean_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        DATABASE_URL=database_url,
        PYTHONPATH=str(cwd),
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture
def old_tree(tmp_path):
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BEFORE_DIRECTORY_APP],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout
    tree = tmp_path / "before"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    return tree


@pytest.fixture
def database_url(tmp_path, django_db_blocker):
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    name = f"upgrade_{uuid.uuid4().hex[:12]}"
    settings = connection.settings_dict
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT']}/{name}"
    )
    yield url
    with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_upgrading_keeps_every_row(old_tree, database_url):
    _run(old_tree, EDITS, database_url)
    before = json.loads(_run(old_tree, DUMP, database_url))
    assert before["programs_historicalprogram"], "the old database has history"

    _run(
        PROJECT,
        "import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('migrate', verbosity=0)",
        database_url,
    )
    after = json.loads(_run(PROJECT, DUMP, database_url))

    for table, old in before.items():
        assert table in after, f"{table} is gone"
        columns = sorted({column for row in old for column in row} - REWRITTEN.get(table, set()))
        old_rows, new_rows = rows(old, columns), rows(after[table], columns)
        if table in GROWING:
            assert set(old_rows) <= set(new_rows), f"{table} lost rows"
        elif table in RESYNCED:
            assert len(new_rows) == len(old_rows) + GAINED.get(table, 0), f"{table} changed size"
        else:
            assert new_rows == old_rows, f"{table} changed"

    # Today's code reads the upgraded data: the edit, the deletion and the draft are there.
    check = (
        "import django; django.setup(); "
        "from programs.models import Program; from organizations.models import Organization; "
        "from directory.models import SourceDocument; "
        "print(Program.objects.get(slug='refs').summary); "
        "print(Program.objects.filter(slug='artists-beyond-the-desk').exists()); "
        "print(Organization.objects.get(slug='chemistry').is_published); "
        "print(SourceDocument.objects.count()); "
        "print(Program.objects.get(slug='refs').hsds_id)"
    )
    lines = _run(PROJECT, check, database_url).split("\n")
    assert lines[:4] == ["Edited by an editor before the upgrade.", "False", "False", "2"]
    # The HSDS id the API derived for REFS before is the one it stores now.
    assert lines[4] == str(uuid.uuid5(HSDS_NAMESPACE, "program:refs"))

    # A re-seed still tells the edited program from the ones nobody touched (programs/0010
    # re-fingerprinted those): it keeps REFS and brings the others up to date.
    reseed = (
        "import django; django.setup(); "
        "from directory.seeding import seed; "
        "report = next(r for r in seed() if r.label == 'programs'); "
        "print(sorted(report.kept)); print(len(report.updated) + len(report.unchanged))"
    )
    kept, current = _run(PROJECT, reseed, database_url).split("\n")[:2]
    assert kept == "['refs']"
    assert int(current) == 7  # nine seeded, REFS kept, Artists Beyond the Desk deleted
