"""The peer-support finder: who you are and what is going on, answered with ranked programs."""

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from programs.models import COMMUNITY_AUDIENCE, Audience, Claim, Need, Program

# The best few; the full list for the audience is one link away.
FINDER_LIMIT = 10


@dataclass
class Reason:
    """Why a program fits, and the source's words that say so."""

    text: str
    quotes: list[str] = field(default_factory=list)


def _chosen(request, name, known):
    """The valid slugs given for a parameter, and whether any were not valid."""
    given = [value for value in request.GET.getlist(name) if value]
    valid = [value for value in given if value in known]
    return valid, len(valid) != len(given)


@require_safe
def peer_support(request: HttpRequest) -> HttpResponse:
    """Template: programs/finder.html; context: audiences, needs, chosen_audiences,
    chosen_needs, notices, results (programs for the visitor, best first), apart (programs
    for other groups that match the need, as [(heading, results)]), asked."""
    audiences = list(Audience.objects.all())
    slugs = {a.pk: a.slug for a in audiences}
    for audience in audiences:
        audience.parent_slug = slugs.get(audience.parent_id, "")
    needs = list(Need.objects.all())
    audience_slugs, bad_audience = _chosen(request, "audience", {a.slug for a in audiences})
    need_slugs, bad_need = _chosen(request, "need", {n.slug for n in needs})
    notices = []
    if bad_audience:
        notices.append("We did not recognise that audience, so we left it out.")
    if bad_need:
        notices.append("We did not recognise one of those needs, so we left it out.")
    results, apart = [], []
    if audience_slugs or need_slugs:
        programs = Program.objects.published().for_finder(
            audience_slugs, need_slugs, limit=FINDER_LIMIT
        )
        chosen = [a for a in audiences if a.slug in audience_slugs]
        for program in programs:
            result = {"program": program, "reasons": _reasons(program, chosen)}
            if program.serves:
                results.append(result)
            else:
                _put_apart(apart, program, result)
    return render(
        request,
        "programs/finder.html",
        {
            "audiences": audiences,
            "needs": needs,
            "chosen_audiences": audience_slugs,
            "chosen_audience_names": [a.name for a in audiences if a.slug in audience_slugs],
            "chosen_needs": need_slugs,
            "chosen_need_names": [n.name for n in needs if n.slug in need_slugs],
            "notices": notices,
            "results": results,
            "apart": apart,
            "limit": FINDER_LIMIT,
            "asked": bool(audience_slugs or need_slugs),
        },
    )


def _put_apart(apart, program, result):
    heading = "For " + " and ".join(a.name.lower() for a in program.audiences.all())
    for group_heading, group in apart:
        if group_heading == heading:
            group.append(result)
            return
    apart.append((heading, [result]))


def _reasons(program, chosen):
    """Only what the sources say: the audience it serves (and for whom it holds), whether it
    is confidential and peer-run, the need it answers; each with the quote behind it."""
    claims = {(c.fact, c.value): c for c in program.claims.all()}
    reasons = []
    if program.serves:
        wanted = {a.slug for a in chosen} | {a.parent_slug for a in chosen if a.parent_slug}
        for audience in program.audiences.all():
            if audience.slug in wanted or (
                audience.slug == COMMUNITY_AUDIENCE and program.serves == 1
            ):
                claim = claims.get((Claim.Fact.AUDIENCE, audience.slug))
                text = f"serves {audience.name.lower()}"
                if claim and claim.condition:
                    text += f" {claim.condition}"
                reasons.append(Reason(text, claim.quotes if claim else []))
    if program.is_confidential:
        reasons.append(Reason("confidential", [program.confidentiality_basis]))
    peer = claims.get((Claim.Fact.SUPPORT, "peer-support"))
    if peer is not None and peer.quotes:
        reasons.append(Reason("peer-run", peer.quotes))
    for link in program.matched_links:
        reasons.append(Reason(f"helps with {link.need.name.lower()}", [link.quote]))
    return reasons
