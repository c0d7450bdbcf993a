"""Statements gain `joint`: with no speaker, said by both or all sides, or not attributed.

Until now a statement without a speaker was shown as both sides'; the stored ones keep that
meaning (a re-import with --update reads each again and tells the two apart).
"""

import django.db.models.deletion
from django.db import migrations, models


def stored_unattributed_are_joint(apps, schema_editor):
    for name in ("Statement", "HistoricalStatement"):
        # History too: a statement reverted to an earlier version keeps its meaning.
        model = apps.get_model("archive", name)
        model.objects.filter(speaker__isnull=True).update(joint=True)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0016_search_without_diacritics"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalstatement",
            name="joint",
            field=models.BooleanField(
                default=False,
                help_text="With no speaker: ticked when both or all sides say it; unticked when the readout does not tell who does.",
                verbose_name="joint",
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="joint",
            field=models.BooleanField(
                default=False,
                help_text="With no speaker: ticked when both or all sides say it; unticked when the readout does not tell who does.",
                verbose_name="joint",
            ),
        ),
        migrations.AlterField(
            model_name="historicalstatement",
            name="speaker",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text="Who said it; empty for a joint statement or one the readout does not attribute.",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="archive.participant",
                verbose_name="speaker",
            ),
        ),
        migrations.AlterField(
            model_name="statement",
            name="speaker",
            field=models.ForeignKey(
                blank=True,
                help_text="Who said it; empty for a joint statement or one the readout does not attribute.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="statements",
                to="archive.participant",
                verbose_name="speaker",
            ),
        ),
        migrations.RunPython(stored_unattributed_are_joint, migrations.RunPython.noop),
    ]
