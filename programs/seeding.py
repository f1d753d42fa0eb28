"""Audiences, kinds of support, programs and needs in fixtures/ (see
directory/seeding.py)."""

import re

from directory.models import SourceDocument
from directory.seeding import FIXTURES, PROVENANCE, Child, SeedError, Spec
from organizations.models import Organization
from programs.models import (
    Audience,
    Claim,
    Figure,
    Milestone,
    Need,
    NeedLink,
    Program,
    Sponsorship,
    SupportType,
    quotes_of,
)


def fold(text):
    """Fold every run of white space (no-break spaces too) into one space."""
    return re.sub(r"\s+", " ", text).strip()


def refused_claims(record, source_text):
    """What is wrong with a program's claims: each structured fact needs the source's words,
    one passage a line, each found verbatim in the source (white space folded)."""
    text = fold(source_text)
    problems = []

    def check(what, quote):
        quotes = quotes_of(quote or "")
        if not quotes:
            problems.append(f"{what}: no quote")
        problems.extend(f"{what}: not in the source: {q!r}" for q in quotes if fold(q) not in text)

    claims = {(c["fact"], c.get("value", "")): c for c in record.get("claims", [])}
    wanted = [
        *((Claim.Fact.AUDIENCE, slug) for slug in record.get("audiences", [])),
        *((Claim.Fact.INVOLVEMENT, slug) for slug in record.get("involvement_audiences", [])),
        *((Claim.Fact.SUPPORT, slug) for slug in record.get("support_types", [])),
    ]
    if record.get("year_started"):
        wanted.append((Claim.Fact.YEAR_STARTED, ""))
    if record.get("modeled_on"):
        wanted.append((Claim.Fact.LINEAGE, ""))
    for fact, value in wanted:
        claim = claims.get((fact, value), {})
        check(f"{fact} {value}".strip(), claim.get("quote"))
    for claim in claims.values():
        if claim.get("condition") and fold(claim["condition"]) not in text:
            problems.append(f"{claim['fact']} {claim.get('value', '')}: condition not in source")
    if record.get("is_confidential"):
        check("confidential", record.get("confidentiality_basis"))
    for name in ("sponsorships", "milestones", "figures"):
        for row in record.get(name, []):
            check(f"{name} {row}", row.get("quote"))
    return problems


class ProgramSpec(Spec):
    """Programs: the seed refuses a fixture whose facts do not carry their source's words."""

    def records(self):
        records = super().records()
        sources = {
            source["slug"]: (FIXTURES / "sources" / source["filename"]).read_text("utf-8")
            for source in Spec("sources", SourceDocument, ()).records()
        }
        problems = [
            f"{record['slug']}: {problem}"
            for record in records
            for problem in refused_claims(record, sources.get(record.get("source"), ""))
        ]
        if problems:
            raise SeedError("Claims without their source's words:\n" + "\n".join(problems))
        return records


SPECS = [
    Spec("audiences", Audience, ("name", "label", "order"), foreign_keys={"parent": Audience}),
    Spec("support_types", SupportType, ("name", "description", "order")),
    ProgramSpec(
        "programs",
        Program,
        (
            "name",
            "acronym",
            "summary",
            "description",
            "year_started",
            "involvement",
            "is_confidential",
            "confidentiality_basis",
            "lineage",
            *PROVENANCE,
        ),
        foreign_keys={"modeled_on": Program, "source": SourceDocument},
        many_to_many={
            "audiences": Audience,
            "involvement_audiences": Audience,
            "support_types": SupportType,
        },
        children=(
            Child(
                "sponsorships",
                Sponsorship,
                ("role", "note", "quote"),
                {"organization": Organization},
            ),
            Child("milestones", Milestone, ("year", "event", "quote")),
            Child("figures", Figure, ("value", "label", "quote")),
            Child("claims", Claim, ("fact", "value", "quote", "condition")),
        ),
    ),
    Spec(
        "needs",
        Need,
        ("name", "order"),
        children=(Child("links", NeedLink, ("quote",), {"program": Program}),),
    ),
]
