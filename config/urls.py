from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config import views
from config.sitemaps import SITEMAPS
from programs.export import programs_csv
from programs.feeds import ProgramFeed
from programs.timeline import timeline

urlpatterns = [
    # Before programs.urls, so that "timeline" is never read as a program's slug.
    path("programs/timeline/", timeline, name="timeline"),
    path("programs.csv", programs_csv, name="programs-csv"),
    path("", include("programs.urls")),
    path("", include("editing.urls")),
    path("organizations/", include("organizations.urls")),
    path("api/hsds/", include("api.urls")),
    path("feeds/programs/", ProgramFeed(), name="program-feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
