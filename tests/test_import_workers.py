"""Parsing in worker processes (`import_readouts --workers N`) stores and reports exactly what
parsing in the importing process does: the same rows, the same outcomes, in input order."""

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from readout_texts import NOT_A_READOUT, SEED

from archive import import_input, import_run
from archive.import_run import Options, Unit, import_units
from archive.models import Meeting, Participant, Person, Statement

pytestmark = pytest.mark.django_db

SEED_TEXT = SEED.read_text(encoding="utf-8")
_YEAR = re.compile(r"\b20\d\d\b")


def variant(n: int) -> str:
    """A distinct readout: the seed with its years shifted and a numbered closing line."""
    text = _YEAR.sub(lambda m: str(int(m.group(0)) - n % 15), SEED_TEXT)
    return f"{text.rstrip()}\n\n(Test variant {n}.)\n"


def units() -> list[Unit]:
    found = [Unit(f"r{n:03d}.txt", text=variant(n)) for n in range(30)]
    found.insert(3, Unit("unreadable.txt", error="empty file"))
    found.insert(7, Unit("not-a-readout.txt", text=NOT_A_READOUT))
    found.insert(11, Unit("again.txt", text=variant(2)))  # the same text as r002.txt
    found.insert(20, Unit("crash.txt", text=variant(99) + "\nPARSER-CRASH\n"))
    return found


def stored() -> list[tuple]:
    return [
        (
            m.content_hash,
            m.title,
            m.held_on,
            m.parse_fingerprint,
            m.review_status,
            tuple(m.warnings),
            tuple(
                Participant.objects.filter(meeting=m)
                .order_by("position")
                .values_list("person__name", "role", "country_id")
            ),
            tuple(
                Statement.objects.filter(meeting=m)
                .order_by("position")
                .values_list("text", "speaker__position", "start_offset", "end_offset")
            ),
        )
        for m in Meeting.objects.order_by("content_hash")
    ]


def run(workers: int, batch_size: int = 8) -> tuple[str, list[str]]:
    failures: list[str] = []
    summary = import_units(
        iter(units()),
        Options(),
        on_failure=failures.append,
        batch_size=batch_size,
        workers=workers,
    )
    return summary.line(), failures


@pytest.fixture
def crashing_parser(monkeypatch):
    """A parser fault on one text; forked workers inherit the patch."""
    real = import_input.parse_readout

    def parse(text, **kwargs):
        if "PARSER-CRASH" in text:
            raise KeyError("boom")
        return real(text, **kwargs)

    monkeypatch.setattr(import_input, "parse_readout", parse)


def test_batches_start_small_and_double_up_to_the_batch_size(monkeypatch):
    monkeypatch.setattr(import_run, "FIRST_BATCH", 3)
    units = [import_run.Unit(f"r{n}.txt") for n in range(40)]
    sizes = [len(batch) for batch in import_run._batches(iter(units), 10)]
    assert sizes == [3, 6, 10, 10, 10, 1]
    assert [len(batch) for batch in import_run._batches(iter(units[:5]), 2)] == [2, 2, 1]
    assert list(import_run._batches(iter([]), 10)) == []


def test_workers_store_and_report_what_a_single_process_does(crashing_parser, monkeypatch):
    line, failures = run(workers=0)
    alone = stored()
    people = sorted(Person.objects.values_list("name", "slug", "country_id"))
    # Copies of one readout are flagged as possibly the same readout, whoever parses them.
    assert line == "created=30 updated=0 unchanged=1 failed=3 needs_review=15"
    assert failures == [
        "unreadable.txt: empty file",
        "not-a-readout.txt: no recognisable readout: no participants, no date, no attributed "
        "statements and no agreed points were found",
        "crash.txt: could not be imported (KeyError: 'boom')",
    ]
    Meeting.objects.all().delete()
    Person.objects.all().delete()

    # Batches of 2, 4 and then 8, with two batches parsed ahead of the one being written.
    monkeypatch.setattr(import_run, "FIRST_BATCH", 2)
    assert run(workers=2) == (line, failures)
    assert stored() == alone
    assert sorted(Person.objects.values_list("name", "slug", "country_id")) == people

    # A second run finds everything stored; nothing is parsed again and nothing changes.
    again, again_failures = run(workers=2)
    assert again == "created=0 updated=0 unchanged=31 failed=3 needs_review=15"
    assert again_failures == failures
    assert stored() == alone


def test_update_with_workers_reparses_and_keeps_unchanged_entries():
    run(workers=0)
    before = stored()
    summary = import_units(iter(units()), Options(update=True), batch_size=8, workers=1)
    assert summary.line() == "created=0 updated=0 unchanged=32 failed=2 needs_review=16"
    assert stored() == before


def test_command_workers_option(tmp_path):
    for n in range(12):
        (tmp_path / f"r{n:02d}.txt").write_text(variant(n), encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import_readouts",
            str(tmp_path),
            "--workers",
            "1",
            "--batch-size",
            "5",
            stdout=out,
            stderr=err,
        )
    assert exit_.value.code == 1
    assert out.getvalue().strip() == "created=12 updated=0 unchanged=0 failed=1 needs_review=0"
    assert err.getvalue().strip() == f"{tmp_path / 'empty.txt'}: empty file"


def test_workers_exit_when_the_import_is_killed(tmp_path):
    """A killed import (SIGKILL: no clean-up runs) leaves no worker process behind."""
    for n in range(150):
        (tmp_path / f"r{n:03d}.txt").write_text(variant(n), encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_readouts", str(tmp_path), "--workers", "1"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children_file = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while not workers and time.monotonic() < deadline and process.poll() is None:
        workers = [int(pid) for pid in children_file.read_text().split()]
        time.sleep(0.05)
    assert workers, "the import started no worker"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.1)
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []
