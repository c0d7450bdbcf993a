"""What `import_readouts --dry-run` reports: each readout's parse and what the import would do
with it, or why the import would not take it. Nothing is written; the only reads are the
curators' topics and the entries stored already under the same texts, which the import reports
unchanged or, with --update, rewrites when their parse changed (`archive.importer`), so that a
release of several meetings is reported as the import would store it (`archive.releases`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from django.db import DatabaseError

from .import_cache import ImportCache
from .import_entries import capture_key, meeting_texts, people_warnings, same_as, stored_captures
from .import_input import (
    ImportFailed,
    check_recognisable,
    content_hash,
    entry_from_record,
    normalise_text,
    resolve_publisher,
)
from .import_run import Options, Unit, unit_item
from .importer import CREATED, UNCHANGED, parse_text, review_reason, stored_outcomes
from .interchange import RecordError, parsed_to_record
from .models import Meeting
from .parsing import ParsedReadout
from .releases import left_out

# Readouts whose stored entries are looked up together, as the import reads a batch's.
CHUNK = 500
# The key of a line's `Foreseen`, taken out before the line is printed.
FORESEEN = "_foreseen"


def dry_run_lines(
    units: Iterator[Unit], options: Options, cache: ImportCache
) -> Iterator[tuple[Unit, dict[str, Any]]]:
    """Each unit with its line (`_line`), in order, saying what the import would do with it
    (`"outcome"`: created, updated or unchanged); the meetings of a release that the import
    would leave out, because another of its meetings fails, carry why instead of their parse."""
    # Each text seen so far in the run, with why the import would flag it for review (or None).
    seen: dict[str, str | None] = {}
    # The title, date and publisher of each meeting the run would create, with the warning a
    # later one of the same three would get (`archive.import_rows.write_entries`).
    captures: dict[tuple, str] = {}
    chunk: list[tuple[Unit, dict[str, Any]]] = []
    for unit in units:
        chunk.append(_line(unit, options, cache))
        if unit.last and len(chunk) >= CHUNK:
            yield from _as_imported(chunk, options, cache, seen, captures)
            chunk = []
    yield from _as_imported(chunk, options, cache, seen, captures)


def _as_imported(
    lines: list[tuple[Unit, dict[str, Any]]],
    options: Options,
    cache: ImportCache,
    seen: dict[str, str | None],
    captures: dict[tuple, str],
) -> list[tuple[Unit, dict[str, Any]]]:
    """The lines of whole releases as the import would store them: a text seen earlier in the
    run is unchanged, a stored one as `stored_outcomes` says, any other created; a release all
    or none. Each says whether the entry would need review and why (`_review_of`)."""
    parsed = [i for i, (_, line) in enumerate(lines) if "error" not in line]
    stored = _stored_outcomes([lines[i][0] for i in parsed], options, cache)
    stored_reviews = _stored_reviews([lines[i][1]["content_hash"] for i in parsed])
    foreseen = {i: lines[i][1].pop(FORESEEN) for i in parsed}
    stored_same = _stored_captures([f.parsed for f in foreseen.values()])
    for n, i in enumerate(parsed):
        unit, line = lines[i]
        key = line["content_hash"]
        outcome = UNCHANGED if key in seen else stored.get(n, CREATED)
        if isinstance(outcome, ImportFailed):
            seen.setdefault(key, None)
            lines[i] = (unit, {"file": unit.label, "error": str(outcome)})
            continue
        added = list(foreseen[i].people)
        capture = foreseen[i].capture
        if outcome == CREATED and key not in seen and capture is not None:
            # A second capture of a readout: of one stored, or of one earlier in the run.
            same = stored_same.get(capture) or captures.get(capture)
            added[:0] = [same] if same else []
            captures.setdefault(capture, foreseen[i].same_in_run)
        if key in seen:
            review = seen[key]
        elif outcome == UNCHANGED:
            review = stored_reviews.get(key)
        else:
            review = _review_of(unit, line, added)
        seen[key] = review
        line["outcome"] = outcome
        line["needs_review"] = review is not None
        line["review_reason"] = review
    outcomes = {
        i: line["error"] if "error" in line else line["outcome"] != UNCHANGED
        for i, (_, line) in enumerate(lines)
    }
    reasons = left_out([unit for unit, _ in lines], outcomes, would=True)
    return [
        (unit, {"file": unit.label, "error": reasons[i]} if i in reasons else line)
        for i, (unit, line) in enumerate(lines)
    ]


def _review_of(unit: Unit, line: dict[str, Any], added: list[str]) -> str | None:
    """Why the import would flag this parse for review, or None: a record's own review status,
    else any warning of the parse's or that the import would add (`Foreseen`)."""
    status = unit.record.get("review_status") if unit.record is not None else None
    warnings = [*line["warnings"], *added]
    needs = bool(warnings) if status is None else status == Meeting.ReviewStatus.NEEDS_REVIEW
    return review_reason(warnings) if needs else None


