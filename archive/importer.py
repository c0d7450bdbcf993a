"""The one write path from a readout (its text, or an interchange record) to the database.

Every import runs inside one `transaction.atomic`: a readout is stored whole or not at all. The same
text is never stored twice: the content hash is the SHA-256 of the text after `normalise_text`
(byte order mark dropped, line endings as "\\n", blank lines and spaces trimmed at both ends), and
that normalised text is what `Meeting.source_text` keeps and what every offset points into.

Re-importing a stored text reports it unchanged. With `update=True` the text is parsed again and the
entry rewritten when the parser's output differs from the stored `parse_fingerprint`, except for a
reviewed entry that curators have edited, which is kept unless `force=True`.

This module decides what happens to each readout and reports it; the work is done in
`archive.import_input` (items checked, hashed and parsed into entries, before any write),
`archive.import_rows` (a batch's writes) and `archive.import_history` (what curators have changed
since the importer last wrote an entry).
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction

from .import_cache import ImportCache
from .import_entries import Entry
from .import_history import Curation
from .import_input import (
    ImportFailed,
    Item,
    normalise_text,
    parse_entry,
    prepare_entry,
    publisher_named,
    resolve_publisher,
    section_label,
    split_meetings,
)
from .import_rows import rewrite_entries, rewrite_entry, write_entries
from .interchange import meeting_to_record, meetings_with_related
from .models import Meeting
from .parsing import ParsedReadout, parse_readout
from .releases import Section, left_out

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# The note an unchanged result carries when a re-parse would have rewritten a curated entry.
KEPT_CURATED = "kept curators' edits to this reviewed entry; --force replaces them"


@dataclass
class ImportResult:
    status: str
    meeting: Meeting
    warnings: tuple[str, ...] = ()

    @property
    def needs_review(self) -> bool:
        return self.meeting.review_status == Meeting.ReviewStatus.NEEDS_REVIEW

    @property
    def review_reason(self) -> str:
        """Why the entry needs review, as the admin's import page and the command both say it."""
        return review_reason(self.meeting.warnings)


def review_reason(warnings: list[str] | tuple[str, ...] | None) -> str:
    """The warnings that flag an entry for review, as one line; an entry flagged without any
    (a record that carried its review status, a curator's flag) says so."""
    return " ".join(warnings or ()) or "flagged for review, with no warning stored"


def parse_text(
    text: str,
    *,
    published_on: datetime.date | None = None,
    publisher: str | None = None,
    cache: ImportCache | None = None,
) -> ParsedReadout:
    """Parse normalised text with the curators' topics; the dry run and the import share this."""
    cache = cache or ImportCache()
    key, display = resolve_publisher(publisher)
    parsed = parse_readout(
        normalise_text(text), published_on=published_on, publisher=key, topics=cache.topic_specs()
    )
    return publisher_named(parsed, key, display)


def import_readout(
    text: str,
    *,
    source_name: str,
    published_on: datetime.date | None = None,
    publisher: str | None = None,
    source_url: str = "",
    update: bool = False,
    force: bool = False,
    cache: ImportCache | None = None,
) -> ImportResult:
    """Parse `text` and store it as a meeting; see the module docstring for the rules.

    `source_name` (a file name, "pasted text") is only used in messages. Raises ImportFailed.
    """
    item = Item(
        source_name,
        text=text,
        published_on=published_on,
        publisher=publisher,
        source_url=source_url,
    )
    return _one(import_items([item], update=update, force=force, cache=cache))


