"""The seed data: faithful to the sources, complete, and safe to re-run over editors' work."""

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from directory import seeding
from directory.models import SourceDocument
from organizations.models import GuidingPrinciple, Organization
from programs.models import Program
from programs.seeding import refused_claims
from tests.builders import make_program

PROJECT = Path(__file__).resolve().parent.parent
SHARED_SOURCES = PROJECT.parent / "shared" / "sources"

PROGRAM_SLUGS = {
    "refs",
    "medical-staff-rep",
    "graduate-community-fellows",
    "you-are-welcome-here",
    "artists-beyond-the-desk",
    "first-generation-program",
    "employee-resource-groups",
    "esl-for-service-employees",
    "institute-diversity-summit",
}
ORGANIZATION_SLUGS = {
    "sole",
    "odge",
    "office-of-student-citizenship",
    "mit-medical",
    "graduate-student-council",
    "chemistry",
    "working-group-on-support-staff-issues",
    "lincoln-laboratory",
    "crd",
    "csdi",
}


def fold(text):
    """Fold every run of white space (including no-break spaces) into one space."""
    return re.sub(r"\s+", " ", text).strip()


def source_text(document):
    return fold(document.text)


def test_source_texts_are_the_shared_originals():
    for path in (PROJECT / "fixtures" / "sources").glob("*.txt"):
        original = SHARED_SOURCES / path.name
        if original.exists():
            assert path.read_text(encoding="utf-8") == original.read_text(encoding="utf-8")


def test_every_program_and_organization_the_sources_name_is_present(seeded):
    assert set(Program.objects.values_list("slug", flat=True)) == PROGRAM_SLUGS
    assert set(Organization.objects.values_list("slug", flat=True)) >= ORGANIZATION_SLUGS
    assert Program.objects.published().count() == 9


def test_every_seeded_excerpt_is_verbatim_in_its_source(seeded):
    checked = 0
    for model in (Program, Organization, GuidingPrinciple):
        for record in model.objects.select_related("source"):
            assert record.source is not None, f"{record} has no source"
            assert record.source_excerpt, f"{record} has no excerpt"
            assert fold(record.source_excerpt) in source_text(record.source), record
            checked += 1
    assert checked == 9 + 10 + 3


def test_quoted_fields_are_the_sources_own_words(seeded):
    for program in Program.objects.select_related("source"):
        text = source_text(program.source)
        assert fold(program.description) in text, program.slug
        for quoted in (program.confidentiality_basis, program.involvement):
            for sentence in filter(None, re.split(r"(?<=\.) ", fold(quoted))):
                assert sentence in text, (program.slug, sentence)
    for principle in GuidingPrinciple.objects.select_related("source"):
        text = source_text(principle.source)
        assert fold(principle.definition) in text
        assert fold(principle.practice) in text


def test_each_program_has_an_audience_and_a_kind_of_support(seeded):
    for program in Program.objects.prefetch_related("audiences", "support_types"):
        assert program.audiences.exists(), program.slug
        assert program.support_types.exists(), program.slug


def test_the_facts_people_look_for_are_there(seeded):
    refs = Program.objects.get(slug="refs")
    assert refs.acronym == "REFS"
    # "In 2001, a group of Chemistry graduate students ... took a mediation training course":
    # 2001 dates the course, kept as a milestone, not a founding year.
    assert refs.year_started is None
    assert refs.is_confidential
    assert "disputes with lab members" in refs.confidentiality_basis
    sponsorships = refs.sponsorships.select_related("organization")
    roles = {(s.organization.slug, s.role) for s in sponsorships}
    assert roles == {
        ("chemistry", "students-of"),
        ("office-of-student-citizenship", "trained-by"),
        ("graduate-student-council", "expanding"),
    }
    assert list(refs.milestones.values_list("year", flat=True)) == [2001, 2015]
    assert "the year of the course" in refs.milestones.get(year=2001).event

    medical = Program.objects.get(slug="medical-staff-rep")
    assert medical.modeled_on == refs
    assert medical.get_lineage_display() == "Similar to"
    # Only the patient advocacy program is called confidential.
    assert not medical.is_confidential

    fgp = Program.objects.get(slug="first-generation-program")
    assert "undergraduates" in set(fgp.audiences.values_list("slug", flat=True))
    assert fgp.claims.get(fact="audience", value="faculty").condition == (
        "who were the first in their families to graduate from college"
    )

    artists = Program.objects.get(slug="artists-beyond-the-desk")
    assert list(artists.audiences.values_list("slug", flat=True)) == ["mit-community"]
    assert list(artists.involvement_audiences.values_list("slug", flat=True)) == ["support-staff"]

    esl = Program.objects.get(slug="esl-for-service-employees")
    assert set(esl.involvement_audiences.values_list("slug", flat=True)) == {
        "students",
        "staff",
        "faculty",
        "retirees",
    }
    assert esl.involvement.startswith("Classes and tutoring are offered by volunteers")
    summit = Program.objects.get(slug="institute-diversity-summit")
    assert [(f.value, f.label) for f in summit.figures.all()] == [
        ("up to 700", "people attracted to the summits")
    ]
    assert {s.get_role_display() for s in summit.sponsorships.all()} == {
        "Volunteer organizers nucleated by"
    }
    welcome = Program.objects.get(slug="you-are-welcome-here")
    assert list(welcome.milestones.values_list("year", flat=True)) == [1999, 2004, 2010]


