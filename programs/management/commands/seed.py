from django.core.management.base import BaseCommand

from programs.seeding import seed


class Command(BaseCommand):
    help = (
        "Load the directory's seed data from fixtures/. Safe to re-run: adds what is missing, "
        "updates what nobody has edited, and keeps every record an editor has changed."
    )

    def handle(self, *args, **options):
        reports = seed()
        for report in reports:
            line = (
                f"{report.label}: {len(report.added)} added, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.kept)} kept (edited since seeded)"
            )
            self.stdout.write(line)
            for slug in report.kept:
                self.stdout.write(f"  kept {slug}: edited since it was seeded, left as it is")
        if any(report.changed for report in reports):
            self.stdout.write(self.style.SUCCESS("Seed data loaded."))
        else:
            self.stdout.write("Nothing changed: the database already holds the seed data.")
