"""The site's URLs, plus a stand-in for the program page until the browsing work provides it.

Pages here (timeline, sitemap, feed) link to `programs:detail`. When programs/urls.py has no
route of that name yet, the tests add a placeholder at its stable path; otherwise this module is
exactly config.urls.
"""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns
from programs import urls as program_urls

urlpatterns = list(site_urlpatterns)

if not any(getattr(p, "name", None) == "detail" for p in program_urls.urlpatterns):

    def _placeholder(request, slug):
        return HttpResponse(slug)

    patterns = [
        *program_urls.urlpatterns,
        path("programs/<slug:slug>/", _placeholder, name="detail"),
    ]
    urlpatterns = [
        path("", include((patterns, "programs")))
        if getattr(p, "namespace", None) == "programs"
        else p
        for p in urlpatterns
    ]
