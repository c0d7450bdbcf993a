"""Participants from the two sides of the opening sentence: names, roles, countries."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Final

from archive.parsing.countries import find_countries, lookup_city, lookup_country
from archive.parsing.names import (
    NAME_PARTICLES,
    NAME_SUFFIXES,
    POST_NOMINALS,
    is_name_token,
    is_role_word,
    normalise_name_token,
    strip_honorifics,
)
from archive.parsing.people_data import KNOWN_PEOPLE

_SPLIT_RE: Final = re.compile(r"(,\s*and\s+|,\s*|\s+and\s+|\s*;\s*|\s+&\s+)")
_PLURAL_ROLE_RE: Final = re.compile(
    r"\b((?:[\w'’-]+\s+)*?(?P<noun>Ministers|Leaders|Presidents|Secretaries|Premiers"
    r"|Heads of (?:State|Government)(?: and Government)?|ministers|leaders|counterparts"
    # "the Directors-General of France and Germany": one director-general of each.
    r"|[Dd]irectors(?:[- ][Gg]eneral)?))\b"
    r"(?=\s+(?:of|from)\s|\s*$|,)"
)
_RETIRED_RE: Final = re.compile(r"\s*\(Retd?\.?\)")
_COMMA_SUFFIX_RE: Final = re.compile(r"(?<=\w),\s+(Jr\.|Jr|Sr\.|Sr|II|III|IV)(?![\w.])")
# An article or qualifier before an office, and a dangling connector after it: cut off.
_ROLE_LEAD_RE: Final = re.compile(
    r"(?:the|The|his|her|their|His|Her|Their|its|visiting|Visiting|a|an"
    r"|newly\s+(?:appointed|elected)|new)\s+"
)
_ROLE_TAIL_RE: Final = re.compile(r"\s+(?:of|for|and|from|to|in)$")
# How a text the tail pattern matches in ends ("$" also matches before a closing line end).
_ROLE_TAIL_ENDS: Final = ("of", "for", "and", "from", "to", " in", "\n")
_ABBREVIATED_ROLES: Final = {
    "PM": "Prime Minister",
    "FM": "Foreign Minister",
    "EAM": "External Affairs Minister",
    # India's Ministers of State for External Affairs: "During the visit, MoS called on ...".
    "MoS": "Minister of State",
    "HR/VP": "High Representative/Vice-President",
    # "H.E. Amb. X": the envoy's rank, as in "H.E. Ambassador X", not a courtesy title.
    "Amb.": "Ambassador",
}
_ABBREVIATION_RE: Final = re.compile(r"(?<![\w/])(?:PM|FM|EAM|MoS|HR/VP|Amb\.)(?![\w/])")
_EU_ROLE_RE: Final = re.compile(
    r"European (?:Commission|Council|Parliament|External Action)|High Representative|HR/VP"
)
# Officers of the United Nations and its Secretariat are of the UN, as the EU's are of the EU:
# the Secretary-General and deputies, High Commissioners for Refugees and for Human Rights, the
# Secretary-General's envoys, the President of the General Assembly, and the heads of the UN's
# own funds, programmes, entities and offices (UN Women, UNICEF, WFP, UNDP, UNHCR, OCHA ...), whom
# the Secretary-General appoints, an Under-Secretary-General each. Not a member's Permanent
# Representative or Ambassador "to the UN" (of their country), nor the heads of specialised
# agencies and related organisations, which have members of their own (WHO, IAEA, FAO, UNESCO,
# "United Nations World Tourism Organization"), nor "United Nations <Body>" in general.
_UN: Final = r"(?:UN\b|U\.N\.|United\s+Nations\b)"
_UN_ENTITY: Final = (
    r"(?:UN\s+Women|UNICEF|UNDP|UNFPA|UNRWA|UNEP|UN-Habitat|UNAIDS|WFP|UNHCR|OCHA|UNCTAD|UNODC"
    rf"|(?:{_UN}\s+)?World\s+Food\s+Program(?:me)?|{_UN}\s+(?:Children['’]s\s+Fund|Development"
    r"\s+Programme|Population\s+Fund|Environment\s+Programme|Relief\s+and\s+Works\s+Agency"
    r"|Entity\s+for\s+Gender\s+Equality|Refugee\s+Agency))"
)
# "UNICEF Representative in Egypt", "UN Women Country Representative": a programme's envoy in a
# country serves there for the UN. UNHCR is led by a High Commissioner, UNCTAD by a
# Secretary-General, OCHA by its Head.
_UN_ENTITY_HEAD: Final = (
    r"(?:Executive\s+Director|Administrator|Commissioner-General|Secretary-General|Head"
    r"|(?:Deputy\s+|Assistant\s+)?High\s+Commissioner|(?:Country\s+|Resident\s+)?Representative)"
)
_UN_ROLE_RE: Final = re.compile(
    rf"(?<![\w.]){_UN_ENTITY}\s+(?:\(\w+\)\s+)?{_UN_ENTITY_HEAD}"
    rf"|{_UN_ENTITY_HEAD}\s+of\s+(?:the\s+)?{_UN_ENTITY}|"
    rf"(?<![\w.]){_UN}\s+(?:(?:Deputy\s+|Under-|Assistant\s+)?Secretary[- ]General|High\s+"
    r"(?:Commissioner|Representative)|(?:Deputy\s+)?(?:Special|Personal)\s+(?:Envoy|Represent"
    rf"ative|Coordinator|Adviser)|Resident\s+Coordinator|General\s+Assembly\s+President)"
    rf"|Secretary[- ]General\s+of\s+the\s+(?:UN\b|U\.N\.|United\s+Nations(?!\s+[A-Z]))"
    r"|Under-Secretary-General|High\s+Commissioner\s+for\s+(?:Refugees|Human\s+Rights)"
    rf"|(?:Special|Personal)\s+(?:Envoy|Representative|Coordinator|Adviser)\s+of\s+the\s+(?:"
    rf"{_UN}\s+)?Secretary-General(?!\s+of\s+the\s+(?!{_UN}))"
    rf"|President\s+of\s+the\s+(?:[\w-]+\s+session\s+of\s+the\s+)?(?:{_UN}\s+)?General\s+Assembly"
)
# "UN Special Envoy for Yemen": the country an officer of the UN is for is no delegation's.
_PORTFOLIO_ENDS: Final = ("for", "on", "to", "in")
WEAK_ROLES: Final = frozenset({"", "Senator", "Ambassador", "Professor", "Minister", "counterpart"})
# A prelate's or an officer's rank before a name ("Archbishop X", "General Y") says what the person
# is, not the office they held at the meeting: an office printed beside the name, after it or
# before a comma ("X, Secretary for Relations with States"), is their role.
RANK_TITLES: Final = frozenset(
    {"Archbishop", "General", "Colonel", "Major", "Captain", "Lieutenant", "Marshal"}
)


# Not frozen: compiled, a frozen dataclass is built through Python's __init__. Drafts cached by
# _parse_side are shared, so they are never changed in place (dataclasses.replace makes new ones).
@dataclass
class Draft:
    name: str | None
    role: str
    country: str | None
    appositive: bool = False  # a ", <role> of <Country>" after the name was already attached


@dataclass
class Segment:
    name: str | None
    role: str
    country: str | None


def parse_side(phrase: str) -> list[Draft]:
    """People in one side of the opening sentence, in order."""
    return list(_parse_side(phrase))


@functools.lru_cache(maxsize=4096)
def _parse_side(phrase: str) -> tuple[Draft, ...]:
    """Cached: a ministry's principals open readout after readout with the same phrase."""
    return tuple(_read_side(phrase))


