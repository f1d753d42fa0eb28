"""Import benchmark: preview and confirm a CSV of programs in admin, as an editor does.

    uv run python benchmarks/imports.py                       # SQLite, and PostgreSQL if given
    uv run python benchmarks/imports.py --rows 1500 5000 \\
        --postgres postgres://postgres@127.0.0.1:5433/postgres

For each database (a temporary SQLite file; a temporary PostgreSQL database created through
--postgres and dropped afterwards) it migrates and seeds, then for each --rows count uploads a
CSV of that many clearly-marked synthetic programs ("Synthetic import program N", slugs
synthetic-import-N) to the admin's import page through Django's test client, and confirms it.
It reports the seconds and SQL queries of the preview and of the confirmation, and checks that
every row was saved with a history version. Prints Markdown for docs/performance.md. Never
touches db.sqlite3 or the database named by DATABASE_URL.
"""

import argparse
import contextlib
import datetime
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import (  # noqa: E402
    child_environment,
    migrate_and_seed,
    postgres_database,
    run,
)

WORKER_TIMEOUT = 30  # gunicorn.conf.py: a request taking longer is killed


def synthetic_csv(rows, start):
    lines = ["slug,name,summary,description,audiences,support_types,status"]
    for n in range(start, start + rows):
        lines.append(
            f"synthetic-import-{n},Synthetic import program {n},"
            f"Synthetic benchmark row {n}.,A synthetic row made by benchmarks/imports.py.,"
            "graduate-students,peer-support,draft"
        )
    return "\n".join(lines)


@contextlib.contextmanager
def counting(connection):
    """Count the SQL statements run in the block (connection.queries keeps only 9,000)."""
    count = [0]

    def wrapper(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield count


def confirm_form(page):
    """The fields of the preview's "Confirm import" form, as a browser would post them; None
    when the preview offers no confirmation."""
    start = page.find("process_import")
    if start < 0 or "import_file_name" not in page[start:]:
        return None
    form = page[start : page.find("</form>", start)]
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))


def measure(rows_counts):
    """Runs inside a child process whose environment names the database."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from programs.models import Program

    # Admin pages name static files; no collectstatic ran for this throwaway database.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    user = User.objects.create_superuser("import-bench", "bench@example.edu", "x" * 20)
    client = Client()
    client.force_login(user)
    results, start = [], 1
    for rows in rows_counts:
        upload = SimpleUploadedFile(
            "programs.csv", synthetic_csv(rows, start).encode(), content_type="text/csv"
        )
        with counting(connection) as preview_queries:
            began = time.perf_counter()
            preview = client.post(
                reverse("admin:programs_program_import"),
                {"resource": "0", "format": "0", "import_file": upload},
            )
            preview_seconds = time.perf_counter() - began
        confirm = confirm_form(preview.content.decode())
        result = {
            "rows": rows,
            "preview_status": preview.status_code,
            "preview_seconds": round(preview_seconds, 2),
            "preview_queries": preview_queries[0],
        }
        if confirm:
            with counting(connection) as confirm_queries:
                began = time.perf_counter()
                process = reverse("admin:programs_program_process_import")
                done = client.post(process, confirm)
                result["confirm_seconds"] = round(time.perf_counter() - began, 2)
            result["confirm_status"] = done.status_code
            result["confirm_queries"] = confirm_queries[0]
            saved = Program.objects.filter(slug__startswith="synthetic-import-")
            result["saved"] = saved.count() - (start - 1)
            result["versions"] = Program.history.filter(
                slug__startswith="synthetic-import-"
            ).count() - (start - 1)
        else:
            text = preview.content.decode()
            result["refused"] = text[text.find('id="content"') :][:3000]
        results.append(result)
        start += rows
    print(json.dumps(results))


def bench(label, database_url, args):
    env = child_environment(database_url)
    migrate_and_seed(env, label)
    me = [str(Path(__file__).resolve()), "--measure", *map(str, args.rows)]
    print(f"::: {label}: import {args.rows} rows", file=sys.stderr)
    return {"label": label, "results": json.loads(run(env, *me, capture=True).splitlines()[-1])}


def report(runs):
    print(f"\nDate: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC  ")
    print(f"Machine: {os.cpu_count()} CPUs (`nproc`), Python {sys.version.split()[0]}  ")
    print(f"Command: `uv run python benchmarks/imports.py {' '.join(sys.argv[1:])}`\n")
    print("| database | rows | preview s | preview queries | confirm s | confirm queries |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for run_ in runs:
        for r in run_["results"]:
            if "confirm_seconds" not in r:
                print(
                    f"| {run_['label']} | {r['rows']} | {r['preview_seconds']} | "
                    f"{r['preview_queries']} | refused ({r['preview_status']}) | |"
                )
                continue
            assert r["saved"] == r["rows"] == r["versions"], r
            print(
                f"| {run_['label']} | {r['rows']} | {r['preview_seconds']} | "
                f"{r['preview_queries']} | {r['confirm_seconds']} | {r['confirm_queries']} |"
            )
    print(f"\nWorker timeout: {WORKER_TIMEOUT} s.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 1500, 5000])
    parser.add_argument("--postgres", help="a PostgreSQL URL to create a temporary database from")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--measure", nargs="*", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.measure)
        return
    runs = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            runs.append(bench("SQLite", f"sqlite:///{folder}/bench.sqlite3", args))
    if args.postgres:
        url, drop = postgres_database(args.postgres)
        try:
            runs.append(bench("PostgreSQL", url, args))
        finally:
            drop()
    report(runs)


if __name__ == "__main__":
    main()
