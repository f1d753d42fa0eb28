"""The organizations in fixtures/ (see directory/seeding.py)."""

from directory.models import SourceDocument
from directory.seeding import PROVENANCE, Child, Spec
from organizations.models import GuidingPrinciple, Organization

SPECS = [
    Spec(
        "organizations",
        Organization,
        (
            "name",
            "short_name",
            "kind",
            "mission",
            "description",
            "headline_figure",
            "website",
            *PROVENANCE,
        ),
        foreign_keys={
            "parent": Organization,
            "advising_office": Organization,
            "source": SourceDocument,
        },
        children=(
            Child(
                "guiding_principles",
                GuidingPrinciple,
                ("name", "definition", "citation", "practice", "order", *PROVENANCE),
                foreign_keys={"source": SourceDocument},
            ),
        ),
    ),
]
