"""The meetings' history table loses the indexes on its copies of the slug, the publisher and
the location country.

django-simple-history indexes every copied field that is unique or indexed in the meeting table,
but the history is only ever read by meeting id (a meeting's history in the admin, the importer's
check for curators' edits), which keeps its index. The six others (on PostgreSQL each text column
has a second, `_like` index for LIKE patterns; on SQLite three) served no query and cost every
imported meeting an insertion into each, the slug's into an index of long keys that outgrows
memory as the archive grows.

Only the indexes are dropped (`DROP INDEX IF EXISTS`), on both databases: the AlterField
operations Django would run rebuild the whole table on SQLite, three times, with every stored
source text. The model state records the same change (`no_db_index` in archive/models.py).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLE = "archive_historicalmeeting"
# (column, index name stem as Django made it; PostgreSQL adds a `_like` twin for text columns)
INDEXES = [
    ("slug", "archive_historicalmeeting_slug_782bacb6"),
    ("publisher", "archive_historicalmeeting_publisher_6793b021"),
    ("location_country_id", "archive_historicalmeeting_location_country_id_f959a155"),
]


def _names(vendor: str) -> list[tuple[str, str, str]]:
    """(index, column, operator class) for each index the table had."""
    found = [(name, column, "") for column, name in INDEXES]
    if vendor == "postgresql":
        found += [(f"{name}_like", column, " varchar_pattern_ops") for column, name in INDEXES]
    return found


def forward(apps, schema_editor):
    for name, _column, _ops in _names(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def backward(apps, schema_editor):
    for name, column, ops in _names(schema_editor.connection.vendor):
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} ({column}{ops})")


class Migration(migrations.Migration):
    dependencies = [("archive", "0012_sqlite_fts_pending_terms")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward, elidable=False)],
            state_operations=[
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="location_country",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        help_text="Country of the city; empty for calls.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="archive.country",
                        verbose_name="location country",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="publisher",
                    field=models.CharField(
                        blank=True,
                        help_text=(
                            "Who issued the readout, e.g. \"Ministry of Foreign Affairs of the "
                            "People's Republic of China\"."
                        ),
                        max_length=200,
                        verbose_name="publisher",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalmeeting",
                    name="slug",
                    field=models.SlugField(
                        db_index=False,
                        help_text="Used in the page address.",
                        max_length=120,
                        verbose_name="slug",
                    ),
                ),
            ],
        )
    ]
