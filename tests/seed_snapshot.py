"""The `seeded` fixture's shortcut: `seed()` runs once per test session, later tests get the rows
it wrote copied back in a few bulk inserts.

`seed()` costs one to three seconds (hundreds of full_clean()/save() calls, history rows and
signal handlers); the suite asks for it a few hundred times. The first time, the content of
every table is fingerprinted before and after a real `seed()`; the tables it changed and what
they held afterwards are kept. When a later test asks for the seed and those tables hold what
they held before that first seed (anything else, such as a program a test made first, and the
real `seed()` runs), their rows are replaced by the kept ones, database sequences are moved past
them, and the directory version gets a new token as `seed()` gives it, so no page cache or
per-process search index built from other data is used. `seed()` sends no signal whose work
lives outside the database, so the database is then as `seed()` leaves it.
tests/test_seeded_fixture.py checks that against a real `seed()`.
"""

import copy
import hashlib

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from directory.cache import invalidate_pages
from directory.models import DirectoryVersion
from directory.seeding import seed

# The directory version's token is random by design: a fresh one is made after each restore.
UNKEYED = {DirectoryVersion}

_state = {"touched": None, "snapshots": {}}


def _models():
    return [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and not m._meta.swapped
    ]


def _fields(model):
    return [f.attname for f in model._meta.concrete_fields]


def _rows(model):
    return list(model._base_manager.order_by("pk").values(*_fields(model)))


def _fingerprint(model):
    rows = model._base_manager.order_by("pk").values_list(*_fields(model))
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def _key(models):
    return tuple(_fingerprint(m) for m in models if m not in UNKEYED)


def _seed_and_keep(key):
    """A real seed(); its result is kept for `key` when it changed only the tables the first
    one changed."""
    models = _models()
    before = {m: _fingerprint(m) for m in models}
    reports = seed()
    touched = [m for m in models if _fingerprint(m) != before[m]]
    if _state["touched"] is None:
        _state["touched"] = touched
        # Keyed on the tables this seed changed, as they were before it.
        key = tuple(before[m] for m in touched if m not in UNKEYED)
    if set(touched) <= set(_state["touched"]):
        rows = {m: _rows(m) for m in _state["touched"]}
        _state["snapshots"][key] = (rows, copy.deepcopy(reports))
    return reports


@transaction.atomic
def _restore(rows):
    # The rows keep the times seed() gave them, microseconds apart in the order it saved them
    # (what orders a feed, and what a backup keeps to the millisecond), not "now" for all.
    stamped = [
        field
        for model in rows
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in stamped]
    try:
        for field in stamped:
            field.auto_now = field.auto_now_add = False
        for model, objects in rows.items():
            model._base_manager.all()._raw_delete(connection.alias)
            model._base_manager.bulk_create([model(**values) for values in objects], batch_size=500)
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(rows)):
            cursor.execute(sql)
    invalidate_pages()


def seeded_database():
    """The database as `seed()` leaves it, with `seed()`'s reports."""
    touched = _state["touched"]
    key = None if touched is None else _key(touched)
    if key is not None and key in _state["snapshots"]:
        rows, reports = _state["snapshots"][key]
        _restore(rows)
        return copy.deepcopy(reports)
    return _seed_and_keep(key)
