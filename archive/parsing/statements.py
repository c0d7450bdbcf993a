"""Who said what: each body sentence gets a speaker, joint sentences none."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archive.parsing.countries import demonyms_for
from archive.parsing.text import BULLET_RE
from archive.parsing.types import ParsedParticipant

_JOINT_NOUN = (
    r"(?:sides|leaders|ministers|parties|delegations|governments|presidents"
    r"|prime\s+ministers|foreign\s+ministers|heads\s+of\s+\w+|secretaries|counterparts"
    r"|participants|officials)"
)
JOINT_SUBJECT_RE = re.compile(
    rf"^(?:(?:[Tt]he|[Bb]oth|[Aa]ll)\s+(?:(?:two|three|four|five|six|seven|eight|\d)\s+)?"
    rf"(?:(?:[A-Z][\w'’-]*\s+){{0,3}}{_JOINT_NOUN}|(?i:{_JOINT_NOUN}))"
    rf"|[Bb]oth(?!\s+(?:countries|nations|peoples)\b)|[Tt]he\s+two(?!\s+(?:countries|nations|peoples)\b)"
    rf"|[Aa]ll\s+(?:two|three|four|five))\b"
)
_MODAL_RE = re.compile(r"\s*(?:should|must|need|needs|ought|could|can|may|might)\b")
HEAD_VERB_RE = re.compile(
    r"\b(?:said|says|say|stated|states|noted|notes|expressed|expresses|emphasi[sz]ed|emphasi[sz]es"
    r"|underscored|underlined|reiterated|welcomed|welcomes|congratulated|thanked|thanks|hoped"
    r"|hopes|stressed|stresses|pointed|highlighted|affirmed|reaffirmed|agreed|agree|discussed"
    r"|discuss|conveyed|invited|briefed|raised|urged|called|condemned|outlined|explained|shared"
    r"|added|introduced|looked|look|looks|spoke|asked|proposed|told|mentioned|appreciated"
    r"|acknowledged|recalled|offered|extended|sought|praised|commended|assured|is|was|were|are"
    r"|will|would|has|have|had|believes|believed|wishes|wished|stands|supports|supported|valued"
    r"|values|attaches|attached|exchanged|confirmed|committed|pledged|vowed|decided|announced"
    r"|presented|requested|encouraged|recogni[sz]ed|described|elaborated|voiced|should|must"
    r"|can|could|met|reviewed|highly|spoke|expects|expected|reaffirms|affirms|regards|considers"
    r"|wants|intends|remains|continues|continued|noted|condemns|opposes|opposed|rejected)\b"
)
_LEAD_CLAUSE_RE = re.compile(
    r"^(?:(?:In|At|During|After|Following|On|Regarding|As\s+for|With\s+regard\s+to|Turning\s+to"
    r"|Meanwhile|Furthermore|Moreover|Additionally|Also|Finally|In\s+addition|For\s+its\s+part"
    r"|For\s+his\s+part|For\s+her\s+part|In\s+response)\b[^,]{0,80},\s*)"
)
_NAME_AFTER_RE = re.compile(r"\s+(?:[A-Z][a-z]|[A-Z]{2,}\b)")
_PRONOUN_RE = re.compile(r"^(?:He|She|His|Her)\b")
# "They" is both sides only where no single speaker holds the floor.
_THEY_RE = re.compile(r"^(?:They|Together,?\s+they)\b")
_HEAD_LIMIT = 100
# Short forms some ministries use for their principal: "EAM welcomed ...".
ROLE_ABBREVIATIONS = {
    "EAM": "external affairs minister",
    "PM": "prime minister",
    "FM": "foreign minister",
    "HR/VP": "high representative",
    "HRVP": "high representative",
}


@dataclass(frozen=True)
class SentenceInfo:
    start: int
    end: int
    paragraph: int
    speaker: int | None
    joint: bool
    head_end: int  # offset in the source where the sentence's subject ends


class SpeakerResolver:
    """Finds which participant a sentence's subject names, using one regex built per readout."""

    def __init__(self, participants: tuple[ParsedParticipant, ...], own_country: str | None):
        self.table: dict[str, int | None] = {}
        preferred = [i for i, p in enumerate(participants) if p.country == own_country]
        for i in preferred + [i for i in range(len(participants)) if i not in preferred]:
            self._add_participant(i, participants[i], i in preferred)
        refs = sorted((r for r in self.table if r), key=len, reverse=True)
        pattern = "|".join(re.escape(r) for r in refs) or r"(?!x)x"
        self.regex = re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)", re.IGNORECASE)

    def _add_participant(self, index: int, person: ParsedParticipant, preferred: bool) -> None:
        for form in (person.name, *person.aliases):
            if form:
                self._add(form.lower(), index, strong=True)
        heads = role_heads(person.role)
        for head in heads:
            self._add("the " + head.lower(), index, strong=preferred)
            if " " in head or head.isupper():
                self._add(head.lower(), index, strong=preferred)
        for word in demonyms_for(person.country):
            word = word.lower()
            self._add(f"the {word} side", index, strong=True)
            self._add(f"{word} side", index, strong=True)
            for head in (*heads, "delegation", "leader", "minister"):
                self._add(f"the {word} {head.lower()}", index, strong=True)

    def _add(self, ref: str, index: int, strong: bool) -> None:
        if ref not in self.table:
            self.table[ref] = index
        elif self.table[ref] != index and not strong:
            return
        elif self.table[ref] != index:
            self.table[ref] = None  # two people answer to it: not a usable reference

    def find(self, head: str) -> list[int]:
        found: list[int] = []
        for m in self.regex.finditer(head):
            if _NAME_AFTER_RE.match(head, m.end()) and not m.group()[:1].islower():
                continue  # "Prime Minister Imran Khan": the role of someone else named here
            index = self.table.get(m.group().lower())
            if index is not None and index not in found:
                found.append(index)
        return found


