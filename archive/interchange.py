"""The interchange format: one JSON object per readout, documented in docs/readout-format.md.

`import_readouts --dry-run --json` prints it for a parse, the archive's exports print it for stored
meetings (with provenance: publisher, source URL, source text, content hash, review status), and
`import_readouts` reads it back from `.jsonl` files, so an exported entry re-imports losslessly,
curators' edits included.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import AgreedPoint, Meeting, Participant, Statement
from .parsing import ParsedAgreedPoint, ParsedParticipant, ParsedReadout, ParsedStatement
from .people import name_key

FORMAT_VERSION = 1
KINDS = ("meeting", "phone_call", "video_call", "other")
REVIEW_STATUSES = ("needs_review", "reviewed")


class RecordError(ValueError):
    """An interchange record that cannot be imported; the message is one line."""


def publisher_display_name(key: str | None) -> str | None:
    """The human name of a parser publisher key ("cn-mfa"), from the parser's publisher table."""
    if not key:
        return None
    try:
        from .parsing.publishers import get_publisher
    except ImportError:  # pragma: no cover - the table is part of the parser
        return key
    publisher = get_publisher(key)
    return publisher.name if publisher else key


def _speaker_label(participant: ParsedParticipant | None) -> str | None:
    if participant is None:
        return None
    return participant.name or participant.role or None


def parsed_to_record(parsed: ParsedReadout, *, file: str | None = None) -> dict[str, Any]:
    """A parse as an interchange record (the `--dry-run --json` line), without provenance."""
    participants = list(parsed.participants)
    record: dict[str, Any] = {}
    if file is not None:
        record["file"] = file
    record.update(
        {
            "title": parsed.title,
            "date": parsed.held_on.isoformat() if parsed.held_on else None,
            "kind": parsed.kind,
            "multilateral": parsed.multilateral,
            "location": _location(parsed.location_city, parsed.location_country),
            "participants": [
                {
                    "name": p.name,
                    "role": p.role,
                    "country": p.country,
                    "is_host": p.is_host,
                    "aliases": list(p.aliases),
                }
                for p in participants
            ],
            "countries": list(parsed.countries),
            "statements": [
                {
                    "speaker": _speaker_label(
                        participants[s.speaker] if s.speaker is not None else None
                    ),
                    "speaker_index": s.speaker,
                    "joint": s.joint,
                    "text": s.text,
                    "start": s.start,
                    "end": s.end,
                    "topics": list(s.topics),
                }
                for s in parsed.statements
            ],
            "agreed_points": [
                {"text": a.text, "start": a.start, "end": a.end, "topics": list(a.topics)}
                for a in parsed.agreed_points
            ],
            "topics": list(parsed.topics),
            "warnings": list(parsed.warnings),
            "date_stated": parsed.date_stated,
            "published_on": parsed.published_on.isoformat() if parsed.published_on else None,
            "language": parsed.language,
            "publisher": publisher_display_name(parsed.publisher),
            "publisher_key": parsed.publisher,
            "publisher_country": parsed.publisher_country,
            "format": FORMAT_VERSION,
        }
    )
    return record


def _location(city: str | None, country: str | None) -> dict[str, Any] | None:
    if not city and not country:
        return None
    return {"city": city or None, "country": country or None}


def meetings_with_related(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """`queryset` with everything `meeting_to_record` reads, fetched in a fixed number of queries."""
    return queryset.select_related("location_country").prefetch_related(
        "countries",
        "topics",
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("person").order_by("position"),
        ),
        Prefetch(
            "statements",
            queryset=Statement.objects.prefetch_related("topics").order_by("position"),
        ),
        Prefetch(
            "agreed_points",
            queryset=AgreedPoint.objects.prefetch_related("topics").order_by("position"),
        ),
    )


