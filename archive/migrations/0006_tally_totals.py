"""Whole-table counts (meetings, statements, agreed points) join the running counts: their
triggers are added and the tally recomputed (archive/tally.py); an index for the rows of one kind
and year (every country's count, the busiest pairs)."""

from django.db import migrations, models


def install(apps, schema_editor):
    from archive import tally

    tally.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_search_vector_trigger")]

    operations = [
        migrations.AddIndex(
            model_name="tally",
            index=models.Index(fields=["kind", "year"], name="tally_year_idx"),
        ),
        migrations.RunPython(install, migrations.RunPython.noop, elidable=False),
    ]
