"""Slow clients cannot freeze the site: with several connections sending their headers one line
at a time, gunicorn (as gunicorn.conf.py configures it) still answers /healthz at once."""

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.processes import clean_environment

PROJECT = Path(__file__).resolve().parent.parent
SLOW_CLIENTS = 8  # four times the workers the site runs by default


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=5.0):
    """(status line, seconds) of one GET."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        status = s.makefile("rb").readline().decode().strip()
    return status, time.monotonic() - started


@pytest.fixture
def gunicorn(tmp_path):
    port = free_port()
    env = clean_environment()
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="slow-clients-test-only-" + "0123456789abcdef" * 3,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    env.pop("WEB_CONCURRENCY", None)
    env.pop("GUNICORN_THREADS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(port, "/healthz")[0].endswith("200 OK"):
                    break
            except OSError:
                pass
            assert server.poll() is None, "gunicorn stopped"
            assert time.monotonic() < deadline, "gunicorn did not answer in 60 s"
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_healthz_answers_within_a_second_while_slow_clients_send_headers(gunicorn):
    stop = threading.Event()

    def slow_client():
        with socket.create_connection(("127.0.0.1", gunicorn)) as s:
            s.sendall(b"GET / HTTP/1.1\r\n")
            n = 0
            while not stop.wait(0.5):
                s.sendall(f"X-Slow-{n}: one line at a time\r\n".encode())
                n += 1

    clients = [threading.Thread(target=slow_client, daemon=True) for _ in range(SLOW_CLIENTS)]
    for client in clients:
        client.start()
    try:
        time.sleep(2)  # every slow client has sent its first lines and holds its connection
        answers = []
        for _ in range(5):
            answers.append(get(gunicorn, "/healthz", timeout=10))
            time.sleep(0.3)
    finally:
        stop.set()
    assert all(status.endswith("200 OK") for status, _ in answers), answers
    assert max(seconds for _, seconds in answers) < 1.0, answers
