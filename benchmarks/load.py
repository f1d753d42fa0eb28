"""Load benchmark: gunicorn (2 threaded workers) + whitenoise on loopback, measured with wrk.

    uv run python benchmarks/load.py                  # 30 s per page, then 50 clients for 30 s
    uv run python benchmarks/load.py --duration 6 --soak 10 --programs 10000

What it does, all on 127.0.0.1 and in a temporary folder it deletes afterwards:
1. creates a throwaway SQLite database (or uses --database-url, which must be throwaway too),
   migrates it, seeds it, and optionally adds --programs synthetic programs;
2. collectstatic into a temporary DJANGO_STATIC_ROOT;
3. starts gunicorn from gunicorn.conf.py (gthread: 2 workers of 16 threads unless --workers and
   --threads say otherwise), DJANGO_DEBUG=0, DJANGO_HTTPS=0 and a
   throwaway secret key, with the default cache (local memory) unless --cache-url says otherwise;
4. runs wrk against the site's CSS file served by the same gunicorn + whitenoise, the program
   list, a program page, a search and the home page: 2 s on each to warm it, then --rounds
   rounds (10) of --duration / --rounds seconds over every page in turn, so that the machine's
   other work falls on the static file and the pages alike; a page that does not answer 200
   is reported, not measured;
5. runs 50 concurrent connections for 30 s over all the pages that answered, and counts
   errors: non-2xx/3xx responses and socket errors (connect, read, write, timeout).

Prints a Markdown table for docs/performance.md. Exit status 1 when the soak saw any error.
Needs wrk (apt-get install wrk).
"""

import argparse
import datetime
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# Seconds of wrk on each page before measuring it.
WARM_SECONDS = 2

PAGES = [
    ("program list", "/programs/"),
    ("program page", "/programs/refs/"),
    ("search", "/programs/?q=peer+support"),
    ("home page", "/"),
]

ROTATE_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def manage(env, *args):
    """Run a management command; its output goes to stderr, so stdout stays the report."""
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        check=True,
        timeout=1800,
        stdout=sys.stderr,
    )


