from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coproduce.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup folder into an EMPTY database and media folder, then check "
        "every table and file against the backup's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder made by `manage.py backup`.")
        parser.add_argument(
            "--database-url",
            required=True,
            help="The new, empty database, e.g. postgres://user:pw@host:5432/name.",
        )
        parser.add_argument(
            "--media-root", required=True, help="The new, empty media folder."
        )

    def handle(self, *args, folder, database_url, media_root, **options):
        try:
            result = backup_restore(
                folder=Path(folder),
                database_url=database_url,
                media_root=Path(media_root),
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in result.differences:
            self.stderr.write(line)
        if not result.exact:
            raise CommandError(
                f"The restore differs from the backup in {len(result.differences)} "
                "places (listed above)."
            )
        self.stdout.write(
            f"Restored {result.tables} tables ({result.rows} rows) and {result.files} "
            f"files in {result.seconds:.1f} s; every table and file matches the backup."
        )
