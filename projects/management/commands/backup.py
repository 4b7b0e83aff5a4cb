from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coproduce.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into a new folder, with a manifest "
        "of every table's rows and checksum and every file's SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="backups", help="Folder to write the backup into."
        )

    def handle(self, *args, output, **options):
        try:
            result = backup_create(out_dir=Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {result.tables} tables ({result.rows} rows) and "
            f"{result.files} files in {result.seconds:.1f} s to {result.folder}"
        )
