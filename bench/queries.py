"""The search classes the benchmark times, each with rotating terms and its known hit count.

Hit counts come from the corpus manifest (what the generator planted), so a search that returns
a different number is reported as a mismatch rather than silently timed.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

FILTER_DATE_FROM = datetime.date(2006, 1, 1)
FILTER_DATE_TO = datetime.date(2020, 12, 31)


@dataclass(frozen=True)
class Term:
    query: str
    expected: int
    filters: dict[str, str] = field(default_factory=dict)
    datasette: str = ""  # the same query in FTS5 syntax for Datasette's raw search mode


@dataclass(frozen=True)
class QueryClass:
    name: str
    label: str
    terms: tuple[Term, ...]


def _ids(manifest: dict, word: str) -> set[int]:
    return set(manifest["markers"].get(word, ()))


def top_country(manifest: dict) -> str:
    counts = Counter(code for row in manifest["readouts"] for code in row[1])
    return counts.most_common(1)[0][0]


def top_pairs(manifest: dict, count: int = 5) -> list[tuple[str, str]]:
    pairs = Counter(tuple(sorted(row[1][:2])) for row in manifest["readouts"])
    return [pair for pair, _ in pairs.most_common(count)]


def top_countries(manifest: dict, count: int = 5) -> list[str]:
    counts = Counter(code for row in manifest["readouts"] for code in row[1])
    return [code for code, _ in counts.most_common(count)]


def query_classes(manifest: dict) -> list[QueryClass]:
    words = {code: [w for w in manifest["markers"] if w[8:-1] == code] for code in ("0001", "001")}
    words |= {code: [w for w in manifest["markers"] if w[8:-1] == code] for code in ("01", "10")}
    words["50"] = [w for w in manifest["markers"] if w[8:-1] == "50"]

    def single(code: str) -> tuple[Term, ...]:
        return tuple(Term(w, len(_ids(manifest, w)), datasette=w) for w in sorted(words[code]))

    phrases = tuple(
        Term(f'"{key}"', len(sets["adjacent"]), datasette=f'"{key}"')
        for key, sets in sorted(manifest["phrases"].items())
    )
    ones = sorted(words["01"])
    ors = tuple(
        Term(
            f"{a} OR {b}",
            len(_ids(manifest, a) | _ids(manifest, b)),
            datasette=f"{a} OR {b}",
        )
        for a, b in zip(ones, ones[1:] + ones[:1], strict=True)
    )
    tens, fifties = sorted(words["10"]), sorted(words["50"])
    excludes = tuple(
        Term(
            f"{a} -{b}",
            len(_ids(manifest, a) - _ids(manifest, b)),
            datasette=f"{a} NOT {b}",
        )
        for a, b in zip(tens, fifties, strict=True)
    )
    country = top_country(manifest)
    topic = manifest["topics"][0][0]
    in_filter = {
        index
        for index, row in enumerate(manifest["readouts"])
        if country in row[1]
        and topic in row[6]
        and FILTER_DATE_FROM.isoformat() <= row[0] <= FILTER_DATE_TO.isoformat()
    }
    filters = {
        "country": country,
        "topic": topic,
        "date_from": FILTER_DATE_FROM.isoformat(),
        "date_to": FILTER_DATE_TO.isoformat(),
    }
    filtered = tuple(Term(w, len(_ids(manifest, w) & in_filter), filters) for w in tens)
    no_hits = tuple(Term(w, 0, datasette=w) for w in manifest["no_hit_words"])
    return [
        QueryClass("rare", "rare word (0.01%)", single("0001")),
        QueryClass("uncommon", "0.1% word", single("001")),
        QueryClass("one_percent", "1% word", single("01")),
        QueryClass("ten_percent", "10% word", single("10")),
        QueryClass("fifty_percent", "50% word", single("50")),
        QueryClass("phrase", "phrase", phrases),
        QueryClass("or", "OR (two 1% words)", ors),
        QueryClass("exclusion", "exclusion (10% -50%)", excludes),
        QueryClass("filtered", "filtered (10% word + country + topic + dates)", filtered),
        QueryClass("no_hit", "no hits", no_hits),
    ]