def _read_side(phrase: str) -> list[Draft]:
    drafts = _read_people(phrase)
    if len(drafts) > 1 and drafts[0].country and ("'s " in phrase[:40] or "’s " in phrase[:40]):
        drafts = _share_possessive(phrase, drafts)
    return drafts


def _share_possessive(phrase: str, drafts: list[Draft]) -> list[Draft]:
    """ "Australia's Foreign Minister Penny Wong and Defence Minister Richard Marles": the country
    that opens the side is that of the offices after it that no country places (not of a
    well-known principal placed elsewhere)."""
    lead = _POSSESSIVE_LEAD_RE.match(phrase)
    code = drafts[0].country
    if lead is None or code is None or lookup_country(lead.group("country")) != code:
        return drafts
    shared: list[Draft] = []
    for d in drafts:
        # "..., and Indonesia's Minister for Foreign Affairs X, and Minister of Defence Y": the
        # next country named goes on the same way.
        if d.country is not None:
            code = d.country
        elif d.role and not is_counterpart_role(d.role) and not known_country(d.name):
            d = replace(d, country=code)
        shared.append(d)
    return shared


def is_counterpart_role(role: str) -> bool:
    """ "his Egyptian counterpart": a role that names someone by the other side's office."""
    return role.lower() in _COUNTERPART_ROLES


_COUNTERPART_ROLES: Final = frozenset(["counterpart", "counterparts"])


_POSSESSIVE_LEAD_RE: Final = re.compile(r"(?:the\s+)?(?P<country>[A-Z][\w .-]{1,30}?)['’]s\s")


def _read_people(phrase: str) -> list[Draft]:
    phrase = phrase.strip(" ,.;")
    if phrase.endswith(" and"):
        # "joined by the Ambassador, Cameron MacKay, and by officials", cut before "by".
        phrase = phrase[:-4].rstrip(" ,")
    if not phrase:
        return []
    if phrase == "I":
        # "Today I met X" in a release that never names its author: one person, unnamed.
        return [Draft(None, "", None, False)]
    if "," in phrase and ("J" in phrase or "S" in phrase or "I" in phrase):
        # "Ferdinand R. Marcos, Jr., President of ...": the suffix stays with the name, as in
        # "Ferdinand R. Marcos Jr." (a comma before it would make it a person of its own).
        phrase = _COMMA_SUFFIX_RE.sub(r" \1", phrase)
    if "(Ret" in phrase:
        # "Lt. Gen. (Ret.) Sjafrie Sjamsoeddin": a retired officer's rank, no part of the name.
        phrase = _RETIRED_RE.sub("", phrase)
    expanded = _expand_plural(phrase)
    if expanded is not None:
        return expanded
    drafts: list[Draft] = []
    pending_role, pending_country, separator = "", None, ""
    pending_after_comma = False
    extends_appositive = False
    # The person and the office of an appositive "the ..." just attached (see below).
    attached: tuple[Draft, Segment] | None = None
    shielded, countries = _shield_countries(phrase)
    # Without a comma, semicolon, "&" or "and" there is nothing to split at.
    may_split = "," in shielded or ";" in shielded or "&" in shielded or "and" in shielded
    for piece in _SPLIT_RE.split(shielded) if may_split else [shielded]:
        if _SPLIT_RE.fullmatch(piece):
            separator = piece
            continue
        if countries:
            piece = _SHIELD_RE.sub(lambda m: countries[int(m.group(1))], piece)
        if piece.strip() in NAME_SUFFIXES:
            continue
        seg = parse_segment(piece)
        if seg.name and not seg.role and not pending_role and attached is not None:
            # "Minister Lamola, the Minister of External Affairs of India, Dr S. Jaishankar, and
            # ...": the office after the comma is the next name's, not an appositive.
            before, office = attached
            drafts[-1] = before
            seg = Segment(seg.name, office.role, seg.country or office.country)
        attached = None
        if seg.name:
            role = _join_role(pending_role, separator, seg.role) if pending_role else seg.role
            weak = seg.role in WEAK_ROLES or seg.role in RANK_TITLES
            if pending_role and weak and "," in separator:
                # "Minister for Foreign Affairs, Senator the Hon Penny Wong": the office before
                # the comma, not a courtesy "Senator" (or a rank, "Archbishop") after it.
                role = pending_role
            elif pending_role and "," in separator and seg.role and not _has_capital(pending_role):
                # "her Japanese counterpart, Foreign Minister X": the office after the comma.
                role = seg.role
            drafts.append(Draft(seg.name, role, seg.country or pending_country))
            pending_role, pending_country = "", None
            extends_appositive = False
        elif seg.role or seg.country:
            is_comma = "and" not in separator and ";" not in separator
            if (
                drafts
                and not pending_role
                and is_comma
                and not drafts[-1].appositive
                and not _placed_elsewhere(drafts[-1], seg)
            ):
                if piece.lstrip().startswith("the ") and seg.role[:1].isupper():
                    attached = (drafts[-1], seg)
                drafts[-1] = _attach_appositive(drafts[-1], seg)
                extends_appositive = True
            elif extends_appositive and not pending_role and is_comma and _continues(drafts, seg):
                # "X, Minister of Export Promotion, International Trade and ...": the office
                # goes on after the comma.
                last = drafts[-1]
                drafts[-1] = replace(last, role=_join_role(last.role, separator, seg.role))
            elif (
                extends_appositive
                and not pending_role
                and "and" in separator
                and _has_capital(seg.role)
            ):
                # "X, Crown Prince and Prime Minister of Saudi Arabia": one person, two offices.
                last = drafts[-1]
                role = _join_role(last.role, separator, seg.role)
                drafts[-1] = replace(last, role=role, country=last.country or seg.country)
            elif pending_country and seg.country and seg.country != pending_country:
                # "the Prime Minister of Japan and the President of the Republic of Korea": two
                # unnamed officials of two countries, not one holding two offices.
                drafts.append(Draft(None, pending_role, pending_country))
                pending_role, pending_country = seg.role, seg.country
            else:
                if "," in separator and not _has_capital(pending_role) and _has_capital(seg.role):
                    # "her Moldovan counterpart, Deputy Prime Minister and Minister of ...": the
                    # office after the comma, as before a name right after it.
                    pending_role = ""
                role = seg.role
                if pending_role and "and" in separator and piece.lstrip().startswith("the "):
                    role = _field_article(role)
                if not pending_role:
                    pending_after_comma = "," in separator and "and" not in separator
                pending_role = _join_role(pending_role, separator, role)
                pending_country = pending_country or seg.country
    if extends_appositive and pending_role and not pending_country and pending_after_comma:
        # "H.E. Dr. Sok Vannara, Deputy Prime Minister, Minister of Foreign Affairs": the named
        # person's second office, no one else's.
        last = drafts[-1]
        drafts[-1] = replace(last, role=_join_role(last.role, ", ", pending_role))
    elif pending_country or (pending_role and (not drafts or _has_capital(pending_role))):
        # "X, the Chinese lead person for ... economic and trade affairs": lower-case words
        # left over after a named person describe, they name no one.
        drafts.append(Draft(None, pending_role, pending_country))
    return drafts


