import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_safe

from directory.cache import kept_for_version
from directory.models import SourceDocument
from directory.pagination import CountedPaginator
from programs import search
from programs.facts import program_facts
from programs.filters import ProgramFilter
from programs.models import Audience, Program

PAGE_SIZE = 20
SHORTLIST_MAX = 50


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


def _wants_fragment(request: HttpRequest) -> bool:
    """An htmx swap, not a history restore (that needs the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
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
    template = "programs/program_list.html"
    if _wants_fragment(request):
        template += "#browse"
    response = render(
        request,
        template,
        {
            "filter": program_filter,
            "page_obj": page_obj,
            "did_you_mean": suggestion,
            # Found only through what the words usually mean: say so rather than pretend.
            "unmentioned": bool(query and page_obj.object_list and not query.mentioned),
        },
    )
    patch_vary_headers(response, ["HX-Request", "HX-History-Restore-Request"])
    return response


def _squash(text: str) -> str:
    return " ".join(text.split())


def _sentences_not_in(text: str, said: str) -> str:
    """The sentences of text that the page has not already said (in the text `said`).

    The seed transcribes involvement and confidentiality from the same passage as the
    description, so most of their sentences are the description's own."""
    said = _squash(said)
    sentences = re.split(r"(?<=[.!?])\s+", _squash(text))
    return " ".join(s for s in sentences if s and s not in said)


@require_safe
def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One program. Template: programs/program_detail.html; context: program, facts (each
    structured fact with its numbered source note), related,
    involvement and confidentiality (only what the description does not already say),
    quotes_source (the description is the source passage's own words) and source_rest (the
    rest of that passage)."""
    program = get_object_or_404(Program.objects.visible_to(request.user).for_detail(), slug=slug)
    related = Program.objects.published().related_to(program)[:6]
    description = _squash(program.description)
    excerpt = _squash(program.source_excerpt)
    quotes_source = bool(description) and description in excerpt
    context = {
        "program": program,
        "facts": program_facts(program),
        "related": related,
        "involvement": _sentences_not_in(program.involvement, description),
        "confidentiality": _sentences_not_in(program.confidentiality_basis, description),
        "quotes_source": quotes_source,
        "source_rest": excerpt.replace(description, " ").strip() if quotes_source else "",
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
        },
    )
