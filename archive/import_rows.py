"""The importer's writes for a batch of readouts: new meetings, and stored ones rewritten.

`write_entries` stores many readouts with a fixed number of queries: one bulk insert per table
(meetings, their history, participants, statements, agreed points and the four topic and country
link tables), whatever the number of readouts. `rewrite_entries` replaces stored meetings' parses
the same way. What is written for each readout is worked out in `archive.import_entries`, and
the statements are `archive.bulk_sql`'s. Only `archive.importer` calls this module; it owns the
transaction around it.
"""

from __future__ import annotations

import re
from collections import Counter

from django.db import connection

from . import aggregate_cache, tally
from .bulk_sql import (
    delete_children,
    history_user_id,
    insert_history,
    insert_links,
    insert_objects,
    insert_rows,
    update_meetings,
)
from .import_cache import ImportCache
from .import_entries import (
    Checks,
    Entry,
    ParticipantRow,
    capture_key,
    children_of,
    fill_meeting,
    same_as,
    stored_captures,
)
from .import_history import IMPORT_REASON, RECORD_REASON, UPDATE_REASON
from .letters import plain_slug
from .models import AgreedPoint, Meeting, Participant, Statement
from .pg_import import insert_search_rows, note_batch_written, search_rows_written

SLUG_STEM_LENGTH = 110
_SLUG_TRIES = 6


def write_entries(entries: list[Entry], cache: ImportCache) -> None:
    """Insert new meetings for `entries` with everything under them; sets `entry.meeting`."""
    cache.people.catch_up()
    prepared = []
    earlier = stored_captures([entry.parsed for entry in entries])
    for entry in entries:
        entry.warnings = list(entry.parsed.warnings)
        checks = Checks(cache, entry.warnings)
        meeting = Meeting()
        fill_meeting(meeting, entry, checks)
        key = capture_key(meeting.title, meeting.held_on, meeting.publisher)
        if key is not None and key in earlier:
            # A record that carries its review status (an export) is stored with the warnings
            # its archive gave it, so that an export re-imports as it was; a text, or a record
            # without one, is flagged.
            if entry.review_status is None:
                entry.warnings.append(earlier[key])
        elif key is not None:
            earlier[key] = same_as(meeting.title, "an earlier readout of this import")
        children = children_of(entry, meeting, checks, cache)
        entry.meeting = meeting
        prepared.append((entry, *children))

    cache.people.save_new()
    _assign_slugs(entries, cache.slug_numbers)
    meetings = [e.meeting for e in entries]
    # The running counts of the new meetings are added once for the batch (see archive.tally).
    held = tally.hold()
    if cache.python_vectors():
        # PostgreSQL: the batch writes its search rows itself, after the links; the triggers
        # leave its meetings and their links alone meanwhile (migrations 0009 and 0010).
        with search_rows_written():
            insert_objects(Meeting, meetings)
            _insert_meeting_history(entries)
            _write_children(prepared)
            insert_search_rows(prepared)
    else:
        insert_objects(Meeting, meetings)
        _insert_meeting_history(entries)
        _write_children(prepared)
    if held:
        tally.count_new_meetings(
            [
                tally.NewMeeting(
                    entry.meeting.held_on,
                    countries,
                    topics,
                    len(entry.parsed.statements),
                    len(entry.parsed.agreed_points),
                )
                for entry, _participants, countries, topics, *_ in prepared
            ]
        )
    note_batch_written()


def rewrite_entry(entry: Entry, meeting: Meeting, cache: ImportCache) -> None:
    """Replace a stored meeting's parse with `entry`'s, keeping its slug and its row."""
    rewrite_entries([(entry, meeting)], cache)


def rewrite_entries(pairs: list[tuple[Entry, Meeting]], cache: ImportCache) -> None:
    """Replace stored meetings' parses with their entries' (`rewrite_entry` for many), keeping
    their slugs and rows: their old children go in one set of statements (`delete_children`)
    and the new ones come in one, as `write_entries` inserts a batch's. The same meeting twice
    is refused by the database (two children at one position), as the ORM would refuse it."""
    if not pairs:
        return
    delete_children(
        [meeting.pk for _entry, meeting in pairs],
        history_user=history_user_id(Statement, pairs[0][1]),
    )
    cache.people.catch_up()
    prepared = []
    for entry, meeting in pairs:
        entry.warnings = list(entry.parsed.warnings)
        checks = Checks(cache, entry.warnings)
        fill_meeting(meeting, entry, checks)
        children = children_of(entry, meeting, checks, cache)
        entry.meeting = meeting
        prepared.append((entry, *children))
    meetings = [meeting for _entry, meeting in pairs]
    update_meetings(meetings)
    insert_history(Meeting, [e.meeting for e, _m in pairs if not e.from_record], UPDATE_REASON, "~")
    insert_history(Meeting, [e.meeting for e, _m in pairs if e.from_record], RECORD_REASON, "~")
    cache.people.save_new()
    _write_children(prepared)
    aggregate_cache.archive_changed()


