"""Organization benchmark: the organization list, its search and SOLE's page at 10 and at 600
student organizations (#17).

    uv run python benchmarks/organization_pages.py                 # SQLite
    uv run python benchmarks/organization_pages.py --repeat 30 \\
        --postgres postgres://postgres@127.0.0.1:5433/postgres

For each database engine it makes two databases (temporary SQLite files; temporary PostgreSQL
databases created through --postgres and dropped afterwards), migrates and seeds both, adds
--small and --large placeholder student organizations with `manage.py generate_synthetic
--organizations` (published, advised by SOLE, in synthetic categories), then measures every
page in PAGES through Django's test client with the page cache off and the facet counts kept
per directory version as shipped (--facet-cache-seconds 0: computed on every request), side
by side: requests alternate between the two databases in
turns of one request, so the load of a busy machine falls on both sizes alike. Per page: HTTP
status, SQL queries (must be equal at both sizes) and p50 / p95 in milliseconds over
--repeat requests after 3 warm-ups; p95 at the large size must be within 1.5x of the small
size's (plus 2 ms of timer noise).
Prints Markdown for docs/performance.md. Never touches db.sqlite3 or DATABASE_URL's database.
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

import scale  # benchmarks/scale.py, beside this script

PROJECT = Path(__file__).resolve().parent.parent
STUDENT_ORG = "/organizations/synthetic-student-org-00003/"
PAGES = [
    ("list", "/organizations/"),
    ("list, page 2", "/organizations/?page=2"),
    (
        "filter: kind + category",
        "/organizations/?kind=student-organization&category=synthetic-music",
    ),
    ("filter: advised by SOLE", "/organizations/?advised_by=sole"),
    # A word two of 10 placeholders hold and a full page of 600: 2 cards against 24.
    ("search", "/organizations/?q=robotics"),
    # A word every placeholder holds: 10 cards against 24, like for like.
    ("search: a word all share", "/organizations/?q=synthetic"),
    ("search: acronym", "/organizations/?q=SSO00003"),
    ("search: typo", "/organizations/?q=robotcs"),
    ("site search (programs + organizations)", "/programs/?q=robotics"),
    ("SOLE's page", "/organizations/sole/"),
    ("a student organization", STUDENT_ORG),
]
RATIO = 1.5
NOISE_MS = 2.0
BLOCK = 1  # alternate request by request: a burst of other work falls on both sizes alike


def measure(repeat, other_url):
    """Runs inside a child process whose environment names the small database; other_url names
    the large one. Requests alternate between the two in blocks of BLOCK, so a machine whose
    load changes during the run slows both sizes alike."""
    import dj_database_url

    scale.setup_child()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from organizations.models import Organization

    names = {"small": connection.settings_dict["NAME"]}
    names["large"] = dj_database_url.parse(other_url)["NAME"]

    def use(size):
        connection.close()
        connection.settings_dict["NAME"] = names[size]

    client = Client(raise_request_exception=False)
    results = {}
    for size in names:
        use(size)
        results[size] = {
            "student_organizations": Organization.objects.student_organizations().count(),
            "pages": {},
        }
    for name, path in PAGES:
        times = {"small": [], "large": []}
        for size in names:
            use(size)
            for _ in range(3):
                response = client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            results[size]["pages"][name] = {
                "path": path,
                "status": response.status_code,
                "queries": len(queries),
            }
        for _ in range(0, repeat, BLOCK):
            for size in names:
                use(size)
                client.get(path)  # the connection is new: open it outside the timing
                for _ in range(BLOCK):
                    start = time.perf_counter()
                    client.get(path)
                    times[size].append((time.perf_counter() - start) * 1000)
        for size in names:
            ordered = sorted(times[size])
            results[size]["pages"][name]["p50"] = statistics.median(ordered)
            results[size]["pages"][name]["p95"] = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(json.dumps(results))


def run(env, *args):
    result = subprocess.run(
        [sys.executable, *args], cwd=PROJECT, env=env, timeout=3600, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def child_environment(database_url, facet_cache_seconds):
    # As scale.py's: the facet counts kept per directory version as shipped, or with
    # --facet-cache-seconds 0 computed on every request (the cost after each edit).
    return scale.child_environment(
        database_url, DJANGO_FACET_CACHE_SECONDS=str(facet_cache_seconds)
    )


def add_student_organizations(env, n):
    run(env, "manage.py", "generate_synthetic", "--organizations", str(n), "--throwaway")


def bench(label, urls, args):
    """urls: {"small": database URL, "large": database URL}, both made here."""
    for size, n in (("small", args.small), ("large", args.large)):
        print(f"::: {label}: migrate + seed + {n} student organizations", file=sys.stderr)
        env = child_environment(urls[size], args.facet_cache_seconds)
        run(env, "manage.py", "migrate", "--noinput", "-v", "0")
        run(env, "manage.py", "seed")
        add_student_organizations(env, n)
    print(f"::: {label}: measuring", file=sys.stderr)
    me = [str(Path(__file__).resolve()), "--measure", "--repeat", str(args.repeat)]
    env = child_environment(urls["small"], args.facet_cache_seconds)
    measured = json.loads(run(env, *me, "--other", urls["large"]).strip().splitlines()[-1])
    return {"label": label, **measured}


def postgres_database(admin_url):
    import psycopg

    name = f"orgs_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def report(runs, args):
    print(f"\nDate: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC  ")
    print(f"Machine: {os.cpu_count()} CPUs (`nproc`), Python {sys.version.split()[0]}  ")
    command = " ".join(["uv run python benchmarks/organization_pages.py", *sys.argv[1:]])
    print(f"Command: `{command}`  ")
    counts = (
        f"facet counts kept {args.facet_cache_seconds} s per directory version (as shipped)"
        if args.facet_cache_seconds
        else "facet counts computed on every request"
    )
    print(
        f"Test client, page cache off, {counts}, {args.repeat} "
        "requests per page after 3 warm-ups.\n"
    )
    failures = []
    for r in runs:
        small_n = r["small"]["student_organizations"]
        large_n = r["large"]["student_organizations"]
        print(f"#### {r['label']}: {small_n} and {large_n} student organizations\n")
        print(
            f"| page | path | status | queries at {small_n} | queries at {large_n} | "
            f"p50 / p95 ms at {small_n} | p50 / p95 ms at {large_n} | p95 ratio |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, small in r["small"]["pages"].items():
            large = r["large"]["pages"][name]
            ratio = large["p95"] / small["p95"] if small["p95"] else 0
            if small["queries"] != large["queries"]:
                failures.append(f"{r['label']} {name}: {small['queries']} -> {large['queries']}")
            if large["p95"] > small["p95"] * RATIO + NOISE_MS:
                failures.append(f"{r['label']} {name}: p95 ratio {ratio:.2f}")
            if small["status"] != 200 or large["status"] != 200:
                failures.append(f"{r['label']} {name}: status {small['status']}/{large['status']}")
            print(
                f"| {name} | `{small['path']}` | {small['status']} | {small['queries']} | "
                f"{large['queries']} | {small['p50']:.1f} / {small['p95']:.1f} | "
                f"{large['p50']:.1f} / {large['p95']:.1f} | {ratio:.2f} |"
            )
        print()
    if failures:
        print("**Not met:** " + "; ".join(failures) + "\n")
    return not failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--other", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--large", type=int, default=600)
    parser.add_argument("--postgres", help="an admin URL; a throwaway database is made next to it")
    parser.add_argument(
        "--facet-cache-seconds",
        type=int,
        default=600,
        help="0 computes every page's facet counts afresh (the first request after an edit)",
    )
    args = parser.parse_args()
    if args.measure:
        measure(args.repeat, args.other)
        return
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        urls = {size: f"sqlite:///{tmp}/orgs-{size}.sqlite3" for size in ("small", "large")}
        runs.append(bench("SQLite", urls, args))
    if args.postgres:
        made = {size: postgres_database(args.postgres) for size in ("small", "large")}
        try:
            runs.append(bench("PostgreSQL", {s: url for s, (url, _) in made.items()}, args))
        finally:
            for _, drop in made.values():
                drop()
    sys.exit(0 if report(runs, args) else 1)


if __name__ == "__main__":
    main()
