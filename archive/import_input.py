"""What an import reads, made ready before anything is written: items and their entries.

An `Item` is a readout to import: a text with the caller's metadata, or an interchange record.
Its text is normalised and hashed (`normalise_text`, `content_hash`), a release reporting several
meetings is split into one text each (`split_meetings`), and a text is parsed and checked
(`parse_checked`; `preparse` in a worker process) into the `Entry` the importer writes from; a
record is checked as an import checks it (`entry_from_record`). `ImportFailed` says why a readout
cannot be stored.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from .import_cache import ImportCache
from .import_entries import Entry, search_vector
from .interchange import RecordError, parsed_to_record, publisher_display_name, record_to_parsed
from .models import Meeting, http_url
from .parsing import ParsedReadout, TopicSpec, cut_off_heading, meeting_sections, parse_readout

_LINE_ENDINGS = re.compile(r"\r\n?")


class ImportFailed(Exception):
    """A readout that cannot be stored; the message is one line for the user."""


def normalise_text(text: str) -> str:
    """The text as stored and hashed: byte order mark dropped, line endings as "\\n", blank lines
    and spaces trimmed at both ends (see `archive.importer`)."""
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


def prepare_entry(item: Item, cache: ImportCache) -> Entry:
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


def parse_entry(item: Item, entry: Entry, cache: ImportCache) -> None:
    """Parse an item's text into its entry, once (or take the parse done ahead of time)."""
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
