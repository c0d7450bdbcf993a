"""The benchmark's corpus generator, its own database, and the replica/pool configuration.

No timing is asserted here: bench/run.py measures, these tests only pin down what it relies on.
"""

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from archive.models import Country, Meeting
from archive.parsing import load_default_topics, parse_readout
from bench import databases
from bench.generate import (
    MARKER_SHARES,
    PUBLISHER,
    generate_corpus,
    marker_words,
    planted_count,
)
from config.routers import ReplicaRouter

ROOT = Path(__file__).resolve().parent.parent


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _readouts(folder: Path) -> list[Path]:
    return sorted((folder / "readouts").glob("*.txt"))


def test_generator_is_deterministic(tmp_path):
    generate_corpus(120, 7, tmp_path / "a")
    generate_corpus(120, 7, tmp_path / "b")
    generate_corpus(120, 8, tmp_path / "c")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_planted_markers_have_exact_shares(tmp_path):
    size = 2000
    manifest = generate_corpus(size, 3, tmp_path)
    texts = [path.read_text(encoding="utf-8") for path in _readouts(tmp_path)]
    assert len(texts) == size
    for code, words in marker_words().items():
        for word in words:
            holding = [i for i, text in enumerate(texts) if re.search(rf"\b{word}\b", text)]
            assert len(holding) == planted_count(size, MARKER_SHARES[code]), word
            assert holding == manifest["markers"][word]
    assert planted_count(size, MARKER_SHARES["50"]) == 1000
    for phrase, sets in manifest["phrases"].items():
        adjacent = [i for i, text in enumerate(texts) if phrase in text]
        assert adjacent == sets["adjacent"] and len(adjacent) == planted_count(size, 0.01)
        first, second = phrase.split()
        for i in sets["apart"]:
            assert first in texts[i] and second in texts[i].lower()
            assert phrase not in texts[i]
    for word in manifest["no_hit_words"]:
        assert not any(word in text for text in texts)


def test_every_readout_says_it_is_synthetic(tmp_path):
    generate_corpus(40, 1, tmp_path)
    for path in _readouts(tmp_path):
        text = path.read_text(encoding="utf-8")
        assert path.name.startswith("synthetic-")
        assert text.startswith("Synthetic readout ")
        assert "Synthetic benchmark data, not a real document." in text
    assert "not a real document" in (tmp_path / "README.md").read_text(encoding="utf-8")
    assert not (ROOT / "seeds" / "readouts").exists()


def test_the_parser_reads_what_was_generated(tmp_path):
    manifest = generate_corpus(60, 2, tmp_path)
    topics = load_default_topics()
    same_countries = 0
    for path, row in zip(_readouts(tmp_path), manifest["readouts"], strict=True):
        parsed = parse_readout(path.read_text(encoding="utf-8"), publisher=PUBLISHER, topics=topics)
        held_on, codes, kind, people, _statements, agreed, planted_topics = row
        assert parsed.held_on.isoformat() == held_on
        assert parsed.kind == kind
        assert len(parsed.participants) >= 2
        assert len(parsed.agreed_points) == agreed
        assert set(planted_topics) <= set(parsed.topics)
        same_countries += set(parsed.countries) == set(codes)
    assert same_countries >= 0.9 * len(manifest["readouts"])


@pytest.mark.django_db
def test_generated_readouts_import_through_the_command(tmp_path):
    from archive.search import match_meetings

    manifest = generate_corpus(25, 4, tmp_path)
    call_command("import_readouts", str(tmp_path / "readouts"), "--publisher", PUBLISHER)
    meetings = Meeting.objects.all()
    assert meetings.count() == 25
    assert set(meetings.values_list("publisher", flat=True)) == {PUBLISHER}
    assert all(
        title.startswith("Synthetic readout")
        for title in Meeting.objects.values_list("title", flat=True)
    )
    word = "zqmarker50a"
    expected = len(manifest["markers"][word])
    assert match_meetings(Meeting.objects.all(), word).count() == expected


def test_sqlite_write_cost_breaks_the_writes_down_by_statement(tmp_path):
    generate_corpus(30, 5, tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "sqlite_write_cost.py"), "--corpus", str(tmp_path)]
        + ["--count", "30", "--batch-size", "10", "--breakdown"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=True,
    ).stdout
    assert "created=30 updated=0 unchanged=0 failed=0" in out
    rows = dict(re.findall(r"^  (\S.*?)\s+([\d.]+) ms/readout \(\d+ statements\)$", out, re.M))
    # Each table the batches write, and their commits, each with its own share.
    for key in ("INSERT INTO archive_meeting", "INSERT INTO archive_statement", "COMMIT"):
        assert float(rows[key]) > 0


def _frame_header(page: int) -> str:
    """A log frame's header as `strace -x -s 8` prints a 24-byte pwrite: its first 8 bytes."""
    data = page.to_bytes(4, "big") + bytes(4)
    return "".join(f"\\x{b:02x}" for b in data)


