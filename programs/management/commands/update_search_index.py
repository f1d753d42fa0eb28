from django.core.management.base import BaseCommand

from programs.models import Program, SearchWord
from programs.search import on_postgresql, update_search_index


class Command(BaseCommand):
    help = (
        "Recompute PostgreSQL's stored search vectors and typo vocabulary for every program. "
        "Saves through Django keep them current; run this after loading data by other means "
        "(raw SQL, a pg_restore of selected tables). Nothing to do on SQLite."
    )

    def handle(self, *args, **options):
        if not on_postgresql(Program.objects.db):
            self.stdout.write("Nothing to do: this database searches without a stored index.")
            return
        update_search_index()
        self.stdout.write(
            f"Indexed {Program.objects.count()} programs; {SearchWord.objects.count()} words."
        )