def import_text(
    text: str,
    *,
    source_name: str,
    published_on: datetime.date | None = None,
    publisher: str | None = None,
    source_url: str = "",
    update: bool = False,
    cache: ImportCache | None = None,
) -> list[ImportResult]:
    """Store each meeting `text` reports (`split_meetings`), all or none: when one cannot be
    stored nothing is written and ImportFailed says why, a line for each meeting not stored,
    named as in `section_label` and worded as `import_readouts` words them. `update` is the
    command's --update (without --force)."""
    texts = split_meetings(text)
    items = [
        Item(
            section_label(source_name, number, len(texts)),
            text=section,
            published_on=published_on,
            publisher=publisher,
            source_url=source_url,
        )
        for number, section in enumerate(texts, 1)
    ]
    with transaction.atomic():
        outcomes = import_items(items, update=update, cache=cache)
        failed = {i: str(o) for i, o in enumerate(outcomes) if isinstance(o, ImportFailed)}
        if failed and len(items) == 1:
            raise outcomes[0]  # type: ignore[misc]
        if failed:
            parts = [Section(item.source_name, source_name) for item in items]
            written = {i: o.status != UNCHANGED for i, o in enumerate(outcomes) if i not in failed}
            reasons = {**failed, **left_out(parts, {**written, **failed})}
            raise ImportFailed(
                "\n".join(f"{items[i].source_name}: {reasons[i]}" for i in sorted(reasons))
            )
    return outcomes  # type: ignore[return-value]


def import_record(
    record: dict[str, Any],
    *,
    source_name: str = "record",
    update: bool = False,
    force: bool = False,
    cache: ImportCache | None = None,
) -> ImportResult:
    """Store an interchange record (see docs/readout-format.md) through the same path.

    The record is taken as it stands, curators' edits included: nothing is re-parsed. Raises
    ImportFailed, with RecordError's message for a malformed record.
    """
    item = Item(source_name, record=record)
    return _one(import_items([item], update=update, force=force, cache=cache))


def _one(outcomes: list[ImportResult | ImportFailed]) -> ImportResult:
    if isinstance(outcomes[0], ImportFailed):
        raise outcomes[0]
    return outcomes[0]


def import_items(
    items: list[Item],
    *,
    update: bool = False,
    force: bool = False,
    cache: ImportCache | None = None,
    retry_alone: bool = True,
) -> list[ImportResult | ImportFailed]:
    """Import many readouts at once; one outcome per item, in order.

    New meetings are written together with a fixed number of queries. Should the database refuse
    that batch, each readout is written again on its own, so only the one at fault fails. Every
    readout is whole or absent: a failed item writes nothing.

    `retry_alone=False` is for a caller whose own transaction holds only this call: a refused
    batch raises the database's error instead, and the caller rolls back and imports each item
    alone (`archive.import_run`). That spares the savepoint the retry needs, whose journal on
    SQLite holds a copy of every page the batch changes.
    """
    cache = cache or ImportCache()
    outcomes: list[ImportResult | ImportFailed | None] = [None] * len(items)
    entries: list[tuple[int, Entry]] = []
    for i, item in enumerate(items):
        try:
            entries.append((i, prepare_entry(item, cache)))
        except ImportFailed as error:
            outcomes[i] = error
    stored = _stored_meetings({entry.content_hash for _, entry in entries})
    curation = Curation(stored.values()) if update else None
    new: list[tuple[int, Entry]] = []
    rewrites: list[tuple[int, Entry, Meeting]] = []
    first_of: dict[str, int] = {}
    for i, entry in entries:
        existing = stored.get(entry.content_hash)
        if entry.content_hash in first_of:
            outcomes[i] = first_of[entry.content_hash]  # resolved below, once written
        elif existing is None:
            try:
                parse_entry(items[i], entry, cache)
            except ImportFailed as error:
                outcomes[i] = error
                continue
            first_of[entry.content_hash] = i
            new.append((i, entry))
        else:
            try:
                status, note = _existing_outcome(
                    items[i], entry, existing, update, force, cache, curation
                )
            except ImportFailed as error:
                outcomes[i] = error
                continue
            if status == UPDATED:
                rewrites.append((i, entry, existing))
            else:
                warnings = tuple(existing.warnings or ())
                outcomes[i] = ImportResult(
                    UNCHANGED, existing, (*warnings, note) if note else warnings
                )
    _rewrite_stored(rewrites, outcomes, cache, retry_alone)
    _write_new(new, outcomes, cache, retry_alone)
    for i, outcome in enumerate(outcomes):
        if isinstance(outcome, int):
            # The same text twice in one batch: the second is the first, unchanged.
            first = outcomes[outcome]
            outcomes[i] = (
                ImportResult(UNCHANGED, first.meeting, first.warnings)
                if isinstance(first, ImportResult)
                else first
            )
    return outcomes  # type: ignore[return-value]


