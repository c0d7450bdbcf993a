"""`reparse_readouts --workers N`: stored texts parsed in the import's worker processes write and
report exactly what parsing in the re-parsing process does, batch by batch, all or nothing."""

import datetime
import os

import pytest
from django.db import connection, transaction
from test_import_command import snapshot
from test_reparse import add_keyword, last_line, run, store

import archive.importer
from archive import import_input, reparse
from archive.management.commands import reparse_readouts
from archive.models import (
    AgreedPoint,
    HistoricalAgreedPoint,
    HistoricalMeeting,
    HistoricalParticipant,
    HistoricalStatement,
    Meeting,
    Participant,
    Person,
    Statement,
    Tally,
)
from archive.search import AGREED_FTS, MEETING_FTS, SEARCH_TABLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def parsed_here(monkeypatch):
    """How many texts this process parses; forked workers inherit the count's code, not its list."""
    here, real = os.getpid(), import_input.parse_readout
    calls = []

    def parse(text, **kwargs):
        if os.getpid() == here:
            calls.append(text)
        return real(text, **kwargs)

    monkeypatch.setattr(import_input, "parse_readout", parse)
    return calls


def archive_with_every_case() -> list[Meeting]:
    """Meetings of several publishers, dates and addresses, a curated one, one whose text no
    longer matches its hash, and all parsed "by an older parser", so each is rewritten."""
    meetings = [
        store(n, publisher=publisher, source_url=f"https://example.org/{n}", published_on=day)
        for n, publisher, day in [
            (1, "cn-mfa", None),
            (2, "Department of Foreign Affairs of Ireland", datetime.date(2021, 3, 9)),
            (3, "cn-mfa", datetime.date(2021, 3, 5)),
            (4, "Department of Foreign Affairs of Ireland", None),
            (5, "cn-mfa", None),
            (6, "cn-mfa", datetime.date(2021, 3, 8)),
            (7, "cn-mfa", None),
        ]
    ]
    curated = meetings[2]
    curated.title = "Curated title"
    curated.review_status = Meeting.ReviewStatus.REVIEWED
    curated.save()
    changed = meetings[5]
    Meeting.objects.filter(pk=changed.pk).update(source_text=changed.source_text + " Changed.")
    add_keyword("agriculture")
    Meeting.objects.update(parse_fingerprint="older")
    return meetings


def state() -> dict:
    """What a re-parse writes, without the row ids and times a second run would give anew."""
    through = (Meeting.topics.through, Statement.topics.through, AgreedPoint.topics.through)
    found = {
        "meetings": [
            {k: v for k, v in row.items() if k not in ("imported_at", "updated_at")}
            for row in Meeting.objects.order_by("pk").values()
        ],
        "countries": sorted(Meeting.countries.through.objects.values_list("meeting", "country")),
        "topics": [
            sorted(through[0].objects.values_list("meeting", "topic__slug")),
            sorted(
                through[1].objects.values_list(
                    "statement__meeting", "statement__position", "topic__slug"
                )
            ),
            sorted(
                through[2].objects.values_list(
                    "agreedpoint__meeting", "agreedpoint__position", "topic__slug"
                )
            ),
        ],
        "participants": sorted(
            Participant.objects.values_list(
                "meeting", "position", "person__slug", "role", "country", "is_host"
            )
        ),
        "statements": sorted(
            Statement.objects.values_list(
                "meeting",
                "position",
                "text",
                "start_offset",
                "end_offset",
                "joint",
                "speaker__position",
            )
        ),
        "agreed": sorted(
            AgreedPoint.objects.values_list(
                "meeting", "position", "text", "start_offset", "end_offset"
            )
        ),
        "people": sorted(
            (name, slug, country or "", needs_review, str(aliases))
            for name, slug, country, needs_review, aliases in Person.objects.values_list(
                "name", "slug", "country", "needs_review", "aliases"
            )
        ),
        "tally": sorted(Tally.objects.values_list("kind", "a", "b", "year", "meetings", "agreed")),
        "history": [
            sorted(
                (model.__name__, row[0], row[1] or "")
                for row in model.objects.values_list("history_type", "history_change_reason")
            )
            for model in (
                HistoricalMeeting,
                HistoricalParticipant,
                HistoricalStatement,
                HistoricalAgreedPoint,
            )
        ],
    }
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT meeting_id, search_vector::text FROM {SEARCH_TABLE} ORDER BY 1")  # noqa: S608
            found["search"] = cursor.fetchall()
        else:
            for table in (MEETING_FTS, AGREED_FTS):
                cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
                found[table] = sorted(map(repr, cursor.fetchall()))
    return found


class _Undo(Exception):
    pass


def run_and_undo(*args) -> tuple[tuple, dict]:
    """The command's exit status and output, and the state it left, which is then rolled back."""
    try:
        with transaction.atomic():
            outcome = run(*args)
            after = state()
            raise _Undo
    except _Undo:
        pass
    return outcome, after


