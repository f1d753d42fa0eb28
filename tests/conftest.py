import pytest

from tests import processes


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Django's own advice for test speed: a cheap hasher in the test process. The default
    (PBKDF2, over a million rounds) costs about a second per account made or signed in with a
    password; the tests check who may sign in, not the hash. Processes a test starts (manage.py,
    gunicorn) keep the real settings."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def seeded(db):
    """The database as `manage.py seed` leaves it (copied back after the first time: see
    tests/seed_snapshot.py)."""
    from tests.seed_snapshot import seeded_database

    return seeded_database()


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    """The whole-page cache (config/cache.py) is off unless a test turns it on with
    `page_cache`, so query counts pinned by view tests count the view's own queries."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FACET_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    """The whole-page cache on, empty at the start of the test."""
    from django.core.cache import caches

    settings.PAGE_CACHE_SECONDS = 600
    caches[settings.PAGE_CACHE_ALIAS].clear()
    yield caches[settings.PAGE_CACHE_ALIAS]
    caches[settings.PAGE_CACHE_ALIAS].clear()


@pytest.fixture
def cards_kept(settings):
    """List cards kept for the directory version, and facet counts, as shipped (off in tests
    otherwise), the caches empty at the start of the test."""
    from django.core.cache import caches

    settings.FACET_CACHE_SECONDS = 600
    kept = [caches["default"], caches["template_fragments"]]
    for cache in kept:
        cache.clear()
    yield
    for cache in kept:
        cache.clear()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory):
    """For tests that start the site in another process on a new SQLite file: a function that
    puts a migrated database in a directory and gives its DATABASE_URL. The migrations run once
    per session (several seconds each time); each test gets its own copy."""
    template = processes.migrated_sqlite_template(tmp_path_factory.mktemp("migrated"))
    return lambda directory: processes.copy_sqlite(template, directory)


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """collectstatic's output as production has it, made once per session for the tests that
    start the site in another process; they only read it."""
    return processes.collect_static(tmp_path_factory.mktemp("static"))