def stored_outcomes(
    items: list[Item],
    *,
    update: bool = False,
    force: bool = False,
    cache: ImportCache,
    entries: dict[int, Entry] | None = None,
    notes: dict[int, str] | None = None,
) -> dict[int, str | ImportFailed]:
    """What `import_items` would report for each item whose text is stored already, UPDATED or
    UNCHANGED, or why it would fail, by its index; nothing is written. The dry run asks, so that
    it reports what an import with --update would do rather than take every stored entry to be
    unchanged. Items not stored, or that cannot be read, are left out. `entries`, when given,
    receives the entry each stored item's outcome was decided on (its re-parse, with --update),
    by index; `notes`, the note an outcome carries (`KEPT_CURATED`), by index."""
    entries = {} if entries is None else entries
    for i, item in enumerate(items):
        with contextlib.suppress(ImportFailed):
            entries[i] = prepare_entry(item, cache)
    stored = _stored_meetings({entry.content_hash for entry in entries.values()})
    curation = Curation(stored.values()) if update else None
    outcomes: dict[int, str | ImportFailed] = {}
    for i, entry in entries.items():
        if (existing := stored.get(entry.content_hash)) is not None:
            try:
                outcomes[i], note = _existing_outcome(
                    items[i], entry, existing, update, force, cache, curation
                )
            except ImportFailed as error:
                outcomes[i] = error
                continue
            if note and notes is not None:
                notes[i] = note
    return outcomes


def _stored_meetings(hashes: set[str]) -> dict[str, Meeting]:
    return {
        m.content_hash: m
        for m in Meeting.objects.filter(content_hash__in=hashes).defer(
            "source_text", "statements_text", "agreed_text"
        )
    }


def _write_new(
    new: list[tuple[int, Entry]], outcomes: list, cache: ImportCache, retry_alone: bool = True
) -> None:
    if not new:
        return
    entries = [entry for _, entry in new]
    # Without the retry, a refused batch is the caller's to roll back and retry.
    held = transaction.atomic() if retry_alone else contextlib.nullcontext()
    try:
        with held:
            write_entries(entries, cache)
    except DatabaseError:
        if not retry_alone:
            raise
        cache.forget_writes()
        for pair in new:
            outcomes[pair[0]] = _write_alone(pair[1], cache)
        return
    for i, entry in new:
        outcomes[i] = ImportResult(CREATED, entry.meeting, tuple(entry.warnings))


def _write_alone(entry: Entry, cache: ImportCache) -> ImportResult | ImportFailed:
    """Write one entry after its batch was refused, telling a race from a real fault.

    Another import running at the same time may have stored the same text, or created a person
    this one was about to create, after this batch read the database: the first case is
    "unchanged", the second succeeds on a second try with the people read again.
    """
    error: DatabaseError | None = None
    for _ in range(2):
        try:
            with transaction.atomic():
                write_entries([entry], cache)
            return ImportResult(CREATED, entry.meeting, tuple(entry.warnings))
        except DatabaseError as refused:
            error = refused
            cache.forget_writes()
        stored = Meeting.objects.filter(content_hash=entry.content_hash).first()
        if stored is not None:
            return ImportResult(UNCHANGED, stored, tuple(stored.warnings or ()))
    detail = " ".join(str(error).split())[:200]
    return ImportFailed(f"the database refused the entry ({detail})")


