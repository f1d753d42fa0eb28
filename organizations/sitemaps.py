from django.contrib.sitemaps import Sitemap

from organizations.models import Organization


class OrganizationSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Organization.objects.published().order_by("slug")

    def lastmod(self, organization):
        return organization.updated
