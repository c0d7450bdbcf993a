"""CSV rows and JSON envelopes for the exports of a filtered list.

CSV cells are neutralised against spreadsheet formula injection: a cell starting with `=`, `+`,
`-`, `@`, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as text
(OWASP's advice). JSON carries the interchange records of `archive.interchange`, so an export
re-imports through `import_readouts`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.paginator import Page
from django.db.models import Prefetch, QuerySet
from django.utils.text import slugify

from .models import AgreedPoint, Meeting, Participant, Statement

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
API_VERSION = 1

MEETING_COLUMNS = [
    "slug",
    "url",
    "title",
    "date",
    "date_stated",
    "kind",
    "multilateral",
    "location_city",
    "location_country",
    "countries",
    "participants",
    "topics",
    "agreed_points",
    "publisher",
    "source_url",
    "review_status",
]
AGREED_POINT_COLUMNS = [
    "meeting_slug",
    "url",
    "meeting_title",
    "date",
    "position",
    "countries",
    "topics",
    "text",
    # The number the meeting page shows (and a citation uses): `position` from 1.
    "number",
]
# A statement's CSV row is its JSON record, lists joined with ";" (`statement_row`).
STATEMENT_COLUMNS = [
    "meeting_slug",
    "url",
    "meeting_title",
    "date",
    "number",
    "speaker",
    "speaker_person",
    "speaker_role",
    "speaker_country",
    "joint",
    "countries",
    "topics",
    "text",
]
# The meeting's texts, which a row of one of its statements or agreed points does not read.
MEETING_TEXTS = (
    "meeting__source_text",
    "meeting__statements_text",
    "meeting__agreed_text",
    "meeting__warnings",
)


def file_name(kind: str, filters: Iterable[tuple[str, str]]) -> str:
    """ "meetings-pair-cn-pk-q-terrorism.csv": the export's file name says what it holds (the
    filters applied, as (parameter, value) pairs), so that several downloads do not take one
    name."""
    parts = [kind]
    for key, value in sorted(filters, key=lambda pair: pair[0]):
        parts.append(slugify(f"{key} {value}"))
    name = "-".join(parts)[:120].rstrip("-")
    return f"{name}.csv"


def neutralise(value: Any) -> str:
    """A cell value as text that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def meetings_for_export(queryset: QuerySet) -> QuerySet:
    """`queryset` with what the CSV row reads, fetched in a fixed number of queries per batch."""
    return queryset.select_related("location_country").prefetch_related(
        "countries",
        "topics",
        Prefetch(
            "participants",
            queryset=Participant.objects.select_related("person").order_by("position"),
        ),
    )


def _participant_label(p: Participant) -> str:
    """ "Wang Yi (Foreign Minister, CN)"; one the readout does not name "Foreign Minister (JP)"."""
    if p.person_id is None:
        return f"{p.display_name} ({p.country_id})" if p.country_id else p.display_name
    details = ", ".join(part for part in (p.role, p.country_id) if part)
    return f"{p.display_name} ({details})" if details else p.display_name


def meeting_row(meeting: Meeting, base_url: str) -> list[Any]:
    return [
        meeting.slug,
        base_url + meeting.get_absolute_url(),
        meeting.title,
        meeting.held_on.isoformat() if meeting.held_on else "",
        meeting.date_stated,
        meeting.kind,
        meeting.multilateral,
        meeting.location_city,
        meeting.location_country_id or "",
        ";".join(sorted(c.code for c in meeting.countries.all())),
        "; ".join(_participant_label(p) for p in meeting.participants.all()),
        ";".join(sorted(t.slug for t in meeting.topics.all())),
        meeting.agreed_text,
        meeting.publisher,
        meeting.source_url,
        meeting.review_status,
    ]


def meeting_csv_lines(queryset: QuerySet, base_url: str, batch_size: int = 500) -> Iterator[str]:
    meetings = meetings_for_export(queryset).iterator(chunk_size=batch_size)
    return csv_lines(MEETING_COLUMNS, (meeting_row(m, base_url) for m in meetings))


def agreed_points_for_export(queryset: QuerySet) -> QuerySet:
    """`queryset` with what an agreed point's record reads, in a fixed number of queries per
    batch, without its meeting's texts."""
    return (
        queryset.select_related("meeting")
        .defer(*MEETING_TEXTS)
        .prefetch_related("meeting__countries", "topics")
    )


