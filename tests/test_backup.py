"""Backups restore everything, and fixtures and exports load twice without duplicates.

The backup test fills the archive (seed and readouts, a curator's edit so history exists, a merged
person), backs it up with `backup_archive`, wipes the database, writes something new, restores with
`restore_archive` and compares every table with what it held at backup time.
"""

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from hardening import diff_snapshots, seed_text, snapshot, unique_readout

from archive.backup import default_output
from archive.curation import merge_people
from archive.importer import import_readout
from archive.models import AgreedPoint, Country, Meeting, Participant, Person, Statement, Topic

TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fill_archive() -> dict[str, int]:
    """Readouts, a curator's edit, a merged person; the counts a restore must give back."""
    import_readout(seed_text(), source_name="seed")
    for n in range(3):
        import_readout(unique_readout(n), source_name=f"readout-{n}")
    get_user_model().objects.create_superuser("curator", "c@example.org", "a-long-password-1")
    meeting = Meeting.objects.order_by("pk").first()
    meeting.title = "Curated title"
    meeting.review_status = Meeting.ReviewStatus.REVIEWED
    meeting.save()
    statement = meeting.statements.order_by("position").first()
    statement.text = "A curator's corrected statement."
    statement.save()
    survivor = Person.objects.filter(participations__isnull=False).first()
    duplicate = Person.objects.create(
        name=survivor.name + " Jr", slug="duplicate-person", country=survivor.country
    )
    Participant.objects.create(
        meeting=Meeting.objects.order_by("-pk").first(),
        person=duplicate,
        role="Adviser",
        position=99,
    )
    merge_people(survivor, [duplicate])
    return counts()


def counts() -> dict[str, int]:
    return {
        "meetings": Meeting.objects.count(),
        "statements": Statement.objects.count(),
        "agreed_points": AgreedPoint.objects.count(),
        "people": Person.objects.count(),
        "participants": Participant.objects.count(),
        "meeting_history": Meeting.history.count(),
        "person_history": Person.history.count(),
        "statement_history": Statement.history.count(),
        "countries": Country.objects.count(),
        "topics": Topic.objects.count(),
        "users": get_user_model().objects.count(),
    }


def command(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@TRANSACTIONAL
def test_backup_wipe_restore_finds_everything_again(tmp_path):
    expected = fill_archive()
    assert expected["meeting_history"] > expected["meetings"], "no curator history to keep"
    before = snapshot()
    users_before = list(get_user_model().objects.values_list("username", "password"))
    suffix = "dump" if connection.vendor == "postgresql" else "sqlite3"
    path = tmp_path / f"archive.{suffix}"

    output = command("backup_archive", "--output", str(path))
    assert str(path) in output and path.stat().st_size > 0

    call_command("flush", "--noinput", verbosity=0)
    assert Meeting.objects.count() == 0 and Country.objects.count() == 0
    # Something written after the backup must be gone after the restore.
    get_user_model().objects.create_user("intruder", password="not-kept-after-restore-1")

    command("restore_archive", str(path), "--noinput")
    assert counts() == expected
    assert diff_snapshots(before, snapshot()) == []
    assert list(get_user_model().objects.values_list("username", "password")) == users_before
    curated = Meeting.objects.get(title="Curated title")
    assert curated.history.filter(title="Curated title").exists()
    assert Statement.objects.filter(text="A curator's corrected statement.").exists()
    assert Person.history.filter(slug="duplicate-person", history_type="-").exists()
    # The restored archive works: search, pages and a further import.
    import_readout(unique_readout(99), source_name="after-restore")
    assert Meeting.objects.count() == expected["meetings"] + 1


@TRANSACTIONAL
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    import_readout(seed_text(), source_name="seed")
    before = snapshot()
    for content in (
        b"",
        b"not a backup at all",
        b"PGDMP" if connection.vendor == "sqlite" else b"",
    ):
        bogus = tmp_path / "bogus.bin"
        bogus.write_bytes(content + b"\x00" * 100)
        with pytest.raises(CommandError) as error:
            command("restore_archive", str(bogus), "--noinput")
        assert "\n" not in str(error.value)
    with pytest.raises(CommandError, match="no such backup file"):
        command("restore_archive", str(tmp_path / "missing.dump"), "--noinput")
    assert diff_snapshots(before, snapshot()) == []


def test_default_backup_name_is_timestamped_under_backups():
    when = datetime(2026, 11, 28, 7, 30, 5, tzinfo=UTC)
    assert default_output("sqlite", when).parts[-2:] == (
        "backups",
        "archive-20261128T073005Z.sqlite3",
    )
    assert default_output("postgresql", when).name == "archive-20261128T073005Z.dump"


# Natural keys ----------------------------------------------------------------------------------

FIXTURE_MODELS = [
    "archive.topic",
    "archive.person",
    "archive.meeting",
    "archive.participant",
    "archive.statement",
    "archive.agreedpoint",
]


@pytest.mark.django_db
def test_fixtures_with_natural_keys_load_twice_without_duplicates(tmp_path):
    import_readout(seed_text(), source_name="seed")
    import_readout(unique_readout(1), source_name="one")
    fixture = tmp_path / "archive.json"
    call_command(
        "dumpdata",
        *FIXTURE_MODELS,
        "--natural-foreign",
        "--natural-primary",
        "--output",
        str(fixture),
        verbosity=0,
    )
    objects = json.loads(fixture.read_text())
    people = [o for o in objects if o["model"] == "archive.person"]
    assert people and all("pk" not in o for o in people), "people are keyed by slug"
    participants = [o for o in objects if o["model"] == "archive.participant"]
    assert all(isinstance(o["fields"]["meeting"], list) for o in participants)
    codes = set(Country.objects.values_list("code", flat=True))
    for participant in participants:
        country = participant["fields"]["country"]
        assert country is None or (len(country) == 1 and country[0] in codes), country
    before = counts()
    for _ in range(2):
        call_command("loaddata", str(fixture), verbosity=0)
        assert counts() == before


@pytest.mark.django_db
def test_exported_json_reimports_twice_without_duplicates(client, tmp_path):
    import_readout(seed_text(), source_name="seed")
    import_readout(unique_readout(3), source_name="three")
    records = client.get("/meetings.json").json()["results"]
    assert len(records) == 2
    path = tmp_path / "export.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    # Into an empty archive (the data migration's countries and topics stay), twice.
    Participant.objects.all().delete()
    Meeting.objects.all().delete()
    Person.objects.all().delete()
    for _ in range(2):
        out = io.StringIO()
        call_command("import_readouts", str(path), stdout=out, stderr=io.StringIO())
    assert Meeting.objects.count() == 2
    assert Person.objects.count() == len(
        {p["person"] for r in records for p in r["participants"] if p.get("person")}
    )
    assert "unchanged=2" in out.getvalue()
    assert set(Meeting.objects.values_list("content_hash", flat=True)) == {
        r["content_hash"] for r in records
    }


def test_backups_folder_is_ignored_by_git():
    ignored = (Path(__file__).resolve().parent.parent / ".gitignore").read_text().split()
    assert "backups/" in ignored
