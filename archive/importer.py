"""The one write path from a readout (its text, or an interchange record) to the database.

Every import runs inside one `transaction.atomic`: a readout is stored whole or not at all. The same
text is never stored twice: the content hash is the SHA-256 of the text after `normalise_text`
(byte order mark dropped, line endings as "\\n", blank lines and spaces trimmed at both ends), and
that normalised text is what `Meeting.source_text` keeps and what every offset points into.

Re-importing a stored text reports it unchanged. With `update=True` the text is parsed again and the
entry rewritten when the parser's output differs from the stored `parse_fingerprint`, except for a
reviewed entry that curators have edited, which is kept unless `force=True`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import Max

from . import pg_vector
from .import_rows import (
    IMPORT_REASON,
    RECORD_REASON,
    Entry,
    rewrite_entries,
    rewrite_entry,
    search_vector,
    write_entries,
)
from .interchange import (
    RecordError,
    meeting_to_record,
    meetings_with_related,
    parsed_to_record,
    publisher_display_name,
    record_to_parsed,
)
from .models import AgreedPoint, Country, Meeting, Participant, Statement, Topic, http_url
from .parsing import (
    ParsedReadout,
    TopicSpec,
    cut_off_heading,
    load_default_topics,
    meeting_sections,
    parse_readout,
)
from .people import PersonIndex
from .releases import Section, left_out

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# The note an unchanged result carries when a re-parse would have rewritten a curated entry.
KEPT_CURATED = "kept curators' edits to this reviewed entry; --force replaces them"

_LINE_ENDINGS = re.compile(r"\r\n?")


class ImportFailed(Exception):
    """A readout that cannot be stored; the message is one line for the user."""


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


@dataclass
class ImportCache:
    """What an import run reads once: topics, country codes, people. One per run or request."""

    people: PersonIndex = field(default_factory=lambda: PersonIndex(batched=True))
    _topics: dict[str, int] | None = None
    _topic_specs: tuple[TopicSpec, ...] | None = None
    _countries: frozenset[str] | None = None
    # Highest "-N" suffix handed out per meeting slug stem in this run.
    slug_numbers: dict[str, int] = field(default_factory=dict)
    _vectors: bool | None = None

    def python_vectors(self) -> bool:
        """Whether this run sends PostgreSQL's search vectors computed in Python (see
        archive.pg_vector): on PostgreSQL, once the database agreed with it on a sample."""
        if self._vectors is None:
            self._vectors = False
            if connection.vendor == "postgresql" and pg_vector.available():
                with connection.cursor() as cursor:
                    self._vectors = pg_vector.probe_matches(cursor)
        return self._vectors

    def topic_ids(self) -> dict[str, int]:
        if self._topics is None:
            self._topics = dict(Topic.objects.values_list("slug", "pk"))
        return self._topics

    def topic_specs(self) -> tuple[TopicSpec, ...]:
        if self._topic_specs is None:
            rows = Topic.objects.order_by("slug").values_list("slug", "name", "keywords")
            specs = tuple(
                TopicSpec(slug, name, tuple(keywords or ())) for slug, name, keywords in rows
            )
            self._topic_specs = specs or tuple(load_default_topics())
        return self._topic_specs

    def load_topics_or_defaults(self) -> None:
        """Read the curators' topics, or take the shipped taxonomy when there is no database yet.

        Only for dry runs, which must work before `migrate`; never inside a transaction.
        """
        try:
            self.topic_specs()
        except DatabaseError:
            self._topic_specs = tuple(load_default_topics())

    def country_codes(self) -> frozenset[str]:
        if self._countries is None:
            self._countries = frozenset(Country.objects.values_list("code", flat=True))
        return self._countries

    def forget_writes(self) -> None:
        """Drop what a rolled-back import may have added (people it created, slugs it used)."""
        self.people.reset()
        self.slug_numbers.clear()


def normalise_text(text: str) -> str:
    """The text as stored and hashed: see the module docstring."""
    text = _LINE_ENDINGS.sub("\n", text.removeprefix("\ufeff"))
    return text.strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def fingerprint(parsed: ParsedReadout) -> str:
    """A hash of everything the parser produced, to tell when a re-parse would differ."""
    payload = json.dumps(parsed_to_record(parsed), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=256)
def resolve_publisher(value: str | None) -> tuple[str | None, str | None]:
    """(parser key, display name) for a `--publisher` value: a key ("cn-mfa") or a name."""
    if not value or not value.strip():
        return None, None
    value = value.strip()
    try:
        from .parsing.publishers import PUBLISHERS
    except ImportError:  # pragma: no cover - the table is part of the parser
        return None, value
    for publisher in PUBLISHERS:
        if value.lower() in {publisher.key.lower(), publisher.name.lower()}:
            return publisher.key, publisher.name
    return None, value


def check_source_url(url: str) -> str:
    url = (url or "").strip()
    if url:
        try:
            http_url(url)
        except ValidationError:
            raise ImportFailed(f"source URL {url!r} is not an http or https address") from None
    return url


def check_recognisable(parsed: ParsedReadout) -> None:
    """Refuse text with nothing of a readout in it; anything partly recognised is kept for review.

    The parser makes a statement of any paragraph, so statements only count with a speaker, and a
    speaker needs a participant: no participants, no date and no agreed point means no readout.
    """
    if not parsed.participants and parsed.held_on is None and not parsed.agreed_points:
        raise ImportFailed(
            "no recognisable readout: no participants, no date, no attributed statements "
            "and no agreed points were found"
        )


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


# The parser's warning when it cannot tell the publisher from the text (archive.parsing.readout).
PUBLISHER_NOT_RECOGNISED = "Publisher not recognised from the text."


def publisher_named(parsed: ParsedReadout, key: str | None, display: str | None) -> ParsedReadout:
    """A publisher named by the importer that is not in the parser's table ("Department of
    Foreign Affairs of Ireland"): the text need not name it, so that is no warning."""
    if key is None and display and PUBLISHER_NOT_RECOGNISED in parsed.warnings:
        warnings = tuple(w for w in parsed.warnings if w != PUBLISHER_NOT_RECOGNISED)
        return dataclasses.replace(parsed, warnings=warnings)
    return parsed


