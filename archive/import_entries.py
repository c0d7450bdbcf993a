"""What an import writes for one readout, worked out before any row is written.

An `Entry` holds a parse with its text and metadata; from it come the meeting row's fields
(`fill_meeting`), its participants with their people found or created (`participants_for`), the
country codes and topics the database knows (`Checks`), and the warnings on the way, among them
a readout that looks like another capture of one stored already (`stored_captures`). The dry run
and the admin's preview ask the same functions, so that they warn as the import would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .import_cache import ImportCache
from .letters import title_key
from .models import Meeting, Person
from .parsing import ParsedReadout
from .pg_vector import meeting_vector_binary

# `Meeting.Kind.values` builds its list on every use.
_KINDS = frozenset(Meeting.Kind.values)


@dataclass
class Entry:
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
    # Written from an interchange record, not from a parse of its text.
    from_record: bool = False
    # PostgreSQL's search vector in binary form, when computed ahead (see archive.pg_vector).
    search_vector: bytes | None = None
    # Filled while writing.
    warnings: list[str] = field(default_factory=list)
    meeting: Meeting | None = None


def clip(value: str | None, limit: int) -> str:
    value = " ".join((value or "").split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


class Checks:
    """Country codes and topic slugs the database knows; unknown ones become warnings."""

    def __init__(self, cache: ImportCache, warnings: list[str]) -> None:
        self.codes = cache.country_codes()
        self.topic_ids = cache.topic_ids()
        self.warnings = warnings

    def country(self, code: str | None, what: str) -> str | None:
        if code and code not in self.codes:
            self.warnings.append(f"unknown country code {code!r} for {what}; left empty")
            return None
        return code or None

    def topics(self, slugs: tuple[str, ...]) -> list[int]:
        if not slugs:
            return []
        known = []
        for slug in dict.fromkeys(slugs):
            if slug in self.topic_ids:
                known.append(self.topic_ids[slug])
            else:
                self.warnings.append(f"unknown topic {slug!r}; left out")
        return known


def meeting_texts(parsed: ParsedReadout) -> tuple[str, str, str]:
    """(title, agreed_text, statements_text) of the meeting row for a parse: the columns the
    search index reads besides the source text."""
    return (
        clip(parsed.title, 300) or "Untitled readout",
        "\n".join(a.text for a in parsed.agreed_points),
        "\n".join(s.text for s in parsed.statements),
    )


def search_vector(parsed: ParsedReadout, text: str) -> bytes | None:
    """PostgreSQL's search vector of the meeting for a parse of `text`, in tsvector's binary
    form (None: let the database compute it)."""
    title, agreed_text, statements_text = meeting_texts(parsed)
    return meeting_vector_binary(title, agreed_text, statements_text, text)


def fill_meeting(meeting: Meeting, entry: Entry, checks: Checks) -> None:
    """Set a meeting's own fields from an entry (not its slug, review status or children)."""
    parsed = entry.parsed
    meeting.title, meeting.agreed_text, meeting.statements_text = meeting_texts(parsed)
    meeting.title_key = title_key(meeting.title)
    meeting.held_on = parsed.held_on
    meeting.date_stated = parsed.date_stated and parsed.held_on is not None
    meeting.published_on = parsed.published_on
    meeting.kind = parsed.kind if parsed.kind in _KINDS else Meeting.Kind.OTHER
    meeting.multilateral = parsed.multilateral
    meeting.location_city = clip(parsed.location_city, 120)
    meeting.location_country_id = checks.country(parsed.location_country, "the location")
    meeting.publisher = clip(entry.publisher, 200)
    meeting.source_url = entry.source_url
    meeting.source_text = entry.text
    meeting.content_hash = entry.content_hash
    meeting.language = clip(parsed.language, 10) or "en"
    meeting.parse_fingerprint = entry.fingerprint


@dataclass(slots=True)
class ParticipantRow:
    """A participant row to insert (a model object per row cost more than the insert)."""

    person: Person | None
    role: str
    country_id: str | None
    is_host: bool
    position: int
    meeting_id: int | None = None
    pk: int | None = None

    @property
    def person_id(self) -> int | None:
        # People created for the batch get their ids only when the batch writes them.
        return self.person.pk if self.person is not None else None


