"""Dates in the forms readouts print them, and relative words resolved against a printed date."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Final

from archive.parsing.countries import _trie_pattern

MONTHS: Final = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_NAMES: Final = sorted((name.capitalize() for name in MONTHS), key=len, reverse=True)
# Title case or capitals (White House and Singapore pages print "MARCH 02, 2023"), never
# lower case: "may 5" is a verb and a number.
# As a trie ("Ma(?:rch|r|y)" ...): a position is ruled out by its first letters, not by trying
# the names one after another. It matches what the plain alternation, longest name first, does.
_MONTH: Final = "(?:" + _trie_pattern(_MONTH_NAMES + [m.upper() for m in _MONTH_NAMES]) + r")\.?"
_DAY: Final = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# Russian pages glue a "15:01" timestamp straight onto the year: "20 February 202315:01".
_YEAR: Final = r"(?:19|20)\d\d(?:(?=\d{1,2}:\d\d)|(?!\d))"

# "5-6 March 2024", "May 10 and 11, 2023": a meeting over days is dated by its first day.
_RANGE: Final = rf"(?:\s*(?:[-–]|and|to)\s*{_DAY})?"
# "February 20 (local time), 2025": a time zone note between the day and the year.
_ZONE: Final = r"(?:\s*\((?:local|[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+time\))?"

# Every form opens with a digit or a month's capital: the lookahead fails any other position
# before the lookbehind and the alternatives are tried (a pattern opening with an assertion is
# tried at every position).
DATE_RE: Final = re.compile(
    rf"(?=[0-9JFMASOND])(?<![\w])(?:"
    rf"(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY}){_RANGE}{_ZONE}(?:\s*,\s*|\s+)(?P<mdy_y>{_YEAR})"
    rf"|(?P<dmy_d>{_DAY}){_RANGE}\s+(?:of\s+)?(?P<dmy_m>{_MONTH}){_ZONE},?\s+(?P<dmy_y>{_YEAR})"
    rf"|(?P<iso_y>(?:19|20)\d\d)[-/.](?P<iso_m>[01]\d)[-/.](?P<iso_d>[0-3]\d)(?!\d)"
    rf"|(?P<num_d>[0-3]?\d)[./](?P<num_m>[01]?\d)[./](?P<num_y>{_YEAR})"
    # "20-03-2025" (day first, as the numeric forms above; never a range "20-23 March").
    rf"|(?P<dash_d>[0-3]\d)-(?P<dash_m>[01]\d)-(?P<dash_y>{_YEAR})"
    rf"|(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY}){_RANGE}(?![\w:])"
    rf"|(?P<dm_d>{_DAY}){_RANGE}\s+(?:of\s+)?(?P<dm_m>{_MONTH})(?![\w])"
    rf")"
)

# The lookahead holds the words' first letters (as DATE_RE's does).
RELATIVE_RE: Final = re.compile(
    r"(?=[eltyoMTWFS])\b(?P<word>earlier today|later today|today|tonight"
    r"|this (?:morning|afternoon|evening)"
    r"|yesterday(?: (?:morning|afternoon|evening))?|last night|tomorrow"
    r"|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    # "President Biden spoke Tuesday with ...": the American weekday without "on".
    r"|(?:(?<=spoke )|(?<=met )|(?<=called ))(?-i:Monday|Tuesday|Wednesday|Thursday|Friday"
    r"|Saturday|Sunday))\b",
    re.IGNORECASE,
)
_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass
class DateMention:
    start: int
    end: int
    year: int | None
    month: int
    day: int

    def resolve(self, year: int | None = None) -> datetime.date | None:
        return _make_date(self.year or year, self.month, self.day)


def _make_date(year: int | None, month: int, day: int) -> datetime.date | None:
    if year is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _int(text: str) -> int:
    return int(_NOT_DIGIT_RE.sub("", text))


_NOT_DIGIT_RE: Final = re.compile(r"\D")


def _month(text: str) -> int:
    return MONTHS[text.rstrip(".").lower()]


_DIGIT_RE: Final = re.compile(r"\d")
# All a date may print before its first digit, besides spaces: a month name and its full stop.
_BEFORE_DIGIT: Final = max(len(name) for name in _MONTH_NAMES) + 1


def search_date(text: str, pos: int = 0) -> re.Match[str] | None:
    """DATE_RE.search(text, pos), begun just before the first digit from `pos`: every form holds
    a day or a year, after at most a month name and spaces. (DATE_RE opens with assertions, so
    it is tried at every position it is given; text without a date is most of a readout.)"""
    digit = _DIGIT_RE.search(text, pos)
    if digit is None:
        return None
    start = digit.start()
    while start > pos and text[start - 1].isspace():
        start -= 1
    return DATE_RE.search(text, max(pos, start - _BEFORE_DIGIT))


def find_dates(text: str) -> list[DateMention]:
    """Every date mention in order, full or without a year; impossible dates are skipped."""
    found = []
    m = search_date(text)
    while m is not None:
        mention = _mention(m)
        if mention is not None:
            found.append(mention)
        m = search_date(text, m.end())
    return found


def _mention(m: re.Match[str]) -> DateMention | None:
    g = m.group
    parts: tuple[int | None, int, int]
    if g("mdy_m"):
        parts = (_int(g("mdy_y")), _month(g("mdy_m")), _int(g("mdy_d")))
    elif g("dmy_m"):
        parts = (_int(g("dmy_y")), _month(g("dmy_m")), _int(g("dmy_d")))
    elif g("iso_y"):
        parts = (_int(g("iso_y")), _int(g("iso_m")), _int(g("iso_d")))
    elif g("num_y"):
        parts = (_int(g("num_y")), _int(g("num_m")), _int(g("num_d")))
    elif g("dash_y"):
        parts = (_int(g("dash_y")), _int(g("dash_m")), _int(g("dash_d")))
    elif g("md_m"):
        parts = (None, _month(g("md_m")), _int(g("md_d")))
    else:
        parts = (None, _month(g("dm_m")), _int(g("dm_d")))
    year, month, day = parts
    if not 1 <= month <= 12 or _make_date(year or 2000, month, day) is None:
        return None
    return DateMention(m.start(), m.end(), year, month, day)


def parse_date(text: str) -> datetime.date | None:
    """The first full date in a string, or None."""
    for mention in find_dates(text):
        if mention.year:
            return mention.resolve()
    return None


def infer_year(mention: DateMention, reference: datetime.date) -> datetime.date | None:
    """Year for "On March 3" from a printed date (December talks in a January release: last
    year)."""
    guess = mention.resolve(reference.year)
    if guess and (guess - reference).days > 31:
        return mention.resolve(reference.year - 1)
    return guess


def find_relative(text: str) -> re.Match[str] | None:
    # Each word holds "day", "night", "this" or "tomorrow": ASCII text without them skips the
    # pattern (which is tried at every position).
    if text.isascii():
        low = text.lower()
        if "day" not in low and "night" not in low and "this" not in low and "tomorrow" not in low:
            return None
    return RELATIVE_RE.search(text)


def resolve_relative(word: str, reference: datetime.date) -> datetime.date:
    """Shift a printed reference date by what "yesterday", "on Monday" and the like mean."""
    word = word.lower()
    if word.startswith("yesterday") or word == "last night":
        return reference - datetime.timedelta(days=1)
    if word == "tomorrow":
        return reference + datetime.timedelta(days=1)
    if word.startswith("on ") or word in _WEEKDAYS:
        weekday = _WEEKDAYS.index(word.removeprefix("on "))
        return reference - datetime.timedelta(days=(reference.weekday() - weekday) % 7)
    return reference
