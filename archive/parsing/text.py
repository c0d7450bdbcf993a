"""Paragraphs and sentences of a readout as spans into the source text."""

from __future__ import annotations

import re
from typing import Final

BULLET_RE: Final = re.compile(
    r"\s*(?:[-•*–·▪●]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])\s+"
)
_END_PUNCT: Final = (".", "!", "?", ":", ";", ")")
_QUOTE_MARKS: Final = ('"', "”", "'", "’")
# A sentence ends at . ! ? (maybe followed by a quote) and whitespace, before a capital or quote.
# The empty group is set when the stop follows five small letters (not "...essrs"): a plain word,
# no abbreviation, so the abbreviation test is skipped.
_AFTER_STOP: Final = r"(?:(?<=[a-z]{5}\.)(?<!essrs\.)())?[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])"
_BOUNDARY_RE: Final = re.compile(r"[.!?]" + _AFTER_STOP)
# The same at full stops only, for the many paragraphs without "!" or "?": a pattern opening with
# one literal character skips to it far faster than one opening with a class.
_STOP_BOUNDARY_RE: Final = re.compile(r"\." + _AFTER_STOP)
_INITIALS_RE: Final = re.compile(r"(?:[A-Z]\.)+[A-Z]")
_PLACE_ABBREVIATIONS: Final = frozenset(["d.c", "u.s", "u.k", "u.n", "e.u", "u.a.e", "p.r.c"])
_NEXT_OPENS_RE: Final = re.compile(r"\s+(?:The|He|She|They|It|Both|Their|His|Her)\s")
_ABBREVIATIONS: Final = frozenset(
    [
        "mr",
        "mrs",
        "ma",  # "Ma. Theresa Lazaro": Maria, in Philippine names
        "smt",  # "Smt. Nirmala Sitharaman"
        "md",  # "Md. Touhid Hossain": Mohammad, in Bangladeshi names
        "amb",  # "Amb. Tamim Khallaf"
        "ms",
        "dr",
        "prof",
        "st",
        "no",
        "nos",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "h.h",
        "u.k",
        "u.n",
        "h.e",
        "hon",
        "jr",
        "sr",
        "gen",
        "lt",
        "col",
        "ret",  # "Lt. Gen. (Ret.) X"
        "sen",
        "rep",
        "gov",
        "a.m",
        "p.m",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "rt",
        "mt",
        "ft",
        "messrs",
        "mme",
        "u.s.a",
        "e.u",
        "d.c",
    ]
)


class Span:
    """Where a paragraph or a sentence lies: text[start:end]. A plain class, not a NamedTuple:
    compiled, making one and reading its fields are direct, not Python calls."""

    def __init__(self, start: int, end: int) -> None:
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Span(start={self.start}, end={self.end})"


# Texts wrapped by hand or by a mail client are wrapped at 60-100 characters.
_MAX_WRAP_WIDTH: Final = 100


def paragraphs(text: str) -> list[Span]:
    """Blocks split at blank lines; a line also starts a paragraph after one that ended a sentence,
    or when it is a bullet. Hard-wrapped lines are joined."""
    spans: list[Span] = []
    current: list[int] | None = None
    prev_line = ""
    pos = 0  # where the line starts in the text
    lines = text.split("\n")
    width = _wrap_width(lines)
    for line in lines:
        stripped = line.strip()
        if not stripped:
            _close(spans, current)
            current, prev_line = None, ""
        else:
            first = pos + len(line) - len(line.lstrip())
            if current is None or (
                _starts_paragraph(stripped, prev_line) and not _wrapped(stripped, prev_line, width)
            ):
                _close(spans, current)
                current = [first, first + len(stripped)]
            else:
                current[1] = first + len(stripped)
            prev_line = stripped
        pos += len(line) + 1
    _close(spans, current)
    return spans


def _wrap_width(lines: list[str]) -> int:
    """The width a hard-wrapped text was wrapped at (its longest line), or 0 when it was not
    wrapped: lines too long for that (one line per paragraph), or too few near the width."""
    lengths = [len(line.rstrip()) for line in lines]
    width = max(lengths)
    if width > _MAX_WRAP_WIDTH:
        return 0
    # Wrapping fills several lines nearly to the width; a lone long headline does not.
    full = sum(1 for length in lengths if length >= width * 0.8)
    return width if full >= 3 else 0


