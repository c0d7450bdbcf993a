"""Plain frozen dataclasses the parser returns; the importer maps them onto models."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


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
