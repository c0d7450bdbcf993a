"""Türkiye is shown under the name it has used in English since 2022 ("TR"), as its readouts and
the UN write it; "Turkey" stays one of its other names, so old texts, searches and filters still
find it. A new archive gets the name from migration 0002 (the parser's country table); this one
renames the row of an existing archive, unless a curator has renamed it already. The code and the
slug ("turkey") do not change, so no address or stored link breaks: a new archive's slug is
set to the same.

The reverse gives the row its old name back, again only where it still has the one given here.
"""

from django.db import migrations

CODE = "TR"
NEW, OLD = "Türkiye", "Turkey"
SLUG = "turkey"


def _rename(apps, before: str, after: str) -> None:
    Country = apps.get_model("archive", "Country")
    country = Country.objects.filter(code=CODE).first()
    if country is None:
        return
    if country.name == before:
        country.name = after
        others = [name for name in country.aliases if name not in (before, after)]
        country.aliases = [before, *others]
    if not Country.objects.filter(slug=SLUG).exclude(code=CODE).exists():
        country.slug = SLUG
    country.save(update_fields=["name", "aliases", "slug"])


def rename(apps, schema_editor):
    _rename(apps, OLD, NEW)


def restore(apps, schema_editor):
    _rename(apps, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [("archive", "0026_topic_history")]

    operations = [migrations.RunPython(rename, restore, elidable=False)]
