"""A meeting's change reason is text of any length: a curator's save names what changed in its
participants, statements, agreed points, parties and topics, more than 100 characters hold.

On PostgreSQL the column becomes `text` (from `varchar(100)`, which needs no rewrite of the
table). SQLite does not enforce a varchar's length, so there only Django's idea of the column
changes, and the history table, which holds a copy of every meeting's text, is not copied anew.
"""

from django.db import migrations, models

TABLE = "archive_historicalmeeting"


def to_text(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN history_change_reason TYPE text"
        )


def to_varchar(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN history_change_reason TYPE varchar(100) "
            "USING left(history_change_reason, 100)"
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0020_person_redirects")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="history_change_reason",
                    field=models.TextField(null=True),
                )
            ],
            database_operations=[migrations.RunPython(to_text, to_varchar, elidable=False)],
        )
    ]
