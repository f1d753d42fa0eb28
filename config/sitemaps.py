"""The sitemap: the fixed pages, every published program and every published organization."""

from django.contrib.sitemaps import Sitemap

from organizations.sitemaps import OrganizationSitemap
from programs.sitemaps import ProgramSitemap

# The stable public pages of DESIGN.md. Paths, not url names: some of these pages are served by
# apps that may be deployed later than the sitemap, and the paths are a published contract.
STATIC_PAGES = ["/", "/programs/", "/organizations/", "/about/", "/peer-support/"]


class StaticPageSitemap(Sitemap):
    changefreq = "weekly"
    priority = 1.0

    def items(self):
        return STATIC_PAGES

    def location(self, item):
        return item


SITEMAPS = {
    "pages": StaticPageSitemap,
    "programs": ProgramSitemap,
    "organizations": OrganizationSitemap,
}
