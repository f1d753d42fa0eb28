"""Scale benchmark: list, filter, search and detail pages at 9 and at 10,000 programs.

    uv run python benchmarks/scale.py                       # SQLite, and PostgreSQL if up
    uv run python benchmarks/scale.py --programs 10000 --repeat 30 \\
        --postgres postgres://postgres@127.0.0.1:5433/postgres

For each database (a temporary SQLite file; a temporary PostgreSQL database created through
--postgres and dropped afterwards) it migrates, seeds the 9 real programs, measures every page
in PAGES through Django's test client with the page cache off (DJANGO_PAGE_CACHE_SECONDS=0),
adds --programs clearly-marked synthetic programs with `manage.py generate_synthetic
--throwaway`, and measures again. Per page: HTTP status, SQL queries (must be equal at both
sizes), p50 and p95 in milliseconds over --repeat requests after 3 warm-up requests. Then
EXPLAIN for the filters' queries at the large size. Prints Markdown for docs/performance.md.
Never touches db.sqlite3 or the database named by DATABASE_URL.
"""

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent

PAGES = [
    ("list", "/programs/"),
    ("list, page 2", "/programs/?page=2"),
    ("filter: audience", "/programs/?audience=graduate-students"),
    ("filter: parent audience", "/programs/?audience=staff"),
    ("filter: support", "/programs/?support=peer-support"),
    ("filter: sponsor", "/programs/?sponsor=odge"),
    ("filter: confidential", "/programs/?confidential=true"),
    ("filter: combined", "/programs/?audience=students&support=peer-support&confidential=true"),
    ("search", "/programs/?q=peer+support"),
    ("search: acronym", "/programs/?q=REFS"),
    ("search: typo", "/programs/?q=mediaton"),
    ("detail", "/programs/refs/"),
    ("organization", "/organizations/odge/"),
    ("peer-support finder", "/peer-support/"),
    ("home", "/"),
]
TARGETS = {"list", "search"}  # p95 <= 50 ms at 10,000 programs on PostgreSQL


def measure(repeat):
    """Runs inside a child process whose environment names the database."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import (
        CaptureQueriesContext,
        override_settings,
        setup_test_environment,
    )

    from programs.models import Program

    setup_test_environment()
    # Render pages without a collectstatic step, as the tests do.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    client = Client(raise_request_exception=False)
    results = {"programs": Program.objects.count(), "pages": {}}
    for name, path in PAGES:
        for _ in range(3):
            response = client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # Read the count now: each later request starts by clearing the connection's query log
        # (request_started -> reset_queries), which empties what `queries` slices.
        query_count = len(queries)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results["pages"][name] = {
            "path": path,
            "status": response.status_code,
            "queries": query_count,
            "p50": statistics.median(times),
            "p95": times[max(0, round(0.95 * len(times)) - 1)],
        }
    results["querysets"] = time_querysets(repeat)
    results["explain"] = explain() if results["programs"] > 100 else {}
    print(json.dumps(results))


def filter_querysets():
    """What the list page asks the database for, by filter (while the pages are not there,
    this is the database's share of each page)."""
    from programs.models import Program

    published = Program.objects.published()
    return {
        "list": published,
        "filter: audience": published.for_audiences(["graduate-students"]),
        "filter: parent audience": published.for_audiences(["staff"]),
        "filter: support": published.for_support_types(["peer-support"]),
        "filter: sponsor": published.sponsored_by(["odge"]),
        "filter: confidential": published.filter(is_confidential=True),
        "filter: combined": published.for_audiences(["students"])
        .for_support_types(["peer-support"])
        .filter(is_confidential=True),
    }


def time_querysets(repeat):
    """One page of 20 (with the list's prefetches) and the paginator's count, per filter."""
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for name, qs in filter_querysets().items():

        def page(qs=qs):
            paginated = Paginator(qs.for_list().order_by("name"), 20).get_page(1)
            return [
                (p.name, list(p.audiences.all()), list(p.support_types.all())) for p in paginated
            ]

        page()
        with CaptureQueriesContext(connection) as queries:
            page()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            page()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results[name] = {
            "queries": len(queries),
            "p50": statistics.median(times),
            "p95": times[max(0, round(0.95 * len(times)) - 1)],
        }
    return results


def explain():
    from django.db import connection

    from programs.models import Program

    published = Program.objects.published()
    querysets = {
        "list (published, by name)": published.for_list().order_by("name")[:20],
        # What a paginator counts (COUNT(*) reads the same rows).
        "rows counted: published": published.order_by().values("pk"),
        "rows counted: audience staff": published.for_audiences(["staff"]).order_by().values("pk"),
        "rows counted: confidential": published.filter(is_confidential=True)
        .order_by()
        .values("pk"),
        "audience graduate-students": published.for_audiences(["graduate-students"])[:20],
        "audience staff (parent)": published.for_audiences(["staff"])[:20],
        "support peer-support": published.for_support_types(["peer-support"])[:20],
        "sponsor odge": published.sponsored_by(["odge"])[:20],
        "confidential": published.filter(is_confidential=True)[:20],
        "status draft": Program.objects.filter(status="draft")[:20],
    }
    analyze = {"analyze": True} if connection.vendor == "postgresql" else {}
    return {name: qs.explain(**analyze) for name, qs in querysets.items()}


def run(env, *args, capture=False):
    result = subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=env,
        check=True,
        timeout=3600,
        capture_output=capture,
        text=True,
    )
    return result.stdout


