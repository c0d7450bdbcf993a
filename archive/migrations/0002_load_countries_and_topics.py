"""Load every ISO 3166-1 country (plus the EU) and the starting topic taxonomy.

Countries come from pycountry through the parser's country table, so the names the parser
recognises and the rows researchers filter by are the same. Topics are editable data afterwards.
"""

import json
from pathlib import Path

from django.db import migrations
from django.utils.text import slugify


TOPICS_FILE = Path(__file__).resolve().parent.parent / "data" / "topics.json"


def load(apps, schema_editor):
    from archive.parsing import country_table

    Country = apps.get_model("archive", "Country")
    Topic = apps.get_model("archive", "Topic")
    used_slugs = set()
    countries = []
    for code, name, aliases in country_table():
        slug = slugify(name) or code.lower()
        if slug in used_slugs:
            slug = f"{slug}-{code.lower()}"
        used_slugs.add(slug)
        countries.append(Country(code=code, name=name, slug=slug, aliases=list(aliases)))
    Country.objects.bulk_create(countries, ignore_conflicts=True)
    taxonomy = json.loads(TOPICS_FILE.read_text(encoding="utf-8"))
    Topic.objects.bulk_create(
        [
            Topic(
                name=item["name"],
                slug=item["slug"],
                description=item.get("description", ""),
                keywords=list(item.get("keywords", [])),
            )
            for item in taxonomy
        ],
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):
    apps.get_model("archive", "Topic").objects.all().delete()
    apps.get_model("archive", "Country").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
