import pytest
from django.core.management import CommandError, call_command

from programs.models import Program


def test_synthetic_programs_are_marked_and_linked(seeded):
    call_command("generate_synthetic", "--programs", "50", "--throwaway", stdout=None)
    synthetic = Program.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 50
    assert all(name.startswith("Synthetic ") for name in synthetic.values_list("name", flat=True))
    assert not synthetic.filter(audiences=None).exists()
    assert not synthetic.filter(support_types=None).exists()
    # The seed data is untouched.
    assert Program.objects.exclude(slug__startswith="synthetic-").count() == 9


def test_synthetic_data_needs_an_explicit_throwaway_flag(db):
    with pytest.raises(CommandError, match="--throwaway"):
        call_command("generate_synthetic", "--programs", "5")
    assert not Program.objects.exists()


def test_synthetic_student_organizations_are_marked_advised_by_sole_and_categorised(seeded):
    from organizations.models import Category, Organization

    call_command("generate_synthetic", "--organizations", "30", "--throwaway", stdout=None)
    synthetic = Organization.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 30
    # Given alone, --organizations adds no programs.
    assert not Program.objects.filter(slug__startswith="synthetic-").exists()
    assert all(name.startswith("Synthetic ") for name in synthetic.values_list("name", flat=True))
    sole = Organization.objects.get(slug="sole")
    assert set(synthetic.values_list("kind", "advising_office", "status")) == {
        ("student-organization", sole.pk, "published")
    }
    assert not synthetic.filter(categories=None).exists()
    categories = Category.objects.filter(organizations__in=synthetic).distinct()
    assert categories.count() > 1
    assert all(c.slug.startswith("synthetic-") for c in categories)
    assert sole.advised_organizations.published().count() == 30

    # Again, in batches of two: more of them, numbered on, no slug taken twice.
    import random

    from programs.management.commands.generate_synthetic import Command

    Command().make_student_organizations(random.Random(2), 5, batch=2)
    assert synthetic.count() == 35
    assert not synthetic.filter(categories=None).exists()
    # Removable by their slug prefix, as the synthetic programs are; the seed stays whole.
    seeded_count = Organization.objects.exclude(slug__startswith="synthetic-").count()
    synthetic.delete()
    Category.objects.filter(slug__startswith="synthetic-").delete()
    assert Organization.objects.count() == seeded_count
    assert not Category.objects.exists()


def test_synthetic_student_organizations_need_sole(db):
    with pytest.raises(CommandError, match="SOLE"):
        call_command("generate_synthetic", "--organizations", "5", "--throwaway")
