"""Import benchmark: preview and confirm a CSV of programs in admin, as an editor does.

    uv run python benchmarks/imports.py                       # SQLite, and PostgreSQL if given
    uv run python benchmarks/imports.py --rows 1500 5000 \\
        --postgres postgres://postgres@127.0.0.1:5433/postgres
    uv run python benchmarks/imports.py --organizations --rows 2000 5000 --postgres ...

With --organizations it imports student organizations instead (#17): a file with the header
names SOLE's staff use ("Organization Name", "Acronym", "Categories", "Advised by", "Meeting
times", ...), "Synthetic import organization N" (slugs synthetic-import-org-N) advised by SOLE
in two of three synthetic categories, saved as drafts; then it re-uploads the same file (every
row unchanged) and publishes the drafts with the admin's "Publish the selected drafts" action.

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


ORGANIZATION_HEADER = (
    "Organization Name,Acronym,Categories,Advised by,Website URL,Contact email,Meeting times,"
    "How to join"
)


def synthetic_organizations_csv(rows, start):
    lines = [ORGANIZATION_HEADER]
    for n in range(start, start + rows):
        lines.append(
            f"Synthetic import organization {n},SIO{n},"
            f'"Synthetic import category {n % 3}; Synthetic import category {(n + 1) % 3}",sole,'
            f"https://example.edu/synthetic-{n},synthetic-{n}@example.edu,TH 19:00-21:00,"
            "Synthetic: come to a meeting."
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


def measure(rows_counts, organizations=False):
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

    from organizations.models import Category, Organization
    from programs.models import Program

    if organizations:
        for n in range(3):
            Category.objects.get_or_create(
                slug=f"synthetic-import-category-{n}",
                defaults={"name": f"Synthetic import category {n}"},
            )
        model, make_csv, prefix = Organization, synthetic_organizations_csv, "sio"
        admin_name = "organizations_organization"
    else:
        model, make_csv, prefix = Program, synthetic_csv, "synthetic-import-"
        admin_name = "programs_program"

    # Admin pages name static files; no collectstatic ran for this throwaway database.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    user = User.objects.create_superuser("import-bench", "bench@example.edu", "x" * 20)
    client = Client()
    client.force_login(user)
    results, start = [], 1
    for rows in rows_counts:
        text = make_csv(rows, start)
        upload = SimpleUploadedFile("import.csv", text.encode(), content_type="text/csv")
        with counting(connection) as preview_queries:
            began = time.perf_counter()
            preview = client.post(
                reverse(f"admin:{admin_name}_import"),
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
                process = reverse(f"admin:{admin_name}_process_import")
                done = client.post(process, confirm)
                result["confirm_seconds"] = round(time.perf_counter() - began, 2)
            result["confirm_status"] = done.status_code
            result["confirm_queries"] = confirm_queries[0]
            saved = model.objects.filter(slug__startswith=prefix)
            result["saved"] = saved.count() - (start - 1)
            # Versions that added a record: one for each row imported so far.
            added = model.history.filter(slug__startswith=prefix, history_type="+")
            result["versions"] = added.count() - (start - 1)
            if organizations:
                result.update(organization_extras(client, text, rows, start))
        else:
            text = preview.content.decode()
            result["refused"] = text[text.find('id="content"') :][:3000]
        results.append(result)
        start += rows
    print(json.dumps(results))


def organization_extras(client, text, rows, start):
    """The same file again (every row unchanged), then publishing its drafts in bulk."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.urls import reverse

    from organizations.models import Organization

    upload = SimpleUploadedFile("import.csv", text.encode(), content_type="text/csv")
    began = time.perf_counter()
    again = client.post(
        reverse("admin:organizations_organization_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    extras = {"unchanged_preview_seconds": round(time.perf_counter() - began, 2)}
    # The test client records no context outside tests: read the count off the page.
    found = re.search(r"<strong>(\d+)</strong> unchanged", again.content.decode())
    extras["unchanged"] = int(found[1]) if found else None
    drafts = Organization.objects.filter(slug__startswith="sio", status="draft")
    extras["drafts"] = drafts.count()
    # As an editor does: the list filtered to the drafts, "select all", the action.
    changelist = reverse("admin:organizations_organization_changelist")
    with counting(connection) as publish_queries:
        began = time.perf_counter()
        client.post(
            f"{changelist}?status__exact=draft",
            {
                "action": "publish_drafts",
                "select_across": "1",
                "_selected_action": str(drafts.first().pk),
            },
        )
        extras["publish_seconds"] = round(time.perf_counter() - began, 2)
    extras["publish_queries"] = publish_queries[0]
    published = Organization.objects.filter(slug__startswith="sio", status="published")
    extras["published"] = published.count() - (start - 1)
    return extras


def bench(label, database_url, args):
    env = child_environment(database_url)
    migrate_and_seed(env, label)
    me = [str(Path(__file__).resolve()), "--measure", *map(str, args.rows)]
    if args.organizations:
        me.append("--organizations")
    print(f"::: {label}: import {args.rows} rows", file=sys.stderr)
    return {"label": label, "results": json.loads(run(env, *me, capture=True).splitlines()[-1])}


def report(runs, organizations=False):
    print(f"\nDate: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC  ")
    print(f"Machine: {os.cpu_count()} CPUs (`nproc`), Python {sys.version.split()[0]}  ")
    print(f"Command: `uv run python benchmarks/imports.py {' '.join(sys.argv[1:])}`\n")
    if organizations:
        report_organizations(runs)
        return
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


def report_organizations(runs):
    print(
        "| database | rows | preview s | preview queries | confirm s | confirm queries "
        "| preview again (unchanged) s | publish s | publish queries |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for run_ in runs:
        for r in run_["results"]:
            if "confirm_seconds" not in r:
                print(f"| {run_['label']} | {r['rows']} | refused ({r['preview_status']}) |")
                continue
            assert r["saved"] == r["rows"] == r["versions"] == r["drafts"], r
            assert r["unchanged"] == r["rows"] and r["published"] == r["rows"], r
            print(
                f"| {run_['label']} | {r['rows']:,} | {r['preview_seconds']} | "
                f"{r['preview_queries']} | {r['confirm_seconds']} | {r['confirm_queries']} | "
                f"{r['unchanged_preview_seconds']} | {r['publish_seconds']} | "
                f"{r['publish_queries']} |"
            )
    print(f"\nWorker timeout: {WORKER_TIMEOUT} s.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[500, 1500, 5000])
    parser.add_argument("--postgres", help="a PostgreSQL URL to create a temporary database from")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--organizations", action="store_true", help="import student organizations (#17)"
    )
    parser.add_argument("--measure", nargs="*", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure is not None:
        measure(args.measure, args.organizations)
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
    report(runs, args.organizations)


if __name__ == "__main__":
    main()