@dataclass(frozen=True)
class Item:
    """One readout to import: its text (with the caller's metadata) or an interchange record."""

    source_name: str
    text: str | None = None
    record: dict[str, Any] | None = None
    published_on: datetime.date | None = None
    publisher: str | None = None
    source_url: str = ""
    # The parse done ahead of time in another process (see archive.import_run), if any.
    preparsed: Preparsed | None = None


@dataclass(frozen=True)
class Preparsed:
    """A parse done elsewhere: the parse and its fingerprint, or why it failed."""

    parsed: ParsedReadout | None = None
    fingerprint: str = ""
    failure: str | None = None  # ImportFailed's message
    crash: tuple[str, str] | None = None  # (exception class name, message) of a parser fault
    search_vector: bytes | None = None  # binary form, see archive.pg_vector

    def result(self) -> tuple[ParsedReadout, str]:
        if self.failure is not None:
            raise ImportFailed(self.failure)
        if self.crash is not None:
            # Raised under the parser's own exception name, so the message reads as it would
            # had the parse run here.
            raise type(self.crash[0], (Exception,), {})(self.crash[1])
        assert self.parsed is not None
        return self.parsed, self.fingerprint


def parse_checked(
    text: str,
    *,
    published_on: datetime.date | None,
    publisher_key: str | None,
    topics: tuple[TopicSpec, ...],
) -> tuple[ParsedReadout, str]:
    """Parse normalised text for import: (parse, fingerprint); ImportFailed if unrecognisable.

    Pure (no database), so it can run in a worker process.
    """
    parsed = parse_readout(text, published_on=published_on, publisher=publisher_key, topics=topics)
    check_recognisable(parsed)
    return parsed, fingerprint(parsed)


