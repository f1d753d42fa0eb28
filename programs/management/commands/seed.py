from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the directory's seed data from fixtures/ (placeholder until the data lands)."

    def handle(self, *args, **options):
        self.stdout.write("Nothing to seed yet.")