def test_involvement_texts_that_restate_the_description_are_gone(seeded):
    for slug in (
        "refs",
        "first-generation-program",
        "artists-beyond-the-desk",
        "employee-resource-groups",
        "you-are-welcome-here",
    ):
        assert Program.objects.get(slug=slug).involvement == "", slug


def test_organization_kinds_and_descriptions_say_only_what_the_source_says(seeded):
    for slug in ("chemistry", "graduate-student-council", "mit-medical"):
        assert Organization.objects.get(slug=slug).kind == "", slug
    for organization in Organization.objects.all():
        assert "founder" not in organization.description.lower(), organization.slug
        assert "started the REFS" not in organization.description, organization.slug


def test_descriptions_leave_dangling_references_to_the_source_quotation(seeded):
    for program in Program.objects.all():
        assert "Section 4" not in program.description
        assert "News Office" not in program.description
    # They stay in the verbatim excerpt, which the page shows as a dated quotation.
    assert "Section 4" in Program.objects.get(slug="graduate-community-fellows").source_excerpt


def _quoted(text, quotes):
    return bool(quotes) and all(fold(q) in text for q in quotes)


def test_every_claim_has_its_verbatim_quote(seeded):
    """Every structured fact of every seeded program rests on words found in its source."""
    checked = 0
    for program in Program.objects.select_related("source").prefetch_related(
        "audiences", "involvement_audiences", "support_types", "claims"
    ):
        text = source_text(program.source)
        claims = {(c.fact, c.value): c for c in program.claims.all()}
        wanted = [
            *(("audience", a.slug) for a in program.audiences.all()),
            *(("involvement", a.slug) for a in program.involvement_audiences.all()),
            *(("support", s.slug) for s in program.support_types.all()),
        ]
        if program.year_started:
            wanted.append(("year-started", ""))
        if program.modeled_on_id:
            wanted.append(("lineage", ""))
        for key in wanted:
            assert key in claims, (program.slug, key)
            assert _quoted(text, claims[key].quotes), (program.slug, key)
            if claims[key].condition:
                assert fold(claims[key].condition) in text
            checked += 1
        if program.is_confidential:
            assert _quoted(text, [program.confidentiality_basis]), program.slug
        for row in [*program.sponsorships.all(), *program.milestones.all(), *program.figures.all()]:
            assert _quoted(text, [q for q in row.quote.splitlines() if q.strip()]), (
                program.slug,
                str(row),
            )
            checked += 1
    assert checked == 58


def test_the_seed_refuses_a_claim_without_a_quote_or_with_words_not_in_the_source(seeded):
    spec = next(s for s in seeding.all_specs() if s.fixture == "programs")
    records = spec.records()
    refs = next(r for r in records if r["slug"] == "refs")
    text = (PROJECT / "fixtures" / "sources" / "000_c3e02cb0b9ee277d.txt").read_text()
    assert refused_claims(refs, text) == []

    refs["sponsorships"][0]["quote"] = ""
    assert any("no quote" in p for p in refused_claims(refs, text))

    refs["sponsorships"][0]["quote"] = "founded by the Chemistry department"
    assert any("not in the source" in p for p in refused_claims(refs, text))

    # Two sentences spliced into one quotation are refused; as two passages they are kept.
    medical = next(r for r in records if r["slug"] == "medical-staff-rep")
    claim = next(c for c in medical["claims"] if c["fact"] == "support")
    first, second = claim["quote"].splitlines()
    claim["quote"] = f"{first} {second}"
    assert any("not in the source" in p for p in refused_claims(medical, text))

    refs["audiences"].append("faculty")
    assert "audience faculty: no quote" in "\n".join(refused_claims(refs, text))


def test_seed_command_stops_on_a_refused_claim(db, monkeypatch):
    spec = next(s for s in seeding.all_specs() if s.fixture == "programs")
    records = spec.records()
    records[0]["claims"] = []
    original = seeding.Spec.records
    monkeypatch.setattr(
        seeding.Spec,
        "records",
        lambda self: records if self.fixture == "programs" else original(self),
    )
    with pytest.raises(CommandError, match="Claims without their source's words"):
        call_command("seed")
    assert not Program.objects.exists()