def preparse(
    text: str,
    *,
    published_on: datetime.date | None,
    publisher_key: str | None,
    topics: tuple[TopicSpec, ...],
    vector: bool = False,
) -> Preparsed:
    """`parse_checked` with its failure caught, to be carried back from a worker process;
    `vector` also computes the meeting's PostgreSQL search vector there."""
    text = normalise_text(text)
    try:
        parsed, digest = parse_checked(
            text,
            published_on=published_on,
            publisher_key=publisher_key,
            topics=topics,
        )
    except ImportFailed as error:
        return Preparsed(failure=str(error))
    except Exception as error:  # noqa: BLE001 - reported for its readout by the importer
        return Preparsed(crash=(type(error).__name__, str(error)))
    return Preparsed(parsed, digest, search_vector=search_vector(parsed, text) if vector else None)


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


def split_meetings(text: str) -> list[str]:
    """The texts of the meetings `text` reports: `[text]`, or one per meeting a release reports
    under a heading of its own (`archive.parsing.sections`), each normalised. ImportFailed for
    a release cut off after a heading: stored, its last meeting would be its heading alone and
    the one before it, or the whole release, would take that meeting's parties."""
    if (heading := cut_off_heading(text)) is not None:
        raise ImportFailed(
            f"the text ends at the heading {heading!r} with nothing under it: "
            "the release looks cut off; import the whole text"
        )
    sections = meeting_sections(text)
    return [text] if len(sections) == 1 else meeting_sections(normalise_text(text))


def section_label(source_name: str, number: int, count: int) -> str:
    """How messages name one of several meetings in one text: "FILE, meeting 2 of 3"."""
    return source_name if count == 1 else f"{source_name}, meeting {number} of {count}"


def import_text(
    text: str,
    *,
    source_name: str,
    published_on: datetime.date | None = None,
    publisher: str | None = None,
    source_url: str = "",
    cache: ImportCache | None = None,
) -> list[ImportResult]:
    """Store each meeting `text` reports (`split_meetings`), all or none: when one cannot be
    stored nothing is written and ImportFailed says why, a line for each meeting not stored,
    named as in `section_label` and worded as `import_readouts` words them."""
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
        outcomes = import_items(items, cache=cache)
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
            entries.append((i, _prepare(item, cache)))
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
                _parse(items[i], entry, cache)
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
) -> dict[int, str | ImportFailed]:
    """What `import_items` would report for each item whose text is stored already, UPDATED or
    UNCHANGED, or why it would fail, by its index; nothing is written. The dry run asks, so that
    it reports what an import with --update would do rather than take every stored entry to be
    unchanged. Items not stored, or that cannot be read, are left out. `entries`, when given,
    receives the entry each stored item's outcome was decided on (its re-parse, with --update),
    by index."""
    entries = {} if entries is None else entries
    for i, item in enumerate(items):
        with contextlib.suppress(ImportFailed):
            entries[i] = _prepare(item, cache)
    stored = _stored_meetings({entry.content_hash for entry in entries.values()})
    curation = Curation(stored.values()) if update else None
    outcomes: dict[int, str | ImportFailed] = {}
    for i, entry in entries.items():
        if (existing := stored.get(entry.content_hash)) is not None:
            try:
                outcomes[i] = _existing_outcome(
                    items[i], entry, existing, update, force, cache, curation
                )[0]
            except ImportFailed as error:
                outcomes[i] = error
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


def _prepare(item: Item, cache: ImportCache) -> Entry:
    """Check and hash an item; texts are parsed later, only if they are not stored already."""
    if item.record is not None:
        return entry_from_record(item.record)
    text = normalise_text(item.text or "")
    if not text:
        raise ImportFailed("empty text")
    key, display = resolve_publisher(item.publisher)
    return Entry(
        parsed=None,  # type: ignore[arg-type]
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        publisher=display or "",
        source_url=check_source_url(item.source_url),
        fingerprint="",
    )


def _parse(item: Item, entry: Entry, cache: ImportCache) -> None:
    if entry.parsed is not None:
        return
    key, display = resolve_publisher(item.publisher)
    if item.preparsed is not None:
        parsed, digest = item.preparsed.result()
        entry.search_vector = item.preparsed.search_vector
    else:
        parsed, digest = parse_checked(
            entry.text,
            published_on=item.published_on,
            publisher_key=key,
            topics=cache.topic_specs(),
        )
    entry.parsed = publisher_named(parsed, key, display)
    entry.fingerprint = digest
    entry.publisher = display or publisher_display_name(parsed.publisher) or ""