def _has_capital(text: str) -> bool:
    return any(c.isupper() for c in text)


def _placed_elsewhere(draft: Draft, seg: Segment) -> bool:
    """ "Tajik Foreign Minister X, Turkmen Deputy Chairman ... and Foreign Minister Y": an office
    of another country after the comma opens the next person's titles, not X's."""
    return bool(seg.country and draft.country and seg.country != draft.country)


def _shield_countries(phrase: str) -> tuple[str, list[str]]:
    """Country names holding a separator ("Antigua and Barbuda", "Bosnia and Herzegovina"), and
    bodies' names that do, replaced by placeholders, so splitting the side into people never cuts them apart."""
    countries: list[str] = []
    if " and " not in phrase and "," not in phrase and "&" not in phrase:
        return phrase, countries
    parts: list[str] = []
    last = 0
    for start, end, _ in find_countries(phrase):
        if _SPLIT_RE.search(phrase, start, end):
            parts += [phrase[last:start], f"\x00{len(countries)}\x00"]
            countries.append(phrase[start:end])
            last = end
    parts.append(phrase[last:])
    shielded = "".join(parts)
    if " and " in shielded and any(noun in shielded for noun in _BODY_WORDS):
        shielded = _BODY_WITH_AND_RE.sub(lambda m: _hold(m.group(), countries), shielded)
    return _shield_fields(shielded, countries), countries


# Bodies whose names hold an "and": "Commissioner-General of the United Nations Relief and Works
# Agency for Palestine Refugees in the Near East X", "Director-General of the Food and Agriculture
# Organization (FAO) Y" name one person each, and Palestine places no one.
_BODY_NOUNS: Final = r"(?:Organi[sz]ation|Agency|Fund|Programme|Program|Bank|Commission)"
# The rest of UNRWA's name, where the first country it names is no one's.
_AGENCY_FOR: Final = r"(?:\s+for\s+Palestine\s+Refugees(?:\s+in\s+the\s+Near\s+East)?)"
# Substrings of the nouns: looked for before the pattern is tried.
_BODY_WORDS: Final = ("Organi", "Agency", "Fund", "Program", "Bank", "Commission")
_BODY_WITH_AND_RE: Final = re.compile(
    r"(?<=\bof the )(?:[A-Z][\w'’-]*\s+){1,4}and\s+(?:[A-Z][\w'’-]*\s+){0,3}"
    rf"{_BODY_NOUNS}{_AGENCY_FOR}?(?:\s*\([A-Z]{{2,8}}\))?"
)


def _hold(text: str, held: list[str]) -> str:
    """A placeholder for `text`, which `held` keeps until the side is split."""
    held.append(text)
    return f"\x00{len(held) - 1}\x00"


def _shield_fields(phrase: str, held: list[str]) -> str:
    """ "Minister of Foreign Affairs, Emigration and Egyptian Expatriates of Egypt X": the
    fields of one office, listed with commas and "and", are held together like a country.
    Before a comma ("..., Egyptian Expatriates, Dr. X") only fields made of role words and
    demonyms are, not a list of people."""
    m = _FIELDS_RE.search(phrase)
    if m and not _fields_hold(m, m.group("comma") is not None):
        m = None
    if m is None and "Union" in phrase:
        # "Minister of Foreign Affairs, European Union and Cooperation José Manuel Albares":
        # a union among the fields, the name right after them.
        m = _FIELDS_NAME_RE.search(phrase)
        if m and not _fields_hold(m, True):
            m = None
    if m is None:
        span = None
        if " and " in phrase:
            span = (
                two_fields(phrase)
                or (_fields_then_name(phrase) if "," in phrase else None)
                or _fields_before_office(phrase)
                or (_fields_at_end(phrase) if "," in phrase else None)
            )
        if span is None:
            return phrase
        start, end = span
    else:
        start, end = m.span("fields")
    held.append(phrase[start:end])
    return phrase[:start] + f"\x00{len(held) - 1}\x00" + phrase[end:]


