import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from editing.clients import client_digest
from editing.forms import ProposeProgramForm, SuggestEditForm
from editing.models import Suggestion
from organizations.models import Organization
from programs.models import Program

RATE_WINDOW_SECONDS = 60 * 60
# Each public form by URL name: its form class and its page.
FORM_PAGES = {
    "suggest": (SuggestEditForm, "editing/suggest.html"),
    "propose": (ProposeProgramForm, "editing/propose.html"),
}


def _over_rate_limit(client):
    """Whether this client has sent as many suggestions in the last hour as we take. Counted in
    the database, so every app process (and every server behind a load balancer) agrees."""
    since = timezone.now() - datetime.timedelta(seconds=RATE_WINDOW_SECONDS)
    sent = Suggestion.objects.filter(client=client, created__gte=since).count()
    return sent >= settings.SUGGESTIONS_PER_HOUR


# ?topic= on the suggest form: the question its message starts with. A link from a fact a
# program page lists as "Not listed yet" chooses "reach".
SUGGEST_TOPICS = {"reach": "Do you know how to reach {name}? "}


def _public_program(slug):
    return get_object_or_404(
        Program.objects.published().only("pk", "name", "acronym", "slug"), slug=slug
    )


def _public_organization(slug):
    return get_object_or_404(
        Organization.objects.published().only("pk", "name", "short_name", "slug"), slug=slug
    )


def _about(record):
    """What the suggest and thanks pages say of the record a suggestion is about."""
    if isinstance(record, Organization):
        return {
            "record": record,
            "name": record.display_name,
            "list_url": reverse("organizations:list"),
            "list_label": "Organizations",
        }
    return {
        "record": record,
        "name": record.name,
        "list_url": reverse("programs:list"),
        "list_label": "Programs",
    }


def _form_page(request, form, template, context, status=200):
    return render(request, template, {**context, "form": form}, status=status)


def _handle(request, page, context, thanks_url, initial=None, **values):
    """The public form `page` of FORM_PAGES. GET: an empty form (or `initial`). POST: store the
    suggestion and go to the thank-you page, or give the form back, filled in, with what to fix
    (400) or why it cannot be sent now (429)."""
    form_class, template = FORM_PAGES[page]
    if request.method != "POST":
        return _form_page(request, form_class(initial=initial), template, context)
    form = form_class(request.POST)
    if not form.is_valid():
        return _form_page(request, form, template, context, status=400)
    if form.is_bot:
        return redirect(thanks_url)  # look the same to a bot; store nothing
    client = client_digest(request)
    if _over_rate_limit(client):
        form.add_error(
            None,
            f"This connection has sent {settings.SUGGESTIONS_PER_HOUR} suggestions in the last "
            "hour, the most we take. Your text is still here: please send it again later.",
        )
        return _form_page(request, form, template, context, status=429)
    suggestion = form.save(commit=False)
    suggestion.client = client
    for name, value in values.items():
        setattr(suggestion, name, value)
    suggestion.save()
    return redirect(thanks_url)


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Tell the editors what is wrong with a program. Template: editing/suggest.html."""
    program = _public_program(slug)
    topic = SUGGEST_TOPICS.get(request.GET.get("topic", ""))  # anything else: no topic
    return _handle(
        request,
        "suggest",
        _about(program),
        reverse("editing:suggest-thanks", args=[program.slug]),
        initial={"message": topic.format(name=program.acronym or program.name)} if topic else None,
        kind=Suggestion.Kind.EDIT,
        program=program,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def suggest_organization_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Tell the editors what is wrong or missing about an organization (how to join a student
    organization, when it meets, ...). Template: editing/suggest.html."""
    organization = _public_organization(slug)
    topic = SUGGEST_TOPICS.get(request.GET.get("topic", ""))
    name = organization.short_name or organization.display_name
    return _handle(
        request,
        "suggest",
        _about(organization),
        reverse("editing:suggest-organization-thanks", args=[organization.slug]),
        initial={"message": topic.format(name=name)} if topic else None,
        kind=Suggestion.Kind.EDIT,
        organization=organization,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def propose_program(request: HttpRequest) -> HttpResponse:
    """Tell the editors about a program the directory is missing. Template: editing/propose.html."""
    return _handle(
        request,
        "propose",
        {},
        reverse("editing:propose-thanks"),
        kind=Suggestion.Kind.PROPOSAL,
    )


@require_safe
def suggest_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "editing/thanks.html", _about(_public_program(slug)))


@require_safe
def suggest_organization_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "editing/thanks.html", _about(_public_organization(slug)))


@require_safe
def propose_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "editing/thanks.html", {"record": None})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A post refused by the CSRF check. On the public forms the visitor gets the form back,
    filled in, to send again (its page carries a fresh token); elsewhere the 403 page."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        match = None
    if request.method != "POST" or match is None or match.url_name not in FORM_PAGES:
        return render(request, "403.html", status=403)
    context = {}
    if match.url_name == "suggest":
        program = Program.objects.published().filter(slug=match.kwargs["slug"]).first()
        if program is None:
            return render(request, "403.html", status=403)
        context = {"program": program}
    form_class, template = FORM_PAGES[match.url_name]
    form = form_class(request.POST)
    form.is_valid()
    form.add_error(
        None,
        "The form had expired, so nothing was sent yet. Check your text below and send it again.",
    )
    return _form_page(request, form, template, context, status=403)
