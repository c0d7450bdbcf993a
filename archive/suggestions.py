"""What a search that found nothing may have meant: a word of it respelt as a name the archive
knows ("Lavorv" is "Lavrov", "Pakistn" "Pakistan"), or written as a name that the search index
reads as two words ("Saar" is "Sa'ar", "Singoei" "Sing'oei": both databases' indexes split
a word at an apostrophe or a hyphen).

The names are the words of the people's names (aliases included), of the countries that took
part in a meeting and of the topics, held per archive state in this process. A word of the
search that is no such name is compared with the names of the same first letter and about its
length; the closest, if close enough, takes its place. The list offers the respelt search only
when it finds meetings with the same filters, and the people list a respelt name only when it
finds someone (of the same country).

A search in another script than Latin ("Лавров", "王毅") finds the readouts that have the word as
written (both databases' indexes keep such words whole; Chinese has no spaces, so a run of its
characters is one word), but the readouts are published in English and write names in Latin
letters. When it finds nothing the list says so, and offers a person's name as the archive writes
it where a curator gave the person an alias in that script: no transliteration is guessed.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from . import search_query
from .models import Country, Meeting, Person, Topic

# Shorter words are too easily close to another ("Iran", "Oman").
MIN_LETTERS = 5
# difflib's ratio: 0.8 lets one letter in five differ, or two neighbours trade places.
CUTOFF = 0.8
LENGTH_SLACK = 2


@dataclass(frozen=True)
class Names:
    # Lower-cased name words, each to one way the archive writes it.
    written: dict[str, str]
    # (first letter, length) -> the lower-cased words.
    by_shape: dict[tuple[str, int], tuple[str, ...]]
    # A name of parts joined by apostrophes or hyphens, lower-cased without them, to the name.
    joined: dict[str, str]
    # A word of a person's name written in another script than Latin (in an alias a curator
    # gave, "Сергей Лавров"), lower-cased, to the person's name as the archive writes it.
    in_latin: dict[str, str]

    def closest(self, word: str) -> str | None:
        """The name `word` (lower case) most likely misspells, as the archive writes it."""
        if word in self.joined:
            return self.joined[word]
        if len(word) < MIN_LETTERS or word in self.written:
            return None
        shape = range(len(word) - LENGTH_SLACK, len(word) + LENGTH_SLACK + 1)
        candidates = [w for n in shape for w in self.by_shape.get((word[0], n), ())]
        found = difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)
        return self.written[found[0]] if found else None


# "Sa'ar", "Nuku'alofa", "Jean-Yves"; not a possessive ("People's").
_JOINED = re.compile(r"[^\W\d_]+(?:['’-](?![sS]\b)[^\W\d_]+)+")

_held: dict[str, Names] = {}


def names(state: str) -> Names:
    """The archive's names at `state` (`aggregate_cache.archive_state`), read once per state."""
    found = _held.get(state)
    if found is None:
        found = _read_names()
        _held.clear()  # only the latest state is kept
        _held[state] = found
    return found


def _read_names() -> Names:
    texts: list[str] = []
    in_latin: dict[str, str] = {}
    for name, aliases in Person.objects.values_list("name", "aliases").iterator():
        texts.append(name)
        texts.extend(aliases or ())
        if is_latin(name):
            for alias in aliases or ():
                for word in not_latin_words(alias):
                    in_latin.setdefault(word.lower(), name)
    took_part = Meeting.countries.through.objects.filter(country_id=OuterRef("pk"))
    texts.extend(Country.objects.filter(Exists(took_part)).values_list("name", flat=True))
    texts.extend(Topic.objects.values_list("name", flat=True))
    written: dict[str, str] = {}
    joined: dict[str, str] = {}
    for text in texts:
        for word in re.findall(r"[^\W\d_]+", text):
            if len(word) >= MIN_LETTERS:
                written.setdefault(word.lower(), word)
        for name in _JOINED.findall(text):
            joined.setdefault(re.sub(r"\W", "", name).lower(), name)
    by_shape: dict[tuple[str, int], list[str]] = {}
    for word in written:
        by_shape.setdefault((word[0], len(word)), []).append(word)
    by_shape_tuples = {shape: tuple(words) for shape, words in by_shape.items()}
    return Names(written, by_shape_tuples, joined, in_latin)


def is_latin(text: str) -> bool:
    """Whether every letter of `text` is a Latin one (marked or not: "Łódź" is)."""
    return all(_latin_letter(ch) for ch in text if ch.isalpha())


@functools.lru_cache(maxsize=4096)
def _latin_letter(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN ")


def not_latin_words(text: str) -> list[str]:
    """The words of `text` with a letter of another script than Latin ("Лавров", "王毅")."""
    return [w for w in re.findall(r"[^\W\d_]+", text) if not is_latin(w)]


def respelt(text: str, known: Names) -> str | None:
    """`text` with each word that misspells a name written as the name, or None when none
    does. Prefixes, exclusions and quoted phrases are left as they are."""
    changed = False

    def replace(match: re.Match) -> str:
        nonlocal changed
        word = match.group()
        name = known.closest(word.lower())
        if name is None:
            return word
        changed = True
        return name

    # Plain words only: not after "-" or inside quotes, not followed by "*".
    parts = re.split(r'("[^"]*"?)', text[: search_query.MAX_INPUT_CHARS])
    out = [
        part if part.startswith('"') else re.sub(r"(?<![\w\-*])[^\W\d_]+(?![\w*'’])", replace, part)
        for part in parts
    ]
    return "".join(out) if changed else None
