"""Crashes and concurrent imports never leave a half-written or duplicated readout.

`import_readouts` runs in real subprocesses against a database of its own (a SQLite file, or a
PostgreSQL database made from a migrated template), is killed with SIGKILL half-way, run twice at
once, and run again after curators edited an entry; then every stored meeting is compared with a
fresh parse of its own source text.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from hardening import COUNTERPARTS, ROOT, unique_readout, varied_readout

from archive.importer import parse_text

READOUTS = 200


class ImportDatabase:
    """A migrated database that `manage.py` subprocesses use, and SQL to read it back."""

    def __init__(self, url: str, sqlite_path: Path | None = None, pg_params: dict | None = None):
        self.url, self.sqlite_path, self.pg_params = url, sqlite_path, pg_params

    def env(self) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        return {**base, "DJANGO_DEBUG": "1", "DATABASE_URL": self.url, "DJANGO_LOG_LEVEL": "ERROR"}

    def settle(self) -> None:
        """Wait until no other connection to the database is left (PostgreSQL).

        A killed importer's server process may still be finishing a COMMIT it was sent: the
        batch is then stored whole, after the kill. Counting before that would miss it."""
        if self.sqlite_path is not None:
            return  # the writer was the killed process itself
        others = (
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend'"
        )
        deadline = time.monotonic() + 30
        while self.query(others)[0][0] and time.monotonic() < deadline:
            time.sleep(0.02)

    def query(self, sql: str) -> list[tuple]:
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path, timeout=30) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(**self.pg_params) as db:
            return db.execute(sql).fetchall()

    def dump(self) -> list[str]:
        """Every row of every table, as SQL text: equal dumps mean equal databases."""
        if self.sqlite_path is not None:
            with sqlite3.connect(self.sqlite_path, timeout=30) as db:
                return list(db.iterdump())
        params = self.pg_params
        env = {**os.environ, "PGPASSWORD": params.get("password", "")}
        result = subprocess.run(
            [
                "pg_dump",
                "--data-only",
                "--inserts",
                "--no-owner",
                "-h",
                params["host"] or "",
                "-p",
                str(params.get("port", 5432)),
                "-U",
                params["user"],
                params["dbname"],
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        # Sequences are not transactional in PostgreSQL: a rolled-back insert still uses a number.
        # pg_dump's \\restrict lines carry a random key per run.
        return sorted(
            line
            for line in result.stdout.splitlines()
            if "pg_catalog.setval" not in line
            and not line.startswith(("\\restrict", "\\unrestrict"))
        )

    def meetings(self) -> list[tuple]:
        """(content_hash, source_text, participants, statements, agreed points) per meeting."""
        return self.query(
            "SELECT m.content_hash, m.source_text,"
            " (SELECT count(*) FROM archive_participant p WHERE p.meeting_id = m.id),"
            " (SELECT count(*) FROM archive_statement s WHERE s.meeting_id = m.id),"
            " (SELECT count(*) FROM archive_agreedpoint a WHERE a.meeting_id = m.id)"
            " FROM archive_meeting m"
        )

    def orphans(self) -> int:
        """Rows whose meeting is gone: a half-deleted or half-written entry."""
        total = 0
        for table in ("archive_participant", "archive_statement", "archive_agreedpoint"):
            total += self.query(
                f"SELECT count(*) FROM {table} t"  # noqa: S608
                " WHERE NOT EXISTS (SELECT 1 FROM archive_meeting m WHERE m.id = t.meeting_id)"
            )[0][0]
        return total


def manage(db: ImportDatabase, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=db.env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_import(db: ImportDatabase, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "import_readouts", *args],
        cwd=ROOT,
        env=db.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _pg_params(name: str) -> dict:
    s = connection.settings_dict
    params = {"dbname": name, "user": s["USER"], "host": s["HOST"] or None}
    if s["PORT"]:
        params["port"] = s["PORT"]
    if s["PASSWORD"]:
        params["password"] = s["PASSWORD"]
    return params


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(**_pg_params("postgres"), autocommit=True) as db:
        db.execute(sql)


@pytest.fixture(scope="module")
def template(tmp_path_factory, django_db_setup, django_db_blocker):
    """A migrated, empty database to copy for each test."""
    with django_db_blocker.unblock():
        vendor, test_name = connection.vendor, connection.settings_dict["NAME"]
    if vendor == "postgresql":
        name = f"{test_name}_crash_tpl"[:63]
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(f'CREATE DATABASE "{name}"')
        db = ImportDatabase(_pg_url(name), pg_params=_pg_params(name))
    else:
        path = tmp_path_factory.mktemp("crash") / "template.sqlite3"
        db = ImportDatabase(f"sqlite:///{path}", sqlite_path=path)
    result = manage(db, "migrate", "--noinput", "-v", "0")
    assert result.returncode == 0, result.stderr
    yield db
    if vendor == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def import_db(template, tmp_path, request):
    """A fresh copy of the migrated template for one test."""
    if template.sqlite_path is not None:
        path = tmp_path / "archive.sqlite3"
        with sqlite3.connect(template.sqlite_path) as src, sqlite3.connect(path) as dst:
            src.backup(dst)
        yield ImportDatabase(f"sqlite:///{path}", sqlite_path=path)
        return
    tpl = template.pg_params["dbname"]
    name = f"{tpl[:-4]}_{abs(hash(request.node.name)) % 10**8}"[:63]
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{tpl}"')
    yield ImportDatabase(_pg_url(name), pg_params=_pg_params(name))
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for n in range(READOUTS):
        (folder / f"readout-{n:04d}.txt").write_text(unique_readout(n), encoding="utf-8")
    return folder


def assert_every_meeting_whole(db: ImportDatabase) -> list[tuple]:
    rows = db.meetings()
    for content_hash, text, participants, statements, agreed in rows:
        parsed = parse_text(text)
        assert (participants, statements, agreed) == (
            len(parsed.participants),
            len(parsed.statements),
            len(parsed.agreed_points),
        ), f"meeting {content_hash[:12]} is not whole"
    duplicates = [h for h, n in Counter(row[0] for row in rows).items() if n > 1]
    assert duplicates == []
    assert db.orphans() == 0
    return rows


def kill_when(db: ImportDatabase, process: subprocess.Popen, stored: int) -> int:
    """SIGKILL `process` once `stored` meetings are committed; the count seen just before."""
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and process.poll() is None:
        seen = db.query("SELECT count(*) FROM archive_meeting")[0][0]
        if seen >= stored:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    db.settle()
    return seen


@pytest.mark.django_db
def test_an_import_killed_half_way_leaves_only_whole_readouts(import_db, corpus):
    # Small batches, so that the import is still some way from the end when the kill lands: on
    # a fast machine batches of 50 had all been written between the count and the kill.
    batch_size = "10"
    process = start_import(import_db, str(corpus), "--batch-size", batch_size)
    kill_when(import_db, process, stored=60)
    assert process.returncode == -signal.SIGKILL
    rows = assert_every_meeting_whole(import_db)
    assert 0 < len(rows) < READOUTS, "the import was not interrupted half-way"
    # A batch commits whole or not at all.
    assert len(rows) % int(batch_size) == 0

    # Importing again completes the archive: nothing lost, nothing twice.
    again = manage(import_db, "import_readouts", str(corpus))
    assert again.returncode == 0, again.stderr
    assert f"unchanged={len(rows)}" in again.stdout
    assert len(assert_every_meeting_whole(import_db)) == READOUTS


@pytest.mark.django_db
def test_repeated_kills_at_random_moments_never_half_write(import_db, corpus):
    # One readout per transaction, then small batches: the kill lands inside a readout's writes.
    for stored, batch_size in ((10, "1"), (60, "7"), (110, "1")):
        process = start_import(import_db, str(corpus), "--batch-size", batch_size)
        kill_when(import_db, process, stored=stored)
        assert_every_meeting_whole(import_db)


@pytest.fixture(scope="module")
def varied_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("varied")
    for n in range(READOUTS):
        (folder / f"readout-{n:04d}.txt").write_text(varied_readout(n), encoding="utf-8")
    return folder


@pytest.mark.django_db
def test_two_imports_of_the_same_files_at_once_store_each_readout_once(import_db, varied_corpus):
    corpus = varied_corpus
    first = start_import(import_db, str(corpus), "--batch-size", "20")
    second = start_import(import_db, str(corpus), "--batch-size", "20")
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    rows = assert_every_meeting_whole(import_db)
    assert len(rows) == READOUTS
    assert len({row[0] for row in rows}) == READOUTS
    # People are linked, not created twice, even when both imports meet a new name at once.
    people = [row[0] for row in import_db.query("SELECT name FROM archive_person")]
    assert len(people) == len(set(people)), sorted(people)
    assert len(people) <= len(COUNTERPARTS) + 1, sorted(people)
    for process, (_, err) in zip((first, second), outputs, strict=True):
        assert "Traceback" not in err
        assert process.returncode == 0, err[-2000:]
    created = sum(int(out.split("created=")[1].split()[0]) for out, _ in outputs)
    assert created == READOUTS


@pytest.mark.django_db
def test_reimport_keeps_a_curators_edit_to_a_reviewed_entry(import_db, tmp_path):
    path = tmp_path / "talks.txt"
    path.write_text(unique_readout(7), encoding="utf-8")
    assert manage(import_db, "import_readouts", str(path)).returncode == 0
    # A curator corrects the title and a statement, and marks the entry reviewed, through the
    # models (what the admin does), so history records who changed what.
    edit = (
        "from archive.models import Meeting; m = Meeting.objects.get();"
        "m.title = 'Curated title'; m.review_status = 'reviewed'; m.save();"
        "s = m.statements.order_by('position').first(); s.text = 'Curated statement.'; s.save();"
        # The parser changed since: the stored fingerprint no longer matches a fresh parse.
        "Meeting.objects.update(parse_fingerprint='0' * 64)"
    )
    assert manage(import_db, "shell", "-c", edit).returncode == 0

    for args in (["--update"],):
        result = manage(import_db, "import_readouts", str(path), *args)
        assert result.returncode == 0, result.stderr
        assert "unchanged=1" in result.stdout
        title, statement = import_db.query(
            "SELECT m.title, s.text FROM archive_meeting m JOIN archive_statement s"
            " ON s.meeting_id = m.id ORDER BY s.position LIMIT 1"
        )[0]
        assert (title, statement) == ("Curated title", "Curated statement.")

    # Only --force replaces the edit, and even then history keeps the curated version.
    forced = manage(import_db, "import_readouts", str(path), "--update", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "updated=1" in forced.stdout
    assert import_db.query("SELECT title FROM archive_meeting")[0][0] != "Curated title"
    titles = {row[0] for row in import_db.query("SELECT title FROM archive_historicalmeeting")}
    assert "Curated title" in titles


BAD_FILES = {
    "empty.txt": b"",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)),
    "latin1.txt": "On May 1, 2022, Müller met Qureshi of Pakistan in Zürich.".encode("latin-1"),
    "toolarge.txt": b"Wang Yi said that trade matters. " * 40_000,
    "not-a-readout.txt": b"apples pears bread milk\n",
    "broken.jsonl": b'{"title": "x", \n',
}


@pytest.mark.django_db
def test_rejected_files_leave_the_database_byte_for_byte_the_same(import_db, tmp_path):
    good = tmp_path / "good"
    good.mkdir()
    (good / "stored.txt").write_text(unique_readout(5), encoding="utf-8")
    assert manage(import_db, "import_readouts", str(good)).returncode == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    for name, content in BAD_FILES.items():
        (bad / name).write_bytes(content)
    before = import_db.dump()
    result = manage(import_db, "import_readouts", str(bad), str(good / "stored.txt"))
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == len(BAD_FILES), result.stderr
    assert all(line.startswith(str(bad)) for line in lines), result.stderr
    assert "Traceback" not in result.stderr
    assert "unchanged=1" in result.stdout and f"failed={len(BAD_FILES)}" in result.stdout
    assert import_db.dump() == before
