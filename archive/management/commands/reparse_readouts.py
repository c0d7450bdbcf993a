"""Re-parse stored meetings from their stored text: `python manage.py reparse_readouts`.

With the current parser and the curators' current topics, rewriting those whose parse changed as
`import_readouts --update` would (see archive.reparse).
"""

import datetime
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.apps import PARSER_CHECKS
from archive.import_run import (
    BATCH_SIZE,
    WORKERS_MIN_UNITS,
    database_not_ready,
    default_workers,
    run_settings,
)
from archive.importer import KEPT_CURATED
from archive.pg_import import pending_lists_cleaned
from archive.reparse import Selection, SelectionError, reparse, selected


class Command(BaseCommand):
    help = (
        "Re-parse stored meetings from their stored source text with the current parser and "
        "topics, rewriting those whose parse changed as import_readouts --update does."
    )
    requires_system_checks = [PARSER_CHECKS]

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would change without writing"
        )
        parser.add_argument(
            "--force", action="store_true", help="also rewrite reviewed entries curators edited"
        )
        parser.add_argument("--topic", metavar="SLUG", help="meetings the topic tags or could tag")
        parser.add_argument(
            "--country", metavar="CODE", help="meetings with the country as a party or host"
        )
        parser.add_argument("--publisher", metavar="NAME", help='e.g. "cn-mfa" or its name')
        parser.add_argument(
            "--since", metavar="DATE", help="meetings held on or after (YYYY-MM-DD)"
        )
        parser.add_argument("--until", metavar="DATE", help="meetings held on or before")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"meetings per transaction (default {BATCH_SIZE})",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes parsing texts while this one writes (default: one per core but one, "
            f"none below {WORKERS_MIN_UNITS} meetings; 0 parses here)",
        )

    def handle(self, *args, **options):
        selection = Selection(
            topic=options["topic"],
            country=options["country"],
            publisher=options["publisher"],
            since=parse_date("--since", options["since"]),
            until=parse_date("--until", options["until"]),
        )
        if selection.since and selection.until and selection.since > selection.until:
            raise CommandError("--since is after --until")
        if problem := database_not_ready():
            raise CommandError(problem)
        try:
            meetings = selected(selection)
        except SelectionError as error:
            raise CommandError(str(error)) from None
        dry_run = options["dry_run"]
        with run_settings(), pending_lists_cleaned():
            result = reparse(
                meetings,
                force=options["force"],
                dry_run=dry_run,
                batch_size=options["batch_size"],
                workers=workers(options["workers"], len(meetings)),
                on_failure=self.stderr.write,
            )
        for slug in result.updated:
            self.stdout.write(f"{slug}: {'would be updated' if dry_run else 'updated'}")
        for slug in result.kept:
            self.stdout.write(f"{slug}: {KEPT_CURATED}")
        for review in result.summary.reviews:
            self.stdout.write(review)
        if dry_run:
            self.stdout.write(f"the re-parse would report: {result.line()}")
        else:
            self.stdout.write(result.line())
        if result.summary.failed:
            sys.exit(1)


def workers(requested: int | None, meetings: int) -> int:
    """As `import_readouts --workers`: the number asked for, or by default one per core but one
    for a selection of at least `WORKERS_MIN_UNITS` meetings."""
    if requested is not None:
        return max(0, requested)
    return default_workers() if meetings >= WORKERS_MIN_UNITS else 0


def parse_date(option: str, value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a YYYY-MM-DD date") from None
