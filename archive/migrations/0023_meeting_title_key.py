"""Meetings gain `title_key`: the title as it sorts alphabetically, indexed with the id.

The list sorted by title (`sort=title`) ordered the lower-cased title, so "Tánaiste ..." came after
"Trilateral ..." ("á" is past "r" in both databases' order of characters) and every title-sorted
page sorted the whole result. The key drops accents, writes the letters `archive.letters` folds
plainly, folds case and skips leading quotes and punctuation; `meeting_title_idx` reads a
title-sorted page from the index. The key is written with the meeting (the importer, admin saves)
and filled here for stored meetings.
"""

import importlib
import re
import unicodedata

from django.db import migrations, models

FOLD_TABLE = str.maketrans(
    importlib.import_module("archive.migrations.0018_sqlite_search_folds_letters").FOLDS
)
TITLE_KEY_LENGTH = 300
_LEADING = re.compile(r"^[\W_]+")


def title_key(title: str) -> str:
    """`title` as it sorts: "“Tánaiste Meets ...”" is "tanaiste meets ..."."""
    if not title.isascii():
        decomposed = unicodedata.normalize("NFKD", title.translate(FOLD_TABLE))
        title = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _LEADING.sub("", " ".join(title.casefold().split()))[:TITLE_KEY_LENGTH]


def fill(apps, schema_editor):
    meeting = apps.get_model("archive", "Meeting")
    table = schema_editor.quote_name(meeting._meta.db_table)
    rows = meeting.objects.using(schema_editor.connection.alias).values_list("id", "title")
    with schema_editor.connection.cursor() as cursor:
        batch = []
        for pk, title in rows.iterator(chunk_size=2000):
            batch.append((title_key(title), pk))
            if len(batch) == 2000:
                cursor.executemany(f"UPDATE {table} SET title_key = %s WHERE id = %s", batch)  # noqa: S608
                batch = []
        if batch:
            cursor.executemany(f"UPDATE {table} SET title_key = %s WHERE id = %s", batch)  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("archive", "0022_united_nations")]

    operations = [
        # Nullable, so that SQLite adds the column in place rather than copying the table; every
        # meeting has its key once this migration has run.
        migrations.AddField(
            model_name="meeting",
            name="title_key",
            field=models.CharField(
                "title (sort key)", max_length=300, null=True, blank=True, editable=False
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(fields=["title_key", "id"], name="meeting_title_idx"),
        ),
    ]