def meeting_to_record(meeting: Meeting) -> dict[str, Any]:
    """A stored meeting as an interchange record, provenance included.

    Reads the meeting's related rows through `.all()`, so a meeting from `meetings_with_related`
    (or `records_for_meetings`) costs no further query.
    """
    participants = sorted(meeting.participants.all(), key=lambda p: p.position)
    index_of = {p.pk: i for i, p in enumerate(participants)}
    statements = sorted(meeting.statements.all(), key=lambda s: s.position)
    agreed_points = sorted(meeting.agreed_points.all(), key=lambda a: a.position)

    def speaker(statement: Statement) -> tuple[str | None, int | None]:
        if statement.speaker_id is None or statement.speaker_id not in index_of:
            return None, None
        i = index_of[statement.speaker_id]
        return participants[i].person.name if participants[i].person_id else (
            participants[i].role or None
        ), i

    statement_rows = []
    for s in statements:
        label, i = speaker(s)
        statement_rows.append(
            {
                "speaker": label,
                "speaker_index": i,
                "joint": s.joint and i is None,
                "text": s.text,
                "start": s.start_offset,
                "end": s.end_offset,
                "topics": sorted(t.slug for t in s.topics.all()),
            }
        )
    return {
        "title": meeting.title,
        "date": meeting.held_on.isoformat() if meeting.held_on else None,
        "kind": meeting.kind,
        "multilateral": meeting.multilateral,
        "location": _location(meeting.location_city, meeting.location_country_id),
        "participants": [
            {
                "name": p.person.name if p.person_id else None,
                "role": p.role,
                "country": p.country_id,
                "is_host": p.is_host,
                "aliases": list(p.person.aliases) if p.person_id else [],
                "person": p.person.slug if p.person_id else None,
            }
            for p in participants
        ],
        "countries": sorted(c.code for c in meeting.countries.all()),
        "statements": statement_rows,
        "agreed_points": [
            {
                "text": a.text,
                "start": a.start_offset,
                "end": a.end_offset,
                "topics": sorted(t.slug for t in a.topics.all()),
            }
            for a in agreed_points
        ],
        "topics": sorted(t.slug for t in meeting.topics.all()),
        "warnings": list(meeting.warnings or []),
        "date_stated": meeting.date_stated,
        "published_on": meeting.published_on.isoformat() if meeting.published_on else None,
        "language": meeting.language,
        "publisher": meeting.publisher or None,
        "source_url": meeting.source_url,
        "source_text": meeting.source_text,
        "content_hash": meeting.content_hash,
        "review_status": meeting.review_status,
        "slug": meeting.slug,
        "parse_fingerprint": meeting.parse_fingerprint,
        "imported_at": meeting.imported_at.isoformat() if meeting.imported_at else None,
        "updated_at": meeting.updated_at.isoformat() if meeting.updated_at else None,
        "format": FORMAT_VERSION,
    }


def records_for_meetings(queryset: QuerySet[Meeting], batch_size: int = 500) -> Iterator[dict]:
    """Records for every meeting of `queryset`, reading related rows batch by batch.

    The number of queries is constant per batch of `batch_size` meetings, whatever the number of
    participants, statements and agreed points.
    """
    if not queryset.query.order_by and not queryset.ordered:
        queryset = queryset.order_by("pk")
    for meeting in meetings_with_related(queryset).iterator(chunk_size=batch_size):
        yield meeting_to_record(meeting)


# Reading records back --------------------------------------------------------------------------


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise RecordError(message)


def _text(value: Any, where: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    _require(isinstance(value, str), f"{where} must be a string")
    return value


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    _require(
        isinstance(value, list) and all(isinstance(v, str) for v in value),
        f"{where} must be a list of strings",
    )
    return tuple(value)


def _span(item: dict, text: str, where: str) -> tuple[int, int]:
    start, end = item.get("start"), item.get("end")
    if start is None and end is None:
        # Records written by hand may leave offsets out: find the passage in the source.
        found = text.find(item["text"])
        return (found, found + len(item["text"])) if found >= 0 else (0, 0)
    _require(
        isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool),
        f"{where}: start and end must be integers",
    )
    _require(0 <= start <= end <= len(text), f"{where}: offsets {start}-{end} are outside the text")
    return start, end


def _date(value: Any, name: str = "date") -> datetime.date | None:
    if value is None:
        return None
    _require(isinstance(value, str), f"{name} must be a YYYY-MM-DD string or null")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RecordError(f"{name} {value!r} is not a YYYY-MM-DD date") from None


