"""Where an in-person meeting took place, from its opening sentence."""

from __future__ import annotations

import re
from typing import Final

from archive.parsing.countries import (
    lookup_city,
    lookup_country,
    lookup_landmark,
    lookup_region,
    lookup_seat,
)
from archive.parsing.dates import DATE_RE

# Capital letters a place's name may open with: Latin-1's and those of Latin Extended-A and -B
# ("Łódź", "Žilina", "Ōsaka").
_CAPITAL: Final = "A-ZÀ-ÖØ-Þ" + "".join(c for c in map(chr, range(0x100, 0x250)) if c.isupper())
# The lookaheads below hold the first letters of the words: other positions fail at once.
_PLACE_RE: Final = re.compile(
    # "In Tokyo today, he met ...": a sentence may open with its place.
    # "visited Abuja yesterday, where he met ...": the place of the meetings that follow.
    # "visited Kuala Lumpur on 8 January and met ...": the same.
    r"(?=[iatvIA])\b(?:in|at|to|visiting|In|At|visited(?=\s+[^,.;]{1,80}(?:,\s+where|\s+and\s+"
    r"(?:also\s+)?met)\b))\s+"
    rf"(?:the\s+)?(?P<place>[{_CAPITAL}][\w'’.-]*"
    # "Sharm el-Sheikh", "Ras al-Khaimah": an article joined to the next word is part of the name.
    # "the" only after "of" ("Great Hall of the People"): "received today at the San Martín
    # Palace the Minister of ..." ends the place before the guest.
    rf"(?:\s+(?:[{_CAPITAL}][\w'’.-]*|(?:el|al)-[{_CAPITAL}][\w'’.-]*|de|da|es|la|el|al|of"
    r"|(?<=of\s)the"
    rf"|d['’][{_CAPITAL}][\w'’.-]*))*)"
    r"(?:,\s+(?P<region>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}))?"
)
# Clauses about later events: a future summit's city is not where this meeting happened.
_FUTURE_RE: Final = re.compile(
    r"(?=[aitlunwb])\b(?:ahead\s+of|in\s+preparation\s+for|to\s+prepare\s+for|looked\s+forward"
    r"|look\s+forward|upcoming|next\s+(?:week|month|year)|will\s+host|to\s+be\s+held|before\s+the)\b"
)
# What the meeting was about: "spoke with X to discuss a ceasefire in Gaza" is no call from Gaza.
_TOPIC_RE: Final = re.compile(
    r"(?=[tarcfi])\b(?:to\s+(?:discuss|review|exchange|address|coordinate)|about|regarding"
    # "spoke with X amid fighting in Gaza": the news the call was about, not where it was.
    r"|concerning|amid|amidst|against\s+the\s+backdrop|following\s+the|in\s+light\s+of)\b"
)
_NOT_PLACE_WORDS: Final = (
    "January February March April May June July August September October November December"
    " Monday Tuesday Wednesday Thursday Friday Saturday Sunday English French Chinese Russian"
    " Spanish Arabic Person Summit Meeting Conference Council Forum Dialogue Session Talks"
    " Geneva-based The A An"
)
_NOT_PLACES: Final = frozenset(_NOT_PLACE_WORDS.split())
_POSTED_TO_RE: Final = re.compile(
    r"\b(?:Ambassador|Envoy|(?<!High )Representative|Consul|High Commissioner|Charg[ée] d'Affaires)\b"
    r"[^,;.]{0,80}$"
)
_HEADLINE_PLACE_RE: Final = re.compile(
    r",\s+(?P<city>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}),\s+(?P<date>[^,]{3,12},?\s*\d{4})\s*$"
)
_EVENT_CITY_RE: Final = re.compile(
    # "on the margins of the general debate of the 79th session of the General Assembly".
    r"\b(?:sidelines|margins)\s+of\s+the\s+(?:(?:\d+\w*|[a-z][\w-]*)\s+){0,8}?"
    r"(?P<event>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
)
# A full stop and a space inside a place's words end the sentence ("Paris. It"), except after
# an abbreviation ("St. John's").
_SENTENCE_END_RE: Final = re.compile(r"(?<!\bSt)(?<!\bFt)(?<!\bMt)\.\s")
_SIDE_AFTER_RE: Final = re.compile(r"\s+side(?:['’]s)?\b")
_BUILDING_WORDS: Final = frozenset(["Palace", "Building", "House", "Hall", "Headquarters"])
_DC_RE: Final = re.compile(r"^Washington(?:,?\s*D\.?C\.?)?$")