def two_fields(phrase: str) -> tuple[int, int] | None:
    """ "Minister for Europe and Foreign Affairs Jean-Noël Barrot", "Undersecretary for Bilateral
    Relations and ASEAN Affairs X": one office of two fields joined by "and", the name right
    after them. The words after "and" that are role words close the office; a name must follow."""
    for m in _TWO_FIELDS_RE.finditer(phrase):
        words = m.group("right").split()
        count = 0
        while count < len(words) and (is_role_word(words[count]) or lookup_country(words[count])):
            count += 1
        if not count:
            continue
        if count == len(words):
            # "Minister of Foreign and European Affairs of Luxembourg": the country after them.
            if not _OF_AFTER_FIELDS_RE.match(phrase, m.end()):
                continue
        elif not is_name_token(words[count]):
            continue
        fields = m.group("left").split() + words[:count]
        if not _OFFICE_WORDS.isdisjoint(w.lower() for w in fields):
            continue
        if not all(map(_field_word, m.group("left").split())):
            continue
        end = m.start("right") + len(" ".join(words[:count]))
        return m.start("left"), end
    return None


def _fields_before_office(phrase: str) -> tuple[int, int] | None:
    """ "the Trade and Industry Minister of Kenya, Peter Wanjiru": two fields joined by "and"
    before the office they belong to."""
    for m in _FIELDS_BEFORE_OFFICE_RE.finditer(phrase):
        if is_role_word(m.group("left")) and is_role_word(m.group("right")):
            return m.start("left"), m.end("right")
    return None


_FIELDS_BEFORE_OFFICE_RE: Final = re.compile(
    # The office opens with them: after "the", a comma or the phrase's start.
    r"(?:^|(?<=\bthe\s)|(?<=,\s))(?P<left>[A-Z][a-z]+)\s+and\s+(?P<right>[A-Z][a-z]+)\s+"
    r"(?:Minister|Secretary|Commissioner)\b"
)


def _fields_at_end(phrase: str) -> tuple[int, int] | None:
    """ "Archbishop X, Secretary for Relations with States and International Organizations": an
    office after the name, its fields joined by "and" running to the phrase's end (role words
    only)."""
    m = _FIELDS_AT_END_RE.search(phrase)
    if m is None:
        return None
    words = m.group("fields").split()
    if not all(is_role_word(w) or w in _FIELD_LINKS for w in words):
        return None
    return m.start("fields"), m.end("fields")


_FIELDS_AT_END_RE: Final = re.compile(
    r",\s+(?:Minister|Secretary|Commissioner|Director)\s+(?:of|for)\s+"
    r"(?P<fields>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|with|of|for))*\s+and"
    r"(?:\s+[A-Z][\w'’-]*){1,4})$"
)
_FIELD_LINKS: Final = frozenset(["with", "of", "for"])


def _fields_then_name(phrase: str) -> tuple[int, int] | None:
    """ "Minister of Foreign Affairs, Emigration and Egyptian Expatriates Badr Abdelatty": an
    office's fields listed with commas and "and", the name right after the last field (role
    words and demonyms only)."""
    m = _FIELDS_LIST_RE.search(phrase)
    if m is None:
        return None
    words = m.group("last").split()
    count = 0
    while count < len(words) and (is_role_word(words[count]) or lookup_country(words[count])):
        count += 1
    if not count or count == len(words) or not is_name_token(words[count]):
        return None
    fields = m.group("fields").replace(",", " ").split()
    if not _OFFICE_WORDS.isdisjoint(w.lower() for w in fields) or not all(
        _field_word(w) for w in fields
    ):
        return None
    return m.start("fields"), m.start("last") + len(" ".join(words[:count]))


def _field_word(word: str) -> bool:
    """A word an office's fields are made of: a role word, a country or its people ("Minister of
    Foreign Affairs, Migration and Tunisians Abroad")."""
    if is_role_word(word) or lookup_country(word):
        return True
    return word.endswith("s") and lookup_country(word[:-1]) is not None


def _fields_hold(m: re.Match[str], strict: bool) -> bool:
    """No office inside the fields; before a comma or a name, only role words and countries."""
    fields = m.group("fields")
    if not _OFFICE_WORDS.isdisjoint(fields.lower().split()):
        return False
    return not strict or all(_field_word(w.strip(",")) for w in fields.split())


_FIELD: Final = r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}"
_FIELDS_LIST_RE: Final = re.compile(
    rf"\b(?:Minister|Ministry|Secretary)\s+(?:of|for)\s+(?P<fields>{_FIELD}(?:,\s+{_FIELD})+),?\s+"
    r"and\s+(?P<last>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’.-]*){1,5})"
)
_FIELDS_RE: Final = re.compile(
    rf"\b(?:Minister|Ministry|Secretary)\s+(?:of|for)\s+"
    rf"(?P<fields>{_FIELD}(?:,\s+{_FIELD})+,?\s+and\s+{_FIELD})(?=\s+(?:of|for)\s|(?P<comma>,|$))"
)


_FIELDS_NAME_RE: Final = re.compile(
    rf"\b(?:Minister|Ministry|Secretary)\s+(?:of|for)\s+"
    rf"(?P<fields>{_FIELD}(?:,\s+{_FIELD})*,\s+[A-Z][\w'’-]*\s+Union(?:,\s+{_FIELD})*,?\s+and"
    rf"\s+[A-Z][\w'’-]*)(?=\s+[A-Z])"
)


_TWO_FIELDS_RE: Final = re.compile(
    r"\b(?:Minister|Ministry|Secretary|Undersecretary|Under-Secretary)\s+(?:of|for)\s+"
    r"(?P<left>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2})\s+and\s+(?:the\s+)?"
    r"(?P<right>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,5})"
)
_OF_AFTER_FIELDS_RE: Final = re.compile(r"\s+(?:of|for)\s")
_SHIELD_RE: Final = re.compile(r"\x00(\d+)\x00")


_OFFICES: Final = """
minister ministers president secretary chancellor premier ambassador envoy director chair
chairman chairwoman chairperson king queen prince princess emir amir sultan governor
commissioner representative counsellor counselor councilor councillor adviser advisor
leader head spokesperson mayor speaker officer chief member deputy vice senator
"""
_OFFICE_WORDS: Final = frozenset(_OFFICES.split())


def _continues(drafts: list[Draft], seg: Segment) -> bool:
    """After "Name, <office>," an unnamed segment goes on with the same person's titles: a bare
    list of fields ("International Trade"), or a further office of the same country ("Wang Yi,
    Member of the Political Bureau ..., Director of the Office ... and Minister ...")."""
    if seg.country:
        return seg.country == drafts[-1].country
    words = seg.role.lower().split()
    return bool(words) and (_OFFICE_WORDS.isdisjoint(words) or drafts[-1].country is not None)


