from django.contrib.sitemaps import Sitemap

from programs.models import Program


class ProgramSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Program.objects.published().order_by("name", "pk")

    def lastmod(self, program):
        return program.updated
