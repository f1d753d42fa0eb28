"""Every page's query count is pinned, and stays the same with hundreds of programs."""

import datetime

import pytest
from django.db import connection

from organizations.models import Organization
from programs.models import (
    Audience,
    Milestone,
    Program,
    ProgramLocation,
    ProgramSchedule,
    Sponsorship,
    SupportType,
)
from tests.builders import give_reach

PAGES = [
    ("/", 3),
    # The reach filters (time, attending, language, cost): which have data, in one query; the
    # languages offered; one count each.
    ("/programs/", 17),
    (
        "/programs/?audience=staff&audience=graduate-students&support=peer-support&q=a&sort=newest",
        # q=a is a stop word: nothing to rank, so the facet counts are skipped. SQLite builds
        # its word index for "did you mean" (kept per directory version afterwards).
        {"sqlite": 9, "postgresql": 5},
    ),
    # The query is understood once (synonyms read once, typos corrected once on PostgreSQL)
    # and reused for ranking, "did you mean" and the snippets.
    ("/programs/?q=mediaton", {"sqlite": 22, "postgresql": 21}),
    ("/programs/?sponsor=sole&confidential=true&page=2", 18),  # + the chosen organization
    ("/programs/?time=evening&attending=online&language=en&cost=free", 17),
    # + contacts, phones, places, schedules (with their place) and languages.
    ("/programs/refs/", 15),  # + the claims behind its facts
    ("/organizations/", 1),
    ("/organizations/sole/", 8),
    ("/about/", 2),
    # audiences, needs, the ranked programs; their audiences, claims and matching need links.
    ("/peer-support/?audience=faculty&need=stress&need=advisor", 6),
    # the programs, then their audiences and kinds of support (one query each)
    ("/shortlist/?p=refs&p=first-generation-program&p=no-such-program&p=bulk-1", 3),
]


def add_many_programs(n=300):
    """Hundreds of published programs, each with audiences, support, a sponsor, a milestone,
    a place and a weekly schedule."""
    programs = Program.objects.bulk_create(
        Program(
            name=f"Bulk program {i}",
            slug=f"bulk-{i}",
            summary="s",
            description="d",
            year_started=1990 + i % 30,
            is_confidential=i % 3 == 0,
        ).with_hsds_id()
        for i in range(n)
    )
    audiences = list(Audience.objects.all())
    support_types = list(SupportType.objects.all())
    sole = Organization.objects.get(slug="sole")
    refs = Program.objects.get(slug="refs")
    Program.audiences.through.objects.bulk_create(
        Program.audiences.through(program=p, audience=audiences[i % len(audiences)])
        for i, p in enumerate(programs)
    )
    Program.support_types.through.objects.bulk_create(
        Program.support_types.through(program=p, supporttype=support_types[i % len(support_types)])
        for i, p in enumerate(programs)
    )
    Sponsorship.objects.bulk_create(
        Sponsorship(program=p, organization=sole, role="supported-by") for p in programs
    )
    Milestone.objects.bulk_create(Milestone(program=p, year=2000, event="e") for p in programs)
    Program.objects.filter(slug__startswith="bulk-").update(modeled_on=refs)
    places = ProgramLocation.objects.bulk_create(
        ProgramLocation(program=p, name=f"Room {i}") for i, p in enumerate(programs)
    )
    ProgramSchedule.objects.bulk_create(
        ProgramSchedule(
            program=p, location=place, freq="WEEKLY", byday="TU", opens_at=datetime.time(9)
        )
        for p, place in zip(programs, places, strict=True)
    )


def expected(queries):
    return queries[connection.vendor] if isinstance(queries, dict) else queries


@pytest.fixture
def refs_reachable(seeded):
    """REFS with every way to reach it, so the list shows its reach filters."""
    give_reach(Program.objects.get(slug="refs"))


@pytest.mark.parametrize("url, queries", PAGES)
def test_query_count_is_pinned(client, refs_reachable, django_assert_num_queries, url, queries):
    with django_assert_num_queries(expected(queries)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url, queries", PAGES)
def test_query_count_does_not_grow_with_the_data(
    client, refs_reachable, django_assert_num_queries, url, queries
):
    add_many_programs()
    with django_assert_num_queries(expected(queries)):
        assert client.get(url).status_code == 200
