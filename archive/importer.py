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

import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from .interchange import (
    RecordError,
    meeting_to_record,
    meetings_with_related,
    parsed_to_record,
    publisher_display_name,
    record_to_parsed,
)
from .models import (
    AgreedPoint,
    Country,
    Meeting,
    Participant,
    Person,
    Statement,
    Topic,
    http_url,
)
from .parsing import ParsedReadout, TopicSpec, load_default_topics, parse_readout
from .people import PersonIndex

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
IMPORT_REASON = "import"

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


@dataclass
class ImportCache:
    """What an import run reads once: topics, country codes, people. One per run or request."""

    people: PersonIndex = field(default_factory=PersonIndex)
    _topics: dict[str, int] | None = None
    _topic_specs: tuple[TopicSpec, ...] | None = None
    _countries: frozenset[str] | None = None

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

    def country_codes(self) -> frozenset[str]:
        if self._countries is None:
            self._countries = frozenset(Country.objects.values_list("code", flat=True))
        return self._countries

    def forget_writes(self) -> None:
        """Drop what a rolled-back import may have added (people it created)."""
        self.people.reset()


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
    key, _ = resolve_publisher(publisher)
    return parse_readout(
        normalise_text(text), published_on=published_on, publisher=key, topics=cache.topic_specs()
    )


@dataclass
class _Entry:
    """Everything one meeting row and its children are written from."""

    parsed: ParsedReadout
    text: str
    content_hash: str
    publisher: str
    source_url: str
    fingerprint: str
    review_status: str | None = None
    slug: str | None = None
    person_slugs: tuple[str | None, ...] = ()


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
    cache = cache or ImportCache()
    text = normalise_text(text)
    if not text:
        raise ImportFailed(f"{source_name}: empty text")
    source_url = check_source_url(source_url)
    key, display = resolve_publisher(publisher)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = Meeting.objects.filter(content_hash=digest).first()
    if existing is not None and not update:
        return ImportResult(UNCHANGED, existing, tuple(existing.warnings or ()))

    parsed = parse_readout(
        text, published_on=published_on, publisher=key, topics=cache.topic_specs()
    )
    check_recognisable(parsed)
    entry = _Entry(
        parsed=parsed,
        text=text,
        content_hash=digest,
        publisher=display or publisher_display_name(parsed.publisher) or "",
        source_url=source_url,
        fingerprint=fingerprint(parsed),
    )
    if existing is not None:
        if display is None:
            entry.publisher = existing.publisher or entry.publisher
        entry.source_url = source_url or existing.source_url
        if existing.parse_fingerprint == entry.fingerprint and not _metadata_changed(
            existing, entry
        ):
            return ImportResult(UNCHANGED, existing, tuple(existing.warnings or ()))
    return _store(entry, existing, force=force, cache=cache)


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
    cache = cache or ImportCache()
    try:
        parsed = record_to_parsed(record)
    except RecordError as error:
        raise ImportFailed(str(error)) from None
    text = normalise_text(record["source_text"])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if text != record["source_text"]:
        raise ImportFailed(
            "source_text is not normalised (line endings \\n, no surrounding blank space), "
            "so its offsets cannot be trusted"
        )
    stated = record.get("content_hash")
    if stated and stated != digest:
        raise ImportFailed(f"content_hash {stated} does not match source_text ({digest})")
    review_status = record.get("review_status")
    if review_status is not None and review_status not in Meeting.ReviewStatus.values:
        raise ImportFailed(f"review_status must be one of {', '.join(Meeting.ReviewStatus.values)}")
    slug = record.get("slug")
    entry = _Entry(
        parsed=parsed,
        text=text,
        content_hash=digest,
        publisher=record.get("publisher") or publisher_display_name(parsed.publisher) or "",
        source_url=check_source_url(record.get("source_url") or ""),
        fingerprint=record.get("parse_fingerprint") or fingerprint(parsed),
        review_status=review_status,
        slug=slug if isinstance(slug, str) and slug else None,
        person_slugs=tuple(
            p.get("person") if isinstance(p.get("person"), str) else None
            for p in record.get("participants") or []
        ),
    )
    existing = Meeting.objects.filter(content_hash=digest).first()
    if existing is not None and (not update or _same_record(existing, record)):
        return ImportResult(UNCHANGED, existing, tuple(existing.warnings or ()))
    return _store(entry, existing, force=force, cache=cache)


