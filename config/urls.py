from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path

from directory import views
from directory.sitemaps import StaticPageSitemap
from organizations.sitemaps import OrganizationSitemap
from programs.sitemaps import ProgramSitemap

SITEMAPS = {
    "pages": StaticPageSitemap,
    "programs": ProgramSitemap,
    "organizations": OrganizationSitemap,
}

urlpatterns = [
    path("", include("programs.urls")),
    path("", include("editing.urls")),
    path("organizations/", include("organizations.urls")),
    path("api/hsds/", include("api.urls")),
    # An index of sections, each paged (?p=2) at its sitemap's `limit` URLs.
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    re_path(
        rf"^sitemap-(?P<section>{'|'.join(SITEMAPS)})\.xml$",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler400 = "directory.views.bad_request"
