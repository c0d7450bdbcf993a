"""PostgreSQL: an import batch counts its new meetings once, as on SQLite (archive/tally.py).

The tally's insert triggers on the link tables and on agreed points each joined their statement's
transition table with whole link tables: at 100,000 readouts a batch of 200 spent about 90 ms in
them, in scans that grow with the archive, and updated each pair count twice (once for the
meetings, once for their agreed points). They now stand aside, by a WHEN clause, while the
transaction says the importer counts (`archive.tally` set to `held`, local to the transaction),
and the batch adds its counts in one grouped upsert looked up by meeting id. Every other writer,
and every delete, goes through the triggers as before. SQLite is unchanged (its triggers are
installed again after every migrate).
"""

from django.db import migrations


def _install(connection, held: bool) -> None:
    from archive import tally

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in tally.trigger_sql("postgresql"):
            cursor.execute(sql if held else sql.replace(tally._PG_UNPAUSED, ""))


def held_triggers(apps, schema_editor):
    _install(schema_editor.connection, held=True)


def counting_triggers(apps, schema_editor):
    _install(schema_editor.connection, held=False)


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_search_links_written_by_importer")]

    operations = [migrations.RunPython(held_triggers, counting_triggers, elidable=False)]
