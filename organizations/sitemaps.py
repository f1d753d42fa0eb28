from directory.sitemaps import RecordSitemap
from organizations.models import Organization


class OrganizationSitemap(RecordSitemap):
    changefreq = "monthly"
    priority = 0.6
    ordering = ("slug",)  # unique, so indexed

    def records(self):
        return Organization.objects.published()
