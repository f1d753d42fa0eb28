"""Pages the cache tests read, independent of what the real views show.

They render through base.html like every page of the site (so they vary on Cookie the same way),
and count their renders, so a test can tell a page served from the cache from a fresh one.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils.cache import patch_vary_headers

from programs.models import Program

renders = {"count": 0}

PROGRAMS = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<ul>'
    "{% for program in programs %}<li>{{ program.name }}</li>{% endfor %}"
    "</ul>{% endblock %}"
)
FORM = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<form method="post">{% csrf_token %}'
    '<input name="name"><button>Send</button></form>{% endblock %}'
)


def program_names(request):
    renders["count"] += 1
    programs = Program.objects.published().order_by("name")
    return TemplateResponse(request, PROGRAMS, {"programs": programs})


def by_language(request):
    """A page that varies on a request header no cache key holds."""
    renders["count"] += 1
    response = TemplateResponse(request, PROGRAMS, {"programs": []})
    patch_vary_headers(response, ["Accept-Language"])
    return response


def suggest(request):
    renders["count"] += 1
    return TemplateResponse(request, FORM, {})


def thanks(request):
    messages.success(request, "Thank you.")
    return redirect("/cache-test/programs/")


urlpatterns = [
    path("cache-test/programs/", program_names),
    path("cache-test/by-language/", by_language),
    path("cache-test/suggest/", suggest),
    path("cache-test/thanks/", thanks),
    path("", include("config.urls")),
]

handler400 = "directory.views.bad_request"
