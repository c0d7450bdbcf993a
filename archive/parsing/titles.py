"""A title for readouts that print no headline: "Wang Yi and Qureshi: talks, 21 March 2022"."""

from __future__ import annotations

import datetime
from typing import Final

from archive.parsing.countries import country_name
from archive.parsing.types import ParsedParticipant

KIND_LABELS: Final = {
    "meeting": "talks",
    "phone_call": "phone call",
    "video_call": "video call",
    "other": "readout",
}


def make_title(
    participants: tuple[ParsedParticipant, ...], kind: str, held_on: datetime.date | None
) -> str:
    names = [_label(p) for p in participants[:4]]
    if not names:
        who = "Unidentified participants"
    elif len(names) == 1:
        who = names[0]
    else:
        who = ", ".join(names[:-1]) + " and " + names[-1]
    when = f", {held_on.day} {held_on.strftime('%B')} {held_on.year}" if held_on else ""
    return f"{who}: {KIND_LABELS.get(kind, 'readout')}{when}"


def _label(person: ParsedParticipant) -> str:
    if person.name:
        return person.name
    country = country_name(person.country)
    return f"{person.role} of {country}" if country and person.role else person.role or "Unnamed"
