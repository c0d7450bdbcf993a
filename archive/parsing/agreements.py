"""Agreed points: what both or all sides jointly agreed, affirmed, committed to or called for."""

from __future__ import annotations

import re
from typing import Final

from archive.parsing.statements import SAID_AFTER_RE, SentenceInfo
from archive.parsing.text import BULLET_RE, Span

AGREE_VERB: Final = (
    r"(?:agreed|agree|reaffirmed|affirmed|committed|recommitted|pledged|called\s+for"
    r"|called\s+on|decided|resolved|concurred|vowed|endorsed|reiterated|confirmed|undertook"
    # A joint statement's present tense: "We reaffirm ...", "We call on ...".
    r"|reaffirm|affirm|commit|recommit|pledge|call\s+(?:for|on)"
    r"|reached(?=\s+(?:on|that)\b)"  # "Agreement was reached on ..."
    # "reached consensus", "reached a four-point common understanding"
    r"|reached\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}?(?:consensus|agreement|understanding)"
    r"|(?:expressed|underscored|underlined|stressed|emphasi[sz]ed|highlighted|restated)"
    r"\s+(?:their|a)\s+(?:shared\s+|joint\s+|common\s+|firm\s+|strong\s+)?"
    r"(?:commitment|determination|resolve|support))\b"
)
# Right after the subject: "The two sides (also/highly/will be) agreed ...".
_AFTER_SUBJECT_RE: Final = re.compile(
    r"\s*(?:(?:will|would|are|were|was|have|had|also|further|jointly|once\s+again|again|highly|both"
    r"|all|each|together|then|fully|strongly|firmly|\w+ly)\s+){0,3}(?:be\s+)?" + AGREE_VERB
)
# "did not", "failed to", "have yet to", "hope to", "tried to": said just before the verb, an
# agreement that was not reached. It ends where the subject's head ends (the verb follows), so
# it is looked for at the end of the text before the verb.
_NOT_REACHED_RE: Final = re.compile(
    r"(?:\bnot|n[’']t|\bnever|\bno\s+longer|\b(?:failed|unable|yet|hope[sd]?|hoping|aim(?:s|ed)?"
    r"|tr(?:y|ies|ied)|wish(?:es|ed)?|want(?:s|ed)?|plan(?:s|ned)?|intend(?:s|ed)?"
    r"|expect(?:s|ed)?|seeks?|sought|attempt(?:s|ed)?)\s+to)"
    r"(?:\s+(?:be|been|have|fully|yet|(?!only\b)\w+ly))*\s*$"  # "not only agreed": agreed
)
# Later in a joint sentence: "The ministers discussed X and agreed to Y".
# "They also discussed migration, agreeing to work together ...". The lookahead fails at once
# where neither "and" nor "," starts.
_LATER_RE: Final = re.compile(
    # "... and are committed to ...", "... and have agreed to ...".
    r"(?=[a,])(?:\band|,)\s+(?:(?:also|further|jointly|then|are|were|have|had)\s+){0,2}"
    r"(?:agreeing\s+(?:to|that|on)\b|" + AGREE_VERB + ")"
)
_AGREE_AT_RE: Final = re.compile(r"(?:also\s+)?" + AGREE_VERB)
# A chained clause that opens with a verb of exchange, not agreement.
_EXCHANGE_RE: Final = re.compile(
    r"(?:also\s+)?(?:shared|exchanged|discussed|noted|assessed|reviewed|welcomed|expressed"
    r"|explained|briefed|stressed|emphasi[sz]ed|highlighted|raised|had|held)\b"
)