def agreed_point_row(point: AgreedPoint, base_url: str) -> list[Any]:
    record = agreed_point_record(point, base_url)
    return [
        record["meeting_slug"],
        record["url"],
        record["meeting_title"],
        record["date"] or "",
        point.position,
        ";".join(record["countries"]),
        ";".join(record["topics"]),
        record["text"],
        record["number"],
    ]


def _passage_place(passage: AgreedPoint | Statement, base_url: str) -> dict[str, Any]:
    """Where an agreed point or a statement stands: its meeting, its address on the meeting's
    page and the number the page shows beside it."""
    meeting = passage.meeting
    return {
        "meeting_slug": meeting.slug,
        "meeting_url": base_url + meeting.get_absolute_url(),
        "url": base_url + passage.get_absolute_url(),
        "meeting_title": meeting.title,
        "date": meeting.held_on.isoformat() if meeting.held_on else None,
        "number": passage.position + 1,
    }


def agreed_point_record(point: AgreedPoint, base_url: str) -> dict[str, Any]:
    """An agreed point as the JSON list gives it: the CSV's columns, lists as lists, and the
    meeting's own address."""
    meeting = point.meeting
    return {
        **_passage_place(point, base_url),
        "countries": sorted(c.code for c in meeting.countries.all()),
        "topics": sorted(t.slug for t in point.topics.all()),
        "text": point.text,
    }


def agreed_point_csv_lines(
    queryset: QuerySet, base_url: str, batch_size: int = 500
) -> Iterator[str]:
    points = agreed_points_for_export(queryset).iterator(chunk_size=batch_size)
    return csv_lines(AGREED_POINT_COLUMNS, (agreed_point_row(p, base_url) for p in points))


def statements_for_export(queryset: QuerySet) -> QuerySet:
    """`queryset` with what a statement's record reads, in a fixed number of queries per batch."""
    return (
        queryset.select_related("meeting", "speaker__person")
        .defer(*MEETING_TEXTS)
        .prefetch_related("meeting__countries", "topics")
    )


def statement_record(statement: Statement, base_url: str) -> dict[str, Any]:
    """A statement as the JSON list gives it: where it stands (its meeting, the number the
    meeting page shows beside it and its address there), who said it and what was said.

    `speaker` is the label the meeting page heads it with (the person's name, or the role of a
    participant the readout does not name); `joint` is true when both or all sides say it, and
    a statement with neither is one the readout does not attribute.
    """
    meeting, speaker = statement.meeting, statement.speaker
    person = speaker.person if speaker is not None and speaker.person_id else None
    return {
        **_passage_place(statement, base_url),
        "speaker": (person.name if person else speaker.role or None) if speaker else None,
        "speaker_person": person.slug if person else None,
        "speaker_role": (speaker.role or None) if speaker else None,
        "speaker_country": speaker.country_id if speaker else None,
        "joint": statement.joint and speaker is None,
        "countries": sorted(c.code for c in meeting.countries.all()),
        "topics": sorted(t.slug for t in statement.topics.all()),
        "text": statement.text,
    }


def statement_row(statement: Statement, base_url: str) -> list[Any]:
    record = statement_record(statement, base_url)
    return [
        ";".join(value) if isinstance(value, list) else value
        for value in (record[name] for name in STATEMENT_COLUMNS)
    ]


def statement_csv_lines(queryset: QuerySet, base_url: str, batch_size: int = 500) -> Iterator[str]:
    statements = statements_for_export(queryset).iterator(chunk_size=batch_size)
    return csv_lines(STATEMENT_COLUMNS, (statement_row(s, base_url) for s in statements))


def page_envelope(
    page: Page, records: list[dict], *, count_exact: bool, url_for_page
) -> dict[str, Any]:
    """The JSON list shape: paging information around the page's records.

    `url_for_page(n)` gives the absolute address of page n with the same filters.
    """
    paginator = page.paginator
    return {
        "api_version": API_VERSION,
        "count": paginator.count,
        "count_exact": count_exact,
        "page": page.number,
        "per_page": paginator.per_page,
        "num_pages": paginator.num_pages,
        "next": url_for_page(page.next_page_number()) if page.has_next() else None,
        "previous": url_for_page(page.previous_page_number()) if page.has_previous() else None,
        "results": records,
    }
