"""PostgreSQL: the long text columns (a meeting's source text, its search copies and search
vector, and the source text in its history) compressed with LZ4 instead of pglz.

Compressing the values of a new readout was a tenth of an import's database time with pglz, and
LZ4 also reads back faster. Only values written from now on are compressed this way; stored ones
stay readable as they are, so nothing is rewritten. Skipped where the server was built without
LZ4 (the setting's choices say so); SQLite is unchanged.
"""

from django.db import migrations

COLUMNS = {
    "archive_meeting": ["source_text", "statements_text", "agreed_text", "search_vector"],
    "archive_historicalmeeting": ["source_text"],
}


def _set(schema_editor, method: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        if cursor.fetchone() is None:
            return
    for table, columns in COLUMNS.items():
        changes = ", ".join(f"ALTER COLUMN {c} SET COMPRESSION {method}" for c in columns)
        schema_editor.execute(f"ALTER TABLE {table} {changes}")


def forward(apps, schema_editor):
    _set(schema_editor, "lz4")


def backward(apps, schema_editor):
    _set(schema_editor, "pglz")


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_tally_totals")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
