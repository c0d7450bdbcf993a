"""Groups of countries a readout names as one party ("talks with the E3"): their members.

A group is read as its member countries, so "the E3" at a meeting with Iran is three of the four
sides, not all of them. Only groups whose membership is fixed belong here (the G7's readouts
count the EU's High Representative among "the G7 ministers").
"""

from __future__ import annotations

import re
from typing import Final

from archive.parsing.countries import lookup_country

# name -> (its members' codes, the members as a list a side can name)
GROUPS: Final[dict[str, tuple[frozenset[str], str]]] = {
    "E3": (frozenset({"FR", "DE", "GB"}), "France, Germany and the United Kingdom"),
}
_GROUP_NAMES: Final = tuple(GROUPS)
# The groups' names as a subject's lower-cased words ("the e3 ministers").
GROUP_KEYS: Final = tuple(name.lower() for name in GROUPS)
_NAMES: Final = "|".join(re.escape(name) for name in GROUPS)
# The plural offices a side's list of countries can share ("the foreign ministers of A, B and C",
# "the E3 political directors": officials of each member, no one named "E3").
_PLURAL: Final = (
    r"(?:[\w-]+\s+){0,2}?(?:[Mm]inisters|[Ll]eaders|[Cc]ounterparts|[Dd]irectors(?:-[Gg]eneral)?)"
)
# "the foreign ministers of the E3", "the E3 Foreign Ministers", "the E3": the members, with the
# office given (a name printed right after the group is left as printed).
_OFFICE_OF_RE: Final = re.compile(
    rf"\b(?:[Tt]he\s+)?(?P<role>{_PLURAL})\s+of\s+the\s+(?P<group>{_NAMES})\b"
)
_GROUP: Final = rf"(?<![\w-])(?:[Tt]he\s+)?(?P<group>{_NAMES})"
_GROUP_OFFICE_RE: Final = re.compile(rf"{_GROUP}\s+(?P<role>{_PLURAL})\b(?!\s+[A-Z])")
_BARE_RE: Final = re.compile(rf"{_GROUP}(?=\s*$|\s*[,;)]|\s+and\s)")
# A sentence's subject naming a group, alone or beside one country: "The E3 ministers urged
# ...", "The E3 and Iran agreed ...", "Iran and the E3 agreed ...".
_COUNTRY: Final = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}"
_SUBJECT_RE: Final = re.compile(
    rf"(?:(?P<before>{_COUNTRY})\s+and\s+)?(?:[Tt]he\s+)?(?P<group>{_NAMES})(?:\s+{_PLURAL})?"
    rf"(?:\s+and\s+(?:the\s+)?(?P<after>{_COUNTRY}))?\s+(?:also\s+|further\s+|jointly\s+)?[a-z]"
)


def may_name_group(text: str) -> bool:
    """Whether a group's name occurs at all (one substring search per group)."""
    return any(name in text for name in _GROUP_NAMES)


def expand_groups(side: str) -> str:
    """A side with each group written as its members: "the E3 foreign ministers" is "the
    foreign ministers of France, Germany and the United Kingdom"."""
    for pattern in (_OFFICE_OF_RE, _GROUP_OFFICE_RE):
        side = pattern.sub(
            lambda m: f"the {m.group('role')} of {GROUPS[m.group('group')][1]}", side
        )
    return _BARE_RE.sub(lambda m: GROUPS[m.group("group")][1], side)


def group_subject_countries(body: str) -> frozenset[str] | None:
    """The countries a subject that names a group stands for, or None if it names none."""
    m = _SUBJECT_RE.match(body)
    if m is None:
        return None
    codes = set(GROUPS[m.group("group")][0])
    for other in (m.group("before"), m.group("after")):
        code = lookup_country(other) if other else None
        if other and code is None:
            return None  # "Secretary Rubio and the E3 ...": not a group and countries
        if code:
            codes.add(code)
    return frozenset(codes)


# "The Directors-General of France and Germany said ...": officials of the countries listed, one
# each, as "the E3 political directors" are of the group's members.
_OFFICIALS_OF_RE: Final = re.compile(
    rf"(?:[Tt]he\s+)?{_PLURAL}\s+of\s+(?P<countries>(?:the\s+)?{_COUNTRY}"
    rf"(?:(?:,\s+|,?\s+and\s+)(?:the\s+)?{_COUNTRY})+)\s+(?:also\s+|further\s+|jointly\s+)?[a-z]"
)
_LIST_SPLIT_RE: Final = re.compile(r",?\s+and\s+|,\s+")


def officials_subject_countries(body: str) -> frozenset[str] | None:
    """The countries a subject "the <officials> of A and B" stands for, or None if it names
    none (or a word of its list is no country)."""
    m = _OFFICIALS_OF_RE.match(body)
    if m is None:
        return None
    codes = set()
    for name in _LIST_SPLIT_RE.split(m.group("countries")):
        code = lookup_country(name.removeprefix("the "))
        if code is None:
            return None
        codes.add(code)
    return frozenset(codes)
