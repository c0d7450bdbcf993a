"""`manage.py restore_archive FILE`: replace the whole database with a backup."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from archive.backup import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_archive. Everything now in the database is replaced. "
        "Asks for confirmation in a terminal unless --noinput is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A backup written by backup_archive.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, file: Path, database: str, interactive: bool, **options):
        name = connections[database].settings_dict["NAME"]
        if interactive and sys.stdin.isatty():
            answer = input(f"Replace everything in database {name} with {file}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("restore cancelled; nothing was changed")
        try:
            restore_database(file, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"restored {file} into {name}")
