"""Fill a throwaway database with clearly-marked synthetic programs, for benchmarks.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 uv run python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 uv run python manage.py seed
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 uv run python manage.py generate_synthetic \\
        --programs 10000 --throwaway

`--organizations N` adds N placeholder student organizations advised by SOLE (published, each in
one or two placeholder categories); given alone, it adds no programs.

Every synthetic record has a slug starting with "synthetic-" and a name starting with
"Synthetic", so it can never be mistaken for (or mixed into) the seed data in fixtures/; the
throwaway database is dropped afterwards (or the records deleted by that slug prefix).
"""

import random
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from directory.cache import invalidate_pages
from directory.models import Status
from directory.search import update_search_index
from organizations.models import Category, Organization
from programs.models import Audience, Milestone, Program, Sponsorship, SupportType

# Rows per INSERT: every full batch is the same statement, which the database driver prepares
# once (2,000-row statements of varying length were rebuilt for every batch).
BATCH_SIZE = 500

# Generic words only: the synthetic text must not read as facts about MIT.
WORDS = [
    "community",
    "circle",
    "network",
    "workshop",
    "forum",
    "studio",
    "exchange",
    "lab",
    "group",
    "council",
    "series",
    "mentoring",
    "coaching",
    "wellbeing",
    "writing",
    "music",
    "theater",
    "cooking",
    "running",
    "chess",
    "language",
    "career",
    "research",
    "teaching",
    "family",
    "parents",
    "housing",
    "transit",
    "garden",
    "sustainability",
    "coding",
    "design",
    "robotics",
    "history",
    "poetry",
    "film",
    "photography",
    "dance",
    "hiking",
    "climbing",
    "volunteering",
    "tutoring",
    "reading",
    "science",
    "math",
    "policy",
    "health",
    "sleep",
    "mindfulness",
]


