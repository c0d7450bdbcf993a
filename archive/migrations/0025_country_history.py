"""Countries gain a history, as meetings, people, participants, statements and agreed points have:
a curator's change to a country's name, slug or other names is kept with who made it and when,
field by field in the admin. The countries loaded by earlier migrations get their first row, as
shipped, when a curator first changes them (archive.curation.shipped_baseline)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0024_meeting_imported_idx"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalCountry",
            fields=[
                (
                    "code",
                    models.CharField(
                        db_index=True,
                        help_text='ISO 3166-1 alpha-2 code in capitals, e.g. "PK"; "EU" for the European Union, "XK" for Kosovo, "UN" for the United Nations.',
                        max_length=2,
                        verbose_name="code",
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text='The name readers know, e.g. "Pakistan".',
                        max_length=100,
                        verbose_name="name",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text='e.g. "pakistan".', max_length=100, verbose_name="slug"
                    ),
                ),
                (
                    "aliases",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='Other names a readout may use: demonyms and short forms, e.g. ["Pakistani"].',
                        verbose_name="other names",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical country",
                "verbose_name_plural": "historical countries",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