def _field_article(role: str) -> str:
    """ "Minister for International Development and the Pacific": a field of the office after
    "and" keeps its article (an office after it, "and the President of ...", does not)."""
    return role if not role or not _OFFICE_WORDS.isdisjoint(role.lower().split()) else "the " + role


def _join_role(left: str, separator: str, right: str) -> str:
    if not left:
        return right
    if not right:
        return left
    return left + separator + right


def _attach_appositive(draft: Draft, seg: Segment) -> Draft:
    weak = draft.role in WEAK_ROLES or draft.role in RANK_TITLES
    role = seg.role if weak and seg.role else draft.role
    return replace(draft, role=role, country=draft.country or seg.country, appositive=True)


def _expand_plural(phrase: str) -> list[Draft] | None:
    """ "The Foreign Ministers of A, B and C" -> one unnamed participant per country."""
    if not _may_name_plural(phrase):
        return None
    plural = _PLURAL_ROLE_RE.search(phrase)
    if not plural:
        return None
    # "... of A, B and C and the High Representative of the EU": one more person, own office
    # (after the last "and" that opens one: "... the United States of America, and the High
    # Representative ...").
    extra = None
    for joint in _AND_BEFORE_RE.finditer(phrase, plural.end()):
        found_extra = _OTHER_OFFICE_RE.match(phrase, joint.start())
        if found_extra and _other_office(found_extra):
            extra = found_extra
            break
    listed = phrase[: extra.start()] if extra else phrase
    # "Secretary X and the foreign ministers of A and B": the people named before the plural
    # are themselves, not ministers of A or B.
    role_start = _plural_role_start(phrase, plural.start(), plural.start("noun"))
    before = _PEOPLE_BEFORE_RE.match(listed, 0, _countries_before(phrase, 0, role_start))
    ahead: list[Draft] = []
    if before:
        ahead = [d for d in _read_side(before.group("people")) if d.name or d.role]
        if ahead:
            listed = listed[before.end() :]
    found = find_countries(listed)
    codes = list(dict.fromkeys(code for _, _, code in found))
    if len(codes) < 2:
        return None
    role = _GROUP_PREFIX_RE.sub("", _singular(plural.group(1)[role_start - plural.start() :]))
    rest = listed[found[-1][1] :]
    noun_at = rest.find(plural.group("noun") + ",")
    if noun_at > 0 and all(_plural_role_word(w) for w in rest[:noun_at].split()):
        # "his French and German counterparts, X and Y": the names after the plural noun.
        rest = rest[noun_at + len(plural.group("noun")) :]
    names = _respective_names(rest, len(codes))
    drafts = ahead + [Draft(name, role, code) for name, code in zip(names, codes, strict=True)]
    if extra:
        seg = parse_segment(extra.group("person"))
        drafts.append(Draft(seg.name, seg.role, seg.country))
    return drafts


def _other_office(found: re.Match[str]) -> bool:
    """Whether "and ..." after a plural names one more person by an office: "and the High
    Representative of the EU", "and the Secretary-General of ASEAN" (an office of hyphened
    words is one of its words'), "and the UN Secretary-General". Without "of" or "for" it takes
    "the" or a hyphened office: "..., and Secretary Marco Rubio" is the last of the names."""
    office = found.group("office")
    if _OFFICE_WORDS.isdisjoint(office.lower().replace("-", " ").split()):
        return False
    return bool(found.group("body") or found.group("the") or "-" in office)


def _may_name_plural(phrase: str) -> bool:
    """Whether _PLURAL_ROLE_RE can match: its plural nouns are looked for as substrings first
    (a regex search tries its lazy run of words at every word of the phrase)."""
    return any(noun in phrase for noun in _PLURAL_NOUNS)


# The plural nouns of _PLURAL_ROLE_RE, or a part of each.
_PLURAL_NOUNS: Final = (
    "inisters",
    "eaders",
    "Presidents",
    "Secretaries",
    "Premiers",
    "Heads of",
    "counterparts",
    "irectors",
)


_PEOPLE_BEFORE_RE: Final = re.compile(
    r"(?P<people>.*\S)(?:,\s*and|\s+and|\s*&)\s+(?:(?:the|his|her|their)\s+)?$"
)


def _plural_role_start(phrase: str, start: int, noun: int) -> int:
    """Where the office before a plural noun starts: its run of role words ("the foreign
    ministers" -> "foreign ministers"; "X and G7 Foreign Ministers" -> "G7 Foreign Ministers")."""
    while noun > start:
        word_start = phrase.rfind(" ", start, noun - 1) + 1 or start
        if not _plural_role_word(phrase[word_start : noun - 1]):
            break
        noun = word_start
    return noun


def _countries_before(phrase: str, start: int, at: int) -> int:
    """Where a run of countries' adjectives before `at` starts ("his French and German
    counterparts" -> "French"); `at` if there is none."""
    while at > start:
        word_start = phrase.rfind(" ", start, at - 1) + 1 or start
        word = phrase[word_start : at - 1].rstrip(",")
        if word == "and" and word_start > start:
            before = phrase.rfind(" ", start, word_start - 1) + 1 or start
            if not lookup_country(phrase[before : word_start - 1].rstrip(",")):
                break
        elif not lookup_country(word):
            break
        at = word_start
    return at


def _plural_role_word(token: str) -> bool:
    return is_role_word(token) and token.lower() not in _NOT_IN_PLURAL_ROLE


_NOT_IN_PLURAL_ROLE: Final = frozenset(
    ["and", "the", "of", "for", "his", "her", "their", "its", "in"]
)


def _respective_names(rest: str, count: int) -> list[str | None]:
    """ "The Foreign Ministers of A, B and C, X, Y and Z, met ...": the names after the
    countries, one for each in order; otherwise no names."""
    none: list[str | None] = [None] * count
    if not rest.startswith(","):
        return none
    parts = [
        p for p in _SPLIT_RE.split(rest.strip(" ,")) if p.strip() and not _SPLIT_RE.fullmatch(p)
    ]
    if len(parts) != count:
        return none
    segments = [parse_segment(part) for part in parts]
    if any(seg.name is None or seg.country for seg in segments):
        return none
    return [seg.name for seg in segments]


