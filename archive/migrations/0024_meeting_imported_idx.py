"""Meetings gain `meeting_imported_idx (imported_at, id)`: the feeds' order, newest import first.

Every feed reads its newest entries by import time. Without an index that meant reading and
sorting every meeting for each request: the latest feed took seconds in an archive of 100,000 on
SQLite, where the meeting rows hold their source texts. Imports write `imported_at` in rising
order, so the index grows at its end.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0023_meeting_title_key"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["imported_at", "id"], name="meeting_imported_idx"),
        ),
    ]