def _wal_pages(trace: Path, database: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "wal_pages.py"), str(trace), str(database)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_wal_pages_counts_the_log_frames_by_table(tmp_path):
    database = tmp_path / "a.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE big (id INTEGER PRIMARY KEY, body TEXT)")
        connection.execute("CREATE INDEX big_body ON big (body)")
        connection.executemany("INSERT INTO big (body) VALUES (?)", [("x" * 900,)] * 40)
    owner: dict[str, list[int]] = {}
    with sqlite3.connect(database) as connection:
        for page, name in connection.execute("SELECT pageno, name FROM dbstat"):
            owner.setdefault(name, []).append(page)
    table, index = owner["big"], owner["big_body"]
    trace = tmp_path / "writes.txt"
    lines = [
        f'7 openat(AT_FDCWD, "{database}", O_RDWR|O_CREAT, 0644) = 3',
        f'7 openat(AT_FDCWD, "{database}-wal", O_RDWR|O_CREAT, 0644) = 4',
    ]
    # The table's first page three times, its second once, an index page twice; the page
    # bodies, and a page checkpointed into the database file.
    for page in [table[0], table[0], table[1], index[0], table[0], index[0]]:
        lines.append(f'7 pwrite64(4, "{_frame_header(page)}", 24, 32) = 24')
        lines.append('7 pwrite64(4, "\\x00\\x00"..., 4096, 56) = 4096')
    lines.append('7 pwrite64(3, "\\x0d\\x00"..., 4096, 8192) = 4096')
    trace.write_text("\n".join(lines) + "\n")
    done = _wal_pages(trace, database)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "log frames 6, distinct pages 3, database pages written 1" in out
    rows = re.findall(r"^\s*(\d+)\s+[\d.]+%\s+(\d+)\s+(\S+)$", out, re.M)
    assert rows == [("4", "2", "big"), ("2", "1", "big_body")]


def test_wal_pages_names_a_trace_without_log_writes(tmp_path):
    database = tmp_path / "a.sqlite3"
    sqlite3.connect(database).close()
    trace = tmp_path / "writes.txt"
    trace.write_text('7 openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3\n')
    done = _wal_pages(trace, database)
    assert done.returncode != 0
    assert f"{trace}: no writes to {database}-wal found" in done.stderr


def test_bench_database_is_never_the_developers():
    url = databases.bench_database_url("postgres://postgres@127.0.0.1:5432/archive", 1000)
    assert url == "postgres://postgres@127.0.0.1:5432/archive_bench_1000"
    sqlite = databases.bench_database_url("", 10000)
    assert sqlite.endswith("bench/work/bench-10000.sqlite3")
    assert databases.vendor_of(url) == "postgresql" and databases.vendor_of(sqlite) == "sqlite"


def test_router_sends_reads_to_the_replica_and_writes_to_the_primary():
    from django.contrib.auth.models import User

    router = ReplicaRouter()
    assert router.db_for_read(Meeting) == "replica"
    assert router.db_for_write(Meeting) == "default"
    assert router.db_for_read(User) == "default"
    assert router.allow_migrate("default", "archive") is True
    assert router.allow_migrate("replica", "archive") is False


@pytest.mark.django_db
def test_router_reads_own_writes_inside_a_transaction():
    router = ReplicaRouter()
    with transaction.atomic():
        assert router.db_for_read(Meeting) == "default"
        country = Country.objects.first()
        assert router.db_for_read(Country, instance=country) == "default"


def _settings_under(env: dict) -> dict:
    script = (
        "import json, config.settings as s; "
        "print(json.dumps({'routers': getattr(s, 'DATABASE_ROUTERS', []), "
        "'databases': {k: {'options': {o: v for o, v in d.get('OPTIONS', {}).items() "
        "if o == 'pool'}, 'test': d.get('TEST', {}), 'max_age': d['CONN_MAX_AGE']} "
        "for k, d in s.DATABASES.items()}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_replica_and_pool_are_switched_on_by_the_environment():
    pg = "postgres://postgres@127.0.0.1:5432/archive"
    plain = _settings_under({"DATABASE_URL": pg, "DATABASE_REPLICA_URL": "", "DATABASE_POOL": ""})
    assert plain["routers"] == [] and set(plain["databases"]) == {"default"}
    scaled = _settings_under(
        {
            "DATABASE_URL": pg,
            "DATABASE_REPLICA_URL": pg.replace("127.0.0.1", "127.0.0.2"),
            "DATABASE_POOL": "1",
            "DATABASE_CONN_MAX_AGE": "60",
            "DATABASE_POOL_MAX_SIZE": "4",
        }
    )
    assert scaled["routers"] == ["config.routers.ReplicaRouter"]
    assert scaled["databases"]["replica"]["test"] == {"MIRROR": "default"}
    for alias in ("default", "replica"):
        assert scaled["databases"][alias]["options"]["pool"]["max_size"] == 4
        assert scaled["databases"][alias]["max_age"] == 0
    sqlite = _settings_under({"DATABASE_URL": "", "DATABASE_POOL": "1", "DATABASE_REPLICA_URL": ""})
    assert sqlite["databases"]["default"]["options"] == {}


def test_page_times_runs_on_an_archive_smaller_than_5000_meetings(tmp_path):
    """Without addresses it times a meeting from the middle of the archive: the 5,001st newest
    at 100k, the middle one of a 1,000-readout benchmark or of the seeds."""
    env = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'small.sqlite3'}",
        "DJANGO_DEBUG": "1",
    }

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
        )

    assert run("manage.py", "migrate", "-v0").returncode == 0
    assert run("manage.py", "import_readouts", "seeds/").returncode == 0
    result = run(str(ROOT / "bench" / "page_times.py"), "--runs", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("/meetings/2022-03-21-wang-yi-and-qureshi") == 2
