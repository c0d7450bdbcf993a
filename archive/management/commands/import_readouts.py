"""Import readouts: `python manage.py import_readouts PATH...`.

PATH is a file, a folder (searched recursively for .txt and .jsonl) or a glob. See
docs/readout-format.md for the .jsonl interchange format.
"""

import collections
import datetime
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.apps import PARSER_CHECKS
from archive.dry_run import dry_run_lines
from archive.import_cache import ImportCache
from archive.import_input import ImportFailed, check_source_url
from archive.import_run import (
    WORKERS_MIN_UNITS,
    Options,
    Summary,
    database_not_ready,
    default_workers,
    import_units,
    review_line,
    units_of,
)
from archive.importer import CREATED, UNCHANGED, UPDATED
from archive.sources import find_input_files

# Below this many files a progress bar is noise.
PROGRESS_MIN_FILES = 20


class Progress:
    """A one-line progress bar on stderr, drawn only for a terminal."""

    def __init__(self, stream, total: int, enabled: bool) -> None:
        self.stream, self.total, self.enabled, self.done = stream, total, enabled, 0

    def step(self) -> None:
        self.done += 1
        if not self.enabled or (self.done % 10 and self.done != self.total):
            return
        width = 30
        # A .jsonl file holds many readouts, so the count can pass the number of files.
        filled = min(width, width * self.done // max(self.total, 1))
        bar = "#" * filled + "-" * (width - filled)
        count = f"{self.done}/{self.total}" if self.done <= self.total else f"{self.done}"
        self.stream.write(f"\r[{bar}] {count} readouts")
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def json_line(value) -> str:
    """`value` as JSON on one line: the Unicode line and paragraph separators, which JSON allows
    raw inside strings but line readers split on, are escaped like every other line break."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


class Command(BaseCommand):
    help = (
        "Import readouts (.txt) and interchange records (.jsonl) from files, folders or globs. "
        "Re-importing a stored text reports it unchanged."
    )
    # Only the check that the compiled parser matches its sources: Django's other system checks
    # (models, URLs, admin, templates) concern serving the site, and `migrate`, `runserver` and
    # `check` run them. They cost 0.25 s of the command's 0.6 s start (`/usr/bin/time manage.py
    # import_readouts FILE`, with and without --skip-checks), 5% of a 10,000-readout import at
    # 2,000 readouts/s.
    requires_system_checks = [PARSER_CHECKS]

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or globs")
        parser.add_argument(
            "--update",
            action="store_true",
            help="re-parse stored texts and rewrite entries whose parse changed "
            "(reviewed entries that curators edited are kept)",
        )
        parser.add_argument(
            "--force", action="store_true", help="with --update, also rewrite curated entries"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report without writing anything"
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help="with --dry-run: print one JSON object per file on stdout",
        )
        parser.add_argument(
            "--published-on",
            metavar="DATE",
            help='the publication date (YYYY-MM-DD), for texts that say only "today"',
        )
        parser.add_argument("--publisher", metavar="NAME", help='who published, e.g. "cn-mfa"')
        parser.add_argument("--source-url", metavar="URL", default="", help="http(s) address")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="readouts per transaction (default 500; each readout still rolls back alone)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="processes parsing texts while this one writes (default: one per core but one, "
            f"none below {WORKERS_MIN_UNITS} files; 0 parses here)",
        )

    def handle(self, *args, **options):
        if options["json"] and not options["dry_run"]:
            raise CommandError("--json is only for --dry-run")
        if options["force"] and not options["update"]:
            raise CommandError("--force only makes sense with --update")
        run_options = Options(
            update=options["update"],
            force=options["force"],
            published_on=parse_date(options["published_on"]),
            publisher=options["publisher"],
            source_url=self.source_url(options["source_url"]),
        )
        if not options["dry_run"] and (problem := database_not_ready()):
            raise CommandError(problem)
        files, problems = find_input_files(options["paths"])
        summary = Summary()
        for pattern, problem in problems:
            self.stderr.write(summary.fail(pattern, problem))
            if options["json"]:
                self.stdout.write(json.dumps({"file": pattern, "error": problem}))
        units = (unit for file in files for unit in units_of(file))
        if options["dry_run"]:
            self.dry_run(units, run_options, summary, as_json=options["json"])
        else:
            progress = Progress(
                self.stderr._out,
                len(files),
                len(files) >= PROGRESS_MIN_FILES and self.stderr.isatty(),
            )
            result = import_units(
                units,
                run_options,
                on_failure=lambda line: (progress.clear(), self.stderr.write(line)),
                on_progress=progress.step,
                batch_size=None if options["batch_size"] is None else max(1, options["batch_size"]),
                workers=self.workers(options["workers"], len(files)),
            )
            progress.clear()
            for name in ("created", "updated", "unchanged", "needs_review", "reviews"):
                setattr(summary, name, getattr(result, name))
            summary.failed += result.failed
            # Each entry that needs review, named with why; the counts stay the last line.
            for review in summary.reviews:
                self.stdout.write(review)
            self.stdout.write(summary.line())
        if summary.failed:
            sys.exit(1)

    def dry_run(self, units, options: Options, summary: Summary, *, as_json: bool) -> None:
        cache = ImportCache()
        cache.load_topics_or_defaults()
        outcomes = collections.Counter()
        for unit, line in dry_run_lines(units, options, cache):
            if "error" in line:
                self.stderr.write(summary.fail(unit.label, line["error"]))
            else:
                outcomes[line["outcome"]] += 1
                if line["needs_review"]:
                    summary.needs_review += 1
                    summary.reviews.append(review_line(unit.label, line["review_reason"]))
            if as_json:
                self.stdout.write(json_line(line))
            elif "error" not in line:
                self.stdout.write(_describe(line))
        # With --json the summary goes to stderr, so stdout stays one JSON object per line.
        out = self.stderr if as_json else self.stdout
        for name in (CREATED, UPDATED, UNCHANGED):
            setattr(summary, name, outcomes[name])
        for review in summary.reviews:
            out.write(review)
        out.write(f"the import would report: {summary.line()}")
        out.write(f"dry run: parsed={outcomes.total()} failed={summary.failed}")

    def workers(self, requested: int | None, files: int) -> int:
        if requested is not None:
            return max(0, requested)
        return default_workers() if files >= WORKERS_MIN_UNITS else 0

    def source_url(self, url: str) -> str:
        try:
            return check_source_url(url)
        except ImportFailed as error:
            raise CommandError(str(error)) from None


def parse_date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published-on {value!r} is not a YYYY-MM-DD date") from None


def _describe(line: dict) -> str:
    people = ", ".join(
        f"{p['name'] or p['role'] or '?'} ({p['country'] or '?'})" for p in line["participants"]
    )
    where = line["location"] or {}
    place = ", ".join(filter(None, [where.get("city"), where.get("country")])) or "no location"
    return (
        f"{line['file']}: {line['title']!r} {line['date'] or 'no date'} {line['kind']} at {place}; "
        f"participants: {people or 'none'}; statements={len(line['statements'])} "
        f"agreed_points={len(line['agreed_points'])} warnings={len(line['warnings'])}; "
        f"would be {line['outcome']}"
    )
