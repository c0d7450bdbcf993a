"""Publisher table: who published a readout, told from the text's own cues.

One row per publisher. Adding a ministry is adding a row: its key, country, display name, weighted
cues found in its releases, and the phrases it uses for its own unnamed officials.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Publisher:
    key: str
    country: str
    name: str
    # (regex, weight): a weight of 3 is a signature on its own, 1 is merely typical.
    cues: tuple[tuple[str, int], ...]
    # How the publisher refers to its own principal without naming a country.
    own_side: tuple[str, ...] = ()


PUBLISHERS: tuple[Publisher, ...] = (
    Publisher(
        "cn-mfa",
        "CN",
        "Ministry of Foreign Affairs of the People's Republic of China",
        (
            (r"\b[Tt]he Chinese side\b", 2),
            (r"\bState Councilor\b", 2),
            (r"\bheld (?:telephone |phone |video )?talks with\b", 1),
            (r"\blocal time\b", 1),
            (r"\bHolds? (?:Talks|Phone Call|Telephone Talks)\b", 2),
            (r"\bfmprc\.gov\.cn\b", 3),
            (r"\b(?:Xi Jinping|Wang Yi|Li Qiang|Qin Gang)\b", 1),
        ),
        ("the Chinese side", "China"),
    ),
    Publisher(
        "us-state",
        "US",
        "U.S. Department of State",
        (
            (r"attributable to (?:State Department )?Spokesperson", 4),
            (r"Office of the Spokesperson", 3),
            (r"\b[Tt]he Secretary\b", 2),
            (r"\bSecretary (?:of State )?[A-Z][a-z]+ (?:met|spoke|held)", 1),
            (r"\bstate\.gov\b", 3),
        ),
        ("The Secretary", "the United States"),
    ),
    Publisher(
        "us-whitehouse",
        "US",
        "The White House",
        (
            (r"\bThe White House\b", 2),
            (r"\bBRIEFING ROOM\b", 3),
            (r"\bReadout of President\b", 3),
            (r"\bPresident (?:Biden|Trump|Obama|[A-Z][a-z]+) spoke\b", 2),
            (r"\bThe President\b", 1),
            (r"\bwhitehouse\.gov\b", 3),
            (r"\bVice President Harris\b", 1),
        ),
        ("The President",),
    ),
    Publisher(
        "uk-gov",
        "GB",
        "UK Government (Prime Minister's Office, FCDO)",
        (
            (r"\bDowning Street spokesperson\b", 4),
            (r"\bPM (?:call|meeting|talks)\b", 3),
            (r"\bForeign Secretary\b", 2),
            (r"\bgov\.uk\b", 3),
            (r"\bUK\b", 1),
            (r"\bForeign, Commonwealth (?:and|&) Development\b", 2),
        ),
        ("The Prime Minister", "The Foreign Secretary"),
    ),
    Publisher(
        "jp-mofa",
        "JP",
        "Ministry of Foreign Affairs of Japan",
        (
            (r"\bThe overview is as follows\b", 4),
            (r"\bMinister for Foreign Affairs of Japan\b", 3),
            (r"\bcommencing at\b", 2),
            (r"for approximately \d+ minutes", 2),
            (r"\bmofa\.go\.jp\b", 3),
        ),
        ("the Japanese side",),
    ),
    Publisher(
        "kr-mofa",
        "KR",
        "Ministry of Foreign Affairs of the Republic of Korea",
        (
            (r"\bmofa\.go\.kr\b", 3),
            (r"\bthe Korean side\b", 1),
            (r"\bROK-", 1),
            (r"\b(?:had|held) a phone conversation with\b", 1),
            (r"^Minister of Foreign Affairs [A-Z][a-z]+ [A-Z]", 2),
            (r"\bKorean Peninsula\b", 1),
            (r"\bThe two [Mm]inisters\b", 1),
        ),
        ("the Korean side",),
    ),
    Publisher(
        "in-mea",
        "IN",
        "Ministry of External Affairs, India",
        (
            (r"\bShri\b", 4),
            (r"\bSmt\.?\s", 3),
            (r"\bExternal Affairs Minister\b", 2),
            (r"\bmea\.gov\.in\b", 3),
            (r"\bHis Excellency\b", 1),
            (r"\bThe two leaders\b", 1),
        ),
        ("the Indian side",),
    ),
    Publisher(
        "ru-mid",
        "RU",
        "Ministry of Foreign Affairs of the Russian Federation",
        (
            (r"\bRussian Foreign Minister\b", 3),
            (r"\b[Tt]he Russian side\b", 2),
            (r"\b(?:19|20)\d\d\d{1,2}:\d\d\b", 3),
            (r"side's initiative", 2),
            (r"\bmid\.ru\b", 3),
            (r"\bThe ministers discussed\b", 1),
        ),
        ("the Russian side",),
    ),
    Publisher(
        "sg-mfa",
        "SG",
        "Ministry of Foreign Affairs, Singapore",
        (
            (r"\bMinister for Foreign Affairs Dr\b", 4),
            (r"\bBoth Ministers\b", 1),
            (r"\bmfa\.gov\.sg\b", 3),
            (r"\bMINISTRY OF FOREIGN AFFAIRS\s+SINGAPORE\b", 4),
            (r"\bSingapore\b", 1),
        ),
        ("Singapore",),
    ),
    Publisher(
        "ca-gac",
        "CA",
        "Global Affairs Canada",
        (
            (r"[-–—]\s*Global Affairs Canada", 5),
            (r"\bThe Honourable\b", 1),
            (r"\bCanada\b", 1),
            (r"\bMinister [A-Z][a-z]+ (?:emphasized|highlighted|reiterated)", 1),
        ),
        ("Canada",),
    ),
    Publisher(
        "eu-eeas",
        "EU",
        "European External Action Service",
        (
            (r"\bHigh Representative\b", 3),
            (r"\bHR/VP\b", 3),
            (r"\bEEAS\b", 3),
            (r"\bthe EU\b", 1),
        ),
        ("The High Representative", "the EU"),
    ),
)

MIN_SCORE = 2


@functools.cache
def _compiled() -> tuple[tuple[Publisher, tuple[tuple[re.Pattern[str], int], ...]], ...]:
    return tuple(
        (p, tuple((re.compile(rx, re.MULTILINE), w) for rx, w in p.cues)) for p in PUBLISHERS
    )


def get_publisher(key: str | None) -> Publisher | None:
    for publisher in PUBLISHERS:
        if publisher.key == key:
            return publisher
    return None


def detect_publisher(text: str) -> Publisher | None:
    """The publisher whose cues score highest (at least MIN_SCORE), or None."""
    best: Publisher | None = None
    best_score = MIN_SCORE - 1
    sample = text[:20000]
    for publisher, cues in _compiled():
        score = sum(weight for rx, weight in cues if rx.search(sample))
        if score > best_score:
            best, best_score = publisher, score
    return best
