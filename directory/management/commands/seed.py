from django.core.management.base import BaseCommand, CommandError

from directory.seeding import SeedError, seed


class Command(BaseCommand):
    help = (
        "Load the directory's seed data from fixtures/. Safe to re-run: adds what is missing, "
        "updates what nobody has edited, and keeps every record an editor has changed."
    )

    def handle(self, *args, **options):
        try:
            reports = seed()
        except SeedError as error:
            raise CommandError(str(error)) from error
        for report in reports:
            line = (
                f"{report.label}: {len(report.added)} added, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged, {len(report.kept)} kept (edited since seeded)"
                + (
                    f", {len(report.skipped)} skipped (deleted by an editor)"
                    if report.skipped
                    else ""
                )
            )
            self.stdout.write(line)
            for slug in report.kept:
                self.stdout.write(f"  kept {slug}: edited since it was seeded, left as it is")
            for slug in report.skipped:
                self.stdout.write(
                    f"  skipped {slug}: deleted or renamed by an editor; restore it from its "
                    "history in admin if that was a mistake"
                )
        if any(report.changed for report in reports):
            self.stdout.write(self.style.SUCCESS("Seed data loaded."))
        else:
            self.stdout.write("Nothing changed: the database already holds the seed data.")
