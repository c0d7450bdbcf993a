"""An import run's batches: a batch the database refuses is imported again readout by readout
(only the readout at fault fails and writes nothing), and the run's connection settings last only
as long as the run."""

import pytest
from django.db import DatabaseError, connection
from readout_texts import FULL_NAMES, OTHER_QURESHI, variant

from archive import bulk_sql, import_rows
from archive.import_run import (
    SQLITE_IMPORT_PRAGMAS,
    Options,
    Unit,
    _batches,
    import_units,
    text_units,
)
from archive.models import Meeting

pytestmark = pytest.mark.django_db

FAULTY = "(Refused by the database.)"


def test_a_refused_batch_fails_only_the_readout_at_fault(monkeypatch):
    real = import_rows.write_entries
    batches = []

    def refuse(entries, cache):
        batches.append(len(entries))
        real(entries, cache)
        if any(FAULTY in entry.text for entry in entries):
            # After the rows are written: what was written must be rolled back.
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO archive_meeting (id) VALUES (NULL)")

    monkeypatch.setattr(import_rows, "write_entries", refuse)
    from archive import importer

    monkeypatch.setattr(importer, "write_entries", refuse)
    units = [Unit(f"r{n}.txt", text=variant(FULL_NAMES)) for n in range(4)]
    units.insert(2, Unit("faulty.txt", text=variant(OTHER_QURESHI) + FAULTY))
    failures: list[str] = []
    summary = import_units(iter(units), Options(), on_failure=failures.append, batch_size=10)
    # Copies of one readout: each after the first is flagged as possibly the same readout.
    assert summary.line() == "created=4 updated=0 unchanged=0 failed=1 needs_review=3"
    assert len(failures) == 1 and failures[0].startswith("faulty.txt: the database refused")
    # The whole batch first, then each readout alone (the one at fault twice: a second try
    # tells a refusal from another import's race).
    assert batches[0] == 5 and set(batches[1:]) == {1} and len(batches) >= 6
    assert Meeting.objects.count() == 4
    assert not Meeting.objects.filter(source_text__contains=FAULTY).exists()
    again = import_units(iter(units[:2]), Options())
    assert again.line() == "created=0 updated=0 unchanged=2 failed=0 needs_review=1"


def test_a_database_error_in_a_batch_is_no_crash(monkeypatch):
    """An error of the database that is no refusal of one readout (here: every batch) fails each
    readout with the database's message, and the run goes on to the end."""

    def broken(entries, cache):
        raise DatabaseError("disk I/O error")

    from archive import importer

    monkeypatch.setattr(importer, "write_entries", broken)
    failures: list[str] = []
    units = [Unit(f"r{n}.txt", text=variant(FULL_NAMES)) for n in range(3)]
    summary = import_units(iter(units), Options(), on_failure=failures.append, batch_size=2)
    assert summary.failed == 3 and Meeting.objects.count() == 0
    assert all("the database refused the entry (disk I/O error)" in line for line in failures)


def _pragmas() -> dict[str, int]:
    with connection.cursor() as cursor:
        found = {}
        for name in SQLITE_IMPORT_PRAGMAS:
            cursor.execute(f"PRAGMA {name}")
            found[name] = cursor.fetchone()[0]
    return found


@pytest.mark.sqlite
def test_sqlite_settings_hold_for_the_run_only(monkeypatch):
    before = _pragmas()
    seen = []
    real = import_rows.write_entries

    def watch(entries, cache):
        seen.append(_pragmas())
        real(entries, cache)

    from archive import importer

    monkeypatch.setattr(importer, "write_entries", watch)
    summary = import_units(iter([Unit("a.txt", text=variant(FULL_NAMES))]), Options())
    assert summary.created == 1
    assert seen[0]["cache_size"] == SQLITE_IMPORT_PRAGMAS["cache_size"]
    assert _pragmas() == before


def test_bulk_inserts_raise_the_database_errors_of_django():
    """The batch's bulk inserts (multi-row INSERTs on SQLite, COPY on PostgreSQL), which bypass
    Django's cursor, fail with Django's own errors (which the importer catches as
    DatabaseError), and add nothing when they fail."""
    from django.db import IntegrityError, transaction

    from archive.models import Topic

    columns = ["name", "slug", "description", "keywords"]
    rows = [("Quagga", "quagga", "", "[]"), ("Quagga too", "quagga", "", "[]")]
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_sql.insert_rows(Topic, columns, rows)
    assert not Topic.objects.filter(slug="quagga").exists()
    ids = bulk_sql.insert_rows(Topic, columns, rows[:1])
    assert list(Topic.objects.filter(slug="quagga").values_list("pk", "name")) == [
        (ids[0], "Quagga")
    ]


TRAVEL = "tests/fixtures/readouts/us-state/travel-meetings-under-headings.txt"


def _release(label: str, faulty_meeting: int | None = None) -> list[Unit]:
    """The three meetings of a release, as the command reads them, one of them refused by the
    database if `faulty_meeting` says which."""
    with open(TRAVEL, encoding="utf-8") as file:
        units = list(text_units(label, file.read()))
    if faulty_meeting is not None:
        units[faulty_meeting - 1].text += "\n\n" + FAULTY
    return units


def test_a_batch_ends_after_a_release_of_several_meetings():
    units = [Unit(f"r{n}.txt", text=variant(FULL_NAMES)) for n in range(2)]
    units += _release("travel.txt") + [Unit("last.txt", text=variant(OTHER_QURESHI))]
    batches = [[unit.label for unit in batch] for batch in _batches(iter(units), 3)]
    assert batches == [
        ["r0.txt", "r1.txt", *(f"travel.txt, meeting {n} of 3" for n in (1, 2, 3))],
        ["last.txt"],
    ]


@pytest.mark.parametrize("batch_size", [2, 10])
def test_a_refused_meeting_keeps_its_release_out_whole(monkeypatch, batch_size):
    """The database refuses the second meeting of a release: its other meetings are not stored
    either, whether the batch is refused whole first or not, and the others are."""
    real = import_rows.write_entries

    def refuse(entries, cache):
        real(entries, cache)
        if any(FAULTY in entry.text for entry in entries):
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO archive_meeting (id) VALUES (NULL)")

    from archive import importer

    monkeypatch.setattr(importer, "write_entries", refuse)
    units = [Unit("alone.txt", text=variant(FULL_NAMES)), *_release("travel.txt", 2)]
    failures: list[str] = []
    summary = import_units(
        iter(units), Options(), on_failure=failures.append, batch_size=batch_size
    )
    assert (summary.created, summary.failed) == (1, 3)
    assert failures[0].startswith("travel.txt, meeting 1 of 3: not imported, because meeting 2")
    assert failures[1].startswith("travel.txt, meeting 2 of 3: the database refused")
    assert failures[2].startswith("travel.txt, meeting 3 of 3: not imported, because meeting 2")
    assert Meeting.objects.count() == 1
    # Without the fault, the release is stored whole.
    monkeypatch.setattr(importer, "write_entries", real)
    again = import_units(iter(_release("travel.txt")), Options(), batch_size=batch_size)
    assert (again.created, again.failed, Meeting.objects.count()) == (3, 0, 4)