_AND_BEFORE_RE: Final = re.compile(r",?\s+and\s+")
_OTHER_OFFICE_RE: Final = re.compile(
    # "... and the UN Secretary-General": an office that names its body before it.
    r",?\s+and\s+(?P<person>(?P<the>the\s+)?(?P<office>(?:[A-Z][\w/'’-]*(?:\s+|$)){1,5})"
    r"(?P<body>(?:of|for)\s+.+)?)$"
)
# "G7 Foreign Ministers", "Quad Leaders": the group is no part of each one's office.
_GROUP_PREFIX_RE: Final = re.compile(r"^(?:G\d+|BRICS|Quad|ASEAN|NATO|SCO|EU|OSCE|C5|E3)\s+")


_HEADS_OF_RE: Final = re.compile(r"\bHeads of")
_IES_RE: Final = re.compile(r"ies$")
_PLURAL_S_RE: Final = re.compile(r"(?<=[a-z])s$")
_GENERAL_RE: Final = re.compile(r"[- ][Gg]eneral$")


def _singular(role: str) -> str:
    role = role.strip()
    general = _GENERAL_RE.search(role)
    if general:
        # "Directors-General" -> "Director-General": the noun before "General" is the plural.
        return _singular(role[: general.start()]) + "-General"
    role = _HEADS_OF_RE.sub("Head of", role)
    role = _IES_RE.sub("y", role)
    role = _PLURAL_S_RE.sub("", role)
    role = _clean_role(role)
    # "the foreign ministers of ..." -> "Foreign Minister", as the office is printed elsewhere.
    return " ".join(w if w in _NOT_IN_PLURAL_ROLE else w[:1].upper() + w[1:] for w in role.split())


def parse_segment(text: str) -> Segment:
    """ "Foreign Minister Qureshi of Pakistan" -> ("Qureshi", "Foreign Minister", "PK")."""
    if "friendly" in text or "brotherly" in text or "sisterly" in text:
        # "Secretary of State of the friendly United States of America": the Gulf's epithet.
        text = _EPITHET_RE.sub("", text)
    countries = find_countries(text)
    if countries and _opens_a_name(text, countries[0]):
        countries = countries[1:]  # "Israel Katz": a given name that is also a country's
    if len(countries) > 1:
        # "Foreign Minister Israel Katz of Israel", "Portuguese Prime Minister Luís Montenegro":
        # a country's name inside a person's, where the segment names the country again.
        in_names = [c for c in countries if _inside_a_name(text, c)]
        if in_names and len(in_names) < len(countries):
            countries = [c for c in countries if c not in in_names]
    code = countries[0][2] if countries else None
    if countries and _in_fields(text, countries[0][0], countries[0][1]):
        # "Minister of Foreign Affairs, European Union and ... of Spain"; with no other country
        # an EU portfolio places no one ("Minister for Foreign Affairs, European Union and
        # Cooperation, José Manuel Albares"), a demonym does ("... and Egyptian Expatriates").
        if len(countries) > 1:
            code = countries[1][2]
        elif code == "EU":
            code = None
    spoken = text
    kept, portfolio = _office_names(text, countries)
    for start, end, _ in reversed(countries):
        if start == portfolio:
            continue
        if _names_a_body(text, start, end) or _in_fields(text, start, end):
            # "Communist Party of China Central Committee" keeps its country, as no name.
            body = _BODY_AFTER_RE.match(text, end)
            kept.update(text[start : body.end() if body else end].split())
            continue
        before = _drop_connector(text[:start].rstrip())
        text = before + " " + text[end:]
    if (
        "PM" in text
        or "FM" in text
        or "EAM" in text
        or "MoS" in text
        or "HR/VP" in text
        or "Amb." in text
    ):
        text = _ABBREVIATION_RE.sub(lambda m: _ABBREVIATED_ROLES[m.group()], text)
    tokens = [t.strip('"“”‘’') for t in strip_honorifics(text).split()]
    tokens = [t for t in tokens if t and t.rstrip(",;") not in POST_NOMINALS]
    if not _COURTESY_TITLES.isdisjoint(tokens):
        tokens = [t for i, t in enumerate(tokens) if not _is_royal_title(tokens, i)]
    start, end = _name_run(tokens, kept)
    if 0 < start < end and tokens[start - 1] == "of":
        # "Deputy Ruler of Abu Dhabi", "Governor of Tokyo Yuriko Koike": the city an office is
        # of is no name.
        for n in range(end - start, 0, -1):
            if lookup_city(" ".join(t.strip(",;:") for t in tokens[start : start + n])):
                start += n
                break
    if end - start > 1 and start > 0 and tokens[start] in _OFFICE_NUMBERS:
        start += 1  # "Minister of Foreign Affairs II Erywan Yusof": the office's number
    if end - start > 2 and tokens[start] in _LEADING_TITLES:
        del tokens[start]  # "Haji Mohamad Haji Hasan": a pilgrim's title before the name
        end -= 1
    name = None
    if (
        start < end < len(tokens)
        and tokens[end][:1].islower()
        and _POSSESSIVE_RE.search(tokens[end - 1])
    ):
        # "President X's senior adviser": the adviser, whom the text does not name.
        return Segment(None, _clean_role(" ".join(tokens[end:])), code)
    if end > start:
        name = " ".join(normalise_name_token(t.strip(",;:")) for t in tokens[start:end])
        name = _POSSESSIVE_RE.sub("", name)
        if name.endswith((" Jr", " Sr")):
            name += "."  # "Marcos Jr" at a sentence's end lost its stop to the sentence
    role = _clean_role(" ".join(tokens[:start] + tokens[end:]))
    if (
        # Each office below holds one of these words: most roles need no search.
        (
            "N" in role
            or "General" in role
            or "Commissioner" in role
            or "Director" in role
            or "OCHA" in role
        )
        and _UN_ROLE_RE.search(role)
        and (code is None or spoken[: countries[0][0]].rstrip().endswith(_PORTFOLIO_ENDS))
    ):
        code = "UN"  # checked first: the UN's "High Representative for Disarmament Affairs"
    elif code is None and _EU_ROLE_RE.search(role):
        code = "EU"  # EU institutions place their officials in the EU
    return Segment(name, role, code)


