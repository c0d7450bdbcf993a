"""Plain frozen dataclasses the parser returns; the importer maps them onto models."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ParsedParticipant:
    name: str | None
    role: str
    country: str | None
    is_host: bool
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedStatement:
    speaker: int | None
    text: str
    start: int
    end: int
    topics: tuple[str, ...] = ()
    # With no speaker: whether both or all sides say it ("The two sides agreed ..."), or whether
    # the text does not tell who does.
    joint: bool = False


@dataclass(frozen=True)
class ParsedAgreedPoint:
    text: str
    start: int
    end: int
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedReadout:
    title: str
    held_on: datetime.date | None
    date_stated: bool
    kind: str
    multilateral: bool
    location_city: str | None
    location_country: str | None
    publisher: str | None
    publisher_country: str | None
    participants: tuple[ParsedParticipant, ...]
    countries: tuple[str, ...]
    statements: tuple[ParsedStatement, ...]
    agreed_points: tuple[ParsedAgreedPoint, ...]
    topics: tuple[str, ...]
    warnings: tuple[str, ...]
    language: str = "en"
    # When the readout was published: the date given at import, else the one the page prints
    # (a date line, a dateline, a dated headline); None when neither is there.
    published_on: datetime.date | None = None


_new = object.__new__
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def build[T](cls: type[T], *values: Any) -> T:
    """`cls(*values)` with every field given, minus the cost of a frozen dataclass's __init__
    (one object.__setattr__ per field; a readout makes dozens of these objects). The result is
    the same object in every respect: equality, hash, repr, asdict and pickling see its fields."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    if len(values) != len(names):
        raise TypeError(f"{cls.__name__} takes {len(names)} values, got {len(values)}")
    made = _new(cls)
    made.__dict__.update(zip(names, values, strict=True))
    return made
