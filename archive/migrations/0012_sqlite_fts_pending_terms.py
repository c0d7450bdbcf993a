"""SQLite: the meetings' full-text index holds up to 8 MB of new terms in memory before writing
them out, instead of FTS5's default of 1 MB.

FTS5 collects the terms of the rows a transaction inserts in memory and writes them to the index
as a new segment when that memory passes its `hashsize` or the transaction ends; segments are
then merged into larger ones as they accumulate (`automerge`). An import batch of 500 readouts
of the synthetic corpus gathers 2 to 3 MB of new terms for `archive_meeting_fts` (four columns,
the source text among them), so with 1 MB each batch wrote four small segments, which were merged
again soon after. With 8 MB a batch writes one. The index's contents, and so every search and its
ranking, are the same; only how the index is split into segments differs. The memory is used
only while a transaction writes that many terms. PostgreSQL is unchanged.
"""

from django.db import migrations

TABLE = "archive_meeting_fts"
HASHSIZE = 8 * 1024 * 1024
DEFAULT_HASHSIZE = 1024 * 1024


def _set(schema_editor, size: int) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"INSERT INTO {TABLE}({TABLE}, rank) VALUES ('hashsize', {size})")


def forward(apps, schema_editor):
    _set(schema_editor, HASHSIZE)


def backward(apps, schema_editor):
    _set(schema_editor, DEFAULT_HASHSIZE)


class Migration(migrations.Migration):
    dependencies = [("archive", "0011_tally_held_by_importer_on_postgresql")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
