"""The sitemap: /sitemap.xml is an index of sections (config/urls.py), each a page of at most
`limit` URLs; the fixed pages are here, each app adds a section of its own records.

A section's size and latest change are counted once per directory version, in one query, and
a page of it reads only what a URL needs, in index order: no request reads the whole table."""

from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.db.models import Count, Max
from django.urls import reverse

from directory.cache import kept_for_version
from directory.pagination import CountedPaginator

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


def to_the_second(moment):
    """A <lastmod> to the second: search engines need no more, and a backup restored from JSON
    (which keeps milliseconds) then gives the same sitemap."""
    return moment.replace(microsecond=0) if moment else moment


class RecordSitemap(Sitemap):
    """Published records, a page of `limit` at a time, each at its page (`get_absolute_url`),
    last modified when it was last saved (`updated`). Subclasses give `records()` (the
    published ones), `ordering` (an indexed order) and `fields` (what `get_absolute_url`
    reads)."""

    # Well under the protocol's 50,000 URLs (and 50 MB) a file: a page renders in a moment.
    limit = 5000
    ordering = ("pk",)
    fields = ("slug",)

    def records(self):
        raise NotImplementedError

    def items(self):
        return self.records().only(*self.fields, "updated").order_by(*self.ordering)

    def lastmod(self, record):
        return to_the_second(record.updated)

    @cached_property
    def _summary(self):
        """{"count", "latest"}: how many records and their latest change, in one query."""

        def summarize():
            return self.records().aggregate(count=Count("*"), latest=Max("updated"))

        model = self.records().model._meta.label
        return kept_for_version(("sitemap", model), summarize)

    def get_latest_lastmod(self):
        # Django's default reads every record for the index's <lastmod>.
        return to_the_second(self._summary["latest"])

    @property
    def paginator(self):
        return CountedPaginator(self._items(), self.limit, lambda: self._summary["count"])
