"""Search finds what editors change at once, on both databases (PostgreSQL's stored vectors and
typo vocabulary are kept current by signals; bulk writes call update_search_index)."""

from io import StringIO

from django.core.management import call_command

from directory import search
from directory.search import update_search_index
from organizations.models import Organization
from programs.models import Audience, Program, SupportType
from tests.builders import make_category, make_program, make_student_organization


def top_slugs(q):
    return [p.slug for p in Program.objects.published().search(search.parse(q))[:3]]


def test_a_new_program_is_found_at_once(seeded):
    make_program("quilting-circle", name="Quilting Circle", summary="Sewing together.")
    assert top_slugs("quilting") == ["quilting-circle"]


def test_an_edit_changes_what_is_found(seeded):
    refs = Program.objects.get(slug="refs")
    refs.summary = "Origami for everyone."
    refs.save()
    assert "refs" in top_slugs("origami")


def test_linking_an_audience_or_kind_of_support_makes_a_program_findable(seeded):
    program = make_program("plain", name="Plain", summary="Nothing special.")
    assert "plain" not in top_slugs("zookeepers")
    program.audiences.add(Audience.objects.create(slug="zookeepers", name="Zookeepers"))
    assert "plain" in top_slugs("zookeepers")
    program.support_types.add(SupportType.objects.create(slug="juggling", name="Juggling"))
    assert "plain" in top_slugs("juggling")


def test_renaming_a_kind_of_support_updates_its_programs(seeded):
    support = SupportType.objects.create(slug="tea", name="Tea")
    make_program("teahouse", name="House", summary="A place.", support_types=[support])
    support.name = "Calligraphy"
    support.save()
    assert "teahouse" in top_slugs("calligraphy")


def test_a_typo_of_a_new_kind_of_support_is_corrected(seeded):
    support = SupportType.objects.create(slug="juggling", name="Juggling")
    make_program("plain", name="Plain", summary="Nothing special.", support_types=[support])
    assert search.parse("jugglign").did_you_mean == "juggling"
    assert "plain" in top_slugs("jugglign")


def test_a_typo_of_a_new_word_is_corrected(seeded):
    make_program("quilting-circle", name="Quilting Circle", summary="Sewing together.")
    assert search.parse("quiltnig").did_you_mean == "quilting"
    assert top_slugs("quiltnig") == ["quilting-circle"]


def test_bulk_writes_are_caught_up_by_update_search_index(seeded):
    Program.objects.filter(slug="refs").update(summary="Beekeeping advice.")
    update_search_index()
    assert "refs" in top_slugs("beekeeping")


# Organizations: the same engine, kept current the same way.


def top_organizations(q):
    return [o.slug for o in Organization.objects.published().search(search.parse(q))[:3]]


def test_a_new_organization_is_found_at_once_by_name_acronym_and_typo(seeded):
    make_student_organization(
        "placeholder-quilting-society", name="Placeholder Quilting Society", short_name="PQS"
    )
    assert top_organizations("quilting") == ["placeholder-quilting-society"]
    assert top_organizations("pqs") == ["placeholder-quilting-society"]
    assert top_organizations("quiltnig") == ["placeholder-quilting-society"]
    assert search.parse("quiltnig").did_you_mean == "quilting"


def test_an_organization_is_found_by_its_categories_when_they_change(seeded):
    group = make_student_organization("placeholder-group", name="Placeholder Group")
    category = make_category("tea", name="Teahouse")
    assert "placeholder-group" not in top_organizations("teahouse")
    group.categories.add(category)
    assert top_organizations("teahouse") == ["placeholder-group"]
    category.name = "Calligraphy"
    category.save()
    assert top_organizations("calligraphy") == ["placeholder-group"]


def test_organization_bulk_writes_are_caught_up_by_update_search_index(seeded):
    Organization.objects.filter(slug="sole").update(mission="Beekeeping advice.")
    call_command("update_search_index", stdout=StringIO())
    assert top_organizations("beekeeping") == ["sole"]
