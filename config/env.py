"""Read the site's configuration from environment variables.

Every reader raises ``ConfigError`` with one line naming the variable when its value is
unusable, so ``manage.py`` and gunicorn can stop with that line instead of a traceback.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_VALUES = {"1", "true", "yes", "on"}
FALSE_VALUES = {"0", "false", "no", "off", ""}


class ConfigError(ImproperlyConfigured):
    """A configuration variable is missing or malformed."""


def get_bool(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_VALUES:
        return True
    if value in FALSE_VALUES:
        return False
    raise ConfigError(f"{name} must be 1 or 0 (got {raw!r}).")


def get_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def get_int(name, default):
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number (got {raw!r}).") from None


# What Django's deploy check (security.W009) calls a weak key: a signing key this short or this
# repetitive can be guessed, and with it sessions and password-reset links forged.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5


def get_secret_key(name, debug, development_key):
    """The signing key; with debug off it must be set, long and varied."""
    key = os.environ.get(name, "")
    if debug:
        return key or development_key
    if not key:
        raise ConfigError(
            f"{name} must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        raise ConfigError(
            f"{name} must be at least {SECRET_KEY_MIN_LENGTH} characters with at least "
            f"{SECRET_KEY_MIN_DISTINCT} different ones (got {len(key)} characters); make one "
            "with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return key


def get_database(name, default):
    url = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"{name} is not a usable database URL ({exc}).") from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ConfigError(f"{name} is not a usable database URL (no database name).")
    # SQLite keeps its connection too (60 s, as PostgreSQL): opening one runs several PRAGMAs
    # and registers Django's SQL functions, which cost more than a cached page's one query
    # (the list page served by gunicorn went from 0.45x to 0.9x a static file's req/s).
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**config.get("OPTIONS", {}), **SQLITE_OPTIONS}
    if config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {}).setdefault("options", POSTGRESQL_OPTIONS)
    return config


# PostgreSQL settings for the site's connections (an `options` in the URL's query string
# replaces them):
# - jit=off: PostgreSQL compiles a query estimated as expensive (one without a LIMIT over many
#   rows: the CSV export, a count) to machine code before its first row, 15 ms at 100,009
#   programs, more than reading the first rows takes; this site's queries are short.
# - synchronize_seqscans=off: a sequential scan starts at the table's beginning, not where
#   another one has got to, so "the first N matching" (the candidates a search ranks, see
#   directory/search/postgres.py) are the same N on every request.
POSTGRESQL_OPTIONS = "-c jit=off -c synchronize_seqscans=off"


# Several workers (gunicorn threads, parallel admin saves) write to one SQLite file. WAL lets
# readers go on while one writer writes; a write transaction takes the write lock when it
# begins (IMMEDIATE), so a second writer waits up to `timeout` seconds for it instead of
# failing at once with "database is locked" when its read lock cannot be upgraded.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


CACHE_BACKENDS = {
    "locmem": "django.core.cache.backends.locmem.LocMemCache",
    "redis": "django.core.cache.backends.redis.RedisCache",
    "rediss": "django.core.cache.backends.redis.RedisCache",
    "memcached": "django.core.cache.backends.memcached.PyMemcacheCache",
    "dummy": "django.core.cache.backends.dummy.DummyCache",
}


def get_cache(name, default):
    url = os.environ.get(name) or default
    parts = urlsplit(url)
    backend = CACHE_BACKENDS.get(parts.scheme)
    if backend is None:
        known = ", ".join(f"{scheme}://" for scheme in CACHE_BACKENDS)
        raise ConfigError(f"{name} must start with one of {known} (got {url!r}).")
    config = {"BACKEND": backend, "KEY_PREFIX": "directory"}
    if parts.scheme in ("redis", "rediss"):
        config["LOCATION"] = url
    elif parts.scheme == "memcached":
        if not parts.netloc:
            raise ConfigError(f"{name} needs a host:port, as in memcached://127.0.0.1:11211.")
        config["LOCATION"] = parts.netloc
    elif parts.scheme == "locmem":
        config["LOCATION"] = parts.netloc or "directory"
    return config
