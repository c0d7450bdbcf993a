"""PostgreSQL: `search_vector` becomes a plain column kept by a trigger instead of a generated one.

The vector is the same (migration 0003's expression). The importer computes it in Python, where
its parse workers run (`archive.pg_vector`), and sends it with the row: the database's text parser
was most of an import's database time. The trigger computes it in SQL whenever a row arrives
without one, and again when an update changes the text without changing the vector (admin edits,
re-imports, any other writer), so the column stays right for every writer.

`DROP EXPRESSION` keeps the stored vectors and the GIN index: nothing is rewritten, so this is
quick on a populated archive. SQLite is unchanged (its FTS5 tables are kept by triggers already).
"""

import importlib

from django.db import migrations

full_text = importlib.import_module("archive.migrations.0003_full_text_search")

COLUMNS = ("title", "agreed_text", "statements_text", "source_text")


def vector_sql(prefix: str = "") -> str:
    """The weighted vector over the four columns, as in 0003 (`prefix`: "NEW." in the trigger)."""
    return " || ".join(
        full_text._vector(f"{prefix}{column}", weight)
        for column, weight in zip(COLUMNS, "AABC", strict=True)
    )


def _row(prefix: str) -> str:
    return "(" + ", ".join(f"{prefix}.{column}" for column in COLUMNS) + ")"


# Idempotent, so a database that already has the trigger (under an earlier name of this
# migration) migrates cleanly.
FORWARD = [
    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'archive_meeting'::regclass "
    "AND attname = 'search_vector' AND attgenerated = 's') THEN "
    "ALTER TABLE archive_meeting ALTER COLUMN search_vector DROP EXPRESSION; END IF; END $$",
    "CREATE OR REPLACE FUNCTION archive_meeting_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  IF NEW.search_vector IS NULL THEN\n"
    f"    NEW.search_vector := {vector_sql('NEW.')};\n"
    "  ELSIF TG_OP = 'UPDATE' THEN\n"
    "    IF NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector\n"
    f"       AND {_row('NEW')} IS DISTINCT FROM {_row('OLD')} THEN\n"
    f"      NEW.search_vector := {vector_sql('NEW.')};\n"
    "    END IF;\n"
    "  END IF;\n"
    "  RETURN NEW;\n"
    "END\n"
    "$$",
    "DROP TRIGGER IF EXISTS archive_meeting_search_vector ON archive_meeting",
    "CREATE TRIGGER archive_meeting_search_vector BEFORE INSERT OR UPDATE ON archive_meeting "
    "FOR EACH ROW EXECUTE FUNCTION archive_meeting_search_vector()",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS archive_meeting_search_vector ON archive_meeting",
    "DROP FUNCTION IF EXISTS archive_meeting_search_vector()",
    "DROP INDEX IF EXISTS archive_meeting_search_idx",
    "ALTER TABLE archive_meeting DROP COLUMN IF EXISTS search_vector",
    # Migration 0003's generated column and its index, as they were.
    *[sql for sql in full_text.POSTGRESQL_FORWARD if "search_vector" in sql],
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_tally")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
