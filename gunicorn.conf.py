"""gunicorn settings: `uv run gunicorn` reads this file from the project folder.

Settings are checked before any worker starts, so a misconfiguration stops the server with
one line naming the variable.
"""

import importlib
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

try:
    # Not `import config.settings`: that would bind the name `config`, which gunicorn reads as
    # its own "config" setting (the path of this file) and refuses to start.
    importlib.import_module("config.settings")
except Exception as exc:  # ConfigError, reported as its one line
    sys.exit(f"Configuration error: {exc}")

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threaded workers: a connection waits in the worker's poller, not in a thread, until its
# first bytes arrive, and each worker serves `threads` requests at once, so a few clients that
# send their headers slowly (or never) cannot take every worker and stop /healthz answering.
# Against many such clients, put a proxy that buffers whole requests in front (README).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "16"))
# A kept-alive or silent connection is closed after this many idle seconds.
keepalive = 5
accesslog = "-"
errorlog = "-"
timeout = 30
graceful_timeout = 20
# gunicorn's control socket (for `gunicornc`) is not used; left on, every gunicorn on the machine
# (tests, benchmarks, a second site) would share $HOME/.gunicorn/gunicorn.ctl.
control_socket_disable = True
