"""`manage.py backup_archive [--output FILE]`: save the whole database to one file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from archive.backup import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Back up the whole database: pg_dump's custom format on PostgreSQL, the SQLite backup API "
        "on SQLite. Default file: backups/archive-<UTC timestamp>.<dump|sqlite3>."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path, help="Where to write the backup.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args, output: Path | None, database: str, **options):
        try:
            path = backup_database(output, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(f"backup written: {path} ({size} bytes)")
