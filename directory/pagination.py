"""A paginator told how many objects there are, so it does not count them itself."""

from functools import cached_property

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """Paginator whose `count` comes from `count()`, given: a count kept elsewhere (in the cache
    for the directory version, say) saves the COUNT(*) over every matching row."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._count = count

    @cached_property
    def count(self):
        return self._count()
