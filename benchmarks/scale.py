"""Scale benchmark: every public page at the 9 real programs and at many more, side by side.

    uv run python benchmarks/scale.py --programs 20000                 # SQLite
    uv run python benchmarks/scale.py --programs 100000 \\
        --postgres postgres://postgres@127.0.0.1:5433/postgres          # PostgreSQL

Two throwaway databases are made (temporary SQLite files, or temporary PostgreSQL databases
created through --postgres and dropped afterwards): both migrated and seeded with the 9 real
programs, the second also given --programs clearly-marked synthetic programs with `manage.py
generate_synthetic --throwaway`. One child process serves each database through Django's test
client (page cache off; facet counts cached per directory version as shipped unless
--facet-cache-seconds 0). Their requests are interleaved, one at a time, page by page, so the
machine's noise falls on both sizes alike.

Per page: HTTP status, SQL queries (must be equal at both sizes), p50 and p95 over --repeat
requests after 3 warm-ups, and the ratio of the large p95 to the small one against the page's
target (1.5x; 2x for searches). The CSV export streams: its time is the time to the first byte
(the first row after the header), and a third child measures the whole export at the large size:
rows, seconds and peak memory (tracemalloc's Python peak and the growth of the process's maximum
resident set). Prints Markdown for docs/performance.md; exit status 1 when a target is missed.
Never touches db.sqlite3 or the database named by DATABASE_URL.

Pages longer than 9 programs can fill (the feed's 200 entries, the API's 100 a page, a page of
the timeline, a file of the sitemap) are measured and shown without a target; so would be pages
that draw the whole directory (WHOLE; none is left).
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT = Path(__file__).resolve().parent.parent

PAGE, SEARCH, STREAM, LONG, WHOLE = "page", "search", "stream", "long", "whole"
# LONG: a page of more items than 9 programs fill (the feed's 200, the API's 100 a page): its
# cost grows until it is full, then stays flat; against 9 programs it is not like for like.
TARGETS = {PAGE: 1.5, SEARCH: 2.0, STREAM: 1.5, LONG: None, WHOLE: None}

PAGES = [
    ("home", "/", PAGE),
    ("list", "/programs/", PAGE),
    ("list, page 2", "/programs/?page=2", PAGE),
    ("list, newest first", "/programs/?sort=newest", PAGE),
    ("filter: audience", "/programs/?audience=graduate-students", PAGE),
    ("filter: parent audience", "/programs/?audience=staff", PAGE),
    ("filter: support", "/programs/?support=peer-support", PAGE),
    ("filter: audience and support", "/programs/?audience=students&support=peer-support", PAGE),
    ("filter: sponsor", "/programs/?sponsor=odge", PAGE),
    ("filter: confidential", "/programs/?confidential=true", PAGE),
    (
        "filter: combined",
        "/programs/?audience=students&support=peer-support&confidential=true",
        PAGE,
    ),
    ("search", "/programs/?q=peer+support", SEARCH),
    ("search: acronym", "/programs/?q=REFS", SEARCH),
    ("search: typo", "/programs/?q=mediaton", SEARCH),
    ("search: need", "/programs/?q=conflict+with+my+advisor", SEARCH),
    ("search: broad", "/programs/?q=community", SEARCH),
    ("search and filter", "/programs/?q=peer+support&audience=graduate-students", SEARCH),
    ("detail", "/programs/refs/", PAGE),
    ("organizations", "/organizations/", PAGE),
    ("organization", "/organizations/odge/", PAGE),
    ("finder", "/peer-support/", PAGE),
    ("finder: audience", "/peer-support/?audience=staff", PAGE),
    ("finder: audience and need", "/peer-support/?audience=graduate-students&need=advisor", PAGE),
    ("about", "/about/", PAGE),
    ("shortlist", "/shortlist/?p=refs&p=first-generation-program", PAGE),
    ("feed (200 items)", "/feeds/programs/", LONG),
    ("API: services", "/api/hsds/services", PAGE),
    ("API: services, 100 a page", "/api/hsds/services?per_page=100", LONG),
    ("API: services, search", "/api/hsds/services?search=peer+support", SEARCH),
    ("API: organizations", "/api/hsds/organizations", PAGE),
    ("API: service", "/api/hsds/services/{refs_hsds_id}", PAGE),
    ("CSV, first byte", "/programs.csv?audience=staff", STREAM),
    # One page of the timeline (20 programs; of the 9 real ones, 2 give a year) and its counts of
    # each year; a page past the end is the last (at 9 programs, the only one).
    ("timeline (20 a page)", "/programs/timeline/", LONG),
    ("timeline, a deep page", "/programs/timeline/?page=500", LONG),
    ("sitemap index", "/sitemap.xml", PAGE),
    ("sitemap: programs (5,000 a file)", "/sitemap-programs.xml", LONG),
    # Neither the seed nor the synthetic programs have schedules: a 404 at both sizes, whose
    # time is the time to find that no program meets.
    ("calendar", "/calendar.ics", LONG),
]
# Requests per turn before the other size's child takes its turn: one, so that a burst of the
# machine's other work (a few hundred ms) falls on both sizes alike, not on five of one.
TURN = 1
WARMUPS = 3
# The pages drawing the whole directory: a few requests after the one counting queries.
WHOLE_REPEAT = 3
CSV_PATH = "/programs.csv"
CSV_MEMORY_LIMIT_MB = 100


def setup_child():
    """Django set up in a benchmark's child process: test environment, pages rendered without a
    collectstatic step (as the tests do)."""
    import django

    django.setup()
    from django.test.utils import override_settings, setup_test_environment

    setup_test_environment()
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()


def _paths():
    """Fills in what a path needs from this database (REFS's HSDS id)."""
    from programs.models import Program

    refs = Program.objects.filter(slug="refs").values_list("hsds_id", flat=True).first()
    return {name: path.format(refs_hsds_id=refs) for name, path, _ in PAGES}


def _get(client, path, kind):
    """One request; its time in ms (to the first byte after the header for a stream)."""
    start = time.perf_counter()
    response = client.get(path)
    if response.streaming:
        chunks = iter(response.streaming_content)
        first = b""
        # The header row first, then the first row of data.
        while first.count(b"\n") < 2:
            chunk = next(chunks, None)
            if chunk is None:
                break
            first += chunk
        elapsed = (time.perf_counter() - start) * 1000
        response.close()
    else:
        elapsed = (time.perf_counter() - start) * 1000
    return response, elapsed


def serve():
    """Child: answers {"page": name, "n": requests, "warm": bool} lines with JSON lines."""
    setup_child()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from programs.models import Program

    client = Client(raise_request_exception=False)
    paths = _paths()
    kinds = {name: kind for name, _, kind in PAGES}
    print(json.dumps({"programs": Program.objects.count()}), flush=True)
    for line in sys.stdin:
        ask = json.loads(line)
        name = ask["page"]
        path, kind = paths[name], kinds[name]
        answer = {"times": []}
        if ask.get("warm"):
            for _ in range(WARMUPS if kind != WHOLE else 0):
                response, _ = _get(client, path, kind)
            with CaptureQueriesContext(connection) as queries:
                response, _ = _get(client, path, kind)
            # Read the count now: the next request clears the connection's query log.
            answer.update(status=response.status_code, queries=len(queries), path=path)
        for _ in range(ask["n"]):
            _, elapsed = _get(client, path, kind)
            answer["times"].append(elapsed)
        print(json.dumps(answer), flush=True)


def csv_memory():
    """Child: the whole CSV export, consumed as a client would; rows, time, peak memory."""
    import resource
    import tracemalloc

    setup_child()
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.get("/programs.csv?sponsor=odge")  # imports and first queries out of the way
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get(CSV_PATH)
    rows, first_byte = -1, None  # the header is not a row
    content = response.streaming_content if response.streaming else [response.content]
    for chunk in content:
        if first_byte is None:
            first_byte = (time.perf_counter() - start) * 1000
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "status": response.status_code,
                "streaming": response.streaming,
                "rows": rows,
                "seconds": seconds,
                "first_byte_ms": first_byte,
                "python_peak_mb": peak / 2**20,
                "rss_growth_mb": (rss_after - rss_before) / 1024,  # ru_maxrss is in KiB
            }
        ),
        flush=True,
    )


