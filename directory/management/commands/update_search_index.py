from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections

from directory.models import SearchWord
from directory.search import searchable_models, update_search_index


class Command(BaseCommand):
    help = (
        "Recompute PostgreSQL's stored search vectors and typo vocabulary for every program and "
        "organization. Saves through Django keep them current; run this after loading data by "
        "other means (raw SQL, a pg_restore of selected tables). Nothing to do on SQLite."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        if connections[database].vendor != "postgresql":
            self.stdout.write("Nothing to do: this database searches without a stored index.")
            return
        update_search_index(using=database)
        counts = "; ".join(
            f"{model._default_manager.using(database).count()} {model._meta.verbose_name_plural}"
            for model in searchable_models()
        )
        self.stdout.write(f"Indexed {counts}; {SearchWord.objects.using(database).count()} words.")
