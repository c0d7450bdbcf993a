"""The data model holds a meeting with its parts on both databases and enforces its rules."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from sample_data import make_meeting, make_person

from archive.letters import title_key
from archive.models import AgreedPoint, Country, Meeting, Participant, Person, Statement, Topic

pytestmark = pytest.mark.django_db


def test_every_iso_country_and_the_eu_are_loaded():
    assert Country.objects.count() >= 249 + 1
    assert Country.objects.get(code="PK").name == "Pakistan"
    assert Country.objects.get(code="EU").name == "European Union"
    assert "Pakistani" in Country.objects.get(code="PK").aliases
    assert {"US", "U.S."} <= set(Country.objects.get(code="US").aliases)


def test_the_united_nations_is_a_party_under_the_code_iso_reserves_for_it():
    un = Country.objects.get(code="UN")
    assert (un.name, un.slug, un.aliases) == ("United Nations", "united-nations", [])


def test_turkiye_is_shown_by_its_name_since_2022_under_the_slug_it_had():
    turkiye = Country.objects.get(code="TR")
    assert (turkiye.name, turkiye.slug) == ("Türkiye", "turkey")
    assert "Turkey" in turkiye.aliases and "Türkiye" not in turkiye.aliases


def test_the_turkiye_migration_renames_an_archives_turkey_unless_a_curator_renamed_it():
    migration = importlib.import_module("archive.migrations.0027_turkiye")
    old = ["Türkiye", "Republic of Türkiye", "Turkish"]
    # an archive loaded before, whose row has the old name
    Country.objects.filter(code="TR").update(name="Turkey", slug="turkey", aliases=old)
    migration.rename(apps, None)
    migration.rename(apps, None)  # again, as on a new archive: nothing more changes
    turkiye = Country.objects.get(code="TR")
    assert (turkiye.name, turkiye.slug) == ("Türkiye", "turkey")
    assert turkiye.aliases == ["Turkey", "Republic of Türkiye", "Turkish"]
    migration.restore(apps, None)
    turkey = Country.objects.get(code="TR")
    assert (turkey.name, turkey.slug, turkey.aliases) == ("Turkey", "turkey", old)
    Country.objects.filter(code="TR").update(name="Republic of Türkiye")
    migration.rename(apps, None)
    assert Country.objects.get(code="TR").name == "Republic of Türkiye"


def test_the_united_nations_migration_adds_the_row_and_reverses_only_while_unused():
    migration = importlib.import_module("archive.migrations.0022_united_nations")
    Country.objects.filter(code="UN").delete()  # an archive from before the migration
    migration.add(apps, None)
    migration.add(apps, None)  # again, as migration 0002 of a new archive has loaded it
    assert Country.objects.get(code="UN").name == "United Nations"
    meeting = make_meeting(codes=("EG", "UN"))
    with pytest.raises(RuntimeError, match="meetings name UN"):
        migration.remove(apps, None)
    meeting.delete()
    Person.objects.filter(country_id="UN").delete()
    migration.remove(apps, None)
    assert not Country.objects.filter(code="UN").exists()


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Tánaiste Meets Foreign Minister", "tanaiste meets foreign minister"),
        ("“Albares”  receives\tX", "albares” receives x"),
        ("Łukasz Meets Østergaard", "lukasz meets ostergaard"),
        ("AUC Chairperson", "auc chairperson"),
        ("Straße", "strasse"),
        ("...", ""),
    ],
)
def test_a_title_sorts_without_accents_case_or_leading_quotes(title, key):
    assert title_key(title) == key


def test_a_meetings_sort_key_follows_its_title_on_every_save():
    meeting = make_meeting(title="Trilateral talks")
    assert Meeting.objects.get(pk=meeting.pk).title_key.startswith("trilateral talks ")
    meeting.title = "Tánaiste meets X"
    meeting.save(update_fields=["title"])
    assert Meeting.objects.get(pk=meeting.pk).title_key == "tanaiste meets x"
    # A key is derived: the history keeps the title, not the key.
    assert "title_key" not in {f.name for f in Meeting.history.model._meta.fields}


def test_the_title_key_migration_fills_stored_meetings():
    migration = importlib.import_module("archive.migrations.0023_meeting_title_key")
    meeting = make_meeting(title="Ministre des Affaires étrangères à Paris")
    Meeting.objects.filter(pk=meeting.pk).update(title_key=None)  # stored before the migration
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.fill(apps, editor)
    key = Meeting.objects.get(pk=meeting.pk).title_key
    assert key.startswith("ministre des affaires etrangeres a paris ")


@pytest.mark.parametrize(
    ("name", "in_text"),
    [
        ("United States", "the United States"),
        ("United Nations", "the United Nations"),
        ("European Union", "the European Union"),
        ("Netherlands", "the Netherlands"),
        ("Cook Islands", "the Cook Islands"),
        ("Falkland Islands (Malvinas)", "the Falkland Islands (Malvinas)"),
        ("U.S. Virgin Islands", "the U.S. Virgin Islands"),
        ("Heard Island and McDonald Islands", "Heard Island and McDonald Islands"),
        ("China", "China"),
        ("Sudan", "Sudan"),
    ],
)
def test_a_country_name_in_a_sentence_has_the_where_english_gives_it(name, in_text):
    assert Country(code="XX", name=name).name_in_text == in_text


def test_starting_topic_taxonomy_is_loaded_as_data():
    slugs = set(Topic.objects.values_list("slug", flat=True))
    assert {
        "trade",
        "security",
        "counter-terrorism",
        "agriculture",
        "ukraine",
        "afghanistan",
    } <= slugs
    assert all(Topic.objects.values_list("keywords", flat=True))


def test_a_meeting_holds_participants_statements_and_agreed_points():
    meeting = make_meeting(statements=3)
    meeting.refresh_from_db()
    assert [p.country_id for p in meeting.participants.all()] == ["CN", "PK"]
    assert meeting.statements.count() == 3
    for statement in meeting.statements.all():
        assert meeting.source_text[statement.start_offset : statement.end_offset] == statement.text
    point = meeting.agreed_points.get()
    assert meeting.source_text[point.start_offset : point.end_offset] == point.text
    assert point.text in meeting.agreed_text
    assert meeting.get_absolute_url() == f"/meetings/{meeting.slug}/"
    assert str(meeting) == meeting.title


def test_the_same_text_is_never_stored_twice():
    meeting = make_meeting()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            title="Again", slug="again", source_text="x", content_hash=meeting.content_hash
        )


def test_source_url_must_be_http_or_https():
    meeting = make_meeting()
    meeting.source_url = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        meeting.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(source_url="ftp://example.org/x")
    meeting.source_url = "https://www.fmprc.gov.cn/eng/"
    meeting.full_clean()


@pytest.mark.parametrize(
    ("model", "extra"),
    [(Statement, {"text": "x"}), (AgreedPoint, {"text": "x"})],
)
def test_positions_are_unique_per_meeting(model, extra):
    meeting = make_meeting()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(meeting=meeting, position=0, **extra)


def test_one_participant_row_per_person_per_meeting():
    meeting = make_meeting()
    person = meeting.participants.first().person
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(meeting=meeting, person=person, position=9)


def test_unnamed_participants_are_allowed_side_by_side():
    meeting = make_meeting()
    Participant.objects.create(meeting=meeting, role="The President", country_id="US", position=5)
    Participant.objects.create(
        meeting=meeting, role="The Prime Minister", country_id="GB", position=6
    )
    assert meeting.participants.filter(person=None).count() == 2


def test_span_end_cannot_precede_start():
    meeting = make_meeting()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.create(
            meeting=meeting, text="x", position=7, start_offset=10, end_offset=2
        )


def test_changes_are_kept_in_history():
    meeting = make_meeting()
    meeting.title = "Corrected title"
    meeting.save()
    assert meeting.history.count() == 2
    assert meeting.history.first().title == "Corrected title"
    person = make_person("Someone", "FR")
    person.aliases = ["S."]
    person.save()
    assert person.history.count() == 2


def test_no_index_is_covered_by_a_longer_one():
    """An index on the leading columns of another index or unique constraint serves no lookup
    the longer one does not, and costs every insert one more index entry (migration 0014)."""
    covered = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if not table.startswith("archive_"):
                continue
            found = connection.introspection.get_constraints(cursor, table)
            keys = {
                name: c["columns"]
                for name, c in found.items()
                if (c["index"] or c["unique"]) and c["columns"]
            }
            covered += [
                (table, name, other)
                for name, columns in keys.items()
                for other, longer in keys.items()
                if len(longer) > len(columns) and longer[: len(columns)] == columns
            ]
    assert covered == []
