"""Builders for the page tests: meetings written straight through the ORM, with offsets that match.

Readouts here are written for tests; the real seed goes through the importer in the tests that need
the parser's output.
"""

import datetime
import hashlib
import itertools
from dataclasses import dataclass, field

from archive.models import AgreedPoint, Country, Meeting, Participant, Person, Statement, Topic

_counter = itertools.count(1)


def person(name: str, code: str, slug: str | None = None) -> Person:
    return Person.objects.create(
        name=name,
        slug=slug or f"{name.lower().replace(' ', '-')}-{code.lower()}-{next(_counter)}",
        country=Country.objects.get(code=code),
    )


@dataclass
class Said:
    """One statement: `who` is an index into the meeting's participants; None for a joint one, or
    with `joint` False for one the readout does not attribute."""

    who: int | None
    text: str
    joint: bool = True


@dataclass
class MeetingSpec:
    title: str
    held_on: datetime.date | None
    codes: tuple[str, ...] = ("CN", "PK")
    people: list[tuple[Person, str]] = field(default_factory=list)  # (person, role)
    said: list[Said] = field(default_factory=list)
    agreed: list[str] = field(default_factory=list)
    topics: tuple[str, ...] = ()
    city: str = ""
    source_url: str = ""
    publisher: str = "Ministry of Foreign Affairs (written for tests)"


def build(spec: MeetingSpec) -> Meeting:
    """Store the meeting; its source text is the statements then the agreed points, one a line."""
    n = next(_counter)
    lines = [s.text for s in spec.said] + spec.agreed
    source = f"{spec.title}\n\n" + "\n".join(lines) + f"\n(test meeting {n})"
    meeting = Meeting.objects.create(
        title=spec.title,
        slug=f"test-meeting-{n}",
        held_on=spec.held_on,
        date_stated=spec.held_on is not None,
        kind=Meeting.Kind.MEETING,
        multilateral=len(spec.codes) > 2,
        location_city=spec.city,
        location_country_id=spec.codes[-1] if spec.city else None,
        publisher=spec.publisher,
        source_url=spec.source_url,
        source_text=source,
        content_hash=hashlib.sha256(source.encode()).hexdigest(),
    )
    meeting.countries.set(spec.codes)
    meeting.topics.set(Topic.objects.filter(slug__in=spec.topics))
    participants = [
        Participant.objects.create(
            meeting=meeting,
            person=who,
            role=role,
            country_id=who.country_id,
            position=i,
            is_host=i == len(spec.people) - 1,
        )
        for i, (who, role) in enumerate(spec.people)
    ]
    offset = len(spec.title) + 2
    for position, said in enumerate(spec.said):
        Statement.objects.create(
            meeting=meeting,
            speaker=participants[said.who] if said.who is not None else None,
            joint=said.who is None and said.joint,
            text=said.text,
            position=position,
            start_offset=offset,
            end_offset=offset + len(said.text),
        )
        offset += len(said.text) + 1
    for position, text in enumerate(spec.agreed):
        point = AgreedPoint.objects.create(
            meeting=meeting,
            text=text,
            position=position,
            start_offset=offset,
            end_offset=offset + len(text),
        )
        point.topics.set(Topic.objects.filter(slug__in=spec.topics))
        offset += len(text) + 1
    meeting.refresh_search_text()
    return meeting
