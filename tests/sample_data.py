"""Small builders for model tests that do not go through the importer."""

import hashlib
import itertools

from archive.models import AgreedPoint, Country, Meeting, Participant, Person, Statement

_counter = itertools.count(1)


def make_person(name: str, code: str) -> Person:
    n = next(_counter)
    return Person.objects.create(
        name=name, slug=f"person-{n}", country=Country.objects.get(code=code)
    )


def make_meeting(
    title: str = "Talks", codes: tuple[str, ...] = ("CN", "PK"), statements: int = 2
) -> Meeting:
    """A meeting between the first two countries with one participant each, and its text."""
    n = next(_counter)
    sentences = [f"Speaker {i} said point number {i} of meeting {n}." for i in range(statements)]
    agreed = f"The two sides agreed to meet again, meeting {n}."
    source = " ".join([*sentences, agreed])
    meeting = Meeting.objects.create(
        title=f"{title} {n}",
        slug=f"talks-{n}",
        kind=Meeting.Kind.MEETING,
        source_text=source,
        content_hash=hashlib.sha256(source.encode()).hexdigest(),
        publisher="Ministry of Foreign Affairs",
    )
    meeting.countries.set(codes)
    people = [make_person(f"Person {n}-{code}", code) for code in codes[:2]]
    participants = [
        Participant.objects.create(
            meeting=meeting, person=p, role="Foreign Minister", country_id=p.country_id, position=i
        )
        for i, p in enumerate(people)
    ]
    offset = 0
    for i, sentence in enumerate(sentences):
        Statement.objects.create(
            meeting=meeting,
            speaker=participants[i % len(participants)],
            text=sentence,
            position=i,
            start_offset=offset,
            end_offset=offset + len(sentence),
        )
        offset += len(sentence) + 1
    AgreedPoint.objects.create(
        meeting=meeting,
        text=agreed,
        position=0,
        start_offset=offset,
        end_offset=offset + len(agreed),
    )
    meeting.refresh_search_text()
    return meeting
