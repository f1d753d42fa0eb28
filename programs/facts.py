"""Each structured fact a program page shows, numbered, with the source's words behind it.

A page marks each fact with a footnote number linking to its note in the Source section; the
note quotes the passages the fact rests on, or says an editor added it, and when. Reads only
what Program.objects.for_detail() has fetched.
"""

from dataclasses import dataclass, field
from datetime import datetime

from programs.models import Claim, quotes_of


@dataclass
class Note:
    number: int
    subject: str
    quotes: list[str]
    added: datetime | None = None
    condition: str = ""

    @property
    def anchor(self):
        return f"fact-{self.number}"


@dataclass
class Facts:
    notes: list[Note] = field(default_factory=list)
    audiences: list = field(default_factory=list)
    involvement: list = field(default_factory=list)
    support: list = field(default_factory=list)
    confidential: Note | None = None
    year_started: Note | None = None
    lineage: Note | None = None
    sponsorships: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    milestones: list = field(default_factory=list)

    def note(self, subject, quotes, added=None, condition=""):
        note = Note(len(self.notes) + 1, subject, quotes, added, condition)
        self.notes.append(note)
        return note


def program_facts(program):
    """The program's facts in the order its page shows them, each with its note."""
    claims = {(c.fact, c.value): c for c in program.claims.all()}
    facts = Facts()

    def from_claim(fact, value, subject):
        claim = claims.get((fact, value))
        if claim is None:
            return facts.note(subject, [])
        return facts.note(subject, claim.quotes, claim.added, claim.condition)

    Fact = Claim.Fact
    for audience in program.audiences.all():
        note = from_claim(Fact.AUDIENCE, audience.slug, f"Who it serves: {audience.name}")
        facts.audiences.append((audience, note))
    for audience in program.involvement_audiences.all():
        note = from_claim(Fact.INVOLVEMENT, audience.slug, f"Who can take part: {audience.name}")
        facts.involvement.append((audience, note))
    for support in program.support_types.all():
        note = from_claim(Fact.SUPPORT, support.slug, f"Kind of support: {support.name}")
        facts.support.append((support, note))
    if program.is_confidential:
        facts.confidential = facts.note("Confidential", quotes_of(program.confidentiality_basis))
    if program.year_started:
        facts.year_started = from_claim(Fact.YEAR_STARTED, "", f"Started in {program.year_started}")
    if program.public_modeled_on:
        facts.lineage = from_claim(
            Fact.LINEAGE,
            "",
            f"{program.get_lineage_display()} {program.public_modeled_on.name}",
        )
    for sponsorship in program.sponsorships.all():
        note = facts.note(
            f"{sponsorship.get_role_display()} {sponsorship.organization.display_name}",
            quotes_of(sponsorship.quote),
            sponsorship.added,
        )
        facts.sponsorships.append((sponsorship, note))
    for figure in program.figures.all():
        note = facts.note(f"{figure.value} {figure.label}", quotes_of(figure.quote), figure.added)
        facts.figures.append((figure, note))
    for milestone in program.milestones.all():
        note = facts.note(
            f"{milestone.year}: {milestone.event}", quotes_of(milestone.quote), milestone.added
        )
        facts.milestones.append((milestone, note))
    return facts
