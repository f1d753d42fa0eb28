"""The peer-support finder: who you are and what is going on, answered with ranked programs."""

from django.shortcuts import render
from django.urls import NoReverseMatch

from programs.models import Audience, Need, NeedLink, Program


def _chosen(request, name, known):
    """The valid slugs given for a parameter, and whether any were not valid."""
    given = [value for value in request.GET.getlist(name) if value]
    valid = [value for value in given if value in known]
    return valid, len(valid) != len(given)


def peer_support(request):
    audiences = list(Audience.objects.all())
    needs = list(Need.objects.all())
    audience_slugs, bad_audience = _chosen(request, "audience", {a.slug for a in audiences})
    need_slugs, bad_need = _chosen(request, "need", {n.slug for n in needs})
    notices = []
    if bad_audience:
        notices.append("We did not recognise that audience, so we left it out.")
    if bad_need:
        notices.append("We did not recognise one of those needs, so we left it out.")
    results = []
    if audience_slugs or need_slugs:
        results = _answer(audience_slugs, need_slugs, audiences)
    return render(
        request,
        "programs/finder.html",
        {
            "audiences": audiences,
            "needs": needs,
            "chosen_audiences": audience_slugs,
            "chosen_needs": need_slugs,
            "notices": notices,
            "results": results,
            "asked": bool(audience_slugs or need_slugs),
        },
    )


def _answer(audience_slugs, need_slugs, audiences):
    published = Program.objects.published()
    serving = set(
        published.for_audiences(audience_slugs).values_list("pk", flat=True)
        if audience_slugs
        else ()
    )
    links = NeedLink.objects.filter(
        need__slug__in=need_slugs, program__in=published.values("pk")
    ).select_related("need")
    quotes = {}
    for link in links:
        quotes.setdefault(link.program_id, []).append(link)
    candidates = serving | set(quotes)
    programs = published.filter(pk__in=candidates).prefetch_related("support_types", "audiences")
    chosen_names = [a.name.lower() for a in audiences if a.slug in audience_slugs]
    results = []
    for program in programs:
        kinds = {s.slug for s in program.support_types.all()}
        reasons = []
        score = 0
        if program.pk in quotes:
            score += 3 * len(quotes[program.pk])
        if program.pk in serving:
            score += 2
            if chosen_names:
                reasons.append(f"serves {' and '.join(chosen_names)}")
        if program.is_confidential:
            score += 1
            reasons.insert(0, "confidential")
        if "peer-support" in kinds:
            score += 1
            reasons.insert(1 if program.is_confidential else 0, "peer-run")
        try:
            url = program.get_absolute_url()
        except NoReverseMatch:  # the program pages arrive with the browsing branch
            url = ""
        results.append(
            {
                "program": program,
                "url": url,
                "score": score,
                "reasons": reasons,
                "quotes": sorted({link.quote for link in quotes.get(program.pk, [])}),
            }
        )
    results.sort(key=lambda r: (-r["score"], r["program"].name))
    return results
