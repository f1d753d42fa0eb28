"""Search latency benchmark: every query of tests/relevance.json at 9 and at 10,000 programs.

    uv run python benchmarks/search.py                      # SQLite, and PostgreSQL if given
    uv run python benchmarks/search.py --programs 10000 --repeat 10 \\
        --postgres postgres://postgres@127.0.0.1:5433/postgres

For each database (a temporary SQLite file; a temporary PostgreSQL database created through
--postgres and dropped afterwards) it migrates, seeds the 9 real programs, and times each query
--repeat times after one warm-up: the ranking alone (`search.parse(q)` and
`Program.objects.published().search(query)`, what the API and CSV use) and the whole
/programs/?q= page through Django's test client (page cache off; the facet counts of a query
are cached per directory version after its first request, as in production). Then it adds
--programs clearly-marked synthetic programs with `manage.py generate_synthetic --throwaway`
and measures again. Prints Markdown for
docs/search-benchmark.md. Never touches db.sqlite3 or the database named by DATABASE_URL.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import (  # noqa: E402
    PROJECT,
    child_environment,
    migrate_and_seed,
    postgres_database,
    run,
    setup_child,
)

QUERIES = [case["q"] for case in json.loads((PROJECT / "tests" / "relevance.json").read_text())]
TARGET_MS = 50  # p95 at 10,000 programs on PostgreSQL


def percentiles(times):
    times = sorted(times)
    return statistics.median(times), times[max(0, round(0.95 * len(times)) - 1)]


def measure(repeat):
    """Runs inside a child process whose environment names the database."""
    setup_child()
    from django.test import Client

    from directory import search
    from programs.models import Program

    client = Client(raise_request_exception=False)
    rank, page, statuses = [], [], set()
    for q in QUERIES:
        list(Program.objects.published().search(search.parse(q))[:20])
        statuses.add(client.get("/programs/", {"q": q}).status_code)
        for _ in range(repeat):
            start = time.perf_counter()
            list(Program.objects.published().search(search.parse(q))[:20])
            rank.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            statuses.add(client.get("/programs/", {"q": q}).status_code)
            page.append((time.perf_counter() - start) * 1000)
    print(
        json.dumps(
            {
                "programs": Program.objects.count(),
                "rank": percentiles(rank),
                "page": percentiles(page),
                "statuses": sorted(statuses),
            }
        )
    )


def bench(label, database_url, args):
    env = child_environment(database_url)
    migrate_and_seed(env, label)
    me = [str(Path(__file__).resolve()), "--measure", "--repeat", str(args.repeat)]
    small = json.loads(run(env, *me, capture=True).strip().splitlines()[-1])
    print(f"::: {label}: generate_synthetic --programs {args.programs}", file=sys.stderr)
    run(
        env,
        "manage.py",
        "generate_synthetic",
        "--programs",
        str(args.programs),
        "--throwaway",
        capture=True,
    )
    large = json.loads(run(env, *me, capture=True).strip().splitlines()[-1])
    return {"label": label, "small": small, "large": large}


def report(runs, args):
    print(f"\nDate: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC  ")
    print(f"Machine: {os.cpu_count()} CPUs (`nproc`), Python {sys.version.split()[0]}  ")
    print(f"Command: `uv run python benchmarks/search.py {' '.join(sys.argv[1:])}`  ")
    print(
        f"{len(QUERIES)} queries (tests/relevance.json) x {args.repeat} timed runs each, "
        "after one warm-up per query.\n"
    )
    print("| database | programs | ranking p50 / p95 ms | whole page p50 / p95 ms | statuses |")
    print("| --- | --- | --- | --- | --- |")
    failed = []
    for r in runs:
        for size in ("small", "large"):
            m = r[size]
            rank, page = m["rank"], m["page"]
            print(
                f"| {r['label']} | {m['programs']:,} | {rank[0]:.1f} / {rank[1]:.1f} | "
                f"{page[0]:.1f} / {page[1]:.1f} | {', '.join(map(str, m['statuses']))} |"
            )
            if m["statuses"] != [200]:
                failed.append(f"{r['label']} {m['programs']}: statuses {m['statuses']}")
        if "PostgreSQL" in r["label"] and r["large"]["page"][1] > TARGET_MS:
            failed.append(f"{r['label']}: page p95 {r['large']['page'][1]:.0f} ms > {TARGET_MS}")
    print()
    for line in failed:
        print(f"- MISSED: {line}")
    return not failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--postgres", help="an admin URL; a temporary database is made beside it")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args.repeat)
    runs = []
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(bench("SQLite", f"sqlite:///{tmp}/search.sqlite3", args))
    if args.postgres:
        url, drop = postgres_database(args.postgres)
        try:
            runs.append(bench("PostgreSQL", url, args))
        finally:
            drop()
    sys.exit(0 if report(runs, args) else 1)


if __name__ == "__main__":
    main()
