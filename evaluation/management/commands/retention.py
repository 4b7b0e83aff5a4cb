import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from coproduce import history
from evaluation.imports.services import import_previews_expire
from evaluation.privacy.selectors import retention_ends_on
from evaluation.privacy.services import retention_apply


class Command(BaseCommand):
    help = (
        "Erase the personal details of people whose programme closed longer ago than "
        "its retention period. Celery beat runs this every day; --dry-run lists who "
        "would be erased and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list only, change nothing"
        )
        parser.add_argument(
            "--today", help="act as if today were this date (YYYY-MM-DD)"
        )

    def handle(self, *args, dry_run, today, **options):
        try:
            day = dt.date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError("Give --today as YYYY-MM-DD.") from error
        with history.context(command="retention"):
            people = retention_apply(today=day, dry_run=dry_run)
            if not dry_run:
                expired = import_previews_expire()
                self.stdout.write(
                    f"Removed the rows of {expired} unconfirmed import preview(s)."
                )
        verb = "Would erase" if dry_run else "Erased"
        for person in people:
            ended = retention_ends_on(person.programme)
            self.stdout.write(
                f"{verb} person {person.pk} ({person.get_role_category_display()}) "
                f"of {person.programme.name}: retention ended {ended:%d %b %Y}"
            )
        self.stdout.write(f"{verb} {len(people)} person(s).")