def role_heads(role: str) -> tuple[str, ...]:
    """ "State Councilor and Foreign Minister" -> ("State Councilor and Foreign Minister",
    "Foreign Minister", "Minister"): forms "the ..." may take later in the text."""
    if not role:
        return ()
    forms = [role]
    last = re.split(r"\s+and\s+|/|,\s*", role)[-1]
    forms.append(last)
    core = re.split(r"\s+(?:of|for|to)\s+", last)[0]
    forms.append(core)
    words = core.split()
    if len(words) > 1:
        forms.append(words[-1])
    return tuple(dict.fromkeys(f.strip() for f in forms if f.strip()))


def attribute(
    text: str,
    spans: list[tuple[int, int, int]],
    resolver: SpeakerResolver,
    first_speaker: int | None = None,
) -> list[SentenceInfo]:
    """Speaker for each (start, end, paragraph) sentence; unmarked sentences continue the last."""
    infos: list[SentenceInfo] = []
    current: int | None = first_speaker
    last_person: int | None = first_speaker
    for start, end, para in spans:
        speaker, joint, head_end, marked = _resolve(text, start, end, resolver, last_person)
        if marked == "they":
            speaker, joint, marked = current, current is None, True
        if not marked:
            speaker, joint = current, current is None and bool(infos) and infos[-1].joint
        current = speaker
        if speaker is not None:
            last_person = speaker
        infos.append(SentenceInfo(start, end, para, speaker, joint, head_end))
    return infos


def _resolve(
    text: str, start: int, end: int, resolver: SpeakerResolver, last_person: int | None
) -> tuple[int | None, bool, int, bool | str]:
    """(speaker, joint, head end, whether the subject was recognised at all)."""
    sentence = text[start:end]
    offset = 0
    bullet = BULLET_RE.match(sentence)
    if bullet:
        offset = bullet.end()
    lead = _LEAD_CLAUSE_RE.match(sentence, offset)
    if lead:
        offset = lead.end()
    body = sentence[offset : offset + _HEAD_LIMIT]
    verb = HEAD_VERB_RE.search(body)
    head = body[: verb.start()] if verb else body
    head_end = start + offset + len(head)
    joint = JOINT_SUBJECT_RE.match(body)
    if joint and not _MODAL_RE.match(body, joint.end()):
        return None, True, head_end, True
    found = resolver.find(head)
    if len(found) > 1 and re.search(r"\band\b|&", head):
        return None, True, head_end, True
    if found:
        return found[0], False, head_end, True
    if _PRONOUN_RE.match(body) and last_person is not None:
        return last_person, False, head_end, True
    if _THEY_RE.match(body):
        return None, True, head_end, "they"
    return None, False, head_end, False