def _office_names(text: str, countries: list[tuple[int, int, str]]) -> tuple[set[str], int]:
    """The capitalised words of a segment that belong to an office and name no one, and where
    the country an officer of the UN is for starts (-1 without one)."""
    kept: set[str] = set()
    # "UN Special Coordinator for Lebanon X": the country is the office's, and no one's.
    portfolio = countries[0][0] if countries and _for_un_portfolio(text, countries[0][0]) else -1
    if portfolio >= 0:
        kept.update(text[portfolio : countries[0][1]].split())
    if " of the " in text:
        # "Director-General of the World Health Organization (WHO)": the body's name is part
        # of the office, not a name ("World").
        for m in _ORGANISATION_RE.finditer(text):
            kept.update(m.group("org").split())
    if "ertuan" in text:
        # "Sultan and Yang Di-Pertuan of Brunei Darussalam": a Malay ruler's office whose words
        # look like a name.
        for m in _MALAY_OFFICE_RE.finditer(text):
            kept.update(m.group().split())
    return kept, portfolio


def _for_un_portfolio(text: str, at: int) -> bool:
    """Whether the country at `at` is the portfolio of an officer of the UN named before it."""
    before = text[:at].rstrip()
    return before.endswith(_PORTFOLIO_ENDS) and _UN_ROLE_RE.search(before) is not None


# Brunei numbers its second ministers: "Minister of Foreign Affairs II".
_OFFICE_NUMBERS: Final = frozenset(["II", "III"])
_ORGANISATION_RE: Final = re.compile(
    # "the Food and Agriculture Organization", "the UN Relief and Works Agency": "and" inside.
    r"\bof\s+the\s+(?P<org>(?:[A-Z][\w'’-]*\s+(?:and\s+)?){0,5}(?:Organi[sz]ation|Agency"
    r"|Fund|Programme|Program|Bank|Council|Commission|Committee|Secretariat|Court|Forum|Alliance|Federation"
    rf"|Community|Institute|Bureau){_AGENCY_FOR}?"
    # "the International Committee of the Red Cross", "the World Bank Group".
    r"(?:\s+of\s+the\s+Red\s+(?:Cross|Crescent)|(?<=Bank)\s+Group)?(?:\s*\([A-Z]{{2,8}}\))?)"
)
_EPITHET_RE: Final = re.compile(r"\b(?:friendly|brotherly|sisterly)\s+(?=(?:State\s+of\s+)?[A-Z])")


def _drop_connector(text: str) -> str:
    """ "Foreign Minister of" -> "Foreign Minister ": a closing "of", "from" or "for" that starts
    a word, cut off (the text has no trailing whitespace)."""
    for word in _CONNECTORS:
        if text.endswith(word):
            at = len(text) - len(word)
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
                return text[:at]
            return text
    return text


_CONNECTORS: Final = ("of", "from", "for")


def _opens_a_name(text: str, country: tuple[int, int, str]) -> bool:
    """A country word that starts the segment and runs straight into a surname."""
    start, end, _ = country
    if text[:start].strip() or text[start:end].endswith(("'s", "’s")):
        return False
    after = text[end:].split()
    return len(after) == 1 and is_name_token(after[0])


def _inside_a_name(text: str, country: tuple[int, int, str]) -> bool:
    """A one-word country name that is a given name after an office ("Minister Israel Katz") or
    after a country's name ("Foreign Minister of Israel Israel Katz"), or a surname after a
    given name ("Luís Montenegro", then "of Portugal" or nothing)."""
    start, end, _ = country
    word = text[start:end]
    if not word.istitle() or " " in word:
        return False
    before, after = text[:start].split(), text[end:].split()
    if not before:
        return False
    previous = before[-1]
    if is_name_token(previous):
        if after and is_name_token(after[0]):
            return lookup_country(previous) is not None
        return not after or after[0] in _CONNECTORS
    return (
        previous[:1].isupper()
        and is_role_word(previous)
        and bool(after)
        and is_name_token(after[0])
    )


_OF_END_RE: Final = re.compile(r"\bof\s*$")
_PARTY_OF_RE: Final = re.compile(r"\bParty\s+of\s+(?:the\s+)?$")


def _names_a_body(text: str, start: int, end: int) -> bool:
    """ "of China" followed by more of a title ("Central Committee") names a party or body, not
    the person's country phrase (which ends the title or comes before the name)."""
    if _PARTY_OF_RE.search(text, max(0, start - 12), start):
        return True  # "Communist Party of Viet Nam", "Workers' Party of Korea"
    if _BODY_AFTER_RE.match(text, end):
        return True  # "Palestine Liberation Organization", "Kurdistan Regional Government"
    if _DELEGATION_AFTER_RE.match(text, end):
        return True  # "Head of the Russian delegation": the demonym is part of the office
    after = text[end:].split(None, 1)
    return bool(
        after
        and after[0][:1].isupper()
        and is_role_word(after[0])
        and after[0].lower() not in _OFFICE_WORDS  # "of Australia Senator Wong": a new title
        and _OF_END_RE.search(text, max(0, start - 4), start)
    )


_LEADING_TITLES: Final = frozenset(["Haji", "Hajah", "Hj.", "Hjh."])
_MALAY_OFFICE_RE: Final = re.compile(
    r"\bYang\s+[Dd]i-?[Pp]ertuan(?:\s+(?:Agong|Besar|Negara|Negeri))?\b"
)


def _in_fields(text: str, start: int, end: int) -> bool:
    """ "Minister of Foreign Affairs, Emigration and Egyptian Expatriates": a demonym inside the
    list of an office's fields belongs to the office's name. So does a country or union
    between an office word's comma and "and <Field>" ("Foreign Affairs, European Union and
    Cooperation")."""
    after = text[end:].split(None, 2)
    if not after:
        return False
    if text[max(0, start - 4) : start] == "and " or text[max(0, start - 4) : start] == "for ":
        # "... and Egyptian Expatriates", "Minister for European Affairs of Lithuania"; "Federal
        # Minister for European and International Affairs": the first of two fields.
        if after[0] == "and" and text[start - 4 : start] == "for " and len(after) > 1:
            return after[1][:1].isupper() and is_role_word(after[1].split()[0])
        return after[0][:1].isupper() and is_role_word(after[0])
    return (
        text[max(0, start - 2) : start] == ", "
        and after[0] == "and"
        and len(after) > 1
        and after[1][:1].isupper()
        and is_role_word(after[1])
        and is_role_word(text[:start].split()[-1])
    )


_BODY_AFTER_RE: Final = re.compile(
    r"(?:\s+[A-Z][\w'’-]*){0,2}\s+(?:Organi[sz]ation|Authority|Front|Movement|Government"
    r"|Party|Corporation|Agency)\b"
)
_DELEGATION_AFTER_RE: Final = re.compile(r"\s+(?:delegation|delegations|side)\b")
_POSSESSIVE_RE: Final = re.compile(r"['’]s$")
_COURTESY_TITLES: Final = frozenset({"Prince", "Princess", "Senator"})


