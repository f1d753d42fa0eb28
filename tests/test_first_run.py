"""`make run` on a machine like a fresh Debian or Ubuntu one: no uv, and a system Python that
refuses `pip install` (PEP 668, "externally managed")."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# A python3 that refuses `pip install` outside a virtual environment, as Debian's does.
EXTERNALLY_MANAGED_PYTHON = """#!/bin/sh
if [ "$1" = "-m" ] && [ "$2" = "pip" ]; then
  echo "error: externally-managed-environment" >&2
  exit 1
fi
exec {real} "$@"
"""


def machine_without_uv(tmp_path):
    """A folder with the Makefile, and a PATH with that python3, make and the shell, no uv."""
    work = tmp_path / "clone"
    work.mkdir()
    shutil.copy(PROJECT / "Makefile", work / "Makefile")
    shutil.copy(PROJECT / ".python-version", work / ".python-version")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python3 = bin_dir / "python3"
    python3.write_text(EXTERNALLY_MANAGED_PYTHON.format(real=sys.executable))
    python3.chmod(0o755)
    for tool in ("make", "sh", "bash", "test", "echo"):
        if found := shutil.which(tool):
            (bin_dir / tool).symlink_to(found)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = str(bin_dir)
    return work, env


def test_make_installs_uv_privately_where_pip_is_externally_managed(tmp_path):
    work, env = machine_without_uv(tmp_path)
    refused = subprocess.run(
        ["python3", "-m", "pip", "install", "uv"], env=env, capture_output=True, text=True
    )
    assert refused.returncode != 0  # the machine is as described

    result = subprocess.run(
        ["make", "uv"], cwd=work, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run(
        [str(work / ".tools" / "bin" / "uv"), "--version"], capture_output=True, text=True
    )
    assert version.stdout.startswith("uv ")
    # Once there, the private uv is what `make` uses.
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=8001"], cwd=work, env=env, capture_output=True, text=True
    )
    assert ".tools/bin/uv sync --locked --no-dev" in plan.stdout
    assert "runserver 127.0.0.1:8001" in plan.stdout


def test_make_run_serves_on_port_8000_unless_told_otherwise(tmp_path):
    plan = subprocess.run(["make", "-n", "run"], cwd=PROJECT, capture_output=True, text=True)
    assert "runserver 127.0.0.1:8000" in plan.stdout
    assert "--no-dev" in plan.stdout  # serving installs no test tools
