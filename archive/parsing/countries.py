"""Country names, aliases, demonyms and cities resolved to ISO 3166-1 alpha-2 codes, "EU" for the
European Union and "XK" for Kosovo; "UN", the United Nations, is in the table but never named."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final

import pycountry

from archive.parsing.country_data import (
    ALIASES,
    BEYOND_ISO,
    BY_OFFICE,
    CITIES,
    COMMON_NAMES,
    DEMONYMS,
    LANDMARKS,
    REGIONS,
    SEATS,
)

EU: Final = "EU"
_EU_INSTITUTION_RE: Final = re.compile(
    r"\s+(?:Commission|Council|Parliament|External|Investment|Central)"
)
# "North America", "Latin American": a continent or a region before "America", not the US.
_AMERICAS_RE: Final = re.compile(r"(?:North|South|Central|Latin)\s+$")


def _rows(table: str) -> dict[str, tuple[str, ...]]:
    rows: dict[str, tuple[str, ...]] = {}
    for line in table.strip().splitlines():
        code, _, rest = line.strip().partition(" ")
        # A code may take a second line, when its names do not fit on one.
        rows[code] = rows.get(code, ()) + tuple(p.strip() for p in rest.split(",") if p.strip())
    return rows


@functools.cache
def _demonyms() -> dict[str, tuple[str, ...]]:
    return _rows(DEMONYMS)


def country_table() -> list[tuple[str, str, tuple[str, ...]]]:
    """[(alpha2, short name, aliases)] for every ISO 3166-1 country, the EU, Kosovo and the UN, by
    code. A fresh list each call (rows are immutable tuples), so callers may sort or filter it."""
    return list(_country_rows())


@functools.cache
def _country_rows() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    common = {code: names[0] for code, names in _rows(COMMON_NAMES).items()}
    aliases = _rows(ALIASES)
    demonyms = _demonyms()
    table: list[tuple[str, str, tuple[str, ...]]] = []
    for country in pycountry.countries:
        code = country.alpha_2
        name = common.get(code) or getattr(country, "common_name", None) or country.name
        extra = [country.name, getattr(country, "common_name", None)]
        extra.append(getattr(country, "official_name", None))
        extra += list(aliases.get(code, ())) + list(demonyms.get(code, ()))
        table.append((code, name, _unique_aliases(name, extra)))
    for code, name in BEYOND_ISO:
        extra = [*aliases.get(code, ()), *demonyms.get(code, ())]
        table.append((code, name, _unique_aliases(name, extra)))
    table += [(code, name, ()) for code, name in BY_OFFICE]
    table.sort(key=lambda row: row[0])
    return tuple(table)


def _unique_aliases(name: str, candidates: Iterable[str | None]) -> tuple[str, ...]:
    seen = {name}
    out: list[str] = []
    for alias in candidates:
        # pycountry's inverted forms ("Korea, Republic of") never appear in running text.
        if not alias or alias in seen or ", " in alias:
            continue
        alias = alias.removeprefix("the ")
        if alias not in seen:
            seen.add(alias)
            out.append(alias)
    return tuple(out)


@functools.cache
def _name_index() -> dict[str, str]:
    """Every spelling -> code; the first table row wins where a spelling is shared."""
    index: dict[str, str] = {}
    by_office = {code for code, _ in BY_OFFICE}
    for code, name, aliases in _country_rows():
        if code in by_office:
            continue
        for spelling in (name, *aliases):
            index.setdefault(spelling, code)
    for spelling, code in list(index.items()):
        if "'" in spelling:
            index.setdefault(spelling.replace("'", "’"), code)
    # Ambiguous short forms readouts nonetheless use in one sense.
    index["Korea"] = "KR"
    index["Congo"] = "CG"
    index["Dominican"] = "DM"
    return index


@functools.cache
def _lower_index() -> dict[str, str]:
    return {spelling.lower(): code for spelling, code in _name_index().items()}


_POSSESSIVE_RE: Final = re.compile(r"['’]s$")


def lookup_country(text: str) -> str | None:
    """Code for a country name, alias or demonym ("Pakistani" -> "PK"), or None."""
    cleaned = text.strip().removeprefix("the ").removeprefix("The ")
    cleaned = _POSSESSIVE_RE.sub("", cleaned)
    index = _name_index()
    if cleaned in index:
        return index[cleaned]
    code = _lower_index().get(cleaned.lower())
    # Lower-case lookup must not turn the pronoun "us" into the United States.
    if code and cleaned.lower() not in {"us", "guinea", "chad", "jordan", "georgia", "turkey"}:
        return code
    return None


def country_name(code: str | None) -> str | None:
    """Short name for a code ("KR" -> "South Korea"), or None."""
    return _names_by_code().get(code or "")


@functools.cache
def _names_by_code() -> dict[str, str]:
    return {code: name for code, name, _ in _country_rows()}


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex alternation laid out as a trie, so matching costs O(length), not O(#names)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True
    return _trie_node(trie)


def _trie_node(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(char) + _trie_node(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return "(?:" + body + ")?"
    return body


@functools.cache
def country_regex() -> re.Pattern[str]:
    r"""Matches any country spelling as a whole word, longest spelling first, with optional 's:
    `(?<![\w.])(?:the\s+)?(?=[A-Z])(<spellings>)(?:['’]s)?(?![\w-])`, written so that it opens
    with a choice of letters ("t" of "the", or a spelling's capital), which the regex engine skips
    to directly rather than trying every position: the look behind follows the first letter. The
    spelling is group 1 after "the", else the match up to group 2 (the 's)."""
    names = sorted(_name_index(), key=len, reverse=True)
    root: dict = {}
    for word in names:
        if not "A" <= word[:1] <= "Z":
            continue  # the pattern only ever matched spellings opening with a capital
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True
    spellings = _trie_node(root)
    branches = [r"t(?<![\w.].)he\s+(?=[A-Z])(" + spellings + ")"]
    branches += [re.escape(c) + r"(?<![\w.].)" + _trie_node(n) for c, n in root.items()]
    return re.compile("(?:" + "|".join(branches) + r")(['’]s|s)?(?![\w-])")


def find_countries(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) for each country mention, spans including "the" and a trailing 's."""
    index = _name_index()
    found = []
    for match in country_regex().finditer(text):
        name = match.group(1)
        if name is None:
            suffix = match.start(2)
            name = text[match.start() : suffix if suffix >= 0 else match.end()]
        code = index.get(name)
        if code == EU and _EU_INSTITUTION_RE.match(text, match.end()):
            continue  # "the European Commission" names an institution inside a role
        if (
            name[:7] == "America"
            and match.start() > 5
            and _AMERICAS_RE.search(text, max(0, match.start() - 9), match.start())
        ):
            continue
        if code:
            found.append((match.start(), match.end(), code))
    return found


@functools.cache
def _cities() -> dict[str, str]:
    cities: dict[str, str] = {}
    for row in CITIES.strip().split("\n"):
        for item in row.split("|"):
            city, _, code = item.strip().rpartition(" ")
            cities[city] = code
    return cities


@functools.cache
def _landmarks() -> dict[str, str]:
    cells = "|".join(LANDMARKS.strip().splitlines()).split("|")
    return dict(zip(cells[::2], cells[1::2], strict=True))


def lookup_landmark(text: str) -> str | None:
    """City of a building readouts name instead of a city ("the Kremlin" -> "Moscow")."""
    return _landmarks().get(text.strip().removeprefix("the ").removeprefix("The "))


@functools.cache
def _seats() -> dict[tuple[str, str], str]:
    rows = (line.split("|") for line in SEATS.strip().splitlines())
    return {(office, code): city for office, code, city in rows}


def lookup_seat(office: str, country: str | None) -> str | None:
    """City of a government office named without one, in the given country ("Prime Minister's
    Office", "JP" -> "Tokyo"), or None."""
    return _seats().get((office.replace("’", "'"), country)) if country else None


@functools.cache
def _regions() -> dict[str, str]:
    cells = [
        item.strip().rpartition(" ") for item in "|".join(REGIONS.strip().splitlines()).split("|")
    ]
    return {name: code for name, _, code in cells if name}


def lookup_region(text: str) -> str | None:
    """Country code of a state or province printed after a town ("California" -> "US")."""
    return _regions().get(text.strip())


def lookup_city(text: str) -> str | None:
    """Country code of a known capital or major city, or None."""
    return _cities().get(text.strip())


@functools.cache
def city_regex() -> re.Pattern[str]:
    names = sorted(_cities(), key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + _trie_pattern(names) + r")(?![\w])")


@functools.lru_cache(maxsize=512)
def names_for(code: str | None) -> tuple[str, ...]:
    """The country's own names, without its adjectives: ("China", "PRC", ...)."""
    adjectives = set(_demonyms().get(code, ())) if code else set()
    return tuple(name for name in demonyms_for(code) if name not in adjectives)


def demonyms_for(code: str | None) -> tuple[str, ...]:
    """Adjectives and names that say "of this country": ("Chinese", "China", ...)."""
    if not code:
        return ()
    row = _rows_by_code().get(code)
    if row is None:
        return ()
    _, name, aliases = row
    return tuple(dict.fromkeys((*_demonyms().get(code, ()), name, *aliases)))


@functools.cache
def _rows_by_code() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """The country table's row of each code (the first, were a code listed twice)."""
    rows: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for row in _country_rows():
        rows.setdefault(row[0], row)
    return rows