class Child:
    """A child process serving one database, asked page by page."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve"],
            cwd=PROJECT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.programs = self._read()["programs"]

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the measuring child stopped ({self.process.wait()})")
        return json.loads(line)

    def ask(self, page, n, warm=False):
        self.process.stdin.write(json.dumps({"page": page, "n": n, "warm": warm}) + "\n")
        self.process.stdin.flush()
        return self._read()

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=60)


def percentile95(times):
    times = sorted(times)
    return times[max(0, round(0.95 * len(times)) - 1)]


def measure_side_by_side(small_env, large_env, repeat, skip_whole=False):
    children = {"small": Child(small_env), "large": Child(large_env)}
    try:
        results = {size: {"programs": c.programs, "pages": {}} for size, c in children.items()}
        for name, _, kind in PAGES:
            if kind == WHOLE and skip_whole:
                continue
            print(f"::: {name}", file=sys.stderr)
            found = {}
            for size, child in children.items():
                found[size] = child.ask(name, 0, warm=True)
            done, wanted = 0, repeat if kind != WHOLE else WHOLE_REPEAT
            while done < wanted:
                n = min(TURN, wanted - done)
                for size, child in children.items():
                    found[size]["times"] += child.ask(name, n)["times"]
                done += n
            for size, answer in found.items():
                times = answer.pop("times")
                answer.update(p50=statistics.median(times), p95=percentile95(times), kind=kind)
                results[size]["pages"][name] = answer
            print(
                f"::: {name}: p95 {found['small']['p95']:.1f} / {found['large']['p95']:.1f} ms",
                file=sys.stderr,
            )
        return results
    finally:
        for child in children.values():
            child.close()


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


def generate(env, label, programs):
    print(f"::: {label}: generate_synthetic --programs {programs}", file=sys.stderr)
    started = time.perf_counter()
    run(
        env,
        "manage.py",
        "generate_synthetic",
        "--programs",
        str(programs),
        "--throwaway",
        capture=True,
    )
    return time.perf_counter() - started


def bench(label, small_url, large_url, args):
    settings = {"DJANGO_FACET_CACHE_SECONDS": str(args.facet_cache_seconds)}
    small_env = child_environment(small_url, **settings)
    large_env = child_environment(large_url, **settings)
    generated = None
    if args.reuse:
        print(f"::: {label}: reusing the databases given (migrate only)", file=sys.stderr)
        for env in (small_env, large_env):
            run(env, "manage.py", "migrate", "--noinput", "-v", "0")
    else:
        migrate_and_seed(small_env, f"{label} (small)")
        migrate_and_seed(large_env, f"{label} (large)")
        generated = generate(large_env, label, args.programs)
    results = measure_side_by_side(small_env, large_env, args.repeat, args.no_whole)
    print(f"::: {label}: the whole CSV export", file=sys.stderr)
    memory = json.loads(
        run(large_env, str(Path(__file__).resolve()), "--csv-memory", capture=True)
        .strip()
        .splitlines()[-1]
    )
    return {"label": label, "generate_seconds": generated, "csv": memory, **results}


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


def machine():
    try:
        memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
        total = memory.splitlines()[1].split()[1]
    except (OSError, IndexError):
        total = "?"
    return (
        f"{os.cpu_count()} CPUs (`nproc`), {total} RAM (`free -h`), {platform.machine()} "
        f"{platform.system()}, Python {sys.version.split()[0]}"
    )


def report(r, args):
    """Markdown for docs/performance.md; the list of targets missed."""
    small, large = r["small"], r["large"]
    n_small, n_large = small["programs"], large["programs"]
    print(f"\nDate: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC  ")
    print(f"Machine: {machine()}  ")
    command = " ".join(["uv run python benchmarks/scale.py", *sys.argv[1:]])
    print(f"Command: `{command}`  ")
    facets = (
        f"facet counts cached {args.facet_cache_seconds} s per directory version"
        if args.facet_cache_seconds
        else "facet counts computed on every request"
    )
    print(
        f"Test client, page cache off, {facets}; {args.repeat} requests per page and size after "
        f"{WARMUPS} warm-ups ({WHOLE_REPEAT} requests after one for pages of the whole directory), "
        f"the two sizes taking turns {TURN} request(s) at a time.\n"
    )
    failures = []
    print(f"#### {r['label']}: {n_small} and {n_large} programs\n")
    if r["generate_seconds"] is not None:
        print(
            f"(generate_synthetic --programs {args.programs} took {r['generate_seconds']:.0f} s)\n"
        )
    print(
        f"| page | path | status | queries at {n_small} / {n_large} | "
        f"p50 / p95 ms at {n_small} | p50 / p95 ms at {n_large} | p95 ratio | target | |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, s in small["pages"].items():
        g = large["pages"][name]
        status = f"{s['status']}" + (f" / {g['status']}" if g["status"] != s["status"] else "")
        same = s["queries"] == g["queries"]
        target = TARGETS[s["kind"]]
        ratio = g["p95"] / s["p95"] if s["p95"] else float("inf")
        verdict = ""
        if target is not None:
            ok = ratio <= target and same and s["status"] == g["status"] == 200
            verdict = "pass" if ok else "**FAIL**"
            if not ok:
                failures.append(
                    f"{name}: p95 x{ratio:.2f} (target x{target}), queries "
                    f"{s['queries']} / {g['queries']}, status {status}"
                )
        label = f"{name}" + (" (to the first row)" if s["kind"] == STREAM else "")
        print(
            f"| {label} | `{s['path']}` | {status} | {s['queries']} / {g['queries']}"
            f"{'' if same else ' **differs**'} | {s['p50']:.1f} / {s['p95']:.1f} | "
            f"{g['p50']:.1f} / {g['p95']:.1f} | {ratio:.2f} | "
            f"{'' if target is None else f'<= {target}'} | {verdict} |"
        )
    csv = r["csv"]
    ok = csv["streaming"] and csv["rss_growth_mb"] < CSV_MEMORY_LIMIT_MB and csv["status"] == 200
    print(
        f"\nWhole CSV export (`{CSV_PATH}`, {n_large} programs): status {csv['status']}, "
        f"{'streamed' if csv['streaming'] else '**not streamed**'}, {csv['rows']} rows in "
        f"{csv['seconds']:.1f} s, first byte after {csv['first_byte_ms']:.0f} ms; peak memory: "
        f"resident set grew {csv['rss_growth_mb']:.1f} MB, Python's own allocations peaked at "
        f"{csv['python_peak_mb']:.1f} MB (tracemalloc); target < {CSV_MEMORY_LIMIT_MB} MB: "
        f"{'pass' if ok else '**FAIL**'}.\n"
    )
    if not ok:
        failures.append(f"CSV export: {csv['rss_growth_mb']:.1f} MB, streaming {csv['streaming']}")
    if failures:
        print("**Targets missed:**\n\n" + "\n".join(f"- {f}" for f in failures) + "\n")
    else:
        print("**Every target met.**\n")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--postgres",
        default="",
        help="a PostgreSQL URL to create the throwaway databases through (default: SQLite)",
    )
    parser.add_argument(
        "--reuse",
        nargs=2,
        metavar=("SMALL_URL", "LARGE_URL"),
        help="measure two throwaway databases already seeded (and generated), instead",
    )
    parser.add_argument(
        "--facet-cache-seconds",
        type=int,
        default=600,
        help="0 measures every list page with its facet counts computed afresh",
    )
    parser.add_argument(
        "--no-whole",
        action="store_true",
        help="skip the pages of the whole directory (the timeline takes minutes at 100,000)",
    )
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--csv-memory", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve()
    if args.csv_memory:
        return csv_memory()

    if args.reuse:
        small_url, large_url = args.reuse
        label = "PostgreSQL" if small_url.startswith("postgres") else "SQLite"
        result = bench(label, small_url, large_url, args)
    elif args.postgres:
        small_url, drop_small = postgres_database(args.postgres)
        try:
            large_url, drop_large = postgres_database(args.postgres)
            try:
                result = bench("PostgreSQL", small_url, large_url, args)
            finally:
                drop_large()
        finally:
            drop_small()
    else:
        with tempfile.TemporaryDirectory(prefix="directory-scale-") as tmp:
            result = bench(
                "SQLite", f"sqlite:///{tmp}/small.sqlite3", f"sqlite:///{tmp}/large.sqlite3", args
            )
    return 1 if report(result, args) else 0


if __name__ == "__main__":
    sys.exit(main())
