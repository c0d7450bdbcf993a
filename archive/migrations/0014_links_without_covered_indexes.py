"""The tables an import writes lose the indexes that other indexes already cover.

Django indexes every foreign key on its own. Where a unique constraint or an index starts with
the same column, that index serves every lookup by the column too (a B-tree's leading column),
so the single-column one only cost each inserted row one more index insertion:

- statements, agreed points and participants by meeting: the unique (meeting, position);
- participants by person: participant_person_idx (person, meeting);
- people by country: the (country, name) index;
- meetings by location country: meeting_location_idx (location country, date);
- the link tables of meetings' countries and topics, and of statements' and agreed points'
  topics, by meeting, statement or agreed point: their unique (owner, country or topic).

On PostgreSQL the `_like` twins of the indexes on the participants' and links' country, the
people's country, and the meetings' publisher and location country go as well: they serve
LIKE patterns, and no query matches these columns with one. The participants' and links'
country and the meetings' publisher keep their plain index, and the meetings' slug keeps its
`_like` one: the importer looks up numbered slugs with a prefix.

Only the indexes are dropped (`DROP INDEX IF EXISTS`): the AlterField operations Django would run
rebuild each table on SQLite. The model state records the change for the fields of the models
(`db_index=False` in archive/models.py); the link tables' indexes are dropped in the database
alone, as Django makes those tables itself.
"""

import django.db.models.deletion
from django.db import migrations, models

# (index name as Django made it, table, column), on both databases
INDEXES = [
    ("archive_statement_meeting_id_96cea1f5", "archive_statement", "meeting_id"),
    ("archive_agreedpoint_meeting_id_bc0aa798", "archive_agreedpoint", "meeting_id"),
    ("archive_participant_meeting_id_212a1515", "archive_participant", "meeting_id"),
    ("archive_participant_person_id_79d0f13b", "archive_participant", "person_id"),
    ("archive_person_country_id_5ce6ce59", "archive_person", "country_id"),
    ("archive_meeting_location_country_id_b145529b", "archive_meeting", "location_country_id"),
    ("archive_meeting_countries_meeting_id_8de99841", "archive_meeting_countries", "meeting_id"),
    ("archive_meeting_topics_meeting_id_a6c90b35", "archive_meeting_topics", "meeting_id"),
    (
        "archive_statement_topics_statement_id_b5618c32",
        "archive_statement_topics",
        "statement_id",
    ),
    (
        "archive_agreedpoint_topics_agreedpoint_id_3598cbad",
        "archive_agreedpoint_topics",
        "agreedpoint_id",
    ),
]
# PostgreSQL's `_like` twins (varchar_pattern_ops)
LIKE_INDEXES = [
    ("archive_person_country_id_5ce6ce59_like", "archive_person", "country_id"),
    ("archive_participant_country_id_d8b54559_like", "archive_participant", "country_id"),
    (
        "archive_meeting_countries_country_id_96b6540b_like",
        "archive_meeting_countries",
        "country_id",
    ),
    ("archive_meeting_publisher_36e01107_like", "archive_meeting", "publisher"),
    (
        "archive_meeting_location_country_id_b145529b_like",
        "archive_meeting",
        "location_country_id",
    ),
]


def _indexes(vendor: str) -> list[tuple[str, str, str]]:
    """(index, table, column with its operator class) for each index dropped."""
    found = list(INDEXES)
    if vendor == "postgresql":
        found += [
            (name, table, f"{column} varchar_pattern_ops") for name, table, column in LIKE_INDEXES
        ]
    return found


def forward(apps, schema_editor):
    for name, _table, _column in _indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def backward(apps, schema_editor):
    for name, table, column in _indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({column})")


def _meeting(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to="archive.meeting",
        verbose_name="meeting",
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0013_history_without_unused_indexes")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward, elidable=False)],
            state_operations=[
                migrations.AlterField(
                    model_name="agreedpoint", name="meeting", field=_meeting("agreed_points")
                ),
                migrations.AlterField(
                    model_name="participant", name="meeting", field=_meeting("participants")
                ),
                migrations.AlterField(
                    model_name="statement", name="meeting", field=_meeting("statements")
                ),
                migrations.AlterField(
                    model_name="participant",
                    name="person",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text=(
                            'Empty for an official the readout never names, e.g. "The President".'
                        ),
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="participations",
                        to="archive.person",
                        verbose_name="person",
                    ),
                ),
                migrations.AlterField(
                    model_name="meeting",
                    name="location_country",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="Country of the city; empty for calls.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="meetings_hosted",
                        to="archive.country",
                        verbose_name="location country",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="country",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        help_text="The country the person represents.",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="people",
                        to="archive.country",
                        verbose_name="country",
                    ),
                ),
            ],
        )
    ]