def test_acronyms_the_sources_leave_unexpanded_stay_unexpanded(seeded):
    for slug in ("crd", "csdi"):
        organization = Organization.objects.get(slug=slug)
        assert organization.name == ""
        assert organization.short_name == slug.upper()
        assert str(organization) == slug.upper()


def test_sole_holds_its_guiding_ideas_with_their_citations(seeded):
    sole = Organization.objects.get(slug="sole")
    assert sole.headline_figure == "500+ student-led organizations"
    principles = {p.name: p.citation for p in sole.guiding_principles.all()}
    assert principles == {
        "Social justice": "Adams, Bell and Griffin (2007), p. 3",
        "Cultural competencies": "Georgetown University’s National Center for Cultural Competence",
        "Brave space": "Arao and Clemens (2013)",
    }


def test_sole_can_advise_hundreds_of_student_organizations(seeded):
    sole = Organization.objects.get(slug="sole")
    Organization.objects.bulk_create(
        Organization(
            name=f"Student group {n}",
            slug=f"student-group-{n}",
            kind=Organization.Kind.STUDENT_ORGANIZATION,
            advising_office=sole,
        )
        for n in range(520)
    )
    assert sole.advised_organizations.count() == 520


def seed_output():
    from io import StringIO

    out = StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


def test_seed_twice_changes_nothing(db):
    first = seed_output()
    assert "programs: 9 added" in first
    second = seed_output()
    assert "programs: 0 added, 0 updated, 9 unchanged, 0 kept" in second
    assert "Nothing changed" in second


def test_seed_keeps_an_editors_change_to_a_field(seeded):
    Program.objects.filter(slug="refs").update(summary="Edited by staff.")
    output = seed_output()
    assert "kept refs" in output
    assert Program.objects.get(slug="refs").summary == "Edited by staff."


def test_seed_keeps_an_editors_change_to_links_and_inlines(seeded):
    esl = Program.objects.get(slug="esl-for-service-employees")
    esl.support_types.remove(esl.support_types.first())
    summit = Program.objects.get(slug="institute-diversity-summit")
    summit.milestones.create(year=2016, event="Added by an editor.")
    output = seed_output()
    assert "kept esl-for-service-employees" in output
    assert "kept institute-diversity-summit" in output
    assert summit.milestones.filter(year=2016).exists()


def test_seed_brings_an_unedited_record_up_to_date_when_the_fixture_changes(seeded):
    spec = next(s for s in seeding.all_specs() if s.fixture == "programs")
    records = spec.records()
    records[0]["summary"] = "A corrected summary."
    report = seeding.seed_spec(spec, records)
    assert report.updated == [records[0]["slug"]]
    assert Program.objects.get(slug=records[0]["slug"]).summary == "A corrected summary."


def test_seed_recreates_nothing_an_editor_added(seeded):
    make_program("staff-added", name="A program staff added")
    seed_output()
    assert Program.objects.filter(slug="staff-added").exists()


def test_fixture_files_are_valid_json_with_unique_slugs():
    for name in ("audiences", "support_types", "organizations", "programs"):
        records = json.loads((PROJECT / "fixtures" / f"{name}.json").read_text(encoding="utf-8"))
        slugs = [r["slug"] for r in records]
        assert len(slugs) == len(set(slugs)), name


def test_duplicate_slug_is_refused(seeded):
    with pytest.raises(ValidationError) as excinfo:
        Program(slug="refs", name="Copy", summary="s", description="d").full_clean()
    assert "Program with this Slug already exists." in excinfo.value.messages
    with transaction.atomic(), pytest.raises(IntegrityError):
        Program.objects.create(slug="refs", name="Copy", summary="s", description="d")


@pytest.mark.parametrize("year", [1700, 2500])
def test_year_outside_a_sane_range_is_refused(db, year):
    program = Program(slug="old", name="Old", summary="s", description="d", year_started=year)
    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()
    assert "year_started" in excinfo.value.message_dict
    with transaction.atomic(), pytest.raises(IntegrityError):
        program.save()


def test_reserved_slug_is_refused(db):
    program = Program(slug="timeline", name="T", summary="s", description="d")
    with pytest.raises(ValidationError) as excinfo:
        program.full_clean()
    assert "reserved" in " ".join(excinfo.value.message_dict["slug"])


def test_source_documents_are_kept_whole(seeded):
    assert SourceDocument.objects.count() == 2
    document = SourceDocument.objects.get(slug="social-intrapreneurship")
    assert document.text.startswith("Social Intrapreneurship")
    assert "learning by doing good" in document.text
