"""PostgreSQL: the importer writes its new meetings' search rows itself, whole, once per batch.

Migration 0008's row trigger wrote a search row for each inserted meeting, and the link tables'
statement triggers then added the meeting's countries and its topics to that row: three versions
of every new search row, each a new heap tuple (the table's pages are full, so no update stays on
its page) and so each inserting all of the vector's lexemes into the GIN index again. That was
most of the database's time per imported readout.

An import batch instead says, for its own insert of meetings only, that it writes the search rows
itself (`SELECT set_config('archive.search_rows', 'written', true)`, reset right after; a setting
local to its transaction): the insert trigger is then skipped by its WHEN clause, the link
triggers find no search row to update, and the importer copies one finished row per meeting
(vector, date, countries, topics) after the links (`archive.pg_import`). Every other insert, and
every update, still goes through the trigger as before, so the admin, a re-import with `--update`
and any SQL keep the search table exact.
"""

from django.db import migrations

SETTING = "archive.search_rows"
WRITTEN = "written"

FORWARD = [
    "DROP TRIGGER IF EXISTS archive_meeting_search_row ON archive_meeting",
    "CREATE TRIGGER archive_meeting_search_row BEFORE UPDATE ON archive_meeting "
    "FOR EACH ROW EXECUTE FUNCTION archive_meeting_search_row()",
    "CREATE TRIGGER archive_meeting_search_new BEFORE INSERT ON archive_meeting FOR EACH ROW "
    f"WHEN (current_setting('{SETTING}', true) IS DISTINCT FROM '{WRITTEN}') "
    "EXECUTE FUNCTION archive_meeting_search_row()",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS archive_meeting_search_new ON archive_meeting",
    "DROP TRIGGER IF EXISTS archive_meeting_search_row ON archive_meeting",
    "CREATE TRIGGER archive_meeting_search_row BEFORE INSERT OR UPDATE ON archive_meeting "
    "FOR EACH ROW EXECUTE FUNCTION archive_meeting_search_row()",
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
    dependencies = [("archive", "0008_search_table")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
