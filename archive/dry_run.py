"""What `import_readouts --dry-run` reports: each readout's parse, or why the import would not
take it. Nothing is written; the only reads are the curators' topics and, for a release of
several meetings with one that fails, whether its other meetings are stored already, so that
the release is reported as the import would store it (`archive.releases`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import DatabaseError

from .import_run import Options, Unit
from .importer import (
    ImportCache,
    ImportFailed,
    check_recognisable,
    content_hash,
    entry_from_record,
    normalise_text,
    parse_text,
    resolve_publisher,
)
from .interchange import RecordError, parsed_to_record
from .models import Meeting
from .releases import left_out


def dry_run_lines(
    units: Iterator[Unit], options: Options, cache: ImportCache
) -> Iterator[tuple[Unit, dict[str, Any]]]:
    """Each unit with its `dry_run_line`, in order; the meetings of a release that the import
    would leave out, because another of its meetings fails, carry why instead of their parse."""
    release: list[tuple[Unit, dict[str, Any]]] = []
    for unit in units:
        release.append((unit, dry_run_line(unit, options, cache)))
        if unit.last:
            yield from as_imported(release)
            release = []
    yield from as_imported(release)


def as_imported(release: list[tuple[Unit, dict[str, Any]]]) -> list[tuple[Unit, dict[str, Any]]]:
    """The lines of one release's meetings as the import would store them: all or none."""
    if len(release) < 2 or not any("error" in line for _, line in release):
        return release
    stored = _stored({line["content_hash"] for _, line in release if "error" not in line})
    outcomes = {
        i: line["error"] if "error" in line else line["content_hash"] not in stored
        for i, (_, line) in enumerate(release)
    }
    reasons = left_out([unit for unit, _ in release], outcomes, would=True)
    return [
        (unit, {"file": unit.label, "error": reasons[i]} if i in reasons else line)
        for i, (unit, line) in enumerate(release)
    ]


def _stored(hashes: set[str]) -> set[str]:
    """Which of the texts are stored already: the import reports them unchanged, and a release
    is only left out whole if one of its meetings would be written. None before `migrate`."""
    try:
        return set(
            Meeting.objects.filter(content_hash__in=hashes).values_list("content_hash", flat=True)
        )
    except DatabaseError:
        return set()


def dry_run_line(unit: Unit, options: Options, cache: ImportCache) -> dict[str, Any]:
    """The `--dry-run --json` object for one unit: the parse, or {"file", "error"}."""
    if unit.error is not None:
        return {"file": unit.label, "error": unit.error}
    try:
        if unit.record is not None:
            # The checks the import makes, so a record the dry run passes is one it takes.
            parsed = entry_from_record(unit.record).parsed
        else:
            parsed = parse_text(
                unit.text or "",
                published_on=options.published_on,
                publisher=options.publisher,
                cache=cache,
            )
            check_recognisable(parsed)
    except (ImportFailed, RecordError) as error:
        return {"file": unit.label, "error": str(error)}
    except Exception as error:  # noqa: BLE001 - a parser fault must cost one line, not the run
        return {
            "file": unit.label,
            "error": f"could not be parsed ({type(error).__name__}: {error})",
        }
    line = parsed_to_record(parsed, file=unit.label)
    _, display = resolve_publisher(options.publisher)
    if display:
        line["publisher"] = display
    if options.source_url:
        line["source_url"] = options.source_url
    # With its text the line is a record `import_readouts FILE.jsonl` takes (as corrected).
    text = normalise_text(unit.text) if unit.record is None else unit.record["source_text"]
    line["source_text"] = text
    line["content_hash"] = content_hash(text)
    return line
