# Two commands: `make run` serves the site on http://127.0.0.1:8000 (PORT=8001 make run for
# another port), `make test` checks it. Both install uv first when it is missing, then
# everything else from uv.lock.

SHELL := /bin/bash
PORT ?= 8000
# uv from the PATH, or a private copy in .tools/ (a virtual environment of its own, so it works
# where the system Python refuses `pip install`, PEP 668). uv finds Python 3.12
# (.python-version), or fetches it when the machine has none.
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
MANAGE = $(UV) run --no-dev python manage.py
# Tests run with debug off, as production does, on plain HTTP.
TEST_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY=test-only-not-secret-key-for-the-test-suite-0123456789

.PHONY: run test sync lint pytest format uv superuser

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(TOOLS)/bin/uv \
		|| { python3 -m venv $(TOOLS) && $(TOOLS)/bin/python -m pip install --quiet uv; } \
		|| { echo "Could not install uv: install it (https://docs.astral.sh/uv/) and run make again." >&2; exit 1; }

# Only what serving needs; `make test` adds the test tools.
run: uv
	$(UV) sync --locked --no-dev
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	DJANGO_DEBUG=1 $(MANAGE) seed
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:$(PORT)

# The first editor account (asks for a name, an email and a password).
superuser: uv
	$(UV) sync --locked --no-dev
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	DJANGO_DEBUG=1 $(MANAGE) createsuperuser

# `make test` is `make lint` then `make pytest` (.ci/run runs it on SQLite and on PostgreSQL at
# the same time: nothing here writes a shared cache).
test: lint pytest

sync: uv
	$(UV) sync --locked

lint: sync
	$(UV) run ruff check --no-cache .
	$(UV) run ruff format --check --no-cache .
	$(UV) run lint-imports --no-cache

pytest: sync
	$(TEST_ENV) $(UV) run pytest $(PYTEST_ARGS)

format: uv
	$(UV) run ruff check --fix .
	$(UV) run ruff format .
