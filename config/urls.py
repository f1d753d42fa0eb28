from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

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
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler400 = "directory.views.bad_request"
