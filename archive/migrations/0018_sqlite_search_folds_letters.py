"""SQLite: search matches letters that have no mark to drop with their plain spellings, as
PostgreSQL's `unaccent` does (migration 0016): `Lukasz` finds "Łukasz", `Oresund` "Øresund",
`strasse` "Straße", `Kilicdaroglu` "Kılıçdaroğlu", and the other way round.

FTS5's `remove_diacritics 2` drops the marks of letters that Unicode decomposes ("é" is "e" and a
mark) but leaves the letters it does not ("ł", "ø", "æ", "ß", "ı", ...). The full-text index's
triggers now put the meetings' and agreed points' text through `fold_sql` before FTS5 reads it,
which writes those letters as PostgreSQL's `unaccent` rules do; a search folds its words the same
way (archive/search.py). Folding keeps every word a word and in its place, so FTS5's snippets and
highlights, which read the stored text, mark the spelling the readout used.

Only texts holding such a letter are indexed again. The check costs a text without one a
comparison of its lengths (ASCII) or four byte searches.
"""

import importlib

from django.db import migrations

full_text = importlib.import_module("archive.migrations.0003_full_text_search")

# Letters that Unicode does not decompose, as PostgreSQL 15's unaccent.rules writes them.
FOLDS = {
    "ł": "l", "Ł": "L", "ŀ": "l", "Ŀ": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE",
    "ß": "ss", "ẞ": "SS", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
    "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T", "ŋ": "n", "Ŋ": "N",
}  # fmt: skip

# The first bytes of those letters in UTF-8: U+00C0-00FF, U+0100-017F, and "ẞ" (U+1E9E).
_LEAD_BYTES = ("C3", "C4", "C5", "E1BA9E")


def fold_sql(expr: str) -> str:
    """SQL for `expr` with FOLDS applied, skipping texts that cannot hold one of them."""
    folded = expr
    for letter, plain in FOLDS.items():
        folded = f"replace({folded}, '{letter}', '{plain}')"
    raw = f"CAST({expr} AS BLOB)"
    may_hold = " OR ".join(f"instr({raw}, x'{lead}')" for lead in _LEAD_BYTES)
    return f"CASE WHEN length({expr}) = length({raw}) THEN {expr} WHEN {may_hold} THEN {folded} ELSE {expr} END"


def install_sqlite_triggers(schema_editor) -> None:
    """The full-text index's triggers as they are since this migration (archive/apps.py puts
    them back after every migrate)."""
    for fts, content, columns in full_text.SQLITE_TABLES:
        for sql in full_text._sqlite_trigger_sql(fts, content, columns, fold_sql):
            schema_editor.execute(sql)


def _drop_triggers(schema_editor) -> None:
    for fts, _content, _columns in full_text.SQLITE_TABLES:
        for suffix in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")


def _index_again(schema_editor, folded_before: bool) -> None:
    """Rows whose text folding changes: out of the index as indexed, in again the other way."""
    for fts, content, columns in full_text.SQLITE_TABLES:
        cols = ", ".join(columns)
        folded = ", ".join(fold_sql(c) for c in columns)
        changed = " OR ".join(f"{fold_sql(c)} IS NOT {c}" for c in columns)
        before, after = (folded, cols) if folded_before else (cols, folded)
        schema_editor.execute(
            f"INSERT INTO {fts}({fts}, rowid, {cols}) "  # noqa: S608 - constant SQL
            f"SELECT 'delete', id, {before} FROM {content} WHERE {changed}"
        )
        schema_editor.execute(
            f"INSERT INTO {fts}(rowid, {cols}) "  # noqa: S608 - constant SQL
            f"SELECT id, {after} FROM {content} WHERE {changed}"
        )


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    _drop_triggers(schema_editor)
    install_sqlite_triggers(schema_editor)
    _index_again(schema_editor, folded_before=False)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    _drop_triggers(schema_editor)
    full_text.install_sqlite_triggers(schema_editor)
    _index_again(schema_editor, folded_before=True)


class Migration(migrations.Migration):
    dependencies = [("archive", "0017_statement_joint")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
