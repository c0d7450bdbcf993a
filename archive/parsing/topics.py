"""Topic tagging by keyword: whole words, case-insensitive, "*" marks a prefix keyword.

Matching is done on words, not with one regex over the text: text is lower-cased and split once
(C speed), each distinct word's topics are memoised, and multi-word keywords are only tried when
their first word occurs. That keeps tagging a readout well under a millisecond.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from archive.parsing.types import TopicSpec

# Found through the package, not __file__: a module compiled by mypyc has no __file__ at import.
TOPICS_PATH: Final = Path(str(importlib.resources.files("archive"))) / "data" / "topics.json"
_KEEP: Final = b"abcdefghijklmnopqrstuvwxyz0123456789-'"
# bytes.translate is a plain table lookup per byte: far faster than str.translate or a regex.
_BYTE_TABLE: Final = bytes(c if c in _KEEP else 32 for c in range(256))
# The same, lower-casing ASCII capitals on the way (as bytes.lower does): one pass, not two.
_LOWER_BYTE_TABLE: Final = bytes(
    c + 32 if ord("A") <= c <= ord("Z") else (c if c in _KEEP else 32) for c in range(256)
)
_EMPTY: Final[frozenset[str]] = frozenset()
# Names of organisations whose words name a topic the organisation is not about: the
# International Atomic Energy Agency watches nuclear programmes and plants, not energy policy.
_NOT_TOPICS: Final = (" atomic energy agency ",)


@functools.cache
def load_default_topics() -> tuple[TopicSpec, ...]:
    """The starting taxonomy shipped in archive/data/topics.json."""
    with TOPICS_PATH.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    return tuple(
        TopicSpec(row["slug"], row["name"], tuple(k.lower() for k in row["keywords"]))
        for row in rows
    )


def words_of(text: str) -> list[str]:
    """Lower-case words; letters outside ASCII are dropped (keywords are ASCII)."""
    if text.isascii():  # a flag of the string: plain ASCII text is lower-cased as bytes, faster
        return text.encode("ascii").translate(_LOWER_BYTE_TABLE).decode("ascii").split()
    data = text.lower().replace("’", "'").encode("ascii", "ignore")
    return data.translate(_BYTE_TABLE).decode("ascii").split()


class TopicMatcher:
    """Keyword tables for one topic list; `match` returns sorted slugs found in a text."""

    def __init__(self, topics: Sequence[TopicSpec]):
        self.exact: dict[str, set[str]] = {}
        self.prefixes: dict[str, set[str]] = {}
        # first word -> [(" first rest " to find in the space-padded words, slug)]; a prefix
        # keyword's needle has no closing space
        self.phrases: dict[str, list[tuple[str, str]]] = {}
        for topic in topics:
            for keyword in topic.keywords:
                self._add(keyword, topic.slug)
        self.prefix_lengths = sorted({len(p) for p in self.prefixes}, reverse=True)
        # The shortest prefix keyword's length, and every prefix keyword's first that many
        # characters: a word that opens otherwise starts no prefix keyword (most new words).
        self.head_length = self.prefix_lengths[-1] if self.prefix_lengths else 0
        self.prefix_heads = frozenset(p[: self.head_length] for p in self.prefixes)
        # An organisation's name is a phrase of no topic (""): found, it is taken out and the
        # text read again.
        for name in _NOT_TOPICS:
            self.phrases.setdefault(name.split()[0], []).append((name, ""))
        self.phrase_firsts = frozenset(self.phrases)
        # Each word seen that carries a topic or starts a phrase keyword: (its topics, whether a
        # phrase keyword starts with it). Most words do neither: they are in `plain`, and one
        # set lookup passes them by.
        self.known: dict[str, tuple[frozenset[str], bool]] = {}
        self.plain: set[str] = set()

    def _add(self, keyword: str, slug: str) -> None:
        is_prefix = keyword.endswith("*")
        parts = words_of(keyword.rstrip("*"))
        if not parts:
            return
        if len(parts) > 1:
            needle = " " + " ".join(parts) + ("" if is_prefix else " ")
            self.phrases.setdefault(parts[0], []).append((needle, slug))
        elif is_prefix:
            self.prefixes.setdefault(parts[0], set()).add(slug)
        else:
            self.exact.setdefault(parts[0], set()).add(slug)

    def _learn(self, word: str) -> tuple[frozenset[str], bool] | None:
        """The word's entry, None for a plain word; remembered either way."""
        slugs = self._word(word)
        first = word in self.phrase_firsts
        if len(self.known) + len(self.plain) >= 200_000:
            self.known.clear()
            self.plain.clear()
        if not slugs and not first:
            self.plain.add(word)
            return None
        entry = (slugs, first)
        self.known[word] = entry
        return entry

    def _word(self, word: str) -> frozenset[str]:
        if "'" not in word and "-" not in word:
            # One form (most words): no set of forms to build and walk.
            exact = self.exact.get(word)
            if word[: self.head_length] not in self.prefix_heads:
                return frozenset(exact) if exact else _EMPTY
        slugs: set[str] = set()
        forms = {word}
        if "'" in word or "-" in word:
            forms.add(word.removesuffix("'s").strip("'-"))
            for form in list(forms):
                forms.update(part for part in form.split("-") if part)
        for form in forms:
            slugs |= self.exact.get(form, _EMPTY)
            if form[: self.head_length] not in self.prefix_heads:
                continue
            for length in self.prefix_lengths:
                if len(form) >= length:
                    slugs |= self.prefixes.get(form[:length], _EMPTY)
        return frozenset(slugs)

    def match(self, text: str) -> tuple[str, ...]:
        words = words_of(text)
        found: set[str] = set()
        firsts: set[str] = set()
        known = self.known
        plain = self.plain
        for word in words:
            if word in plain:
                continue
            entry = known.get(word)
            if entry is None:
                entry = self._learn(word)
                if entry is None:
                    continue
            slugs, first = entry
            if slugs:
                found |= slugs
            if first:
                firsts.add(word)
        if firsts:
            padded = " " + " ".join(words) + " "
            found |= self._phrases(firsts, padded)
            if "" in found:
                return self.match(_without_names(padded))
        return tuple(sorted(found)) if found else ()

    def _phrases(self, firsts: set[str], padded: str) -> set[str]:
        found: set[str] = set()
        for first in firsts:
            for needle, slug in self.phrases[first]:
                if slug not in found and needle in padded:
                    found.add(slug)
        return found


def _without_names(padded: str) -> str:
    for name in _NOT_TOPICS:
        padded = padded.replace(name, " ")
    return padded


@functools.lru_cache(maxsize=32)
def _matcher(topics: tuple[TopicSpec, ...]) -> TopicMatcher:
    return TopicMatcher(topics)


_last: list = [None, None]  # [topics tuple, its matcher]: the importer passes the same tuple


def topic_matcher(topics: Sequence[TopicSpec] | None) -> TopicMatcher:
    if topics is None:
        topics = load_default_topics()
    # A tuple cannot change, so the same object means the same matcher, without hashing every
    # TopicSpec again; lists and other sequences go through the cache by value.
    if isinstance(topics, tuple) and topics is _last[0]:
        return _last[1]
    matcher = _matcher(tuple(topics))
    if isinstance(topics, tuple):
        _last[:] = [topics, matcher]
    return matcher
