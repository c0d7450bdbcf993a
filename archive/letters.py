"""Letters written plainly, one way for every lookup: a person's name key, an address (slug)
and a search's words fold the letters Unicode does not decompose ("ł", "ø", "æ", "ß", "þ") to
their plain spellings, as PostgreSQL's `unaccent` does and SQLite's full-text index does since
migration 0018."""

from __future__ import annotations

import importlib

from django.utils.text import slugify

FOLDS: dict[str, str] = importlib.import_module(
    "archive.migrations.0018_sqlite_search_folds_letters"
).FOLDS
FOLD_TABLE = str.maketrans(FOLDS)
# A meeting title as it sorts alphabetically: "“Tánaiste Meets ...”" is "tanaiste meets ...".
title_key = importlib.import_module("archive.migrations.0023_meeting_title_key").title_key


def folded(text: str) -> str:
    """`text` with those letters written plainly ("Radosław" is "Radoslaw")."""
    return text if text.isascii() else text.translate(FOLD_TABLE)


def plain_slug(text: str) -> str:
    """An address name from `text` that keeps those letters as plain ones ("radoslaw-sikorski",
    not "radosaw-sikorski")."""
    return slugify(folded(text))