class Foreseen(NamedTuple):
    """What the import would add to a parse's warnings, as far as it can be told without
    writing: a capture of a stored readout or of one earlier in the run (the same title, date
    and publisher), and what finding its participants' people gives: a name that could be
    several people, a person flagged for review, a second mention of one person
    (`archive.import_entries.people_warnings`). Nothing is known before `migrate`."""

    parsed: ParsedReadout
    capture: tuple | None  # title, date and publisher; None when undated
    same_in_run: str  # the warning of a later capture in the same run
    people: list[str]


def _foreseen(
    parsed: ParsedReadout, publisher: str, slugs: tuple[str | None, ...], cache: ImportCache
) -> Foreseen:
    title = meeting_texts(parsed)[0]
    try:
        people = people_warnings(parsed, slugs, cache)
    except DatabaseError:
        people = []
    key = capture_key(title, parsed.held_on, publisher)
    return Foreseen(parsed, key, same_as(title, "an earlier readout of this import"), people)


def _stored_captures(parses: list[ParsedReadout]) -> dict:
    """`stored_captures`; none before `migrate`."""
    try:
        return stored_captures(parses)
    except DatabaseError:
        return {}


def _stored_reviews(hashes: list[str]) -> dict[str, str]:
    """Why each stored entry among `hashes` that needs review does; none before `migrate`."""
    try:
        rows = Meeting.objects.filter(
            content_hash__in=set(hashes), review_status=Meeting.ReviewStatus.NEEDS_REVIEW
        ).values_list("content_hash", "warnings")
        return {key: review_reason(warnings) for key, warnings in rows}
    except DatabaseError:
        return {}


def _stored_outcomes(
    units: list[Unit], options: Options, cache: ImportCache
) -> dict[int, str | ImportFailed]:
    """What the import would report for each unit stored already (`stored_outcomes`); none
    before `migrate`, when nothing is stored."""
    try:
        return stored_outcomes(
            [unit_item(unit, options) for unit in units],
            update=options.update,
            force=options.force,
            cache=cache,
        )
    except DatabaseError:
        return {}


def _line(unit: Unit, options: Options, cache: ImportCache) -> tuple[Unit, dict[str, Any]]:
    """The unit with its `--dry-run --json` object: the parse, or {"file", "error"}. A parse's
    holds under `FORESEEN` the warnings the import would add, for `_as_imported` to take out."""
    if unit.error is not None:
        return unit, {"file": unit.label, "error": unit.error}
    slugs: tuple[str | None, ...] = ()
    try:
        if unit.record is not None:
            # The checks the import makes, so a record the dry run passes is one it takes.
            entry = entry_from_record(unit.record)
            parsed, slugs = entry.parsed, entry.person_slugs
        else:
            parsed = parse_text(
                unit.text or "",
                published_on=options.published_on,
                publisher=options.publisher,
                cache=cache,
            )
            check_recognisable(parsed)
    except (ImportFailed, RecordError) as error:
        return unit, {"file": unit.label, "error": str(error)}
    except Exception as error:  # noqa: BLE001 - a parser fault must cost one line, not the run
        return unit, {
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
    line[FORESEEN] = _foreseen(parsed, line.get("publisher") or "", slugs, cache)
    return unit, line
