"""ParsedParticipant tuples from the opening sentence's sides, with countries settled."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

from archive.parsing.countries import lookup_country
from archive.parsing.country_data import BY_OFFICE
from archive.parsing.groups import expand_groups, may_name_group
from archive.parsing.names import is_role_word, name_aliases, strip_honorifics
from archive.parsing.opening import opening_from_title
from archive.parsing.participants import (
    WEAK_ROLES,
    Draft,
    Segment,
    is_counterpart_role,
    known_country,
    parse_segment,
    parse_side,
    two_fields,
)
from archive.parsing.results import make_participant
from archive.parsing.types import ParsedParticipant


def build_participants(
    text: str, subject: str, obj: str, own_country: str | None, title: str = ""
) -> tuple[ParsedParticipant, ...]:
    """Subject side first, then the counterpart side; nobody twice. A person the body never
    places takes the country the headline gives them ("... with Cypriot President X")."""
    subject_side = parse_side(expand_groups(subject) if may_name_group(subject) else subject)
    object_side = parse_side(expand_groups(obj) if may_name_group(obj) else obj)
    principals = [d for d in subject_side + object_side if not _is_counterpart(d)]
    subject_side = [_fill_counterpart(d, principals, text) for d in subject_side]
    object_side = [_fill_counterpart(d, principals, text) for d in object_side]
    # Completed before the publisher places anyone: the fuller mention may name the country.
    subject_side = [_from_text(d, text) if _incomplete(d) else d for d in subject_side]
    object_side = [_from_text(d, text) if _incomplete(d) else d for d in object_side]
    drafts = _place(subject_side, object_side, own_country)
    if "Ambassador" in obj and any(d.country is None for d in drafts[: len(subject_side)]):
        drafts = _host_of_envoy(drafts, len(subject_side), obj)
    if len(drafts) >= 3 and "," in text:
        drafts = _named_in_order(drafts, text)
    for i, d in enumerate(drafts):
        if d.name is None and d.country and d.country != own_country and d.role:
            drafts[i] = _named_later(d, drafts, text)
    if title and any(d.country is None for d in drafts):
        drafts = _place_from_title(drafts, title)
    people: list[ParsedParticipant] = []
    seen: set[tuple[str | None, str, str | None]] = set()
    for d in drafts:
        key = (d.name, d.role if d.name is None else "", d.country)
        if key in seen:
            continue
        seen.add(key)
        aliases = name_aliases(d.name, text) if d.name else ()
        people.append(make_participant(d.name, d.role, d.country, False, aliases))
    return tuple(people)


def _host_of_envoy(drafts: list[Draft], subject_count: int, obj: str) -> list[Draft]:
    """ "X received a courtesy call from Ambassador of Japan to Korea Y": whom an envoy is
    posted to receives him; an unplaced subject is of that country."""
    m = _POSTED_TO_RE.search(obj)
    code = lookup_country(m.group("country")) if m else None
    if not code:
        return drafts
    return [
        replace(d, country=code) if i < subject_count and d.country is None else d
        for i, d in enumerate(drafts)
    ]


_POSTED_TO_RE: Final = re.compile(
    r"\bAmbassador\b[^,;]*?\bto\s+(?:the\s+)?(?P<country>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}?)"
    r"(?=\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*\s*$|\s*,|\s*$)"
)


def _incomplete(draft: Draft) -> bool:
    """Named, but with no office or a bare one, or by surname alone."""
    name = draft.name or ""
    return bool(name) and (draft.role in WEAK_ROLES or " " not in name)


def _from_text(draft: Draft, text: str) -> Draft:
    """ "Wang Yi held talks with her", "Minister Balakrishnan called on ...": the full name and
    office the text gives the same person elsewhere ("At the invitation of ... Foreign Minister
    Wang Yi", "Minister for Foreign Affairs Dr Vivian Balakrishnan made a visit ...")."""
    name = draft.name or ""
    pos = text.find(name, 0, _ROLE_SEARCH_CHARS)
    while pos != -1:
        before = text[max(0, pos - 200) : pos]
        cut = max(before.rfind(c) for c in ",.;:\n(")
        words = _title_run(before[cut + 1 :].split())
        while words and not (words[0][:1].isupper() and is_role_word(words[0])):
            words.pop(0)
        seg = parse_segment(" ".join(words) + " " + name) if words else None
        if seg is None and "," in before:
            seg = _office_before_comma(before, name)
        if seg and seg.name and seg.name.endswith(name) and " " in seg.name and not seg.role:
            # "The Honourable Mélanie Joly, Minister of Foreign Affairs, today ...": the office
            # follows the full name.
            seg = replace(seg, role=_appositive_role(text, pos + len(name)))
        if seg and seg.role and seg.name and seg.name.endswith(name):
            # "Secretary" is "Secretary of State" where the text prints the office in full.
            fuller = seg.role.startswith(draft.role + " ")
            role = seg.role if draft.role in WEAK_ROLES or fuller else draft.role
            if seg.name != name:
                return replace(
                    draft, name=seg.name, role=role, country=draft.country or seg.country
                )
            if role not in WEAK_ROLES and draft.role in WEAK_ROLES:
                draft = replace(draft, role=role)
            # "Minister Joly concludes visit to China", "Secretary Rubio's Meeting": the
            # surname alone; the full name may follow ("Secretary of State Marco Rubio is ...").
        pos = text.find(name, pos + len(name), _ROLE_SEARCH_CHARS)
    return draft


def _office_before_comma(before: str, name: str) -> Segment | None:
    """ "President of the Democratic Republic of Timor-Leste, His Excellency Mr. José" before
    "Ramos-Horta": the office before the comma, the courtesy titles and given names after it."""
    cut = before.rfind(",")
    given = strip_honorifics(before[cut + 1 :]).split()
    if not given or len(given) > 2 or not all(_given_name(w) for w in given):
        return None
    start = max(before.rfind(c, 0, cut) for c in ",.;:\n(") + 1
    office = parse_segment(before[start:cut])
    if office.name or not office.role or not office.role[:1].isupper():
        return None
    full = " ".join([*given, name])
    return Segment(full, office.role, office.country)


def _given_name(word: str) -> bool:
    """A given name or an initial ("José", "S."), no office and no sentence's end."""
    if not word[:1].isupper() or is_role_word(word):
        return False
    return "." not in word or (len(word) == 2 and word[1] == ".")


def _named_later(draft: Draft, drafts: list[Draft], text: str) -> Draft:
    """ "spoke today with the Foreign Minister of Oman. The Secretary thanked Foreign Minister
    Sayyid Badr Albusaidi ...": an unnamed counterpart takes the one name the text prints after
    the same office (or its last word) that is nobody else's and no well-known name elsewhere."""
    # "Vice Minister for Foreign Affairs" is printed "Vice Minister X": the office's core.
    core = _OFFICE_CORE_RE.split(draft.role, maxsplit=1)[0]
    head = core.split()[-1]
    others = {w for d in drafts if d.name for w in d.name.split()}
    # Among several unnamed ministers of one office, the name must say whose it is.
    placed = sum(d.name is None and d.role == draft.role for d in drafts) > 1
    found: list[tuple[str, str]] = []
    # A foreign minister may be printed under his country's own name for the office ("The
    # Foreign Ministers of Australia, India, Japan and the United States met ... Secretary of
    # State Marco Rubio welcomed ..."): then only a name known to be of the draft's country.
    foreign = draft.role == "Foreign Minister"
    for word in _FOREIGN_OFFICE_HEADS if foreign else (head,):
        pos = text.find(word, 0, _ROLE_SEARCH_CHARS)
        while pos != -1:
            end = pos + len(word)
            m = _NAME_AFTER_RE.match(text, end)
            after = _name_before_verb(m.group(1)) if m else ""
            if after and (pos == 0 or not text[pos - 1].isalnum()):
                words = _office_words_before(text, pos)
                seg = parse_segment(" ".join([*words, word, after]))
                known = known_country(seg.name)
                same = seg.role in (draft.role, core, head)
                if (
                    seg.name
                    and (same or (counterpart_role(seg.role) == draft.role and known))
                    and seg.country in (None, draft.country)
                    and others.isdisjoint(seg.name.split())
                    and known in (None, draft.country)
                    and (not placed or draft.country in (seg.country, known))
                ):
                    found.append((seg.name, draft.role if same else seg.role))
            pos = text.find(word, end, _ROLE_SEARCH_CHARS)
    longest, role = max(found, key=lambda pair: len(pair[0]), default=("", ""))
    if not longest or any(not _part_of(name, longest) for name, _ in found):
        return draft
    return replace(draft, name=longest, role=role)


# "Minister Wong, Minister Jaishankar, Minister Iwaya and Secretary Rubio exchanged views": the
# foreign ministers a text named by their countries, listed again by title and surname.
_MINISTER: Final = r"(?:(?:Foreign\s+)?Minister|Secretary)\s+[A-Z][\w'’-]+"
_MINISTER_LIST_RE: Final = re.compile(
    rf"(?<![\w.])(?<!Prime\s){_MINISTER}(?:,\s+{_MINISTER})+,?\s+and\s+{_MINISTER}\b(?!\s+[A-Z])"
)
_MINISTER_RE: Final = re.compile(r"((?:Foreign\s+)?Minister|Secretary)\s+([A-Z][\w'’-]+)")
# Where a foreign or defence minister is a Secretary ("Secretary Manalo", "Secretary Teodoro").
_SECRETARY_COUNTRIES: Final = frozenset(("US", "GB", "PH"))
# The offices a plural names one of for each country, whose holders a list names by title.
_LISTED_ROLES: Final = frozenset(("Foreign Minister", "Defence Minister", "Defense Minister"))


def _named_in_order(drafts: list[Draft], text: str) -> list[Draft]:
    """ "The Foreign Ministers of Australia, India, Japan and the United States met ...", then
    "Minister Wong, Minister Jaishankar, Minister Iwaya and Secretary Rubio ...": each unnamed
    minister takes the surname in the same place of the list. Participants already named may
    stand in the list (by surname, in their order) or not at all ("Secretary Rubio hosted the
    Foreign Ministers of A, B and C" over a list of the three). Only where every unnamed one
    holds the same foreign or defence office of a country, each of them takes one surname,
    each title fits the country ("Secretary" the US's, the UK's or the Philippines') and no
    surname is known to be another country's; otherwise nothing changes."""
    unnamed = [i for i, d in enumerate(drafts) if d.name is None]
    if not unnamed:
        return drafts
    role = drafts[unnamed[0]].role
    if role not in _LISTED_ROLES or any(
        drafts[i].role != role or not drafts[i].country for i in unnamed
    ):
        return drafts
    found = _MINISTER_LIST_RE.search(text, 0, _ROLE_SEARCH_CHARS)
    if found is None:
        return drafts
    listed = _MINISTER_RE.findall(found.group())
    if len({name for _, name in listed}) != len(listed):
        return drafts
    names = [d.name for d in drafts if d.name]
    named = list(drafts)
    k = 0
    for i, d in enumerate(drafts):
        if k == len(listed):
            break
        title, name = listed[k]
        if d.name is not None:
            k += _part_of(name, d.name)
            continue
        secretary = title == "Secretary"
        if secretary != (d.country in _SECRETARY_COUNTRIES):
            return drafts
        if known_country(name) not in (None, d.country) or any(_part_of(name, n) for n in names):
            return drafts
        named[i] = replace(d, name=name, role="Secretary" if secretary else d.role)
        k += 1
    if k != len(listed) or any(named[i].name is None for i in unnamed):
        return drafts
    return named


def _part_of(name: str, full: str) -> bool:
    """ "Iwaya" of "Iwaya Takeshi" (the family name first, as Japan prints it) as well as
    "Rubio" of "Marco Rubio"."""
    return full.endswith(name) or full.startswith(name + " ")


# The last words of a foreign minister's office, before the name, as countries print it.
_FOREIGN_OFFICE_HEADS: Final = ("Minister", "Secretary", "State", "Affairs", "Representative")


_OFFICE_CORE_RE: Final = re.compile(r"\s+(?:of|for|to)\s+")
# Spaces with at most one line break: a hard-wrapped line runs on, but a blank line ends the
# headline ("... receives the UNDP Administrator", then "Cairo, 02/06/2025": no name).
_GAP: Final = r"(?:[^\S\n]+(?:\n[^\S\n]*)?|\n[^\S\n]*)"
_NAME_AFTER_RE: Final = re.compile(rf"{_GAP}((?:[A-Z][\w'’.-]*{_GAP}){{0,4}}[A-Z][\w'’.-]*)")
# "Minister Meets Ambassador of Kenya": a headline's verb after an office is no name.
_HEADLINE_VERBS: Final = frozenset(
    [
        "Meets",
        "Holds",
        "Receives",
        "Hosts",
        "Welcomes",
        "Visits",
        "Calls",
        "Speaks",
        "Talks",
        "Discusses",
        "Signs",
        "Attends",
        "Pays",
        "Greets",
        "Joins",
        "Chairs",
        "Congratulates",
        "Thanks",
        "Has",
        "Had",
        "Met",
        "Held",
    ]
)


def _name_before_verb(words: str) -> str:
    """The capitalised words after an office, up to a headline's verb among them."""
    kept = words.split()
    for i, word in enumerate(kept):
        if word in _HEADLINE_VERBS:
            return " ".join(kept[:i])
    return words


def _appositive_role(text: str, end: int) -> str:
    """The office in ", <office>," right after a name, or ""."""
    m = _APPOSITIVE_RE.match(text, end)
    if not m:
        return ""
    seg = parse_segment(m.group(1))
    return seg.role if seg.role and seg.name is None and seg.role not in WEAK_ROLES else ""


_APPOSITIVE_RE: Final = re.compile(r",\s+([A-Z][^,.;:()\n]{2,120}),")


_ROLE_SEARCH_CHARS: Final = 2000
_CONNECTORS: Final = frozenset(["of", "the", "and", "for"])


def _title_run(words: list[str]) -> list[str]:
    """The capitalised words (with "of", "the", "and", "for") that end right before a name."""
    start = len(words)
    while start and (words[start - 1][:1].isupper() or words[start - 1] in _CONNECTORS):
        if words[start - 1].endswith(("'s", "’s")):
            break
        start -= 1
    return words[start:]


def _is_counterpart(draft: Draft) -> bool:
    return is_counterpart_role(draft.role)


def _fill_counterpart(draft: Draft, principals: list[Draft], text: str) -> Draft:
    """ "his Egyptian counterpart Badr Abdelatty": the office the text gives the same person
    elsewhere ("Foreign Minister Abdelatty briefed ..."), else the principal's office as any
    country has it (a Secretary of State's counterpart is a Foreign Minister, not a Secretary of
    State)."""
    if not _is_counterpart(draft) or not principals:
        return draft
    role = _role_in_text(draft.name.split()[-1], text) if draft.name else ""
    return replace(draft, role=role or counterpart_role(principals[0].role))


def _office_words_before(text: str, pos: int) -> list[str]:
    """The capitalised office words printed right before `pos` in its clause, from the first
    office word on, after the last "and" ("The Secretary and Foreign Minister Abdelatty": only
    "Foreign Minister")."""
    before = text[max(0, pos - 120) : pos]
    words = _title_run(before[max(before.rfind(c) for c in ",.;:\n(") + 1 :].split())
    if "and" in words:
        # "Minister for Europe and Foreign Affairs Barrot": an "and" inside one office stays.
        start, end = two_fields(" ".join(words) + " " + text[pos : pos + 60]) or (0, 0)
        at, cut = 0, 0
        for i, word in enumerate(words):
            if word == "and" and not start <= at < end:
                cut = i + 1
            at += len(word) + 1
        words = words[cut:]
    while words and not (words[0][:1].isupper() and is_role_word(words[0])):
        words.pop(0)
    return words


def _role_in_text(surname: str, text: str) -> str:
    """The office printed right before a surname somewhere in the text ("Foreign Minister
    Abdelatty"), or ""; a bare "Minister" says nothing."""
    pos = text.find(surname, 0, _ROLE_SEARCH_CHARS)
    while pos != -1:
        end = pos + len(surname)
        if (pos == 0 or not text[pos - 1].isalnum()) and not text[end : end + 1].isalnum():
            words = _office_words_before(text, pos)
            role = parse_segment(" ".join(words) + " " + surname).role if words else ""
            if role and role not in WEAK_ROLES:
                return role
        pos = text.find(surname, end, _ROLE_SEARCH_CHARS)
    return ""


# Offices for foreign affairs that one country names its own way.
_FOREIGN_OFFICE_RE: Final = re.compile(
    r"\b(?:[Ff]oreign|External\s+Affairs|International\s+Relations|Secretary\s+of\s+State$"
    r"|^Secretary$|High\s+Representative)"
)


_DEFENCE_RE: Final = re.compile(r"\bDefen[cs]e\b")


_OFFICES_SPLIT_RE: Final = re.compile(r"\s+and\s+|,\s*")


def counterpart_role(role: str) -> str:
    """The office a principal's counterpart holds, as far as the principal's own says: a
    foreign-affairs office of any name is "Foreign Minister"; of several offices ("Crown Prince
    and Prime Minister"), the last."""
    if _FOREIGN_OFFICE_RE.search(role):
        return "Foreign Minister"
    defence = _DEFENCE_RE.search(role)
    if defence:
        return f"{defence.group()} Minister"  # "Defence Secretary" and "Secretary of Defense"
    return _OFFICES_SPLIT_RE.split(role)[-1].strip() if role else role


def _place_from_title(drafts: list[Draft], title: str) -> list[Draft]:
    sides = opening_from_title(title)
    if not sides:
        return drafts
    headline = [d for side in sides for d in parse_side(side) if d.name and d.country]
    by_surname = {d.name.split()[-1]: d.country for d in headline if d.name}
    return [
        replace(d, country=by_surname.get(d.name.split()[-1]))
        if d.country is None and d.name
        else d
        for d in drafts
    ]


def _fill_delegation(drafts: list[Draft], subject_count: int) -> None:
    """ "met with Saudi Foreign Minister X and National Security Advisor Y": a counterpart the
    text does not place belongs with the others on that side when they share one country (not
    the subject's)."""
    counterparts = drafts[subject_count:]
    codes = {d.country for d in counterparts if d.country}
    if len(codes) != 1 or all(d.country for d in counterparts):
        return
    code = codes.pop()
    if code in {d.country for d in drafts[:subject_count]}:
        return
    for i in range(subject_count, len(drafts)):
        if drafts[i].country is None and not _INTERNATIONAL_RE.search(drafts[i].role):
            drafts[i] = replace(drafts[i], country=code)


# Parties known only by their officers' offices (the UN): their publisher's own officer is theirs.
_BY_OFFICE_CODES: Final = frozenset(code for code, _ in BY_OFFICE)
# Offices of international organisations: their holders belong to no member's delegation.
_INTERNATIONAL_RE: Final = re.compile(
    r"\b(?:League of Arab States|Arab League|United Nations|UN|NATO|Organi[sz]ation of"
    r"|African Union|Gulf Cooperation Council|GCC|ASEAN|OSCE|Commonwealth|World)\b"
)


def _place(
    subject_side: list[Draft], object_side: list[Draft], own_country: str | None
) -> list[Draft]:
    """Countries for people the text does not place: the publisher's own official first
    (the subject the publisher writes about), then well-known principals."""
    placed = {d.country for d in subject_side + object_side if d.country}
    own_subject = False
    if own_country in _BY_OFFICE_CODES:
        # "The Secretary-General met with the High Commissioner (UNHCR) X": the UN's officers
        # meet one another, so its own officer is the UN's even beside another of its officers.
        placed.discard(own_country)
    if own_country and own_country not in placed:
        for i, d in enumerate(subject_side):
            if d.country is None and known_country(d.name) in (None, own_country):
                # "Minister Penny Wong and ... Wang Yi held the Dialogue" taken for China's
                # release: its own official is Wang Yi, not the well-known Australian first.
                subject_side[i] = replace(d, country=own_country)
                placed.add(own_country)
                own_subject = True
                break
    drafts = subject_side + object_side
    for i, d in enumerate(drafts):
        if d.country is None and not _INTERNATIONAL_RE.search(d.role):
            # "NATO Secretary General Mark Rutte": an organisation's officer, not the country
            # the well-known name comes from.
            drafts[i] = replace(d, country=known_country(d.name))
    _fill_delegation(drafts, len(subject_side))
    if own_subject:
        # "Minister A, ..., and Minister B, ..., met with X": the publisher's delegation.
        for i, d in enumerate(drafts[: len(subject_side)]):
            if d.country is None:
                drafts[i] = replace(d, country=own_country)
    if own_country and own_country not in {d.country for d in drafts}:
        for i, d in enumerate(drafts):
            if d.country is None:
                drafts[i] = replace(d, country=own_country)
                break
    return drafts
