"""Full-text search objects, one set per database; the models do not change.

PostgreSQL: a text search configuration `archive_porter` (Snowball's Porter stemmer, no stop words,
hyphenated compounds indexed as their parts), a STORED generated `search_vector` column on
archive_meeting weighted title + agreed points (A) > statements (B) > source text (C) under a GIN
index, a GIN expression index over agreed points' text, and an index for the newest-first list.

SQLite: FTS5 external-content tables over archive_meeting and archive_agreedpoint (porter
unicode61, diacritics kept as PostgreSQL keeps them), kept current by triggers.

Both index the text with ASCII punctuation read as spaces, so words split the same way on both
(see archive/search.py). Caution for later migrations: on SQLite, Django rebuilds a table it alters
(copy, drop, rename), which drops that table's triggers; a migration altering archive_meeting or
archive_agreedpoint must run `install_sqlite_triggers` again. On PostgreSQL, a column that
`search_vector` reads (title, agreed_text, statements_text, source_text) cannot change type while
the generated column exists.
"""

from django.db import DatabaseError, migrations, transaction

PUNCTUATION = "'[!-/:-@[-`{-~]+'"


def _vector(column: str, weight: str) -> str:
    return (
        "setweight(to_tsvector('archive_porter'::regconfig, "
        f"regexp_replace(coalesce({column}, ''), {PUNCTUATION}, ' ', 'g')), '{weight}')"
    )


POSTGRESQL_FORWARD = [
    "CREATE TEXT SEARCH DICTIONARY archive_porter_stem (TEMPLATE = snowball, LANGUAGE = porter)",
    "CREATE TEXT SEARCH CONFIGURATION archive_porter (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION archive_porter ALTER MAPPING FOR asciiword, word, numword, "
    "hword_asciipart, hword_part, hword_numpart WITH archive_porter_stem",
    # A compound is indexed as its parts only, which keeps word positions (phrases) as in FTS5.
    "ALTER TEXT SEARCH CONFIGURATION archive_porter DROP MAPPING FOR asciihword, hword, numhword",
    "ALTER TABLE archive_meeting ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    + " || ".join(
        [
            _vector("title", "A"),
            _vector("agreed_text", "A"),
            _vector("statements_text", "B"),
            _vector("source_text", "C"),
        ]
    )
    + ") STORED",
    "CREATE INDEX archive_meeting_search_idx ON archive_meeting USING gin (search_vector)",
    "CREATE INDEX archive_agreedpoint_search_idx ON archive_agreedpoint USING gin ("
    "to_tsvector('archive_porter'::regconfig, "
    f"regexp_replace(text, {PUNCTUATION}, ' ', 'g')))",
    # The list's default order; the model's (held_on, id) index serves NULLS FIRST only.
    "CREATE INDEX archive_meeting_newest_idx ON archive_meeting "
    "(held_on DESC NULLS LAST, id DESC)",
]

# PostgreSQL costs `@@` like a cheap operator, but testing it on a row reads (and decompresses) that
# row's whole vector. At its default cost the planner prefers scanning every row to the GIN index
# for common words: measured at 10,000 readouts, 128 ms instead of 8 ms for a word in half of them.
# Per database; needs the owner of pg_catalog (a superuser), so it is skipped where not allowed.
MATCH_COST = "ALTER FUNCTION pg_catalog.ts_match_vq(tsvector, tsquery) COST {}"

POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS archive_meeting_newest_idx",
    "DROP INDEX IF EXISTS archive_agreedpoint_search_idx",
    "DROP INDEX IF EXISTS archive_meeting_search_idx",
    "ALTER TABLE archive_meeting DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS archive_porter",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS archive_porter_stem",
]

TOKENIZE = "tokenize='porter unicode61 remove_diacritics 0'"

# (fts table, content table, indexed columns)
SQLITE_TABLES = [
    (
        "archive_meeting_fts",
        "archive_meeting",
        ["title", "agreed_text", "statements_text", "source_text"],
    ),
    ("archive_agreedpoint_fts", "archive_agreedpoint", ["text"]),
]


def _sqlite_trigger_sql(fts: str, content: str, columns: list[str], value=str) -> list[str]:
    """`value` makes the SQL of what the index reads of a column (migration 0018 folds it)."""
    cols = ", ".join(columns)
    new = ", ".join(value(f"new.{c}") for c in columns)
    old = ", ".join(value(f"old.{c}") for c in columns)
    insert = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
    delete = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {content} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {content} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {cols} ON {content} "
        f"BEGIN {delete} {insert} END",
    ]


def install_sqlite_triggers(schema_editor) -> None:
    for fts, content, columns in SQLITE_TABLES:
        for sql in _sqlite_trigger_sql(fts, content, columns):
            schema_editor.execute(sql)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in POSTGRESQL_FORWARD:
            schema_editor.execute(sql)
        _set_match_cost(schema_editor, 50)
    elif vendor == "sqlite":
        for fts, content, columns in SQLITE_TABLES:
            schema_editor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({', '.join(columns)}, "
                f"content='{content}', content_rowid='id', {TOKENIZE})"
            )
        install_sqlite_triggers(schema_editor)
        for fts, _content, _columns in SQLITE_TABLES:
            schema_editor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _set_match_cost(schema_editor, cost: int) -> None:
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute(MATCH_COST.format(cost))
    except DatabaseError:
        pass  # not the superuser: searches work, common words are slower


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _set_match_cost(schema_editor, 1)
        for sql in POSTGRESQL_BACKWARD:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        for fts, _content, _columns in SQLITE_TABLES:
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")


class Migration(migrations.Migration):
    dependencies = [("archive", "0002_load_countries_and_topics")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
