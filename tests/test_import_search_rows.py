"""PostgreSQL: an import batch writes its new meetings' search rows itself (migration 0009), each
once and whole, and leaves the search table exactly as the triggers would have."""

from pathlib import Path

import pytest
from django.db import connection, transaction

from archive import search
from archive.import_run import Options, Unit, import_units
from archive.models import Meeting
from archive.pg_import import SEARCH_ROWS_SETTING
from tests.readout_texts import FULL_NAMES, SEED, variant
from tests.test_search_table import assert_in_step

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readouts"


def texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))[:40]]
    # A text whose vector the database computes (a character Python cannot vouch for).
    found.append(variant(FULL_NAMES) + "\nİstanbul, 2 May.\n")
    found.append(SEED.read_text(encoding="utf-8"))
    return found


def search_row_updates() -> int:
    """Search rows updated so far by this backend's transactions whose statistics it has not yet
    sent: PostgreSQL 15 sends them at most once a second, between transactions, so the figure
    also holds the updates of a transaction that ended less than a second before this one (an
    earlier test's, even rolled back). Compare two readings within one test."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'archive_meeting_search'"
        )
        return cursor.fetchone()[0]


def test_a_batch_leaves_the_search_table_in_step():
    units = [Unit(f"r{n}.txt", text=text) for n, text in enumerate(texts())]
    before = search_row_updates()
    summary = import_units(iter(units), Options(), batch_size=15)
    assert summary.failed == 0 and summary.created > 30
    # One version of each row, written whole: through the triggers every new row was updated for
    # its countries and again for its topics (about 1.7 updates a meeting).
    assert search_row_updates() == before
    assert_in_step()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM archive_meeting_search WHERE countries <> '{}' AND topics <> '{}'"
        )
        assert cursor.fetchone()[0] > 10
    istanbul = Meeting.objects.get(source_text__contains="İstanbul")
    assert istanbul.pk in set(
        search.match_meetings(Meeting.objects.all(), "istanbul").values_list("pk", flat=True)
    )
    # Re-importing changes nothing.
    again = import_units(iter(units), Options(), batch_size=15)
    assert again.unchanged == summary.created + summary.unchanged and again.created == 0
    assert_in_step()


def test_only_the_batch_skips_the_trigger():
    with transaction.atomic():
        import_units(iter([Unit("a.txt", text=variant(FULL_NAMES))]), Options())
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting(%s, true)", [SEARCH_ROWS_SETTING])
            assert cursor.fetchone()[0] in {None, ""}
        # Any later writer in the same transaction gets its search row from the trigger.
        created = Meeting.objects.create(
            title="Quagga summit", slug="quagga", source_text="Quagga text", content_hash="q"
        )
        created.countries.add("PK")
    assert_in_step()


def test_a_refused_batch_leaves_the_trigger_on(monkeypatch):
    """A batch the database refuses is written again readout by readout; the setting is rolled
    back with it."""
    from archive import import_rows

    real = import_rows.insert_search_rows
    calls = []

    def refuse_first(prepared):
        calls.append(len(prepared))
        if len(calls) == 1:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1/0")
        real(prepared)

    monkeypatch.setattr(import_rows, "insert_search_rows", refuse_first)
    units = [Unit(f"r{n}.txt", text=variant(FULL_NAMES)) for n in range(3)]
    summary = import_units(iter(units), Options())
    assert summary.created == 3 and calls[0] == 3
    assert_in_step()
    Meeting.objects.create(title="Quagga", slug="quagga", source_text="Quagga", content_hash="q")
    assert_in_step()


def test_links_written_in_the_span_leave_the_search_rows_to_the_batch():
    """Migration 0010: while the importer says it writes the search rows, the link tables'
    insert triggers stand aside; before and after, they keep the rows' countries."""
    from archive import pg_import

    def countries(meeting: Meeting) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT countries FROM archive_meeting_search WHERE meeting_id = %s", [meeting.pk]
            )
            return cursor.fetchone()[0]

    meeting = Meeting.objects.create(
        title="Quagga summit", slug="quagga", source_text="Quagga text", content_hash="q"
    )
    with transaction.atomic():
        with pg_import.search_rows_written():
            meeting.countries.add("PK")
        assert countries(meeting) == []
        meeting.countries.add("IN")
        assert countries(meeting) == ["IN"]


def test_the_pending_lists_are_cleaned_beside_the_import(monkeypatch):
    """The GIN indexes' pending lists are cleaned from a second connection after the batches,
    and the import ends with that connection closed."""
    import threading

    from archive import import_rows, pg_import

    cleaned = []
    cleaners = set()
    real = pg_import._PendingListCleaner._clean

    def clean(self, conn):
        cleaned.append(conn.info.backend_pid)
        cleaners.add(self)
        real(self, conn)

    def limit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW gin_pending_list_limit")
            return cursor.fetchone()[0]

    limits = []
    write = import_rows._write_children

    def write_children(prepared):
        limits.append(limit())
        write(prepared)

    monkeypatch.setattr(pg_import._PendingListCleaner, "_clean", clean)
    monkeypatch.setattr(import_rows, "_write_children", write_children)
    before = limit()
    units = [Unit(f"r{n}.txt", text=text) for n, text in enumerate(texts()[:12])]
    summary = import_units(iter(units), Options(), batch_size=4)
    assert summary.failed == 0 and summary.created == 12
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    # Three batches: cleaned after the second (every CLEAN_EVERY = 2) and at the end; on a busy
    # machine the cleaner may connect only after both were asked for, and clean once for both.
    assert 1 <= len(cleaned) <= 2 and own not in cleaned
    # The importing connection let the lists grow to PENDING_LIMIT during the run only.
    assert limits == [pg_import.PENDING_LIMIT] * 3
    assert limit() == before != pg_import.PENDING_LIMIT
    assert not [t for t in threading.enumerate() if t.name == "gin-cleaner"]
    # The tables the import grows were analysed from its second batch (of three) on.
    [cleaner] = cleaners
    assert cleaner.analysed >= 2
    assert_in_step()


def test_a_cleaner_that_fails_leaves_the_import_alone(monkeypatch):
    from archive import pg_import

    monkeypatch.setattr(pg_import, "PENDING_LISTS", ("no_such_index",))
    units = [Unit(f"r{n}.txt", text=text) for n, text in enumerate(texts()[:6])]
    summary = import_units(iter(units), Options(), batch_size=2)
    assert summary.failed == 0 and summary.created == 6
    assert_in_step()
