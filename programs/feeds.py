from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from directory.text import printable
from programs.models import Program

FEED_LENGTH = 200


class ProgramFeed(Feed):
    """Atom feed at /feeds/programs/: published programs, most recently updated first."""

    feed_type = Atom1Feed
    title = "MIT Community Programs Directory: programs"
    subtitle = "Community programs at MIT, newest and most recently updated first."

    def link(self):
        return reverse("programs:home")

    def items(self):
        return (
            Program.objects.published()
            .prefetch_related("support_types")
            .order_by("-updated", "-created", "name")[:FEED_LENGTH]
        )

    # XML 1.0 cannot carry control characters: one in a record must not break the feed.
    def item_title(self, program):
        name = f"{program.name} ({program.acronym})" if program.acronym else program.name
        return printable(name)

    def item_description(self, program):
        return printable(program.summary)

    # To the second: the same feed after a dump and restore (JSON keeps milliseconds only).
    def item_pubdate(self, program):
        return program.created.replace(microsecond=0)

    def item_updateddate(self, program):
        return program.updated.replace(microsecond=0)

    def item_categories(self, program):
        return [printable(s.name) for s in program.support_types.all()]