def people_warnings(
    parsed: ParsedReadout, person_slugs: tuple[str | None, ...], cache: ImportCache
) -> list[str]:
    """The warnings that finding a parse's participants' people gives, as an import gives them,
    without writing: people it creates wait unwritten in `cache.people` (batched), where later
    parses of the same run find them as the import would."""
    warnings: list[str] = []
    participants_for(parsed, person_slugs, Checks(cache, warnings), cache)
    return warnings


def participants_for(
    parsed: ParsedReadout,
    person_slugs: tuple[str | None, ...],
    checks: Checks,
    cache: ImportCache,
) -> list[ParticipantRow]:
    """Unsaved participant rows, their people found or created (an ambiguous name is flagged)."""
    rows: list[ParticipantRow] = []
    # People not written yet have no id: tell them apart by identity.
    used: set[int] = set()
    for i, p in enumerate(parsed.participants):
        code = checks.country(p.country, f"participant {p.name or p.role or i + 1}")
        person = None
        if p.name and p.name.strip():
            name = clip(p.name, 200)
            slug = person_slugs[i] if i < len(person_slugs) else None
            person = Person.objects.filter(slug=slug).first() if slug else None
            if person is None or _identity(person) in used:
                resolution = cache.people.resolve(name, code, tuple(p.aliases))
                if _identity(resolution.person) in used:
                    resolution = cache.people.create_flagged(
                        name, code, f'"{name}" appears twice among the participants'
                    )
                person = resolution.person
                if resolution.warning:
                    checks.warnings.append(resolution.warning)
                elif resolution.flagged:
                    checks.warnings.append(f'"{name}" is linked to a person flagged for review')
            used.add(_identity(person))
        rows.append(ParticipantRow(person, clip(p.role, 300), code, p.is_host, i))
    return rows


def _identity(person: Person) -> int:
    return person.pk if person.pk is not None else -id(person)


def capture_key(title: str, held_on: object, publisher: str) -> tuple[str, object, str] | None:
    """Title, date and publisher: two texts that share them are most likely two captures of one
    readout (a page copied twice, with a footer or a line more or less). Undated: no key."""
    if held_on is None:
        return None
    return (title.casefold(), held_on, publisher.casefold())


def same_as(title: str, where: str) -> str:
    return (
        f"Possibly the same readout as “{title}” ({where}): the same title, date and publisher;"
        " merge or delete one"
    )


def stored_captures(parses: list[ParsedReadout]) -> dict:
    """The stored meetings that share a capture key with any of `parses`, as the warning a new
    one gets ({capture key: warning}; the oldest of several is named): one query on the dates,
    whose index keeps it small."""
    dates = {parsed.held_on for parsed in parses if parsed.held_on is not None}
    if not dates:
        return {}
    titles = {meeting_texts(parsed)[0] for parsed in parses}
    rows = (
        Meeting.objects.filter(held_on__in=dates, title__in=titles)
        .order_by("-pk")
        .values_list("title", "held_on", "publisher", "slug")
    )
    return {capture_key(*row[:3]): same_as(row[0], row[3]) for row in rows}


def _review_status(entry: Entry) -> str:
    if entry.review_status is not None:
        return entry.review_status
    # A parse with nothing left to determine needs no review; any warning asks for one.
    if entry.warnings:
        return Meeting.ReviewStatus.NEEDS_REVIEW
    return Meeting.ReviewStatus.REVIEWED


def children_of(entry: Entry, meeting: Meeting, checks: Checks, cache: ImportCache) -> tuple:
    """What `archive.import_rows` writes under a meeting for an entry: its participants, country
    codes and topic ids, and its statements' and agreed points' topic ids; sets the meeting's
    warnings (the entry's, once each) and review status."""
    participants = participants_for(entry.parsed, entry.person_slugs, checks, cache)
    countries = [c for c in dict.fromkeys(entry.parsed.countries) if checks.country(c, "a party")]
    topics = checks.topics(entry.parsed.topics)
    statement_topics = [checks.topics(s.topics) for s in entry.parsed.statements]
    point_topics = [checks.topics(a.topics) for a in entry.parsed.agreed_points]
    entry.warnings[:] = list(dict.fromkeys(entry.warnings))
    meeting.warnings = list(entry.warnings)
    meeting.review_status = _review_status(entry)
    return participants, countries, topics, statement_topics, point_topics
