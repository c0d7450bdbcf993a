"""Topic tagging by keyword: whole words, case-insensitive, "*" marks a prefix keyword."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from pathlib import Path

from archive.parsing.types import TopicSpec

TOPICS_PATH = Path(__file__).resolve().parent.parent / "data" / "topics.json"


@functools.cache
def load_default_topics() -> tuple[TopicSpec, ...]:
    """The starting taxonomy shipped in archive/data/topics.json."""
    with TOPICS_PATH.open(encoding="utf-8") as handle:
        rows = json.load(handle)
    return tuple(
        TopicSpec(row["slug"], row["name"], tuple(k.lower() for k in row["keywords"]))
        for row in rows
    )


class TopicMatcher:
    """One alternation over every keyword; a match maps back to its topics by dictionary."""

    def __init__(self, topics: Sequence[TopicSpec]):
        self.exact: dict[str, set[str]] = {}
        self.prefixes: list[tuple[str, str]] = []
        for topic in topics:
            for keyword in topic.keywords:
                keyword = " ".join(keyword.lower().split())
                if keyword.endswith("*"):
                    self.prefixes.append((keyword[:-1], topic.slug))
                elif keyword:
                    self.exact.setdefault(keyword, set()).add(topic.slug)
        self.prefixes.sort(key=lambda item: len(item[0]), reverse=True)
        parts = [_keyword_pattern(k) + r"(?!\w)" for k in self.exact]
        parts += [_keyword_pattern(p) + r"[\w-]*" for p, _ in self.prefixes if p]
        parts.sort(key=len, reverse=True)
        pattern = "|".join(parts) or r"(?!x)x"
        self.regex = re.compile(r"(?<!\w)(?:" + pattern + ")", re.IGNORECASE)

    def match(self, text: str) -> tuple[str, ...]:
        found: set[str] = set()
        for m in self.regex.finditer(text):
            word = " ".join(m.group().lower().split())
            if word in self.exact:
                found |= self.exact[word]
            for prefix, slug in self.prefixes:
                if word.startswith(prefix):
                    found.add(slug)
        return tuple(sorted(found))


def _keyword_pattern(keyword: str) -> str:
    return r"\s+".join(re.escape(word) for word in keyword.split())


@functools.lru_cache(maxsize=32)
def _matcher(topics: tuple[TopicSpec, ...]) -> TopicMatcher:
    return TopicMatcher(topics)


def topic_matcher(topics: Sequence[TopicSpec] | None) -> TopicMatcher:
    return _matcher(tuple(load_default_topics() if topics is None else topics))
