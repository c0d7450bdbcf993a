"""ParsedParticipant tuples from the opening sentence's sides, with countries settled."""

from __future__ import annotations

from dataclasses import replace

from archive.parsing.names import name_aliases
from archive.parsing.participants import Draft, known_country, parse_side
from archive.parsing.types import ParsedParticipant, build


def build_participants(
    text: str, subject: str, obj: str, own_country: str | None
) -> tuple[ParsedParticipant, ...]:
    """Subject side first, then the counterpart side; nobody twice."""
    subject_side = parse_side(subject)
    object_side = parse_side(obj)
    principals = [d for d in subject_side + object_side if not _is_counterpart(d)]
    subject_side = [_fill_counterpart(d, principals) for d in subject_side]
    object_side = [_fill_counterpart(d, principals) for d in object_side]
    drafts = _place(subject_side, object_side, own_country)
    people: list[ParsedParticipant] = []
    seen: set[tuple[str | None, str, str | None]] = set()
    for d in drafts:
        key = (d.name, d.role if d.name is None else "", d.country)
        if key in seen:
            continue
        seen.add(key)
        aliases = name_aliases(d.name, text) if d.name else ()
        people.append(build(ParsedParticipant, d.name, d.role, d.country, False, aliases))
    return tuple(people)


def _is_counterpart(draft: Draft) -> bool:
    return draft.role.lower() in {"counterpart", "counterparts"}


def _fill_counterpart(draft: Draft, principals: list[Draft]) -> Draft:
    """ "his Japanese counterpart X" holds the same office as the principal named first."""
    if _is_counterpart(draft) and principals:
        return replace(draft, role=principals[0].role)
    return draft


def _place(
    subject_side: list[Draft], object_side: list[Draft], own_country: str | None
) -> list[Draft]:
    """Countries for people the text does not place: the publisher's own official first
    (the subject the publisher writes about), then well-known principals."""
    placed = {d.country for d in subject_side + object_side if d.country}
    if own_country and own_country not in placed:
        for i, d in enumerate(subject_side):
            if d.country is None:
                subject_side[i] = replace(d, country=own_country)
                placed.add(own_country)
                break
    drafts = subject_side + object_side
    for i, d in enumerate(drafts):
        if d.country is None:
            drafts[i] = replace(d, country=known_country(d.name))
    if own_country and own_country not in {d.country for d in drafts}:
        for i, d in enumerate(drafts):
            if d.country is None:
                drafts[i] = replace(d, country=own_country)
                break
    return drafts