def find_agreed_points(
    text: str,
    infos: list[SentenceInfo],
    paragraphs: list[Span],
    listed: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """(start, end) spans of agreed points, in text order, never overlapping. `listed`, when
    given, gets the spans of each "... agreed to:" that introduces a list and of its items: the
    list says what all sides agreed, so its parts are agreed points and no one's statements."""
    points: list[tuple[int, int]] = []
    for info in infos:
        if not info.joint:
            continue
        if not _is_agreement(text, info):
            if _VERBLESS_INTRO_RE.match(text, info.head_end - 1, info.end):
                # "The Secretary and the Foreign Ministers:" then "- Committed to ...": each
                # item's own verb says whether it is an agreement. Those that are, are agreed
                # points only, as under "agreed to:"; the others, and so the bare lead-in
                # (when none is), stay statements.
                items = _list_items(text, info, paragraphs)
                agreeing = [(s, e) for s, e in items if _ITEM_AGREES_RE.match(text, s, e)]
                points += agreeing
                if agreeing and listed is not None:
                    listed.append((info.start, info.end))
                    listed += _item_paragraphs(agreeing, paragraphs)
            continue
        if text[info.start : info.end].rstrip().endswith(":"):  # "... agreed to:"
            items = _list_items(text, info, paragraphs)
            points += items
            if items and listed is not None:
                listed.append((info.start, info.end))
                listed += _item_paragraphs(items, paragraphs)
        else:
            points += _chained(text, info.start, info.end, info.head_end)
    return sorted(set(points))


# The joint subject and nothing else before the colon.
_VERBLESS_INTRO_RE: Final = re.compile(r"\s*:\s*$")
_ITEM_AGREES_RE: Final = re.compile(r"(?i:also\s+|further\s+|jointly\s+)?(?i:" + AGREE_VERB + ")")


def _is_agreement(text: str, info: SentenceInfo) -> bool:
    if _agrees_after_subject(text, info.start, info.head_end, info.end):
        return True
    later = _LATER_RE.search(text, info.head_end, info.end)
    while later and info.paragraph < 0 and _CALLED_ON_RE.search(later.group()):
        # The opening "X, the King of Bhutan, called on the Prime Minister": a courtesy call.
        later = _LATER_RE.search(text, later.end(), info.end)
    return later is not None


def _agrees_after_subject(text: str, start: int, head_end: int, end: int) -> bool:
    """The verb right after the subject agrees, and the subject does not end in a negation or an
    intent: "The two sides agreed ..." does, "... did not agree", "... hope to agree" do not."""
    if not _AFTER_SUBJECT_RE.match(text, head_end, end):
        return False
    return _NOT_REACHED_RE.search(text, max(start, head_end - 40), head_end) is None


def _chained(text: str, start: int, end: int, head_end: int) -> list[tuple[int, int]]:
    """Korean-style "agreed to A; to B; and to C" yields one point per clause; a clause that
    only shares or discusses ("shared the view that A; agreed to B") is none."""
    sentence = text[start:end]
    if ";" not in sentence:
        return [_trim(text, start, end)]
    points = []
    for piece in _CLAUSE_RE.finditer(sentence):
        span = _trim(text, start + piece.start(), start + piece.end())
        if len(text[span[0] : span[1]].split()) < 2:
            continue
        if piece.start() == 0:
            agreed = bool(
                _agrees_after_subject(text, start, head_end, span[1])
                or _LATER_RE.search(text, head_end, span[1])
            )
        else:
            agreed = not _EXCHANGE_RE.match(text, span[0], span[1]) or bool(
                _AGREE_AT_RE.match(text, span[0], span[1])
            )
        if agreed:
            points.append(span)
    return points


# A spokesperson's words printed in quotes: the agreement is inside them.
_QUOTES: Final = frozenset('"“”')


def _quote_count(text: str, start: int, end: int) -> int:
    return sum(text.count(q, start, end) for q in _QUOTES)


_CLAUSE_RE: Final = re.compile(r"[^;]+;?")
_CALLED_ON_RE: Final = re.compile(r"called\s+on$")


def _list_items(text: str, intro: SentenceInfo, paragraphs: list[Span]) -> list[tuple[int, int]]:
    """Bullets after "... agreed to:" up to the first paragraph that is not a bullet."""
    items = []
    following = [p for p in paragraphs if p.start >= intro.end]
    # "4. The two leaders agreed to:" over "(i) ...", "(ii) ...", then "5. ...": a paragraph
    # numbered as the introducing one is the next paragraph, not an item; nor is one marked
    # unlike the first item.
    own = next((p for p in paragraphs if p.start <= intro.start < p.end), None)
    own_bullet = BULLET_RE.match(text, own.start, own.end) if own else None
    stop_kind = _bullet_kind(own_bullet.group()) if own_bullet else ""
    first_kind = ""
    for para in following:
        chunk = text[para.start : para.end]
        bullet = BULLET_RE.match(chunk)
        if not bullet and not chunk[:1].islower():
            break
        if bullet:
            kind = _bullet_kind(bullet.group())
            first_kind = first_kind or kind
            if kind == stop_kind or kind != first_kind:
                break
        start = para.start + (bullet.end() if bullet else 0)
        items.append(_trim(text, start, para.end))
    return items


def _item_paragraphs(items: list[tuple[int, int]], paragraphs: list[Span]) -> list[tuple[int, int]]:
    """The whole paragraph of each item, its bullet and closing "; and" included."""
    return [(p.start, p.end) for p in paragraphs if any(p.start <= s < p.end for s, _ in items)]


def _bullet_kind(bullet: str) -> str:
    """ "4." and "(12)" are numbers, "(ii)" a roman numeral, "b)" a letter, "-" a mark."""
    mark = bullet.strip().strip("().")
    if mark.isdigit():
        return "number"
    if mark and all(c in "ivx" for c in mark) and (len(mark) > 1 or mark[0] == "i"):
        return "roman"
    if len(mark) == 1 and mark.isalpha():
        return "letter"
    return "mark"


_TAILS: Final = (";", ",", " and", " or")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    bullet = BULLET_RE.match(text, start, end)
    if bullet:
        start = bullet.end()
    while start < end and (text[start].isspace() or text[start] in _QUOTES):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > 20 and text[end - 1] in ".s" and _QUOTES.intersection(text[end - 60 : end]):
        # '... with the first meeting in Wellington," Mr Peters says.': who said it is no part.
        said = SAID_AFTER_RE.search(text, end - 60, end)
        if said and said.start() > start:
            end = said.start() + 1 if text[said.start()] != "," else said.start()
    if end > start and text[end - 1] in _QUOTES and _quote_count(text, start, end) % 2:
        end -= 1  # the closing quote of a quoted paragraph, not of a quotation inside it
    # "expand the partnership; and": the joining word, then the mark before it.
    for _ in range(2):
        chunk = text[start:end]
        tail = next((t for t in _TAILS if chunk.endswith(t) and len(chunk) > len(t)), "")
        if not tail:
            break
        end -= len(tail)
    if text[start:end].startswith("and "):
        start += 4
        # "; and (iii) to enhance ...", "; and c) launch ...": the clause's own marker.
        bullet = BULLET_RE.match(text, start, end)
        if bullet:
            start = bullet.end()
    return start, end


# Lower-case words that open a person's name ("de Mistura", "van Klaveren", "bin Salman"): the
# name keeps them as written.
_NAME_PARTICLES: Final = frozenset(
    [
        "de",
        "da",
        "di",
        "do",
        "dos",
        "du",
        "del",
        "della",
        "der",
        "van",
        "von",
        "bin",
        "ibn",
        "al",
        "el",
    ]
)


def point_text(passage: str) -> str:
    """An agreed point as the archive stores and shows it: the passage, its first letter a
    capital. A bullet under "agreed to:" ("hold the next round in Lima") or a clause after a
    semicolon ("the two agreed to ...") reads as a point of its own. A first word written with
    capitals inside ("mRNA", "eVisa", "iPhone") or a name's particle before a capitalised word
    ("van Klaveren's visit") is left as written; the offsets still give the passage as the
    source has it."""
    first, _, rest = passage.partition(" ")
    if not first[:1].islower() or any(c.isupper() or c.isdigit() for c in first[1:]):
        return passage
    if first in _NAME_PARTICLES and rest[:1].isupper():
        return passage
    return passage[0].upper() + passage[1:]