def _ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence: a full stop, a question mark and the like, a closing
    bracket, or a quotation mark closing after one (not the apostrophe of "Ministers'")."""
    if line.endswith(_QUOTE_MARKS):
        return line.rstrip("\"”'’").endswith(_END_PUNCT)
    if line.endswith("."):
        # "... for approximately 30 minutes, Mr." / "TAKEDA Hiroshi, ...": a title's stop.
        return line.rsplit(None, 1)[-1] not in _TITLES_WITH_STOPS
    return line.endswith(_END_PUNCT)


_TITLES_WITH_STOPS: Final = frozenset(
    [
        "Mr.",
        "Mrs.",
        "Ms.",
        "Dr.",
        "Prof.",
        "H.E.",
        "Hon.",
        "Rt.",
        "Gen.",
        "Lt.",
        "Col.",
        "Amb.",
        "Sen.",
        "Rep.",
        "Gov.",
        "Pres.",
        "St.",
        "No.",
    ]
)


def _wrapped(line: str, prev_line: str, width: int) -> bool:
    """In hard-wrapped text, a line whose first word would not have fitted on the line before
    continues it ("... met with Turkish Foreign Minister" / "Hakan Fidan today in Istanbul.")."""
    if not width or _ends_sentence(prev_line):
        return False
    first_word = line.split(None, 1)[0]
    return len(prev_line) + 1 + len(first_word) > width and not BULLET_RE.match(line)


def _starts_paragraph(line: str, prev_line: str) -> bool:
    if not prev_line or _ends_sentence(prev_line) or BULLET_RE.match(line):
        return True
    # A line without a full stop (a headline, a dateline) stands alone unless the next line
    # visibly continues it, as hard-wrapped text does: it opens in lower case, or the line
    # before stops on a comma, a dash or a word no sentence ends with ("... a telephone
    # conversation today with" / "His Excellency X, President of Ghana.").
    if line[0].islower() or prev_line.endswith((",", "-", "–")):
        return False
    last = prev_line.rsplit(None, 1)[-1]
    return last not in _UNENDING_WORDS or len(prev_line) < _UNENDING_MIN_CHARS


# Words a sentence does not end on, and the length a line must have to be read as cut there (a
# short headline may end "Talks with").
_UNENDING_WORDS: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "with",
        "for",
        "in",
        "on",
        "at",
        "by",
        "from",
        "that",
        "his",
        "her",
        "their",
        "its",
        "as",
        "between",
    ]
)
_UNENDING_MIN_CHARS: Final = 25


def _close(spans: list[Span], current: list[int] | None) -> None:
    if current is not None and current[1] > current[0]:
        spans.append(Span(current[0], current[1]))


def sentences(text: str, span: Span) -> list[Span]:
    """Sentences within a span, skipping boundaries after abbreviations and initials."""
    out: list[Span] = []
    first, last = span.start, span.end
    start = first  # the span without its leading and trailing whitespace
    while start < last and text[start].isspace():
        start += 1
    stop = last
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    if text.find("!", first, last) < 0 and text.find("?", first, last) < 0:
        boundary = _STOP_BOUNDARY_RE
    else:
        boundary = _BOUNDARY_RE
    # pos/endpos read the span in place: the lookahead stops at `last` as it would in a slice.
    for m in boundary.finditer(text, first, last):
        point, after = m.span()
        if m.lastindex is None and text[point] == "." and _is_abbreviation(text, start, point + 1):
            continue
        # A sentence starts on a non-space (the trimmed paragraph's start, or the capital the
        # boundary looked ahead to) and ends at its stop and quotes, before the spaces.
        end = after
        while text[end - 1].isspace():
            end -= 1
        out.append(Span(start, end))
        start = after
    if start < stop:
        out.append(Span(start, stop))
    return out


def _is_abbreviation(text: str, start: int, cut: int) -> bool:
    """True when the full stop before `cut` belongs to "Mr.", "U.S.", "J." or a list number."""
    if text[cut - 1] != ".":
        return False
    if cut - 6 >= start:
        tail = text[cut - 6 : cut - 1]
        # Five small letters: only "messrs" among the abbreviations ends so.
        if tail.isalpha() and tail.islower() and tail != "essrs":
            return False
    if cut - 9 >= start and text[cut - 9 : cut - 1].isalpha():
        return False  # a word of 8 letters or more: longer than any abbreviation
    # The word before the stop starts after the last space or line end (two C scans); any other
    # whitespace is not printable, and then the character walk decides.
    word_start = max(text.rfind(" ", start, cut - 1), text.rfind("\n", start, cut - 1)) + 1
    word_start = max(word_start, start)
    if not text[word_start : cut - 1].isprintable():
        word_start = cut - 1
        while word_start > start and not text[word_start - 1].isspace():
            word_start -= 1
    word = text[word_start : cut - 1].lstrip('("“')
    if not word:
        return False
    if word.lower() in _ABBREVIATIONS:
        # "... in Washington, D.C. The Deputy Secretary ...": a place's abbreviation can end a
        # sentence; the next sentence then opens with an article or a pronoun.
        return not (word.lower() in _PLACE_ABBREVIATIONS and _NEXT_OPENS_RE.match(text, cut))
    # "Japan-U.S.", "ROK-U.S." end in an abbreviation too.
    if "-" in word and word.rsplit("-", 1)[1].lower() in _ABBREVIATIONS:
        return True
    # Initials ("J.", "M.U.M.") and paragraph numbers ("1.") at the very start of a paragraph.
    if len(word) == 1 and word.isupper():
        return True
    if word.isupper() and _INITIALS_RE.fullmatch(word):
        return True
    return word.isdigit() and word_start == start
