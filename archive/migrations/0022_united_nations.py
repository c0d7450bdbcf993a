"""The United Nations joins the countries, as "UN" (the code ISO 3166-1 exceptionally reserves
for it). Readouts of talks with the Secretary-General, the High Commissioners and the
Secretary-General's envoys name the UN as a party; until now such an officer had no country, so
a researcher could neither browse a country's meetings with the UN nor follow "Egypt-UN" as a
relationship. The parser places the UN's officers by their offices alone (`BY_OFFICE` in
archive/parsing/country_data.py): "the UN Security Council" or "at the United Nations" in
running text makes no party. A new archive gets the row from migration 0002; this one adds it
to an existing archive.

The reverse removes the row, and refuses while a meeting, a participant or a person refers to
it: the links would go with it. The code's help text is changed in the model state only.
"""

from django.db import migrations, models
from django.utils.text import slugify

ADDED = ("UN",)


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
    dependencies = [("archive", "0021_meeting_change_reason_text")]

    operations = [
        migrations.AlterField(
            model_name="country",
            name="code",
            field=models.CharField(
                help_text=(
                    'ISO 3166-1 alpha-2 code in capitals, e.g. "PK"; "EU" for the European'
                    ' Union, "XK" for Kosovo, "UN" for the United Nations.'
                ),
                max_length=2,
                primary_key=True,
                serialize=False,
                verbose_name="code",
            ),
        ),
        migrations.RunPython(add, remove, elidable=False),
    ]
