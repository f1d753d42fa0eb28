"""Two app servers sharing one Redis cache: an edit saved anywhere shows at once on both.

Starts Debian's redis-server and two gunicorn processes on free loopback ports, all on one
throwaway SQLite database, the way several app servers run behind a load balancer.
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.processes import clean_environment

PROJECT = Path(__file__).resolve().parent.parent
PAGE = "/cache-test/programs/"

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None and os.environ.get("CI", "").lower() != "true",
    reason="redis-server is not installed (apt-get install redis-server); CI installs it",
)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{what} did not start within {timeout} s")


def get(port, path=PAGE):
    # One host name for both servers, as behind a load balancer (it is part of the cache key).
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": "localhost"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


@pytest.fixture
def redis_url(tmp_path):
    assert shutil.which("redis-server"), "CI must install redis-server (see .ci/run)"
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        + ["--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: socket.create_connection(("127.0.0.1", port), timeout=1), "redis")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def app_env(tmp_path, redis_url, migrated_sqlite, collected_static):
    env = clean_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="tests.shared_cache_settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="shared-cache-test-only-" + "0123456789abcdef" * 3,
        DATABASE_URL=migrated_sqlite(tmp_path),
        DJANGO_STATIC_ROOT=str(collected_static),
        CACHE_URL=redis_url,
        DJANGO_PAGE_CACHE_SECONDS="600",
        PYTHONPATH=str(PROJECT),
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def two_app_servers(app_env, tmp_path):
    manage(app_env, "migrate", "--noinput", "-v", "0")  # nothing to do: a migrated copy
    manage(
        app_env,
        "shell",
        "-c",
        "from tests.builders import make_program; make_program('refs', name='REFS')",
    )
    ports, servers, logs = [free_port(), free_port()], [], []
    try:
        for port in ports:
            env = {**app_env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"}
            log = open(tmp_path / f"gunicorn-{port}.log", "w")  # noqa: SIM115
            logs.append(log)
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                    cwd=PROJECT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        for port in ports:
            wait_for(lambda port=port: get(port, "/healthz") == "ok\n", f"gunicorn on {port}")
        yield ports
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
        for log in logs:
            log.close()


def test_an_edit_through_one_process_shows_at_once_on_the_other(two_app_servers, app_env):
    a, b = two_app_servers
    database = app_env["DATABASE_URL"].removeprefix("sqlite:///")
    assert "<li>REFS</li>" in get(a)

    # Change the row behind the site's back (no signal, so no invalidation): B, which has never
    # rendered the page, still answers with the copy A put in the shared cache.
    with sqlite3.connect(database) as db:
        db.execute("UPDATE programs_program SET name = 'Changed behind the cache'")
    assert "<li>REFS</li>" in get(b)

    # An editor's save, in a third process (as `manage.py shell` or an admin would): both
    # servers show it on the very next request.
    manage(
        app_env,
        "shell",
        "-c",
        "from programs.models import Program; p = Program.objects.get(slug='refs'); "
        "p.name = 'Resources for Easing Friction and Stress'; p.save()",
    )
    assert "<li>Resources for Easing Friction and Stress</li>" in get(b)
    assert "<li>Resources for Easing Friction and Stress</li>" in get(a)
