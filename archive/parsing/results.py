"""The parser's result objects, made without their frozen dataclass __init__.

A frozen dataclass sets each field through object.__setattr__, in a Python frame (types.py is
left interpreted so its classes pickle between the import's processes); a readout makes dozens of
these objects. Compiled, these functions write the fields straight into the new object's
__dict__, in field order: the objects are the same in every respect (equality, hash, repr,
asdict, pickling), as `types.build` makes them.
"""

from __future__ import annotations

import datetime

from archive.parsing.types import (
    ParsedAgreedPoint,
    ParsedParticipant,
    ParsedReadout,
    ParsedStatement,
)

_new = object.__new__


def make_participant(
    name: str | None, role: str, country: str | None, is_host: bool, aliases: tuple[str, ...]
) -> ParsedParticipant:
    made: ParsedParticipant = _new(ParsedParticipant)
    fields = made.__dict__
    fields["name"] = name
    fields["role"] = role
    fields["country"] = country
    fields["is_host"] = is_host
    fields["aliases"] = aliases
    return made


def make_statement(
    speaker: int | None,
    text: str,
    start: int,
    end: int,
    topics: tuple[str, ...],
    joint: bool = False,
) -> ParsedStatement:
    made: ParsedStatement = _new(ParsedStatement)
    fields = made.__dict__
    fields["speaker"] = speaker
    fields["text"] = text
    fields["start"] = start
    fields["end"] = end
    fields["topics"] = topics
    fields["joint"] = joint and speaker is None
    return made


def make_agreed_point(
    text: str, start: int, end: int, topics: tuple[str, ...]
) -> ParsedAgreedPoint:
    made: ParsedAgreedPoint = _new(ParsedAgreedPoint)
    fields = made.__dict__
    fields["text"] = text
    fields["start"] = start
    fields["end"] = end
    fields["topics"] = topics
    return made


def make_readout(
    title: str,
    held_on: datetime.date | None,
    date_stated: bool,
    kind: str,
    multilateral: bool,
    location_city: str | None,
    location_country: str | None,
    publisher: str | None,
    publisher_country: str | None,
    participants: tuple[ParsedParticipant, ...],
    countries: tuple[str, ...],
    statements: tuple[ParsedStatement, ...],
    agreed_points: tuple[ParsedAgreedPoint, ...],
    topics: tuple[str, ...],
    warnings: tuple[str, ...],
    published_on: datetime.date | None = None,
) -> ParsedReadout:
    made: ParsedReadout = _new(ParsedReadout)
    fields = made.__dict__
    fields["title"] = title
    fields["held_on"] = held_on
    fields["date_stated"] = date_stated
    fields["kind"] = kind
    fields["multilateral"] = multilateral
    fields["location_city"] = location_city
    fields["location_country"] = location_country
    fields["publisher"] = publisher
    fields["publisher_country"] = publisher_country
    fields["participants"] = participants
    fields["countries"] = countries
    fields["statements"] = statements
    fields["agreed_points"] = agreed_points
    fields["topics"] = topics
    fields["warnings"] = warnings
    fields["language"] = "en"
    fields["published_on"] = published_on
    return made
