"""The meeting date: stated in the opening, inferred from a relative word, or unknown."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from archive.parsing.dates import find_dates, find_relative, infer_year, resolve_relative

# At most this many words beside its date on a date line.
_DATE_LINE_WORDS = 3
# At most this many characters (", ", " (") between a time word and the date that restates it.
_RIGHT_AFTER = 3
_WEEKDAYS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)


@dataclass
class MeetingDate:
    held_on: datetime.date | None
    stated: bool
    warning: str | None = None
    # Whether the date was counted from a printed or given date ("yesterday").
    relative: bool = False
    # The page's own date, if it prints one (see `choose_meeting_date`).
    printed: datetime.date | None = None


def choose_meeting_date(
    opening: str, headers: list[str], title: str, published_on: datetime.date | None
) -> MeetingDate:
    """Date from the opening sentence first; a relative word resolves only against a printed
    header/dateline date or the given publication date; a headline date is the meeting's own.
    The result also carries the first date the page prints (`printed`)."""
    dated = _printed_dates(headers)
    printed = [day for day, _ in dated]
    chosen = _choose(opening, printed, title, published_on)
    if dated and (dated[0][1] or chosen.relative):
        # The page's date: a line of its own, or a headline's date the text counts from ("PM
        # call with X: 3 June 2025" over "spoke yesterday"); a date inside a headline may be
        # the meeting's ("Visit of X to Viet Nam (October 15-17, 2023)").
        chosen.printed = dated[0][0]
    return chosen


def _printed_dates(headers: list[str]) -> list[tuple[datetime.date, bool]]:
    """The dates the header prints, each with whether its line is mostly the date."""
    # A line that is mostly its date ("October 16, 2023", "Published 18 July 2025") dates the
    # page before a date inside a headline ("Visit of X to Viet Nam (October 15-17, 2023)").
    lines = sorted(
        (
            (
                m,
                len(h.split()) - len(h[m.start : m.end].split()) <= _DATE_LINE_WORDS,
            )
            for h in headers
            for m in find_dates(h)
            if m.year
        ),
        key=lambda pair: not pair[1],
    )
    return [(day, line) for day, line in ((m.resolve(), line) for m, line in lines) if day]


def _choose(
    opening: str, printed: list[datetime.date], title: str, published_on: datetime.date | None
) -> MeetingDate:
    reference = printed[0] if printed else published_on
    mentions = find_dates(opening)
    relative = find_relative(opening)
    # Whichever comes first speaks of the meeting: "met today to discuss the accord of
    # March 3, 2021" is today's meeting.
    first = bool(mentions) and relative is not None and relative.start() < mentions[0].start
    # ... but a weekday is never the meeting date on its own: "On Monday, March 3, 2023".
    if first and relative is not None and relative.group("word").lower().startswith("on "):
        first = False
    # ... nor "today" that the date printed right after it names: "met today (10 March 2025)",
    # "today, Thursday, 27 March 2025,".
    if first and relative is not None and _restated(opening[relative.end() : mentions[0].start]):
        first = False
    if mentions and not first:
        return _from_mention(mentions[0], reference)
    if relative:
        return _from_relative(relative.group("word"), reference, bool(printed))
    title_dates = [m.resolve() for m in find_dates(title) if m.year]
    if title_dates and title_dates[0]:
        return MeetingDate(title_dates[0], True)
    if printed:
        return MeetingDate(
            printed[0],
            False,
            f"Meeting date taken from the page date {printed[0].isoformat()}; "
            "the text does not state it.",
        )
    return MeetingDate(None, False, "No meeting date found in the text.")


def _restated(between: str) -> bool:
    """Whether the text between a time word and a date only restates it: ", " or " (", or a
    weekday's name between commas (", Thursday, ")."""
    if len(between) <= _RIGHT_AFTER:
        return True
    word = between.strip(" ,(")
    return len(between) - len(word) <= 2 * _RIGHT_AFTER and word.lower() in _WEEKDAYS


def _from_mention(mention, reference: datetime.date | None) -> MeetingDate:
    if mention.year:
        return MeetingDate(mention.resolve(), True)
    if reference is None:
        return MeetingDate(
            None, False, "The meeting date has no year and no dated header to take it from."
        )
    return MeetingDate(infer_year(mention, reference), True)


def _from_relative(word: str, reference: datetime.date | None, printed: bool) -> MeetingDate:
    if reference is None:
        return MeetingDate(
            None,
            False,
            f"The text dates the meeting only as '{word}' and prints no date "
            "to resolve it against.",
        )
    held_on = resolve_relative(word, reference)
    source = "the date printed in the text" if printed else "the publication date given"
    return MeetingDate(
        held_on,
        False,
        f"Meeting date inferred from '{word}' relative to {source} ({reference.isoformat()}).",
        relative=True,
    )
