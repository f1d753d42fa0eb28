"""Browser tests: Playwright on Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium (or $CHROMIUM_PATH) they are skipped, unless CI=true: on CI a
missing browser fails.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make to set
# up data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def chromium():
    """The browser, looked for before anything else a browser test needs is made (the test
    database, the live server, the seed)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium):
    return {
        **browser_type_launch_args,
        "executable_path": str(chromium),
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture
def site(live_server, transactional_db):
    """The live server with the seed data loaded (as the `seeded` fixture loads it); yields its
    base URL."""
    from tests.seed_snapshot import seeded_database

    seeded_database()
    return live_server.url


@pytest.fixture
def console_errors(page):
    """Console errors (CSP violations are reported there) and uncaught exceptions."""
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors
