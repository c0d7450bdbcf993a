"""PostgreSQL: an import batch's own links leave the search rows to the batch (see 0009).

The link tables' insert triggers (migration 0008) add each new link's country code or topic id to
its meeting's search row. An import batch writes its new meetings' search rows itself, after their
links and with their countries and topics (migration 0009), so for the batch's links these
triggers found no row to update and only spent the database's time: a join of the inserted links
with the search table and an UPDATE of nothing, for every batch.

They now stand aside, by a WHEN clause, while the transaction says the importer writes the search
rows (`archive.search_rows` set to `written`, local to the transaction), which the importer says
from its insert of meetings until its search rows are copied. Any other writer, and the importer
outside that span (a re-import with `--update`), goes through them as before. SQLite is unchanged.
"""

import importlib

from django.db import migrations

search_table = importlib.import_module("archive.migrations.0008_search_table")
search_rows = importlib.import_module("archive.migrations.0009_search_rows_written_by_importer")

SKIPPED = (
    f"WHEN (current_setting('{search_rows.SETTING}', true) "
    f"IS DISTINCT FROM '{search_rows.WRITTEN}') "
)


def _insert_trigger(table: str, array: str, when: str) -> list[str]:
    function = f"archive_meeting_search_{array}"
    return [
        f"DROP TRIGGER IF EXISTS {function}_ins ON {table}",
        f"CREATE TRIGGER {function}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS added "
        f"FOR EACH STATEMENT {when}EXECUTE FUNCTION {function}()",
    ]


def _run(schema_editor, when: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _key, array, _kind in search_table.LINKS:
        for sql in _insert_trigger(table, array, when):
            schema_editor.execute(sql)


def forward(apps, schema_editor):
    _run(schema_editor, SKIPPED)


def backward(apps, schema_editor):
    _run(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_search_rows_written_by_importer")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