def entry_from_record(record: dict[str, Any]) -> Entry:
    """A record checked as an import checks it (normalised text, its hash, a known review
    status, an http address); ImportFailed says what is wrong."""
    try:
        parsed = record_to_parsed(record)
    except RecordError as error:
        raise ImportFailed(str(error)) from None
    text = normalise_text(record["source_text"])
    if text != record["source_text"]:
        raise ImportFailed(
            "source_text is not normalised (line endings \\n, no surrounding blank space), "
            "so its offsets cannot be trusted"
        )
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    stated = record.get("content_hash")
    if stated and stated != digest:
        raise ImportFailed(f"content_hash {stated} does not match source_text ({digest})")
    review_status = record.get("review_status")
    if review_status is not None and review_status not in Meeting.ReviewStatus.values:
        raise ImportFailed(f"review_status must be one of {', '.join(Meeting.ReviewStatus.values)}")
    slug = record.get("slug")
    return Entry(
        parsed=parsed,
        text=text,
        content_hash=digest,
        publisher=record.get("publisher") or publisher_display_name(parsed.publisher) or "",
        source_url=check_source_url(record.get("source_url") or ""),
        fingerprint=record.get("parse_fingerprint") or fingerprint(parsed),
        review_status=review_status,
        slug=slug if isinstance(slug, str) and slug else None,
        person_slugs=tuple(
            p.get("person") if isinstance(p, dict) and isinstance(p.get("person"), str) else None
            for p in record.get("participants") or []
        ),
        from_record=True,
    )


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
        _parse(item, entry, cache)
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


def written_from_record(meeting: Meeting) -> bool:
    """Whether the importer last wrote this entry from an interchange record (an archive's
    export), not from a parse of its text."""
    return Curation([meeting]).written_from_record(meeting)


def curated(meeting: Meeting) -> bool:
    """Whether curators have edited or approved this entry since the importer last wrote it
    (see `Curation`)."""
    return Curation([meeting]).curated(meeting)


class Curation:
    """What the history says of stored meetings, read for many at once (a few queries for a
    batch, not a few per meeting): when the importer last wrote each, from what, and whether
    curators have edited or approved it since.

    The importer labels its own history rows; any later change to the meeting (an admin save,
    the "mark reviewed" action) or any later edit of its participants, statements or agreed
    points counts. Edits that a forced re-import replaced do not.
    """

    _CHUNK = 500

    def __init__(self, meetings) -> None:
        self._ids = [meeting.pk for meeting in meetings]
        self._read = False
        # Per meeting: (history date, history id, reason) of the importer's last row.
        self._written: dict[int, tuple] = {}
        self._curated: set[int] = set()

    def _load(self) -> None:
        if self._read:
            return
        self._read = True
        history = Meeting.history.model
        for start in range(0, len(self._ids), self._CHUNK):
            ids = self._ids[start : start + self._CHUNK]
            own = history.objects.filter(
                id__in=ids, history_change_reason__startswith=IMPORT_REASON
            )
            for pk, when, number, reason in own.values_list(
                "id", "history_date", "history_id", "history_change_reason"
            ).order_by():
                if pk not in self._written or (when, number) > self._written[pk][:2]:
                    self._written[pk] = (when, number, reason)
            others = (
                history.objects.filter(id__in=ids)
                .exclude(history_change_reason__startswith=IMPORT_REASON)
                .values_list("id")
                .annotate(last=Max("history_date"))
                .order_by()
            )
            edited = [(pk, last) for pk, last in others]
            for model in (Participant, Statement, AgreedPoint):
                edited += (
                    model.history.model.objects.filter(
                        meeting_id__in=ids, history_type__in=["+", "~"]
                    )
                    .values_list("meeting_id")
                    .annotate(last=Max("history_date"))
                    .order_by()
                )
            for pk, last in edited:
                written = self._written.get(pk)
                if written is None or last > written[0]:
                    self._curated.add(pk)

    def curated(self, meeting: Meeting) -> bool:
        self._load()
        return meeting.pk in self._curated

    def written_from_record(self, meeting: Meeting) -> bool:
        self._load()
        written = self._written.get(meeting.pk)
        return written is not None and written[2].startswith(RECORD_REASON)
