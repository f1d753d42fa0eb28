from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from directory import search
from directory.cache import cards_kept, kept_for_version
from directory.models import SourceDocument
from directory.pagination import CountedPaginator
from directory.views import vary_as_fragment, wants_fragment
from organizations.models import Organization
from programs.facts import program_facts
from programs.filters import ProgramFilter
from programs.models import Audience, Program

PAGE_SIZE = 20
SHORTLIST_MAX = 50
# How many related programs a program page lists.
RELATED_SHOWN = 6


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The front page. Template: programs/home.html; context: audiences (with .count),
    confidential_count."""
    audiences = list(Audience.objects.filter(label__gt=""))

    def count():
        published = Program.objects.published()
        by_audience = published.count_by_audience(audiences)
        return {"audiences": by_audience, "confidential": published.confidential().count()}

    # Counted over every published program: kept for the directory version.
    counts = kept_for_version(("home", tuple(a.pk for a in audiences)), count)
    for audience in audiences:
        audience.count = counts["audiences"][audience.pk]
    confidential_count = counts["confidential"]
    return render(
        request,
        "programs/home.html",
        {"audiences": audiences, "confidential_count": confidential_count},
    )


@require_safe
def program_list(request: HttpRequest) -> HttpResponse:
    """Programs, filtered. Template: programs/program_list.html (the partial "browse" alone
    for htmx); context: filter, page_obj."""
    program_filter = ProgramFilter(request.GET, queryset=Program.objects.published().for_list())
    paginator = CountedPaginator(program_filter.qs, PAGE_SIZE, program_filter.count)
    page_obj = paginator.get_page(request.GET.get("page"))
    query = program_filter.query
    suggestion = ""
    if query:
        for program in page_obj.object_list:
            program.snippet = search.snippet(program, query)
    if query is not None:
        suggestion = query.did_you_mean
    organizations = _organizations_found(query)
    template = "programs/program_list.html"
    if wants_fragment(request):
        template += "#browse"
    response = render(
        request,
        template,
        {
            "filter": program_filter,
            "page_obj": page_obj,
            "did_you_mean": suggestion,
            "organizations": organizations,
            # What the no-results help offers besides removing a filter.
            "next_steps": [
                (reverse("programs:peer-support"), "Find peer support with the guided finder")
            ],
            # Found only through what the words usually mean: say so rather than pretend.
            "unmentioned": bool(query and page_obj.object_list and not query.mentioned_in(Program)),
            # A search shows its best MAX_RESULTS: say when more match rather than count those.
            "more_found": bool(query and query.more_than_shown(Program)),
            "max_results": search.MAX_RESULTS,
            # Sorted by year started: each card says its year.
            "by_year": program_filter.sort_order() in ("newest", "oldest"),
            "cards_kept": cards_kept(program_filter),
        },
    )
    vary_as_fragment(response)
    return response


# How many organizations a program search shows beside the programs (the rest: a link).
ORGANIZATIONS_SHOWN = 3


def _organizations_found(query):
    """The site search's organizations: how many match the same query, and the best few (the
    query understood once; two queries more on PostgreSQL)."""
    if not query:
        return None
    ranked = query.rank(Organization.objects.published())
    shown = Organization.objects.published().ranked_by(ranked[:ORGANIZATIONS_SHOWN])
    return {"count": len(ranked), "shown": list(shown) if ranked else []}


@require_safe
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One program. Template: programs/program_detail.html; context: program, facts (each
    structured fact with its numbered source note), related,
    involvement and confidentiality (only what the description does not already say),
    quotes_source (the description is the source passage's own words) and source_rest (the
    rest of that passage)."""
    program = get_object_or_404(Program.objects.visible_to(request.user).for_detail(), slug=slug)
    related = Program.objects.published().related_to(program, RELATED_SHOWN)
    context = {
        "program": program,
        "facts": program_facts(program),
        "related": related,
        "involvement": program.involvement_beyond_description,
        "confidentiality": program.confidentiality_beyond_description,
        "quotes_source": program.description_quotes_source,
        "source_rest": program.source_beyond_description,
    }
    response = render(request, "programs/program_detail.html", context)
    if not program.is_published:
        add_never_cache_headers(response)  # a staff preview: no shared cache may keep it
    return response


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """What social intrapreneurship is, quoted from its source. Template: programs/about.html."""
    document = SourceDocument.objects.filter(slug="social-intrapreneurship").first()
    # Found from the source's side (SQLite would otherwise follow the name index past every
    # program to find the few transcribed from this document).
    programs = (
        Program.objects.published().filter(
            pk__in=Program.objects.filter(source=document).values("pk")
        )
        if document
        else []
    )
    return render(
        request,
        "programs/about.html",
        {
            "document": document,
            "opening": document.paragraphs[:1] if document else [],
            "closing": document.passage_from("Each of these examples") if document else "",
            "programs": programs,
        },
    )


@require_safe
def shortlist(request: HttpRequest) -> HttpResponse:
    """Programs someone saved, named in the address (?p=refs&p=...), so the list needs no
    account and can be shared or printed. Template: programs/shortlist.html; context:
    programs (in the order given), unknown (slugs that name no published program), dropped
    (how many past the first SHORTLIST_MAX were left out)."""
    slugs = list(dict.fromkeys(s.strip() for s in request.GET.getlist("p") if s.strip()))
    kept = slugs[:SHORTLIST_MAX]
    found = {p.slug: p for p in Program.objects.published().for_list().filter(slug__in=kept)}
    return render(
        request,
        "programs/shortlist.html",
        {
            "programs": [found[s] for s in kept if s in found],
            "unknown": [s for s in kept if s not in found],
            "dropped": len(slugs) - len(kept),
            "maximum": SHORTLIST_MAX,
            "cards_kept": cards_kept(),
        },
    )