@pytest.mark.parametrize(
    "options",
    [
        pytest.param([], id="curated-kept"),
        pytest.param(["--force"], id="force"),
        pytest.param(["--dry-run"], id="dry-run"),
    ],
)
def test_the_workers_write_and_report_what_one_process_does(options, parsed_here):
    archive_with_every_case()
    parsed_here.clear()
    before = state()
    here, outcome_here = run_and_undo(*options, "--batch-size", 3, "--workers", 0)
    assert len(parsed_here) == 6  # every meeting but the one whose text no longer matches
    assert state() == before
    code, out, err = here
    assert code == 1 and err.count("does not match its content hash") == 1
    if options == ["--dry-run"]:
        assert outcome_here == before
        assert "the re-parse would report: updated=5 unchanged=1 failed=1" in out
    else:
        assert outcome_here != before
        expected = "updated=6 unchanged=0" if options else "updated=5 unchanged=1"
        assert f"{expected} failed=1" in out

    parsed_here.clear()
    workers, outcome_workers = run_and_undo(*options, "--batch-size", 3, "--workers", 2)
    assert parsed_here == []  # all parsed in the workers
    assert workers == here
    assert outcome_workers == outcome_here


def test_workers_0_and_1_and_the_default_as_import_readouts(parsed_here, monkeypatch):
    for n in range(4):
        store(n)
    Meeting.objects.update(parse_fingerprint="older")
    parsed_here.clear()
    outcomes = {}
    for workers, parses_here in [("0", 4), ("1", 0), ("-3", 4), (None, 4)]:
        args = ["--workers", workers] if workers is not None else []
        (code, out, err), _ = run_and_undo(*args)
        assert (code, err) == (0, "")
        outcomes[workers] = out
        assert len(parsed_here) == parses_here, workers
        parsed_here.clear()
    assert len(set(outcomes.values())) == 1
    assert outcomes["0"].strip().splitlines()[-1] == "updated=4 unchanged=0 failed=0 needs_review=0"

    # By default a selection of `WORKERS_MIN_UNITS` meetings or more goes to the workers.
    monkeypatch.setattr(reparse_readouts, "WORKERS_MIN_UNITS", 4)
    monkeypatch.setattr(reparse_readouts, "default_workers", lambda: 1)
    (code, out, _), _ = run_and_undo()
    assert code == 0 and out == outcomes["0"]
    assert parsed_here == []


def test_a_failing_batch_parsed_in_the_workers_writes_nothing(monkeypatch, parsed_here):
    meetings = [store(n) for n in range(4)]
    add_keyword("agriculture")
    real = archive.importer.rewrite_entries

    def last_fails(pairs, cache):
        for pair in pairs:
            if pair[1].pk == meetings[3].pk:
                raise RuntimeError("disk on fire")
            real([pair], cache)  # the batch's first meeting is rewritten before it fails

    monkeypatch.setattr(archive.importer, "rewrite_entries", last_fails)
    parsed_here.clear()
    code, out, err = run("--batch-size", 2, "--workers", 1)
    assert parsed_here == []
    assert code == 1
    assert err.count("its batch was rolled back (RuntimeError: disk on fire)") == 2
    assert out.strip().splitlines()[-1] == "updated=2 unchanged=0 failed=2 needs_review=0"
    assert [m.slug in out for m in meetings] == [True, True, False, False]
    rolled_back = Meeting.objects.filter(pk__in=[m.pk for m in meetings[2:]]).order_by("pk")
    assert list(rolled_back.values_list("parse_fingerprint", flat=True)) == [
        m.parse_fingerprint for m in meetings[2:]
    ]

    # Every batch failing: nothing at all is written.
    monkeypatch.setattr(archive.importer, "rewrite_entries", lambda pairs, cache: 1 / 0)
    Meeting.objects.update(parse_fingerprint="older")
    before = snapshot()
    code, out, err = run("--batch-size", 2, "--workers", 1)
    assert code == 1 and err.count("its batch was rolled back (ZeroDivisionError") == 4
    assert snapshot() == before


def test_a_meeting_changed_after_its_text_was_sent_is_parsed_here(monkeypatch, parsed_here):
    """A worker's parse is taken only for the publisher, date and text it was made from."""
    meetings = [store(n) for n in range(3)]
    Meeting.objects.update(parse_fingerprint="older")
    real_send = reparse._ReadAhead.send
    ireland = "Department of Foreign Affairs of Ireland"

    def send_then_edit(self, batch):
        futures = real_send(self, batch)
        Meeting.objects.filter(pk=meetings[1].pk).update(publisher=ireland)
        return futures

    monkeypatch.setattr(reparse._ReadAhead, "send", send_then_edit)
    parsed_here.clear()
    code, out, _ = run("--workers", 1)
    assert code == 0 and last_line(out) == "updated=3 unchanged=0 failed=0 needs_review=0"
    assert parsed_here == [meetings[1].source_text]
    assert Meeting.objects.get(pk=meetings[1].pk).publisher == ireland
