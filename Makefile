# Two commands: `make run` serves the site on http://127.0.0.1:8000, `make test` checks it.
# Both install uv first when it is missing, then everything else from uv.lock.

SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
# uv, or the copy `python3 -m pip install uv` puts beside the project's Python (pyenv reads
# .python-version here, so that is Python 3.12).
UV = $(shell command -v uv >/dev/null 2>&1 && echo uv || echo python3 -m uv)
MANAGE = $(UV) run python manage.py
# Tests run with debug off, as production does, on plain HTTP.
TEST_ENV = DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY=test-only-not-secret-key-for-the-test-suite-0123456789

.PHONY: run test lint format uv seed

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
		|| python3 -m pip install --quiet uv

run: uv
	$(UV) sync --locked
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput
	DJANGO_DEBUG=1 $(MANAGE) seed
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

test: uv
	$(UV) sync --locked
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports --no-cache
	$(TEST_ENV) $(UV) run pytest $(PYTEST_ARGS)

lint: uv
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run lint-imports --no-cache

format: uv
	$(UV) run ruff check --fix .
	$(UV) run ruff format .