def record_to_parsed(record: dict[str, Any]) -> ParsedReadout:
    """The parse a record describes, checked; raises RecordError naming the first problem."""
    _require(isinstance(record, dict), "a record must be a JSON object")
    text = record.get("source_text")
    _require(
        isinstance(text, str) and text.strip() != "",
        "source_text is missing (only records with the readout's text can be imported)",
    )
    kind = record.get("kind", "other")
    _require(kind in KINDS, f"kind must be one of {', '.join(KINDS)}")
    location = record.get("location")
    _require(location is None or isinstance(location, dict), "location must be an object or null")
    location = location or {}

    raw_participants = record.get("participants") or []
    _require(isinstance(raw_participants, list), "participants must be a list")
    participants = []
    for n, item in enumerate(raw_participants, 1):
        where = f"participant {n}"
        _require(isinstance(item, dict), f"{where} must be an object")
        participants.append(
            ParsedParticipant(
                name=_text(item.get("name"), f"{where} name", optional=True) or None,
                role=_text(item.get("role") or "", f"{where} role") or "",
                country=_text(item.get("country"), f"{where} country", optional=True),
                is_host=bool(item.get("is_host", False)),
                aliases=_str_list(item.get("aliases"), f"{where} aliases"),
            )
        )

    raw_statements = record.get("statements") or []
    _require(isinstance(raw_statements, list), "statements must be a list")
    statements = []
    for n, item in enumerate(raw_statements, 1):
        where = f"statement {n}"
        _require(isinstance(item, dict), f"{where} must be an object")
        _text(item.get("text"), f"{where} text")
        start, end = _span(item, text, where)
        speaker = _speaker_index(item, participants, where)
        joint = item.get("joint", speaker is None)  # records from before "joint": both sides
        _require(isinstance(joint, bool), f"{where}: joint must be true or false")
        statements.append(
            ParsedStatement(
                speaker=speaker,
                text=item["text"],
                start=start,
                end=end,
                topics=_str_list(item.get("topics"), f"{where} topics"),
                joint=joint and speaker is None,
            )
        )

    raw_points = record.get("agreed_points") or []
    _require(isinstance(raw_points, list), "agreed_points must be a list")
    points = []
    for n, item in enumerate(raw_points, 1):
        where = f"agreed point {n}"
        _require(isinstance(item, dict), f"{where} must be an object")
        _text(item.get("text"), f"{where} text")
        start, end = _span(item, text, where)
        points.append(
            ParsedAgreedPoint(
                text=item["text"],
                start=start,
                end=end,
                topics=_str_list(item.get("topics"), f"{where} topics"),
            )
        )

    held_on = _date(record.get("date"))
    return ParsedReadout(
        title=_text(record.get("title") or "", "title") or "",
        held_on=held_on,
        date_stated=bool(record.get("date_stated", held_on is not None)),
        kind=kind,
        multilateral=bool(record.get("multilateral", False)),
        location_city=_text(location.get("city"), "location city", optional=True) or None,
        location_country=_text(location.get("country"), "location country", optional=True),
        publisher=_text(record.get("publisher_key"), "publisher_key", optional=True),
        publisher_country=_text(
            record.get("publisher_country"), "publisher_country", optional=True
        ),
        participants=tuple(participants),
        countries=_str_list(record.get("countries"), "countries"),
        statements=tuple(statements),
        agreed_points=tuple(points),
        topics=_str_list(record.get("topics"), "topics"),
        warnings=_str_list(record.get("warnings"), "warnings"),
        language=_text(record.get("language") or "en", "language") or "en",
        published_on=_date(record.get("published_on"), "published_on"),
    )


def _speaker_index(
    item: dict[str, Any], participants: list[ParsedParticipant], where: str
) -> int | None:
    index = item.get("speaker_index")
    if index is not None:
        _require(
            isinstance(index, int) and 0 <= index < len(participants),
            f"{where}: speaker_index {index!r} is not a participant",
        )
        return index
    label = _text(item.get("speaker"), f"{where} speaker", optional=True)
    if not label:
        return None
    # Without an index, the speaker is the one participant the label names.
    key = name_key(label)
    for match in (
        lambda p: p.name == label,
        lambda p: p.name is not None and name_key(p.name) == key,
        lambda p: p.name is None and name_key(p.role) == key,
    ):
        found = [i for i, p in enumerate(participants) if match(p)]
        if len(found) == 1:
            return found[0]
    raise RecordError(f"{where}: speaker {label!r} is not exactly one of the participants")
