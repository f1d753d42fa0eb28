"""The `seeded` fixture copies back what the session's first `seed()` wrote
(tests/seed_snapshot.py): the database it leaves must be the one a real `seed()` leaves."""

import re

import pytest
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction

from directory.cache import current_version
from directory.seeding import seed
from programs.models import Program
from tests import seed_snapshot
from tests.builders import make_program

pytestmark = pytest.mark.django_db


def lexemes(vector):
    """A PostgreSQL search vector's words and weights. Their positions depend on the order of a
    program's audiences in the aggregate, which follows the link rows' ids: no two seeds agree."""
    return sorted(
        (word, "".join(sorted(set(re.findall(r"\d+([A-D]?)", positions)))))
        for word, positions in re.findall(r"'((?:[^']|'')*)'(?::(\S+))?", vector)
    )


def time_ranks(model, field):
    """Each time in a column as its place among the column's times: the order of the saves,
    and which were at the same moment."""
    values = set(model._base_manager.values_list(field.attname, flat=True)) - {None}
    return {value: ("time", i) for i, value in enumerate(sorted(values))}


def database():
    """Every table's rows, comparable across two seeds: a set of rows per table, each without
    its own id and with the rows it points at named by their place in their table, or a link by
    what it links (ids differ where sequences are not rolled back, and many-to-many links are
    added in no set order); times as their order (they differ between any two seeds), the
    version token left out, and search vectors as their words (see lexemes())."""
    models_ = seed_snapshot._models()
    ranks = {}
    for model in models_:
        pks = model._base_manager.order_by("pk").values_list("pk", flat=True)
        ranks[model] = {pk: i for i, pk in enumerate(pks)}
    for model in models_:
        if model._meta.auto_created:  # a many-to-many link: named by what it links
            links = [f for f in model._meta.concrete_fields if f.is_relation]
            ranks[model] = {
                pk: tuple(ranks[f.related_model][v] for f, v in zip(links, row, strict=True))
                for pk, *row in model._base_manager.values_list("pk", *[f.attname for f in links])
            }
    tables = {}
    for model in models_:
        # A history row names its record by the record's id, in a plain column.
        recorded = getattr(model, "instance_type", None)
        columns = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key
            and not (model is seed_snapshot.DirectoryVersion and f.name in ("token", "changed"))
        ]
        times = {f: time_ranks(model, f) for f in columns if isinstance(f, models.DateTimeField)}
        if not columns:
            tables[model._meta.label] = ["[]"] * model._base_manager.count()
            continue
        rows = []
        for values in model._base_manager.values_list(*[f.attname for f in columns]):
            row = []
            for field, value in zip(columns, values, strict=True):
                target = field.related_model if field.is_relation else None
                if recorded is not None and field.attname == recorded._meta.pk.attname:
                    target = recorded
                if target in ranks and value is not None:
                    value = ranks[target].get(value, ("gone", value))
                if isinstance(field, SearchVectorField) and value:
                    value = lexemes(value)
                if field in times and value is not None:
                    value = times[field][value]
                row.append(value)
            rows.append(repr(row))
        tables[model._meta.label] = sorted(rows)
    return tables


def copied_and_real(monkeypatch, prepare=lambda: None):
    """What the fixture leaves and what seed() leaves, from the same starting point, and
    whether the fixture copied rows back (rather than running seed())."""
    with transaction.atomic():  # the session's first seed may be this one
        seed_snapshot.seeded_database()
        transaction.set_rollback(True)
    restores = []
    restore = seed_snapshot._restore
    monkeypatch.setattr(seed_snapshot, "_restore", lambda rows: restores.append(restore(rows)))
    with transaction.atomic():
        prepare()
        version = current_version()
        reports = seed_snapshot.seeded_database()
        copied = database()
        assert current_version() != version, "a fresh version token, as seed() gives"
        transaction.set_rollback(True)
    with transaction.atomic():
        prepare()
        real_reports = seed()
        real = database()
        transaction.set_rollback(True)
    return (copied, reports), (real, real_reports), bool(restores)


def test_the_fixture_leaves_the_database_as_seed_does(monkeypatch):
    check_the_fixture_leaves_the_database_as_seed_does(monkeypatch)


@pytest.mark.django_db(transaction=True)
def test_the_fixture_leaves_the_database_as_seed_does_in_a_committing_test(monkeypatch):
    """As the browser tests' live server needs (after the flush the test before left)."""
    check_the_fixture_leaves_the_database_as_seed_does(monkeypatch)


def check_the_fixture_leaves_the_database_as_seed_does(monkeypatch):
    (copied, reports), (real, real_reports), restored = copied_and_real(monkeypatch)
    assert restored
    assert sum(map(len, copied.values())) > 500  # the seed is there
    assert copied == real
    assert reports == real_reports


def test_an_edited_database_gets_a_real_seed(monkeypatch):
    """A test that made a program first gets what seed() makes of that database."""

    def a_program_first():
        make_program("refs", name="A placeholder program an editor made first")

    (copied, reports), (real, real_reports), restored = copied_and_real(
        monkeypatch, a_program_first
    )
    assert not restored
    assert copied == real
    assert reports == real_reports
    assert any("refs" in report.kept for report in reports)
    assert Program.objects.count() == 0  # everything above was rolled back


def test_every_copy_keeps_the_times_seed_gave():
    """Not "now" for every row: seed() saves one record after another, and a backup keeps times
    to the millisecond, so rows stamped in one bulk insert would come back from a backup tied
    and in another order (tests/test_backup.py)."""

    def copied_times():
        with transaction.atomic():
            seed_snapshot.seeded_database()
            times = list(Program.objects.order_by("slug").values_list("created", "updated"))
            transaction.set_rollback(True)
        return times

    first = copied_times()
    assert copied_times() == first
    assert len({updated for _, updated in first}) == len(first)