def _rewrite_stored(
    rewrites: list[tuple[int, Entry, Meeting]],
    outcomes: list,
    cache: ImportCache,
    retry_alone: bool,
) -> None:
    """Rewrite the stored meetings whose parse changed, together (`rewrite_entries`). Should the
    database refuse that, each is rewritten again on its own, so only the one at fault fails;
    without `retry_alone` the refusal is the caller's, as for new meetings."""
    if not rewrites:
        return
    held = transaction.atomic() if retry_alone else contextlib.nullcontext()
    try:
        with held:
            meetings = Meeting.objects.in_bulk([existing.pk for _i, _entry, existing in rewrites])
            rewrite_entries(
                [(entry, meetings[existing.pk]) for _i, entry, existing in rewrites], cache
            )
    except DatabaseError:
        if not retry_alone:
            raise
        cache.forget_writes()
        for i, entry, existing in rewrites:
            outcomes[i] = _rewrite_alone(entry, existing, cache)
        return
    for i, entry, _existing in rewrites:
        outcomes[i] = ImportResult(UPDATED, entry.meeting, tuple(entry.warnings))


def _rewrite_alone(
    entry: Entry, existing: Meeting, cache: ImportCache
) -> ImportResult | ImportFailed:
    try:
        meeting = Meeting.objects.get(pk=existing.pk)
        with transaction.atomic():
            rewrite_entry(entry, meeting, cache)
    except DatabaseError as error:
        cache.forget_writes()
        detail = " ".join(str(error).split())[:200]
        return ImportFailed(f"the database refused the entry ({detail})")
    return ImportResult(UPDATED, meeting, tuple(entry.warnings))


def _existing_outcome(
    item: Item,
    entry: Entry,
    existing: Meeting,
    update: bool,
    force: bool,
    cache: ImportCache,
    curation: Curation | None = None,
) -> tuple[str, str]:
    """Whether importing `item` again rewrites the stored entry (UPDATED) or keeps it
    (UNCHANGED, with a note when it keeps curators' edits), without writing; ImportFailed when
    its text no longer parses."""
    if not update:
        return UNCHANGED, ""
    if item.record is not None:
        if _same_record(existing, item.record):
            return UNCHANGED, ""
    else:
        parse_entry(item, entry, cache)
        if not item.publisher:
            entry.publisher = existing.publisher or entry.publisher
        entry.source_url = entry.source_url or existing.source_url
        if existing.parse_fingerprint == entry.fingerprint and (
            existing.publisher,
            existing.source_url,
        ) == (entry.publisher, entry.source_url):
            return UNCHANGED, ""
    reviewed = existing.review_status == Meeting.ReviewStatus.REVIEWED
    # A reviewed entry written from a record holds what the record's archive made of it, which
    # a parse of its text would not give back: kept from a text as curators' edits are.
    curation = curation or Curation([existing])
    kept = curation.curated(existing) or (
        item.record is None and curation.written_from_record(existing)
    )
    if reviewed and not force and kept:
        return UNCHANGED, KEPT_CURATED
    return UPDATED, ""


_VOLATILE_KEYS = {"imported_at", "updated_at", "slug", "file", "format"}


def _same_record(meeting: Meeting, record: dict[str, Any]) -> bool:
    """Whether the stored entry already says what the record says (on the keys it gives)."""
    stored = meeting_to_record(meetings_with_related(Meeting.objects.filter(pk=meeting.pk)).get())
    keys = [k for k in record if k in stored and k not in _VOLATILE_KEYS]
    if "statements" in keys and not _has_joint(record["statements"]):
        # A record written before statements said "joint": compared without it.
        stored["statements"] = [
            {k: v for k, v in s.items() if k != "joint"} for s in stored["statements"]
        ]
    return all(stored[k] == record[k] for k in keys)


def _has_joint(statements: Any) -> bool:
    return isinstance(statements, list) and all(
        isinstance(s, dict) and "joint" in s for s in statements
    )
