"""One release, several meetings: a text that reports separate meetings under headings of their
own ("Meeting with Malaysian Foreign Minister ...", "Meeting with Japanese Foreign Minister ...").

Each meeting becomes a text of its own: the release's opening lines (headline, date, the
paragraph that sets the scene), then the meeting's heading and the paragraphs under it, word for
word. A text with fewer than two such headings is one meeting, as is one whose headings are only
its headline.
"""

from __future__ import annotations

import re
from typing import Final

from archive.parsing.opening import is_headline
from archive.parsing.text import paragraphs

# "Meeting with ...", "Bilateral meeting with ...", "The Secretary's call with ...", "Talks with
# ...": a heading that names one meeting or call and whom it was with.
_HEADING_RE: Final = re.compile(
    r"(?:[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*){0,5}['’]s\s+)?"
    r"(?:(?:bilateral|separate|courtesy|working)\s+)?"
    r"(?:meeting|call|phone\s+call|telephone\s+(?:call|conversation)|talks|conversation)"
    r"\s+with\s+\S",
    re.IGNORECASE,
)
_MAX_HEADING_WORDS: Final = 16
_MAX_HEADING_CHARS: Final = 160


def meeting_sections(text: str) -> list[str]:
    """The texts of the separate meetings `text` reports, or `[text]` when it reports one."""
    # Most texts have no such headings: a look at their short lines costs little before the
    # paragraphs are found.
    lines = text.split("\n")
    if sum(1 for line in lines[1:] if len(line) < _MAX_HEADING_CHARS and _is_heading(line)) < 2:
        return [text]
    paras = paragraphs(text)
    headings = [
        i for i, para in enumerate(paras) if i > 0 and _is_heading(text[para.start : para.end])
    ]
    if len(headings) < 2:
        return [text]
    preamble = text[: paras[headings[0]].start]
    if not preamble.strip():
        return [text]
    sections = []
    for k, i in enumerate(headings):
        last = headings[k + 1] - 1 if k + 1 < len(headings) else len(paras) - 1
        if last == i:
            return [text]  # a heading with nothing under it: a list of meetings, not sections
        sections.append(preamble + text[paras[i].start : paras[last].end] + "\n")
    return sections


def cut_off_heading(text: str) -> str | None:
    """The heading a release of several meetings ends at with nothing under it, where the text
    was cut off (a download or a copy that stopped short); None for any other text. A release
    like that is no list of meetings: an earlier heading has text under it."""
    last = text.rstrip().rpartition("\n")[2].strip()
    if len(last) >= _MAX_HEADING_CHARS or not _is_heading(last):
        return None
    paras = paragraphs(text)
    headings = [
        i for i, para in enumerate(paras) if i > 0 and _is_heading(text[para.start : para.end])
    ]
    if len(headings) < 2 or headings[-1] != len(paras) - 1:
        return None
    if all(i + 1 in headings for i in headings[:-1]):
        return None
    return last


def _is_heading(line: str) -> bool:
    return (
        is_headline(line)
        and len(line.split()) <= _MAX_HEADING_WORDS
        and _HEADING_RE.match(line) is not None
    )