class Command(BaseCommand):
    help = "Generate clearly-marked synthetic programs and organizations into a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--programs",
            type=int,
            default=None,
            help="How many synthetic programs (10,000 unless only --organizations is given).",
        )
        parser.add_argument(
            "--organizations",
            type=int,
            default=0,
            help="How many placeholder student organizations advised by SOLE (needs the seed).",
        )
        parser.add_argument("--random-seed", type=int, default=1)
        parser.add_argument(
            "--throwaway",
            action="store_true",
            help="Confirm that the database named by DATABASE_URL is a throwaway one.",
        )

    def handle(self, *args, **options):
        name = str(connection.settings_dict["NAME"])
        if Path(name) == Path(settings.BASE_DIR) / "db.sqlite3":
            raise CommandError(
                "Refusing to add synthetic data to the local database (db.sqlite3): "
                "point DATABASE_URL at a throwaway database."
            )
        if not options["throwaway"]:
            raise CommandError(
                f"Pass --throwaway to confirm that {name!r} is a throwaway database."
            )
        student_count = options["organizations"]
        count = options["programs"]
        if count is None:
            count = 0 if student_count else 10_000
        org_count = max(count // 10, 1) if count else 0
        rng = random.Random(options["random_seed"])
        start = Program.objects.filter(slug__startswith="synthetic-").count()
        with transaction.atomic():
            organizations = self.make_organizations(rng, org_count)
            self.make_programs(rng, count, start, organizations)
            students = self.make_student_organizations(rng, student_count)
            # bulk_create sends no signals: refresh the search index and the cached pages.
            update_search_index()
            invalidate_pages()
        with connection.cursor() as cursor:
            # Fresh planner statistics, as autovacuum would gather after a bulk load.
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Added {count} synthetic programs and {len(organizations) + students} synthetic "
            f"organizations ({students} of them student organizations advised by SOLE) "
            f"to {name}."
        )

    def make_organizations(self, rng, count):
        existing = Organization.objects.filter(slug__startswith="synthetic-").count()
        kinds = [k for k, _ in Organization.Kind.choices]
        Organization.objects.bulk_create(
            (
                Organization(
                    slug=f"synthetic-org-{existing + n:05d}",
                    name=f"Synthetic {rng.choice(WORDS).title()} Office {existing + n:05d}",
                    kind=rng.choice(kinds),
                    description="Synthetic organization generated for benchmarks.",
                ).with_hsds_id()
                for n in range(count)
            ),
            batch_size=BATCH_SIZE,
        )
        return list(Organization.objects.filter(slug__startswith="synthetic-"))

    # A few placeholder categories for the synthetic student organizations.
    CATEGORY_WORDS = ["music", "theater", "robotics", "volunteering", "writing", "hiking"]

    def make_student_organizations(self, rng, count, batch=2000):
        """`count` placeholder student organizations advised by SOLE, published, each in one
        or two placeholder categories, written in batches. Returns how many it added."""
        if not count:
            return 0
        sole = Organization.objects.filter(slug="sole").first()
        if sole is None:
            raise CommandError("SOLE (slug 'sole') is missing: run `manage.py seed` first.")
        categories = [
            Category.objects.get_or_create(
                slug=f"synthetic-{word}",
                defaults={
                    "name": f"Synthetic {word.title()}",
                    "description": "Synthetic category generated for benchmarks.",
                },
            )[0]
            for word in self.CATEGORY_WORDS
        ]
        prefix = "synthetic-student-org-"
        start = Organization.objects.filter(slug__startswith=prefix).count()
        Categories = Organization.categories.through
        for offset in range(0, count, batch):
            organizations = []
            for n in range(start + offset, start + offset + min(batch, count - offset)):
                words = rng.sample(WORDS, k=2)
                organizations.append(
                    Organization(
                        slug=f"{prefix}{n:05d}",
                        name=f"Synthetic {' '.join(w.title() for w in words)} Club {n:05d}",
                        short_name=f"SSO{n:05d}",
                        kind=Organization.Kind.STUDENT_ORGANIZATION,
                        advising_office=sole,
                        status=Status.PUBLISHED,
                        is_active=True,
                        description=f"Synthetic student organization about {' and '.join(words)}.",
                        how_to_join="Synthetic: come to a meeting.",
                    ).with_hsds_id()
                )
            Organization.objects.bulk_create(organizations)
            saved = Organization.objects.filter(
                slug__in=[o.slug for o in organizations]
            ).values_list("pk", flat=True)
            Categories.objects.bulk_create(
                Categories(organization_id=pk, category_id=c.pk)
                for pk in saved
                for c in rng.sample(categories, k=rng.randint(1, 2))
            )
        return count

    def make_programs(self, rng, count, start, organizations):
        audiences = list(Audience.objects.all())
        support_types = list(SupportType.objects.all())
        roles = [r for r, _ in Sponsorship.Role.choices]
        batch = 2000
        for offset in range(0, count, batch):
            size = min(batch, count - offset)
            programs = Program.objects.bulk_create(
                (self.program(rng, start + offset + n).with_hsds_id() for n in range(size)),
                batch_size=BATCH_SIZE,
            )
            Audiences = Program.audiences.through
            Supports = Program.support_types.through
            Audiences.objects.bulk_create(
                (
                    Audiences(program_id=p.pk, audience_id=a.pk)
                    for p in programs
                    for a in rng.sample(audiences, k=min(len(audiences), rng.randint(1, 3)))
                ),
                batch_size=BATCH_SIZE,
            )
            Supports.objects.bulk_create(
                (
                    Supports(program_id=p.pk, supporttype_id=s.pk)
                    for p in programs
                    for s in rng.sample(support_types, k=min(len(support_types), rng.randint(1, 3)))
                ),
                batch_size=BATCH_SIZE,
            )
            Sponsorship.objects.bulk_create(
                (
                    Sponsorship(program_id=p.pk, organization=rng.choice(organizations), role=role)
                    for p in programs
                    for role in rng.sample(roles, k=rng.randint(1, 2))
                ),
                batch_size=BATCH_SIZE,
            )
            Milestone.objects.bulk_create(
                (
                    Milestone(
                        program_id=p.pk, year=rng.randint(1990, 2025), event="Synthetic event."
                    )
                    for p in programs
                    for _ in range(rng.randint(0, 2))
                ),
                batch_size=BATCH_SIZE,
            )

    def program(self, rng, number):
        words = rng.sample(WORDS, k=3)
        title = " ".join(w.title() for w in words)
        return Program(
            slug=f"synthetic-{number:05d}",
            name=f"Synthetic {title} {number:05d}",
            summary=f"Synthetic program about {', '.join(words)}.",
            description=" ".join(rng.choices(WORDS, k=40)),
            year_started=rng.randint(1990, 2025),
            is_confidential=rng.random() < 0.1,
        )