def run_wrk(url, connections, seconds, script=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    result = {"command": " ".join([*command, url]), "raw": output}
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    result["requests"] = int(re.search(r"(\d+) requests in", output)[1])
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(non_2xx[1]) if non_2xx else 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["socket_errors"] = sum(map(int, socket_errors.groups())) if socket_errors else 0
    for pct in ("50", "99"):
        match = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        factor = {"us": 0.001, "ms": 1, "s": 1000}[match[2]] if match else None
        result[f"p{pct}_ms"] = float(match[1]) * factor if match else None
    return result


def combine(results):
    """One page's rounds as one result: requests per second over all of them, the median of
    their p50s, the worst of their p99s, every error."""
    if not results:
        return None
    return {
        "rps": statistics.mean(r["rps"] for r in results),
        "requests": sum(r["requests"] for r in results),
        "p50_ms": statistics.median(r["p50_ms"] for r in results),
        "p99_ms": max(r["p99_ms"] for r in results),
        "non_2xx": sum(r["non_2xx"] for r in results),
        "socket_errors": sum(r["socket_errors"] for r in results),
        "rounds": [round(r["rps"]) for r in results],
    }


def machine():
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
    total = memory.splitlines()[1].split()[1] if memory else "?"
    cpu = platform.processor() or platform.machine()
    return f"{os.cpu_count()} CPUs (`nproc`), {total} RAM (`free -h`), {cpu}, {platform.system()}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds of wrk per page")
    # Many short rounds: each wrk run opens its connections anew, and how gunicorn's workers
    # happen to share them out (one may take most, leaving a CPU idle) sets that run's rate,
    # by up to 3x either way. Ten samples of that draw per page average it out.
    parser.add_argument(
        "--rounds", type=int, default=10, help="turns over the pages the duration is split into"
    )
    parser.add_argument("--connections", type=int, default=16, help="wrk connections per page")
    parser.add_argument("--soak", type=int, default=30, help="seconds of the 50-client run")
    parser.add_argument("--soak-connections", type=int, default=50)
    parser.add_argument("--programs", type=int, default=0, help="synthetic programs to add")
    parser.add_argument("--database-url", help="a THROWAWAY database (default: temp SQLite)")
    parser.add_argument("--cache-url", help="CACHE_URL for gunicorn (default: local memory)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16, help="threads per gthread worker")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="DJANGO_PAGE_CACHE_SECONDS=0, to compare"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")

    with tempfile.TemporaryDirectory(prefix="directory-load-") as tmp:
        tmp = Path(tmp)
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            DJANGO_DEBUG="0",
            DJANGO_HTTPS="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_STATIC_ROOT=str(tmp / "static"),
            DATABASE_URL=args.database_url or f"sqlite:///{tmp / 'load.sqlite3'}",
            GUNICORN_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY=str(args.workers),
            GUNICORN_THREADS=str(args.threads),
        )
        if args.cache_url:
            env["CACHE_URL"] = args.cache_url
        if args.no_page_cache:
            env["DJANGO_PAGE_CACHE_SECONDS"] = "0"
        print(f"::: preparing {env['DATABASE_URL']}", file=sys.stderr)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed")
        if args.programs:
            manage(env, "generate_synthetic", "--programs", str(args.programs), "--throwaway")
        manage(env, "collectstatic", "--noinput", "-v", "0")

        log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=PROJECT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if fetch(base, "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit(
                        "gunicorn did not start; see its log:\n"
                        + (tmp / "gunicorn.log").read_text()
                    )
                time.sleep(0.2)

            status, home = fetch(base, "/")
            css = re.search(r'href="(/static/css/site[^"]*\.css)"', home)
            pages = [("static CSS (whitenoise)", css[1] if css else "/static/css/site.css")]
            pages += PAGES
            rows, measured = [], []
            for name, path in pages:
                status, _ = fetch(base, path)
                if status != 200:
                    rows.append((name, path, status, None))
                    print(f"::: {name} {path}: {status}, not measured", file=sys.stderr)
                    continue
                # Warm: the workers' first requests (imports, the cached page, whitenoise's
                # files) are not what a running site serves.
                run_wrk(base + path, args.connections, WARM_SECONDS)
                rows.append((name, path, status, []))
                measured.append(path)
            # Round by round, every page in turn, so that the machine's other work falls on
            # the static file and the pages alike (measured one after the other, a burst
            # would fall on one of them).
            per_round = max(1, args.duration // args.rounds)
            for n in range(args.rounds):
                for name, path, _, results in rows:
                    if results is None:
                        continue
                    print(f"::: round {n + 1}: wrk {name} {path}", file=sys.stderr)
                    results.append(run_wrk(base + path, args.connections, per_round))
            rows = [(name, path, status, combine(r)) for name, path, status, r in rows]

            script = tmp / "rotate.lua"
            script.write_text(ROTATE_SCRIPT % ", ".join(f'"{p}"' for p in measured))
            print(f"::: soak: {args.soak_connections} connections, {args.soak} s", file=sys.stderr)
            soak = run_wrk(base + "/", args.soak_connections, args.soak, script=str(script))
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

    static_rps = rows[0][3]["rps"] if rows[0][3] else None
    print(f"\nDate: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC  ")
    print(f"Machine: {machine()}  ")
    command = " ".join(["uv run python benchmarks/load.py", *sys.argv[1:]])
    print(f"Command: `{command}`  ")
    print(
        f"gunicorn {args.workers} gthread workers x {args.threads} threads, DJANGO_DEBUG=0, "
        "SQLite unless stated, "
        f"cache {args.cache_url or 'local memory'}"
        f"{' (page cache off)' if args.no_page_cache else ''}, {9 + args.programs} programs; "
        f"wrk -t2 -c{args.connections}, {WARM_SECONDS} s to warm each page, then "
        f"{args.rounds} rounds of {max(1, args.duration // args.rounds)} s over every page in "
        "turn (req/s: their mean; each round's in the last column).\n"
    )
    print("| page | path | status | req/s | x static | p50 ms | p99 ms | errors | rounds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, path, status, result in rows:
        if result is None:
            print(f"| {name} | `{path}` | {status} | not measured | | | | | |")
            continue
        ratio = f"{result['rps'] / static_rps:.2f}" if static_rps else ""
        errors = result["non_2xx"] + result["socket_errors"]
        print(
            f"| {name} | `{path}` | {status} | {result['rps']:.0f} | {ratio} | "
            f"{result['p50_ms']:.2f} | {result['p99_ms']:.2f} | {errors} | "
            f"{' / '.join(map(str, result['rounds']))} |"
        )
    soak_errors = soak["non_2xx"] + soak["socket_errors"]
    print(
        f"\nSoak: {args.soak_connections} connections for {args.soak} s over "
        f"{', '.join(f'`{p}`' for p in measured)}: {soak['requests']} requests, "
        f"{soak['rps']:.0f} req/s, p50 {soak['p50_ms']:.2f} ms, p99 {soak['p99_ms']:.2f} ms, "
        f"**{soak_errors} errors** ({soak['non_2xx']} non-2xx/3xx, "
        f"{soak['socket_errors']} socket errors)."
    )
    return 1 if soak_errors else 0


if __name__ == "__main__":
    sys.exit(main())