def find_location(sentence: str) -> tuple[str | None, str | None]:
    """(city, country code) of the first place the sentence puts the meeting in."""
    future = _FUTURE_RE.search(sentence)
    if future:
        sentence = sentence[: future.start()]
    topic = _TOPIC_RE.search(sentence)
    if topic:
        sentence = sentence[: topic.start()]
    country_only: str | None = None
    unknown: str | None = None
    for m in _PLACE_RE.finditer(sentence):
        if m.group().startswith("to ") and _POSTED_TO_RE.search(sentence, 0, m.start()):
            continue  # "Ambassador of Egypt to Russia": where an envoy is posted
        # "held in Paris. It was co-chaired by ...": the sentence ends with the place.
        place = _SENTENCE_END_RE.split(m.group("place"), maxsplit=1)[0].rstrip(".")
        if _SIDE_AFTER_RE.match(sentence, m.end("place")):
            continue  # "at the Japanese side's request": a party, not a place
        region = (m.group("region") or "").rstrip(".")
        resolved = _resolve(place, region)
        if resolved is None:
            if unknown is None and _could_be_town(m.group(0), place):
                unknown = place
            continue
        if resolved[0] is not None:
            return resolved
        country_only = country_only or resolved[1]
    if country_only is None and unknown:
        return unknown, None  # a town missing from the table: the name, country for review
    if country_only is None:
        # "on the sidelines of the Antalya Diplomacy Forum": the forum's city.
        event = _EVENT_CITY_RE.search(sentence)
        if event:
            return _event_city(event.group("event"))
    return None, country_only


_SEAT_RE: Final = re.compile(
    r"\bat\s+(?:the\s+)?(?P<office>(?:Prime\s+Minister['’]s\s+(?:Official\s+Residence|Office)"
    r"|Presidential\s+(?:Office|Palace)|Malacañang\s+Palace|Federal\s+Chancellery"
    # Mexico's, Guatemala's and the Dominican Republic's presidents receive at a "National Palace".
    r"|National\s+Palace|Palacio\s+Nacional"
    r"|Ministry\s+of\s+(?:Foreign|External)\s+Affairs)\b(?!\s+of\b))"
)


def seat_place(sentence: str, country: str | None) -> tuple[str | None, str | None]:
    """ "held a summit meeting with X at the Prime Minister's Office": the seat of the country's
    government, the country being where the meeting took place (else the publisher's)."""
    m = _SEAT_RE.search(sentence) if "at " in sentence else None
    city = lookup_seat(" ".join(m.group("office").split()), country) if m else None
    return (city, country) if city else (None, None)


def headline_place(title: str) -> tuple[str | None, str | None]:
    """ "Foreign Minister X's talks with Y, Pyongyang, October 19, 2023": the place a headline
    prints before its closing date (a known city only)."""
    m = _HEADLINE_PLACE_RE.search(title)
    if not m or not DATE_RE.fullmatch(m.group("date")):
        return None, None
    code = lookup_city(m.group("city"))
    return (m.group("city"), code) if code else (None, None)


def _event_city(event: str) -> tuple[str | None, str | None]:
    """ "Antalya Diplomacy Forum" -> Antalya; "UN General Assembly" -> New York (a landmark)."""
    words = event.rstrip(".").split()
    for size in range(len(words), 0, -1):
        name = " ".join(words[:size])
        city = lookup_landmark(name) or (name if size < len(words) else None)
        code = lookup_city(city) if city else None
        if code:
            return city, code
    return None, None


def _could_be_town(phrase: str, place: str) -> bool:
    """ "in Windsor" may be a town; "at the Summit", "in March", "in English" are not."""
    words = place.split()
    if not phrase.startswith("in ") or len(words) > 3 or place in _NOT_PLACES:
        return False
    return not (lookup_country(words[0]) or any(w in _NOT_PLACES for w in words))


def _resolve(place: str, region: str) -> tuple[str | None, str] | None:
    words = place.split()
    # "Islamabad on" never happens (lower case stops it), but "Beijing Friday" can: try prefixes.
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[:size])
        if _DC_RE.match(candidate) or candidate == "Washington" and region.startswith("D"):
            return "Washington", "US"
        code = lookup_city(candidate)
        if code:
            return candidate, code
        # "Itamaraty Palace" is "Itamaraty"; "Istana Nurul Iman" (Brunei) is no "Istana".
        whole = size == len(words) or words[size] in _BUILDING_WORDS
        city = lookup_landmark(candidate) if whole else None
        if city:
            return city, lookup_city(city) or ""
        code = lookup_country(candidate)
        if code and candidate[0].isupper():
            return None, code
    if region:
        code = lookup_country(region) or lookup_country(region.split()[0]) or lookup_region(region)
        if code:
            return place, code
        code = lookup_city(region)
        if code:
            return region, code  # "at the Ministry of Foreign Affairs, Abuja": the city after
    return None
