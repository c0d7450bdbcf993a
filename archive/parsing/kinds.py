"""Kind of encounter (meeting, phone call, video call) and who hosted an in-person meeting."""

from __future__ import annotations

import re
from typing import Final

from archive.parsing.places import find_location
from archive.parsing.results import make_participant
from archive.parsing.types import ParsedParticipant

KINDS: Final = ("meeting", "phone_call", "video_call", "other")
# Each pattern's lookahead holds the first letters of its words: other positions fail at once.
VIDEO_RE: Final = re.compile(
    r"(?=[vo])\b(?:video|videoconference|video-conference|videolink|virtual(?:ly)?|online\s+meeting)\b",
    re.IGNORECASE,
)
PHONE_RE: Final = re.compile(
    r"(?=[tpcs])(?:\b(?:tele)?phon(?:e|ed|ic)\b|\bcalls?\s+(?:with|between|from)\b|\bspoke\b"
    r"|\bspeaks\b|\btalked\b|\bcall\b)",
    re.IGNORECASE,
)
_IN_PERSON_CALL_RE: Final = re.compile(
    r"\b(?:(?:courtesy|farewell)\s+call|called\s+on|calls\s+on)\b", re.IGNORECASE
)
MEETING_RE: Final = re.compile(
    r"(?=[mtvrhscdwlb])\b(?:met|meets?|meeting|talks|visit\w*|received|receives|hosted|hosts|welcomed"
    r"|welcomes|summit"
    r"|consultations|dialogue|retreat"
    # "had a working lunch with X": a meal together is a meeting in person.
    r"|lunch|luncheon|dinner|breakfast|banquet|t[êe]te-[àa]-t[êe]te)\b",
    re.IGNORECASE,
)
_HOST_SUBJECT_RE: Final = re.compile(r"\b(?:received|receives|hosted|hosts|welcomed|welcomes)\b")
_PHONE_OR_CALL_RE: Final = re.compile(r"phone|call")
_HOST_OBJECT_RE: Final = re.compile(
    r"\b(?:called\s+on|calls\s+on|(?:courtesy|farewell)\s+call\s+on)\b"
)


def find_kind(verb: str, sentence: str, title: str) -> str:
    """meeting / phone_call / video_call from the opening verb, its sentence, then the headline."""
    if VIDEO_RE.search(sentence) or (not sentence and VIDEO_RE.search(title)):
        return "video_call"
    if _IN_PERSON_CALL_RE.search(verb):
        return "meeting"
    if PHONE_RE.search(verb):
        # "spoke with X in Kyiv" reports an in-person conversation.
        if not _PHONE_OR_CALL_RE.search(verb) and find_location(sentence)[0]:
            return "meeting"
        return "phone_call"
    if MEETING_RE.search(verb):
        return "meeting"
    for source in (sentence, title):
        if VIDEO_RE.search(source):
            return "video_call"
        if _IN_PERSON_CALL_RE.search(source):
            return "meeting"
        if PHONE_RE.search(source):
            return "phone_call"
        if MEETING_RE.search(source):
            return "meeting"
    # "held the Security Consultative Committee with X", "co-chaired the Joint Council ... with
    # X", "signed a memorandum with X": held, chaired or signed, and neither by phone nor video.
    return "meeting" if verb.startswith(_IN_PERSON_VERBS) else "other"


_IN_PERSON_VERBS: Final = (
    "held ",
    "co-chaired ",
    "chaired ",
    "co-chairs ",
    "chairs ",
    "convened ",
    "signed ",
    "signs ",
)


def mark_hosts(
    participants: tuple[ParsedParticipant, ...],
    country: str | None,
    city: str | None,
    verb: str,
    subject_count: int,
    opening_count: int | None = None,
) -> tuple[ParsedParticipant, ...]:
    """Hosts: the participants of the country the meeting is in, else the side the verb makes
    host ("X received Y", "Y called on X"). People added after the opening's `opening_count`
    ("Minister Y was accompanied by Z") are hosts with that side only when of its country."""
    hosts = {country} if country else set()
    if city in {"Brussels", "Strasbourg"}:
        hosts.add("EU")
    indexes = {i for i, p in enumerate(participants) if p.country in hosts}
    opening = len(participants) if opening_count is None else opening_count
    if not indexes and _HOST_SUBJECT_RE.search(verb):
        indexes = set(range(min(subject_count, opening)))
    if not indexes and _HOST_OBJECT_RE.search(verb):
        indexes = set(range(subject_count, opening))
    if indexes and opening < len(participants) and not hosts:
        sides = {participants[i].country for i in indexes}
        indexes |= {
            i for i in range(opening, len(participants)) if participants[i].country in sides
        }
    return tuple(
        make_participant(p.name, p.role, p.country, i in indexes, p.aliases)
        for i, p in enumerate(participants)
    )
