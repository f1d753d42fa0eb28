from directory.sitemaps import RecordSitemap
from programs.models import Program


class ProgramSitemap(RecordSitemap):
    changefreq = "monthly"
    priority = 0.8
    ordering = ("name", "pk")  # the (status, name) index

    def records(self):
        return Program.objects.published()
