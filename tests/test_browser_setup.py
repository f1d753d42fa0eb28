"""Browser tests skip on a machine without Chromium, but fail on CI (CI=true)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def run_browser_test(tmp_path, **env):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-rs",
            "-p",
            "no:cacheprovider",
            "tests/browser/test_filtering.py::test_the_same_form_works_with_javascript_off",
        ],
        cwd=PROJECT,
        env={
            **os.environ,
            "CHROMIUM_PATH": "/nonexistent/chromium",
            # Its own database, so it cannot touch the test database of this run.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("ci", ["", "false"])
def test_missing_browser_skips_with_a_reason_off_ci(tmp_path, ci):
    result = run_browser_test(tmp_path, CI=ci)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout
    assert "/nonexistent/chromium is missing" in result.stdout


def test_missing_browser_fails_on_ci(tmp_path):
    result = run_browser_test(tmp_path, CI="true")
    assert result.returncode != 0
    assert "/nonexistent/chromium is missing" in result.stdout
