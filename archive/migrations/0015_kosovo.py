"""Kosovo joins the countries, as "XK" (the code the EU and the IMF give it; ISO 3166-1 has
none). Readouts of the Belgrade-Pristina dialogue, and EU, NATO and U.S. talks with its leaders,
name it as a party; until now a participant "of Kosovo" had no country. The parser knows it from
the same table as the rest (`BEYOND_ISO` in archive/parsing/country_data.py), so a new archive
gets the row from migration 0002 and this one adds it to an existing archive.

The reverse removes the row, and refuses while a meeting, a participant or a person refers to
it: the links would go with it. The code's help text is changed in the model state only.
"""

from django.db import migrations, models
from django.utils.text import slugify

ADDED = ("XK",)


def add(apps, schema_editor):
    from archive.parsing import country_table

    Country = apps.get_model("archive", "Country")
    Country.objects.bulk_create(
        [
            Country(code=code, name=name, slug=slugify(name), aliases=list(aliases))
            for code, name, aliases in country_table()
            if code in ADDED
        ],
        ignore_conflicts=True,
    )


def remove(apps, schema_editor):
    Country = apps.get_model("archive", "Country")
    links = apps.get_model("archive", "Meeting").countries.through.objects
    if links.filter(country_id__in=ADDED).exists():
        raise RuntimeError(f"meetings name {', '.join(ADDED)}: re-tag them before reversing")
    # A person's, a participant's or a meeting's place's country is protected: refused there.
    Country.objects.filter(code__in=ADDED).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0014_links_without_covered_indexes")]

    operations = [
        migrations.AlterField(
            model_name="country",
            name="code",
            field=models.CharField(
                help_text=(
                    'ISO 3166-1 alpha-2 code in capitals, e.g. "PK"; "EU" for the European'
                    ' Union, "XK" for Kosovo.'
                ),
                max_length=2,
                primary_key=True,
                serialize=False,
                verbose_name="code",
            ),
        ),
        migrations.RunPython(add, remove, elidable=False),
    ]