def child_environment(database_url, **settings):
    """The environment a benchmark's child processes run in: this project, the database given,
    debug and the page cache off, none of the caller's DJANGO_ or CACHE_URL variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "0123456789abcdef" * 3,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_PAGE_CACHE_SECONDS="0",
        DATABASE_URL=database_url,
        PYTHONPATH=str(PROJECT),
        **settings,
    )
    return env


def migrate_and_seed(env, label):
    print(f"::: {label}: migrate + seed", file=sys.stderr)
    run(env, "manage.py", "migrate", "--noinput", "-v", "0")
    run(env, "manage.py", "seed", capture=True)


def bench(label, database_url, args):
    # Facet counts are cached per directory version as in production, unless 0 is given.
    env = child_environment(database_url, DJANGO_FACET_CACHE_SECONDS=str(args.facet_cache_seconds))
    migrate_and_seed(env, label)
    me = [str(Path(__file__).resolve()), "--measure", "--repeat", str(args.repeat)]
    small = json.loads(run(env, *me, capture=True).strip().splitlines()[-1])
    print(f"::: {label}: generate_synthetic --programs {args.programs}", file=sys.stderr)
    started = time.perf_counter()
    run(
        env,
        "manage.py",
        "generate_synthetic",
        "--programs",
        str(args.programs),
        "--throwaway",
        capture=True,
    )
    generated = time.perf_counter() - started
    large = json.loads(run(env, *me, capture=True).strip().splitlines()[-1])
    return {"label": label, "small": small, "large": large, "generate_seconds": generated}


def postgres_database(admin_url):
    """A fresh database next to the one admin_url names; returns (url, drop)."""
    import psycopg

    name = f"scale_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    url = urlunsplit(parts._replace(path=f"/{name}"))

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def report(runs, args):
    print(f"\nDate: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC  ")
    print(f"Machine: {os.cpu_count()} CPUs (`nproc`), Python {sys.version.split()[0]}  ")
    command = " ".join(["uv run python benchmarks/scale.py", *sys.argv[1:]])
    print(f"Command: `{command}`  ")
    facets = (
        f"facet counts cached {args.facet_cache_seconds} s per directory version"
        if args.facet_cache_seconds
        else "facet counts computed on every request"
    )
    print(
        f"Test client, page cache off, {facets}, {args.repeat} requests per page after 3 "
        "warm-ups.\n"
    )
    failures = []
    for r in runs:
        n_small, n_large = r["small"]["programs"], r["large"]["programs"]
        print(f"#### {r['label']}: {n_small} and {n_large} programs\n")
        print(f"(generate_synthetic took {r['generate_seconds']:.0f} s)\n")
        print(
            f"| page | path | status | queries at {n_small} | queries at {n_large} | "
            f"p50 / p95 ms at {n_small} | p50 / p95 ms at {n_large} |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, small in r["small"]["pages"].items():
            large = r["large"]["pages"][name]
            status = f"{small['status']}" + (
                f" / {large['status']}" if large["status"] != small["status"] else ""
            )
            same = small["queries"] == large["queries"]
            if small["status"] == 200 and not same:
                failures.append(
                    f"{r['label']} {name}: queries {small['queries']} -> {large['queries']}"
                )
            if (
                "PostgreSQL" in r["label"]
                and name in TARGETS
                and large["status"] == 200
                and large["p95"] > 50
            ):
                failures.append(f"{r['label']} {name}: p95 {large['p95']:.1f} ms > 50 ms")
            print(
                f"| {name} | `{small['path']}` | {status} | {small['queries']} | "
                f"{large['queries']}{'' if same else ' **differs**'} | "
                f"{small['p50']:.1f} / {small['p95']:.1f} | "
                f"{large['p50']:.1f} / {large['p95']:.1f} |"
            )
        print(
            "\nThe database's share: a page of 20 programs (with audiences and kinds of support "
            "prefetched) and the paginator's count, through the ORM.\n"
        )
        print(
            f"| filter | queries at {n_small} | queries at {n_large} | "
            f"p50 / p95 ms at {n_small} | p50 / p95 ms at {n_large} |"
        )
        print("| --- | --- | --- | --- | --- |")
        for name, small in r["small"]["querysets"].items():
            large = r["large"]["querysets"][name]
            same = small["queries"] == large["queries"]
            if not same:
                failures.append(
                    f"{r['label']} {name}: queries {small['queries']} -> {large['queries']}"
                )
            mark = "" if same else " **differs**"
            print(
                f"| {name} | {small['queries']} | {large['queries']}{mark} | "
                f"{small['p50']:.1f} / {small['p95']:.1f} | "
                f"{large['p50']:.1f} / {large['p95']:.1f} |"
            )
        print()
        for name, plan in r["large"]["explain"].items():
            print(f"<details><summary>EXPLAIN {name} ({r['label']}, {n_large})</summary>\n")
            print("```\n" + plan + "\n```\n</details>\n")
    if failures:
        print("**Targets missed:**\n\n" + "\n".join(f"- {f}" for f in failures))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5433/postgres",
        help="a PostgreSQL URL to create the throwaway database through ('' to skip)",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument(
        "--facet-cache-seconds",
        type=int,
        default=600,
        help="0 measures every list page with its facet counts computed afresh",
    )
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.repeat)

    runs = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory(prefix="directory-scale-") as tmp:
            runs.append(bench("SQLite", f"sqlite:///{tmp}/scale.sqlite3", args))
    if args.postgres:
        try:
            url, drop = postgres_database(args.postgres)
        except Exception as exc:  # the server is not up: say so, measure the rest
            print(f"::: PostgreSQL skipped: {exc}", file=sys.stderr)
        else:
            try:
                runs.append(bench("PostgreSQL", url, args))
            finally:
                drop()
    return report(runs, args)


if __name__ == "__main__":
    sys.exit(main())
