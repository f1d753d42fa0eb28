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
