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
from tests.builders import give_reach, make_category, make_student_organization

PAGES = [
    ("/", 3),
    # The reach filters (time, attending, language, cost): which have data, in one query; the
    # languages offered; one count each.
    ("/programs/", 17),
    (
        "/programs/?audience=staff&audience=graduate-students&support=peer-support&q=a&sort=newest",
        # q=a is a stop word: nothing to rank, so the facet counts are skipped. SQLite builds
        # the word indexes of programs and organizations for "did you mean", whose vocabulary
        # is the directory's (kept per directory version afterwards).
        {"sqlite": 11, "postgresql": 5},
    ),
    # The query is understood once (synonyms read once, typos corrected once on PostgreSQL)
    # and reused for ranking, "did you mean" and the snippets. The organizations matching it:
    # ranked (one query on PostgreSQL; SQLite builds their word index, two, which "did you
    # mean" reads too) and the best three fetched (one).
    ("/programs/?q=mediaton", {"sqlite": 25, "postgresql": 23}),
    ("/programs/?sponsor=sole&confidential=true&page=2", 18),  # + the chosen organization
    ("/programs/?time=evening&attending=online&language=en&cost=free", 17),
    # + contacts, phones, places, schedules (with their place) and languages.
    ("/programs/refs/", 15),  # + the claims behind its facts
    # The facets' options (categories, advising offices; none here, so nothing to count for
    # them), the directory version and the kind counts, then the count and the page with its
    # categories.
    ("/organizations/", 6),
    # + the categories of the detail page, and how many organizations SOLE advises (none here).
    ("/organizations/sole/", 10),
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


# The organization list, a search of it and SOLE's page: the same count whatever the number of
# student organizations (10 or 60, each in a category, with a contact and a meeting time).
ORGANIZATION_PAGES = [
    ("/organizations/", 8),
    # + synonyms read once; SQLite builds the word indexes of organizations and (for "did you
    # mean", whose vocabulary is the directory's) of programs; PostgreSQL ranks in one query.
    (
        "/organizations/?q=placeholder&kind=student-organization&category=placeholder-1",
        {"sqlite": 15, "postgresql": 11},
    ),
    ("/organizations/?advised_by=sole&page=2", 8),
    # + the categories of SOLE's organizations, with counts.
    ("/organizations/sole/", 11),
    ("/organizations/placeholder-group-3/", 10),
]


def add_student_organizations(n):
    categories = [make_category(f"placeholder-{i}") for i in range(3)]
    for i in range(n):
        organization = make_student_organization(
            f"placeholder-group-{i}",
            name=f"Placeholder Group {i}",
            categories=[categories[i % 3]],
        )
        organization.contacts.create(title="Placeholder chair", email=f"g{i}@example.edu")
        organization.schedules.create(freq="WEEKLY", byday="MO", opens_at=datetime.time(18))


@pytest.mark.parametrize("n", [10, 60])
@pytest.mark.parametrize("url, queries", ORGANIZATION_PAGES)
def test_organization_pages_do_not_grow_with_the_organizations(
    client, seeded, django_assert_num_queries, url, queries, n
):
    add_student_organizations(n)
    with django_assert_num_queries(expected(queries)):
        assert client.get(url).status_code == 200
