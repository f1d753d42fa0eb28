"""Audiences, kinds of support, programs, synonyms and needs in fixtures/ (see
directory/seeding.py)."""

from directory.models import SourceDocument
from directory.seeding import PROVENANCE, Child, Spec
from organizations.models import Organization
from programs.models import (
    Audience,
    Figure,
    Milestone,
    Need,
    NeedLink,
    Program,
    Sponsorship,
    SupportType,
    Synonym,
)

SPECS = [
    Spec("audiences", Audience, ("name", "label", "order"), foreign_keys={"parent": Audience}),
    Spec("support_types", SupportType, ("name", "description", "order")),
    Spec(
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
            *PROVENANCE,
        ),
        foreign_keys={"modeled_on": Program, "source": SourceDocument},
        many_to_many={
            "audiences": Audience,
            "involvement_audiences": Audience,
            "support_types": SupportType,
        },
        children=(
            Child("sponsorships", Sponsorship, ("role", "note"), {"organization": Organization}),
            Child("milestones", Milestone, ("year", "event")),
            Child("figures", Figure, ("value", "label")),
        ),
    ),
    Spec("synonyms", Synonym, ("term", "expansions")),
    Spec(
        "needs",
        Need,
        ("name", "order"),
        children=(Child("links", NeedLink, ("quote",), {"program": Program}),),
    ),
]