def _is_royal_title(tokens: list[str], i: int) -> bool:
    """ "Prince Faisal": a courtesy title before a name; "Crown Prince" is an office. So is
    "Senator" after another office ("Foreign Minister Senator Penny Wong")."""
    title = tokens[i]
    if title not in _COURTESY_TITLES or i + 1 >= len(tokens):
        return False
    if not is_name_token(tokens[i + 1]):
        return False
    if title == "Senator":
        return i > 0
    return i == 0 or tokens[i - 1] != "Crown"


def _name_run(tokens: list[str], kept: set[str] | None = None) -> tuple[int, int]:
    """Bounds of the last run of name tokens (particles allowed inside a run)."""
    best = (0, 0)
    i = 0
    while i < len(tokens):
        if not is_name_token(tokens[i]) or (kept and tokens[i] in kept):
            if tokens[i] in NAME_PARTICLES and _particle_run(tokens, i):
                # "President von der Leyen", "Secretary de la Fuente": a name that opens with
                # its particles.
                j = i + 1
                while j < len(tokens) and (is_name_token(tokens[j]) or _particle_run(tokens, j)):
                    j += 1
                best = (i, j)
                i = j
                continue
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and (is_name_token(tokens[j]) or _particle_run(tokens, j)):
            j += 1
        if j > i + 1 or tokens[i].strip(",;:") not in _OFFICE_NUMERALS:
            best = (i, j)
        i = j
    start, end = best
    # "Minister of Foreign Affairs of Afghanistan Amir Khan Muttaqi", "Minister of Industry
    # Sultan Ahmed Al Jaber": after an office, a ruler's title before a name is its first.
    if (
        start > 1
        and end - start >= 2
        and tokens[start - 1] in _TITLES_AS_GIVEN_NAMES
        and tokens[start - 2] not in ("and", "&")
        and any(t.strip(",;:").lower() in _OFFICE_WORDS for t in tokens[: start - 1])
    ):
        best = (start - 1, end)
    elif end == len(tokens) - 1 and end > start and _closes_a_name(tokens[end]):
        best = (start, end + 1)
    return best


def _closes_a_name(token: str) -> bool:
    """ "UN Women Country Representative in Egypt Christine Arab": a people's word of offices'
    vocabulary ("League of Arab States") closing the segment right after a name is the surname
    (a word of an office there, "Foreign Minister X\n\nOffice of the Spokesperson", is not)."""
    return token.strip(",;:") in _PEOPLES_IN_OFFICES


# The words for a people among the offices' words: surnames too ("Christine Arab").
_PEOPLES_IN_OFFICES: Final = frozenset(["Arab"])


# Rulers' titles that are given names too ("Amir Khan Muttaqi", "Sultan Al Jaber").
_TITLES_AS_GIVEN_NAMES: Final = frozenset(["Amir", "Emir", "Sultan"])


# "Minister of Foreign Affairs II" (Brunei's second foreign minister): a numeral of an office,
# no name, where it stands alone ("King Charles III" is a name with its numeral).
_OFFICE_NUMERALS: Final = frozenset(["II", "III", "IV"])


def _particle_run(tokens: list[str], j: int) -> bool:
    """ "von der Leyen", "bin Zayed": particles count when a name token follows them."""
    k = j
    while k < len(tokens) and tokens[k].lower() in NAME_PARTICLES:
        k += 1
    return k > j and k < len(tokens) and is_name_token(tokens[k])


def _trim_role_edges(role: str) -> str:
    """The lead and tail patterns cut off as one pattern `^lead|tail` would (the lead only at the
    start, the tail after it): the lead tried at the start only, the tail only where the text
    ends as it can."""
    lead = _ROLE_LEAD_RE.match(role)
    if lead:
        role = role[lead.end() :]
    if role.endswith(_ROLE_TAIL_ENDS):
        role = _ROLE_TAIL_RE.sub("", role)
    return role


_STATE_FORMS: Final = (
    "Republic", "Kingdom", "Sultanate", "Emirate", "State", "Principality", "Federation",
    "Confederation", "Commonwealth",
)  # fmt: skip
_STATE_FORM_TAIL_RE: Final = re.compile(
    r"\s+of\s+the\s+(?:[A-Z][\w'’-]*\s+){0,2}(?:" + "|".join(_STATE_FORMS) + r")$"
)


def _clean_role(role: str) -> str:
    role = role.strip(" ,;:.")
    for _ in range(3):
        cleaned = _trim_role_edges(role).strip(" ,;:")
        if cleaned == role:
            break
        role = cleaned
    if role.endswith(_STATE_FORMS):
        # "Minister of Foreign Affairs of the Republic" left by "... of the Republic of Rwanda",
        # whose country was read as "Rwanda"; "President of the Republic" is an office.
        m = _STATE_FORM_TAIL_RE.search(role)
        if m and ("Minister" in role[: m.start()] or " of " in role[: m.start()]):
            role = role[: m.start()]
    if role.endswith(" Ambassador") and not _OFFICE_WORDS.isdisjoint(role.lower().split()[:-1]):
        # "State Minister Ambassador Tsegaye Wolde-Giorgis": a former envoy's courtesy title
        # before the name, after the office held now.
        role = role[: -len(" Ambassador")]
    return role


def _plain(name: str) -> str:
    """ "Luiz Inácio Lula" -> "Luiz Inacio Lula": accents do not keep a name apart."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def _known_people() -> dict[str, str]:
    people: dict[str, str] = {}
    for line in KNOWN_PEOPLE.strip().splitlines():
        for item in line.split("|"):
            name, _, code = item.strip().rpartition(" ")
            if name:
                people[_plain(name)] = code
    return people


def known_country(name: str | None) -> str | None:
    """Country of a well-known principal by full name, by the end of it ("Lula da Silva"), or
    by surname, or None."""
    if not name:
        return None
    people = _known_people()
    words = _plain(name).split()
    for size in range(len(words), 0, -1):
        code = people.get(" ".join(words[-size:]))
        if code:
            return code
    if len(words) == 2:
        # "Ishiba Shigeru": the same person with the surname first.
        return people.get(f"{words[1]} {words[0]}")
    return None
