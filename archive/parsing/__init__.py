"""Pure readout parser: text in, frozen dataclasses out. Imports nothing from Django."""

from archive.parsing.countries import country_table
from archive.parsing.readout import parse_readout
from archive.parsing.sections import cut_off_heading, meeting_sections
from archive.parsing.topics import load_default_topics
from archive.parsing.types import (
    ParsedAgreedPoint,
    ParsedParticipant,
    ParsedReadout,
    ParsedStatement,
    TopicSpec,
)

__all__ = [
    "ParsedAgreedPoint",
    "ParsedParticipant",
    "ParsedReadout",
    "ParsedStatement",
    "TopicSpec",
    "country_table",
    "load_default_topics",
    "cut_off_heading",
    "meeting_sections",
    "parse_readout",
]