def _write_children(prepared: list) -> None:
    all_participants: list[ParticipantRow] = []
    for entry, participants, *_ in prepared:
        for participant in participants:
            participant.meeting_id = entry.meeting.pk
        all_participants.extend(participants)
    ids = insert_rows(
        Participant,
        ["meeting_id", "person_id", "role", "country_id", "is_host", "position"],
        [
            (p.meeting_id, p.person_id, p.role, p.country_id, p.is_host, p.position)
            for p in all_participants
        ],
    )
    for participant, pk in zip(all_participants, ids, strict=True):
        participant.pk = pk

    statements: list[tuple] = []
    statement_topics_of: list[list[int]] = []
    points: list[tuple] = []
    point_topics_of: list[list[int]] = []
    meeting_countries, meeting_topics = [], []
    for entry, participants, countries, topics, statement_topics, point_topics in prepared:
        pk = entry.meeting.pk
        for i, s in enumerate(entry.parsed.statements):
            known = s.speaker is not None and 0 <= s.speaker < len(participants)
            speaker = participants[s.speaker].pk if known else None
            joint = s.joint and speaker is None
            statements.append((pk, speaker, joint, s.text, i, s.start, max(s.start, s.end)))
        statement_topics_of += statement_topics
        for i, a in enumerate(entry.parsed.agreed_points):
            points.append((pk, a.text, i, a.start, max(a.start, a.end)))
        point_topics_of += point_topics
        meeting_countries += [(pk, c) for c in countries]
        meeting_topics += [(pk, t) for t in topics]
    statement_ids = insert_rows(
        Statement,
        ["meeting_id", "speaker_id", "joint", "text", "position", "start_offset", "end_offset"],
        statements,
    )
    point_ids = insert_rows(
        AgreedPoint, ["meeting_id", "text", "position", "start_offset", "end_offset"], points
    )
    insert_links(Meeting.countries.through, "meeting_id", "country_id", meeting_countries)
    insert_links(Meeting.topics.through, "meeting_id", "topic_id", meeting_topics)
    insert_links(
        Statement.topics.through,
        "statement_id",
        "topic_id",
        [
            (pk, t)
            for pk, slugs in zip(statement_ids, statement_topics_of, strict=True)
            for t in slugs
        ],
    )
    insert_links(
        AgreedPoint.topics.through,
        "agreedpoint_id",
        "topic_id",
        [(pk, t) for pk, slugs in zip(point_ids, point_topics_of, strict=True) for t in slugs],
    )


def _insert_meeting_history(entries: list[Entry]) -> None:
    """The new meetings' first history rows, each labelled by what it was written from."""
    insert_history(Meeting, [e.meeting for e in entries if not e.from_record], IMPORT_REASON)
    insert_history(Meeting, [e.meeting for e in entries if e.from_record], RECORD_REASON)


def slug_stem(entry: Entry, title: str) -> str:
    parsed = entry.parsed
    base = f"{parsed.held_on.isoformat()} {title}" if parsed.held_on else title
    return (plain_slug(base) or "readout")[:SLUG_STEM_LENGTH].strip("-")


def _assign_slugs(entries: list[Entry], numbers: dict[str, int]) -> None:
    """Unique slugs for new meetings: a record's own when free, else date and title, numbered.

    One query checks the batch's first choices (a record's own slug, the plain stem), each an
    exact match on the slug's index, unlike a prefix search; a second asks about the numbered
    ones only for the meetings that may need them (a first choice in use, or wanted by another
    meeting of the batch). Each slug asked about is a probe of that index, so asking about every
    numbered one too made the query seven times larger and, with an index too large to stay in
    memory, grew with the archive. A meeting none of whose checked slugs is free falls back to
    asking one by one.
    """
    wanted: list[tuple[list[str], list[str]]] = []
    for entry in entries:
        stem = slug_stem(entry, entry.meeting.title)
        first = ([entry.slug[:120]] if entry.slug else []) + [stem]
        wanted.append((first, [f"{stem}-{n}" for n in range(2, _SLUG_TRIES + 1)]))
    asked = {slug for first, _numbered in wanted for slug in first}
    taken = _taken_slugs(sorted(asked))
    demand = Counter(slug for first, _numbered in wanted for slug in set(first))
    more = {
        slug
        for first, numbered in wanted
        if all(slug in taken or demand[slug] > 1 for slug in first)
        for slug in numbered
    } - asked
    if more:
        taken |= _taken_slugs(sorted(more))
        asked |= more
    for entry, (first, numbered) in zip(entries, wanted, strict=True):
        candidates = first + numbered
        free = next((slug for slug in candidates if slug in asked and slug not in taken), None)
        if free is None:
            free = _next_free(numbered[-1].rsplit("-", 1)[0], taken, numbers)
        taken.add(free)
        entry.meeting.slug = free


def _taken_slugs(slugs: list[str]) -> set[str]:
    """The meeting slugs among `slugs` already in use (the ORM's `slug__in` prepared each of a
    batch's 1,400 candidates one by one, at four times the query's cost)."""
    quote = connection.ops.quote_name
    taken: set[str] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(slugs), 5000):
            chunk = slugs[start : start + 5000]
            cursor.execute(
                f"SELECT {quote('slug')} FROM {quote(Meeting._meta.db_table)} "  # noqa: S608
                f"WHERE {quote('slug')} IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            taken.update(row[0] for row in cursor.fetchall())
    return taken


def _next_free(stem: str, taken: set[str], numbers: dict[str, int]) -> str:
    """The next "<stem>-N" after every one in use; the run remembers N, a busy stem asks once."""
    if stem not in numbers:
        pattern = re.compile(rf"^{re.escape(stem)}-(\d+)$")
        used = Meeting.objects.filter(slug__startswith=f"{stem}-").values_list("slug", flat=True)
        found = [int(m.group(1)) for slug in [*used, *taken] if (m := pattern.match(slug))]
        numbers[stem] = max([_SLUG_TRIES, *found])
    numbers[stem] += 1
    return f"{stem}-{numbers[stem]}"
