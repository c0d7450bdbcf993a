"""Search ignores diacritics: "Sanchez" finds "Sánchez", "Cavusoglu" finds "Çavuşoğlu", and a
search for "Türkiye" finds "Turkiye" too. Readouts spell the same name both ways, often within one
government's releases; until now a search found only the spelling typed.

PostgreSQL: the `unaccent` extension (in PostgreSQL's contrib modules, trusted: the database's
owner may create it) puts its dictionary before the Porter stemmer in `archive_porter`, for words
with letters beyond ASCII. It maps accented Latin, Greek and Cyrillic letters and ligatures to
plain ones ("ø" to "o", "ß" to "ss", "æ" to "ae"). The stored vectors of meetings whose texts
hold such letters are computed again, and the agreed points' expression index is rebuilt; a
query's words go through the same configuration, so both sides match.

SQLite: the FTS5 tables are made anew with `remove_diacritics 2`, which drops the marks of Latin
letters (but leaves "ø", "ł", "ß" and "æ", which Unicode does not decompose), and filled again
from their content tables.
"""

import importlib

from django.db import DatabaseError, migrations, transaction

full_text = importlib.import_module("archive.migrations.0003_full_text_search")
vector_trigger = importlib.import_module("archive.migrations.0005_search_vector_trigger")
pending_terms = importlib.import_module("archive.migrations.0012_sqlite_fts_pending_terms")

# The token types `archive_porter` stems (migration 0003) that may hold letters beyond ASCII.
UNACCENTED_TOKENS = "word, numword, hword_part, hword_numpart"
TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
TOKENIZE_BEFORE = full_text.TOKENIZE


def _pg_mapping(schema_editor, dictionaries: str) -> None:
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION archive_porter ALTER MAPPING FOR {UNACCENTED_TOKENS} "
        f"WITH {dictionaries}"
    )
    # Only texts with a character beyond ASCII can have a different vector.
    schema_editor.execute(
        "UPDATE archive_meeting_search s "  # noqa: S608 - constant SQL
        f"SET search_vector = {vector_trigger.vector_sql('m.')} FROM archive_meeting m "
        "WHERE m.id = s.meeting_id AND (m.title || m.agreed_text || m.statements_text "
        "|| m.source_text) ~ '[^\\x01-\\x7f]'"
    )
    schema_editor.execute("REINDEX INDEX archive_agreedpoint_search_idx")


def _create_unaccent(schema_editor) -> None:
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DatabaseError as error:
        raise RuntimeError(
            "PostgreSQL's unaccent extension could not be created (it is part of PostgreSQL's "
            "contrib modules, and needs the CREATE privilege on the database): "
            f"{' '.join(str(error).split())}"
        ) from error


def _sqlite_tables(schema_editor, tokenize: str) -> None:
    for fts, content, columns in full_text.SQLITE_TABLES:
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(columns)}, "
            f"content='{content}', content_rowid='id', {tokenize})"
        )
        schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    full_text.install_sqlite_triggers(schema_editor)
    # A table made anew has FTS5's default settings: migration 0012's again.
    pending_terms.forward(None, schema_editor)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _create_unaccent(schema_editor)
        _pg_mapping(schema_editor, "unaccent, archive_porter_stem")
    elif vendor == "sqlite":
        _sqlite_tables(schema_editor, TOKENIZE)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _pg_mapping(schema_editor, "archive_porter_stem")
    elif vendor == "sqlite":
        _sqlite_tables(schema_editor, TOKENIZE_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("archive", "0015_kosovo")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
