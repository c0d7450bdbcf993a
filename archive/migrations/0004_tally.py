"""The running counts behind the entity pages: the table, its triggers, and its first filling.

The trigger SQL lives in archive/tally.py (installed again after every migrate on SQLite, whose
table rebuilds drop triggers); filling the table reads every link once (seconds at 100,000
readouts).
"""

from django.db import migrations, models


def install(apps, schema_editor):
    from archive import tally

    tally.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from archive import tally

    vendor = schema_editor.connection.vendor
    if vendor in ("postgresql", "sqlite"):
        for sql in tally.drop_sql(vendor):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0003_full_text_search"),
    ]

    operations = [
        migrations.CreateModel(
            name="Tally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=1)),
                ("a", models.CharField(max_length=20)),
                ("b", models.CharField(default="", max_length=20)),
                ("year", models.IntegerField()),
                ("meetings", models.IntegerField(default=0)),
                ("agreed", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "tally",
                "db_table": "archive_tally",
                "indexes": [models.Index(fields=["kind", "b", "year"], name="tally_b_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "a", "b", "year"), name="tally_key")
                ],
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