def _metadata_changed(meeting: Meeting, entry: _Entry) -> bool:
    return (meeting.publisher, meeting.source_url) != (entry.publisher, entry.source_url)


_VOLATILE_KEYS = {"imported_at", "updated_at", "slug", "file", "format"}


def _same_record(meeting: Meeting, record: dict[str, Any]) -> bool:
    stored = meeting_to_record(meetings_with_related(Meeting.objects.filter(pk=meeting.pk)).get())
    return {k: v for k, v in stored.items() if k not in _VOLATILE_KEYS} == {
        k: v for k, v in record.items() if k not in _VOLATILE_KEYS and k in stored
    }


def curated(meeting: Meeting) -> bool:
    """Whether curators have edited or approved this entry since it was imported.

    The importer labels its own history rows; any other change to the meeting (an admin save, the
    "mark reviewed" action) or any edit of its participants, statements or agreed points counts.
    """
    history = meeting.history.exclude(history_change_reason__startswith=IMPORT_REASON)
    if history.exists():
        return True
    edited = {"history_type__in": ["+", "~"]}
    for model in (Participant, Statement, AgreedPoint):
        if model.history.filter(meeting_id=meeting.pk, **edited).exists():
            return True
    return False


def _store(
    entry: _Entry, existing: Meeting | None, *, force: bool, cache: ImportCache
) -> ImportResult:
    reviewed = existing is not None and existing.review_status == Meeting.ReviewStatus.REVIEWED
    if reviewed and not force and curated(existing):
        note = "kept curators' edits to this reviewed entry; --force replaces them"
        return ImportResult(UNCHANGED, existing, (*tuple(existing.warnings or ()), note))
    try:
        with transaction.atomic():
            meeting, warnings = _write(entry, existing, cache)
    except Exception:
        cache.forget_writes()
        raise
    return ImportResult(UPDATED if existing else CREATED, meeting, warnings)


