"""PostgreSQL's search table (`archive_meeting_search`, migration 0008) stays exact under every
writer: one row per meeting, with the meeting's date, the vector of its current text and its
countries and topics."""

import datetime

import pytest
from django.db import connection

from archive import pg_vector, search
from archive.import_cache import ImportCache
from archive.importer import import_readout
from archive.models import Meeting, Topic
from tests.readout_texts import FULL_NAMES, variant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def assert_in_step() -> None:
    """Every meeting has exactly one search row, with its date and its text's vector; the
    meetings' own column is only the way in and stays empty."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM archive_meeting m FULL JOIN archive_meeting_search s "
            "ON s.meeting_id = m.id WHERE m.id IS NULL OR s.meeting_id IS NULL "
            "OR m.held_on IS DISTINCT FROM s.held_on "
            f"OR s.search_vector <> ({pg_vector.database_vector_sql('m.')}) "
            "OR m.search_vector IS NOT NULL"
        )
        assert cursor.fetchone()[0] == 0
        for table, key, array in (
            ("archive_meeting_countries", "country_id", "countries"),
            ("archive_meeting_topics", "topic_id", "topics"),
        ):
            cursor.execute(
                f"SELECT count(*) FROM archive_meeting_search s WHERE "  # noqa: S608
                f"ARRAY(SELECT x FROM unnest(s.{array}) x ORDER BY 1)::text[] IS DISTINCT FROM "
                f"ARRAY(SELECT l.{key} FROM {table} l WHERE l.meeting_id = s.meeting_id "
                "ORDER BY 1)::text[]"
            )
            assert cursor.fetchone()[0] == 0, array


def matches(text: str) -> set[int]:
    return set(search.match_meetings(Meeting.objects.all(), text).values_list("pk", flat=True))


def test_imports_and_reimports(seed_text):
    cache = ImportCache()
    first = import_readout(seed_text, source_name="seed", cache=cache).meeting
    other = import_readout(variant(FULL_NAMES), source_name="other", cache=cache).meeting
    assert_in_step()
    assert matches("qureshi") == {first.pk, other.pk}
    # A re-import that parses the text again writes the meeting's row again (rewrite_entry).
    Meeting.objects.filter(pk=first.pk).update(title="Quokka", parse_fingerprint="older")
    assert matches("quokka") == {first.pk}
    result = import_readout(seed_text, source_name="seed", update=True, cache=cache)
    assert result.status == "updated"
    assert_in_step()
    assert not matches("quokka")


def test_edits_dates_and_deletes(seed_text):
    meeting = import_readout(seed_text, source_name="seed").meeting
    meeting.title = "Zebra crossing talks"
    meeting.save()  # an admin edit: the vector follows the text
    assert_in_step()
    assert matches("zebra") == {meeting.pk}
    Meeting.objects.filter(pk=meeting.pk).update(held_on=datetime.date(1999, 9, 9))
    assert_in_step()
    assert search.newest_matches(Meeting.objects.all(), "zebra", 5) == [meeting.pk]
    Meeting.objects.filter(pk=meeting.pk).update(publisher="Someone")
    assert_in_step()
    meeting.countries.add("US")
    meeting.topics.set(Topic.objects.filter(slug__in=["trade", "energy"]))
    assert_in_step()
    meeting.countries.remove("PK")
    meeting.topics.clear()
    assert_in_step()
    Meeting.countries.through.objects.filter(meeting=meeting, country_id="US").update(
        country_id="RU"
    )
    assert_in_step()
    created = Meeting.objects.create(
        title="Quagga summit", slug="quagga", source_text="Quagga text", content_hash="q"
    )
    assert_in_step()
    assert matches("quagga") == {created.pk}
    created.delete()
    meeting.delete()
    assert_in_step()
    assert not matches("zebra")


def test_bulk_deletes_and_truncate(seed_text):
    cache = ImportCache()
    for n in range(3):
        import_readout(variant(FULL_NAMES), source_name=f"v{n}", cache=cache)
    kept = import_readout(seed_text, source_name="seed", cache=cache).meeting
    Meeting.objects.exclude(pk=kept.pk).delete()
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM archive_meeting_search")
        assert cursor.fetchone()[0] == 1
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before TRUNCATE
        cursor.execute("TRUNCATE archive_meeting CASCADE")
        cursor.execute("SELECT count(*) FROM archive_meeting_search")
        assert cursor.fetchone()[0] == 0
