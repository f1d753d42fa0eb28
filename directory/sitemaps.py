"""The sitemap's fixed pages; each app adds a sitemap of its own records (config/urls.py)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

# The stable public pages of DESIGN.md, by URL name.
STATIC_PAGES = [
    "programs:home",
    "programs:list",
    "organizations:list",
    "programs:about",
    "programs:peer-support",
]


class StaticPageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return STATIC_PAGES

    def location(self, item):
        return reverse(item)