def _clip(value: str | None, limit: int) -> str:
    value = " ".join((value or "").split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _write(
    entry: _Entry, existing: Meeting | None, cache: ImportCache
) -> tuple[Meeting, tuple[str, ...]]:
    parsed = entry.parsed
    codes = cache.country_codes()
    topic_ids = cache.topic_ids()
    warnings = list(parsed.warnings)

    def country(code: str | None, what: str) -> str | None:
        if code and code not in codes:
            warnings.append(f"unknown country code {code!r} for {what}; left empty")
            return None
        return code or None

    def topics(slugs: tuple[str, ...]) -> list[int]:
        known = []
        for slug in dict.fromkeys(slugs):
            if slug in topic_ids:
                known.append(topic_ids[slug])
            else:
                warnings.append(f"unknown topic {slug!r}; left out")
        return known

    meeting = existing or Meeting(content_hash=entry.content_hash)
    if existing is not None:
        # Curators' and the previous parse's rows go; the new parse replaces them whole.
        existing.statements.all().delete()
        existing.agreed_points.all().delete()
        existing.participants.all().delete()
    title = _clip(parsed.title, 300) or "Untitled readout"
    meeting.title = title
    meeting.held_on = parsed.held_on
    meeting.date_stated = parsed.date_stated and parsed.held_on is not None
    meeting.kind = parsed.kind if parsed.kind in Meeting.Kind.values else Meeting.Kind.OTHER
    meeting.multilateral = parsed.multilateral
    meeting.location_city = _clip(parsed.location_city, 120)
    meeting.location_country_id = country(parsed.location_country, "the location")
    meeting.publisher = _clip(entry.publisher, 200)
    meeting.source_url = entry.source_url
    meeting.source_text = entry.text
    meeting.language = _clip(parsed.language, 10) or "en"
    meeting.parse_fingerprint = entry.fingerprint
    meeting.statements_text = "\n".join(s.text for s in parsed.statements)
    meeting.agreed_text = "\n".join(a.text for a in parsed.agreed_points)
    if existing is None:
        meeting.slug = _meeting_slug(entry.slug, parsed, title)

    # People first: an ambiguous name flags the meeting as well as the person.
    participants, person_warnings = _participants(entry, country, cache)
    warnings.extend(person_warnings)
    meeting.warnings = list(dict.fromkeys(warnings))
    if entry.review_status is not None:
        meeting.review_status = entry.review_status
    else:
        meeting.review_status = (
            Meeting.ReviewStatus.NEEDS_REVIEW if meeting.warnings else Meeting.ReviewStatus.REVIEWED
        )
    meeting._change_reason = f"{IMPORT_REASON}: update" if existing else IMPORT_REASON
    meeting.save()
    # The label is for this save only; a later save of the same object is someone else's.
    del meeting._change_reason

    for participant in participants:
        participant.meeting = meeting
    Participant.objects.bulk_create(participants)
    statements = [
        Statement(
            meeting=meeting,
            speaker=participants[s.speaker] if s.speaker is not None else None,
            text=s.text,
            position=i,
            start_offset=s.start,
            end_offset=max(s.start, s.end),
        )
        for i, s in enumerate(parsed.statements)
    ]
    Statement.objects.bulk_create(statements)
    points = [
        AgreedPoint(
            meeting=meeting,
            text=a.text,
            position=i,
            start_offset=a.start,
            end_offset=max(a.start, a.end),
        )
        for i, a in enumerate(parsed.agreed_points)
    ]
    AgreedPoint.objects.bulk_create(points)

    meeting_countries = []
    for code in dict.fromkeys(parsed.countries):
        if country(code, "a party") is not None:
            meeting_countries.append(code)
    if existing is not None:
        meeting.countries.clear()
        meeting.topics.clear()
    Meeting.countries.through.objects.bulk_create(
        [Meeting.countries.through(meeting_id=meeting.pk, country_id=c) for c in meeting_countries]
    )
    Meeting.topics.through.objects.bulk_create(
        [Meeting.topics.through(meeting_id=meeting.pk, topic_id=t) for t in topics(parsed.topics)]
    )
    Statement.topics.through.objects.bulk_create(
        [
            Statement.topics.through(statement_id=row.pk, topic_id=t)
            for row, s in zip(statements, parsed.statements, strict=True)
            for t in topics(s.topics)
        ]
    )
    AgreedPoint.topics.through.objects.bulk_create(
        [
            AgreedPoint.topics.through(agreedpoint_id=row.pk, topic_id=t)
            for row, a in zip(points, parsed.agreed_points, strict=True)
            for t in topics(a.topics)
        ]
    )
    final = list(dict.fromkeys(warnings))
    if final != meeting.warnings:
        # Unknown topics or countries found while writing the children.
        meeting.warnings = final
        if entry.review_status is None:
            meeting.review_status = Meeting.ReviewStatus.NEEDS_REVIEW
        Meeting.objects.filter(pk=meeting.pk).update(
            warnings=final, review_status=meeting.review_status
        )
    return meeting, tuple(final)


def _participants(
    entry: _Entry, country, cache: ImportCache
) -> tuple[list[Participant], list[str]]:
    warnings: list[str] = []
    rows: list[Participant] = []
    used: set[int] = set()
    for i, p in enumerate(entry.parsed.participants):
        code = country(p.country, f"participant {p.name or p.role or i + 1}")
        person = None
        if p.name and p.name.strip():
            name = _clip(p.name, 200)
            slug = entry.person_slugs[i] if i < len(entry.person_slugs) else None
            person = Person.objects.filter(slug=slug).first() if slug else None
            if person is None:
                resolution = cache.people.resolve(name, code, tuple(p.aliases))
                if resolution.person.pk in used:
                    resolution = cache.people.create_flagged(
                        name, code, f'"{name}" appears twice among the participants'
                    )
                person = resolution.person
                if resolution.warning:
                    warnings.append(resolution.warning)
                elif resolution.flagged:
                    warnings.append(f'"{name}" is linked to a person record flagged for review')
            used.add(person.pk)
        rows.append(
            Participant(
                person=person,
                role=_clip(p.role, 300),
                country_id=code,
                is_host=p.is_host,
                position=i,
            )
        )
    return rows, warnings


def _meeting_slug(preferred: str | None, parsed: ParsedReadout, title: str) -> str:
    """A unique meeting slug: the record's own when free, else date and title, numbered if taken."""
    from django.utils.text import slugify

    if preferred and not Meeting.objects.filter(slug=preferred).exists():
        return preferred[:120]
    base = f"{parsed.held_on.isoformat()} {title}" if parsed.held_on else title
    stem = (slugify(base) or "readout")[:110].strip("-")
    taken = set(Meeting.objects.filter(slug__startswith=stem).values_list("slug", flat=True))
    slug, n = stem, 1
    while slug in taken:
        n += 1
        slug = f"{stem}-{n}"
    return slug
