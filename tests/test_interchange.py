"""The interchange format: the dry-run shape, exports, the schema and lossless re-import."""

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from readout_texts import CAPITALS_AND_SURNAME, FULL_NAMES, SEED, variant

from archive.import_cache import ImportCache
from archive.import_input import ImportFailed, Item
from archive.importer import import_items, import_readout, import_record, parse_text
from archive.interchange import (
    RecordError,
    meeting_to_record,
    parsed_to_record,
    record_to_parsed,
    records_for_meetings,
)
from archive.models import Meeting, Person, Statement, Topic

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "readout-format.schema.json").read_text()
)
ISSUE_KEYS = [
    "file",
    "title",
    "date",
    "kind",
    "multilateral",
    "location",
    "participants",
    "countries",
    "statements",
    "agreed_points",
    "topics",
    "warnings",
]
VOLATILE = {"imported_at", "updated_at"}


def validate(record):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(record, SCHEMA, cls=jsonschema.Draft202012Validator)


@pytest.mark.django_db
def test_dry_run_record_has_the_issue_shape_and_validates():
    record = parsed_to_record(parse_text(SEED.read_text()), file="seeds/x.txt")
    assert list(record)[: len(ISSUE_KEYS)] == ISSUE_KEYS
    assert record["file"] == "seeds/x.txt"
    assert record["location"] == {"city": "Islamabad", "country": "PK"}
    assert [set(p) >= {"name", "role", "country"} for p in record["participants"]] == [True] * 2
    assert {"speaker", "text"} <= set(record["statements"][0])
    assert {"text"} <= set(record["agreed_points"][0])
    assert json.loads(json.dumps(record)) == record
    validate(record)


@pytest.mark.django_db
def test_export_validates_and_carries_provenance():
    meeting = import_readout(
        SEED.read_text(), source_name="seed", source_url="https://example.org/seed"
    ).meeting
    record = meeting_to_record(meeting)
    validate(record)
    assert record["source_text"] == meeting.source_text
    assert record["content_hash"] == meeting.content_hash
    assert record["source_url"] == "https://example.org/seed"
    assert record["review_status"] == "reviewed"
    assert record["participants"][0]["person"] == "wang-yi-cn"
    for statement in record["statements"]:
        assert record["source_text"][statement["start"] : statement["end"]] == statement["text"]


def _curate(meeting):
    """A curator's edits: title, a speaker, a statement's topics, the review status."""
    meeting.title = "Curated: Wang Yi meets Qureshi"
    meeting.review_status = Meeting.ReviewStatus.REVIEWED
    meeting.save()
    first = meeting.statements.order_by("position").first()
    first.speaker = meeting.participants.get(position=0)
    first.save()
    first.topics.add(Topic.objects.get(slug="trade"))


def _comparable(record):
    return {k: v for k, v in record.items() if k not in VOLATILE}


@pytest.mark.django_db
def test_export_delete_reimport_is_lossless():
    meeting = import_readout(SEED.read_text(), source_name="seed").meeting
    _curate(meeting)
    before = meeting_to_record(Meeting.objects.get(pk=meeting.pk))
    line = json.dumps(before)
    meeting.delete()
    assert not Meeting.objects.exists()

    result = import_record(json.loads(line), source_name="export.jsonl:1")
    assert result.status == "created"
    after = meeting_to_record(Meeting.objects.get(pk=result.meeting.pk))
    assert _comparable(after) == _comparable(before)
    assert Person.objects.count() == 2

    again = import_record(json.loads(line), source_name="export.jsonl:1")
    assert again.status == "unchanged"


@pytest.mark.django_db
def test_an_export_of_two_captures_of_one_readout_reimports_as_it_was():
    """The second capture was flagged when it was imported; re-importing the export (newest
    first, as the list gives it) does not flag the other one too, and an update from the same
    export changes nothing."""
    import_readout(FULL_NAMES, source_name="a")
    import_readout(FULL_NAMES + "\n\nShare this page", source_name="b")
    records = [meeting_to_record(m) for m in Meeting.objects.order_by("-pk")]
    assert [any(w.startswith("Possibly the same") for w in r["warnings"]) for r in records] == [
        True,
        False,
    ]
    Meeting.objects.all().delete()
    results = import_items(
        [Item(f"export.jsonl:{n}", record=copy.deepcopy(r)) for n, r in enumerate(records, 1)]
    )
    assert [r.status for r in results] == ["created", "created"]
    after = {m.slug: meeting_to_record(m) for m in Meeting.objects.all()}
    for record in records:
        assert _comparable(after[record["slug"]]) == _comparable(record)
    again = import_items(
        [Item("export.jsonl", record=copy.deepcopy(r)) for r in records], update=True
    )
    assert [r.status for r in again] == ["unchanged", "unchanged"]


@pytest.mark.django_db
def test_record_into_a_fresh_archive_creates_people():
    meeting = import_readout(FULL_NAMES, source_name="a").meeting
    record = meeting_to_record(meeting)
    meeting.delete()
    Person.objects.all().delete()
    for participant in record["participants"]:
        participant["person"] = None
    result = import_record(record)
    names = sorted(result.meeting.participants.values_list("person__name", flat=True))
    assert names == ["Shah Mahmood Qureshi", "Wang Yi"]


@pytest.mark.django_db
def test_update_from_a_changed_record():
    meeting = import_readout(FULL_NAMES, source_name="a").meeting
    record = meeting_to_record(meeting)
    record["title"] = "Corrected title"
    assert import_record(copy.deepcopy(record)).status == "unchanged"
    result = import_record(copy.deepcopy(record), update=True)
    assert result.status == "updated"
    assert Meeting.objects.get(pk=meeting.pk).title == "Corrected title"
    assert import_record(copy.deepcopy(record), update=True).status == "unchanged"


@pytest.mark.django_db
def test_a_record_written_before_joint_is_unchanged_against_its_meeting():
    meeting = import_readout(SEED.read_text(), source_name="seed").meeting
    record = meeting_to_record(meeting)
    assert any(s["joint"] for s in record["statements"])
    for statement in record["statements"]:
        del statement["joint"]
    assert import_record(copy.deepcopy(record), update=True).status == "unchanged"


@pytest.mark.django_db
def test_records_for_meetings_reads_a_constant_number_of_queries():
    cache = ImportCache()
    import_readout(SEED.read_text(), source_name="seed", cache=cache)
    import_readout(FULL_NAMES, source_name="a", cache=cache)
    with CaptureQueriesContext(connection) as two:
        records = list(records_for_meetings(Meeting.objects.all()))
    assert len(records) == 2
    import_readout(CAPITALS_AND_SURNAME, source_name="b", cache=cache)
    import_readout(variant(SEED.read_text()), source_name="c", cache=cache)
    with CaptureQueriesContext(connection) as four:
        records = list(records_for_meetings(Meeting.objects.all()))
    assert len(records) == 4
    assert len(four) == len(two)


def _record():
    return {
        "title": "Talks",
        "date": "2022-01-02",
        "kind": "meeting",
        "multilateral": False,
        "location": None,
        "participants": [{"name": "Wang Yi", "role": "Foreign Minister", "country": "CN"}],
        "countries": ["CN"],
        "statements": [{"speaker": "Wang Yi", "text": "Wang Yi said hello."}],
        "agreed_points": [],
        "topics": [],
        "warnings": [],
        "source_text": "Wang Yi met someone.\n\nWang Yi said hello.",
    }


def test_a_hand_written_record_finds_its_offsets_and_speaker():
    parsed = record_to_parsed(_record())
    assert parsed.statements[0].speaker == 0
    assert (parsed.statements[0].start, parsed.statements[0].end) == (22, 41)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"source_text": None}, "source_text is missing"),
        ({"kind": "lunch"}, "kind must be one of"),
        ({"date": "21 March 2022"}, "is not a YYYY-MM-DD date"),
        ({"statements": [{"speaker": "Nobody", "text": "x"}]}, "is not exactly one of"),
        ({"statements": [{"speaker_index": 3, "text": "x"}]}, "is not a participant"),
        ({"statements": [{"text": "x", "start": 5, "end": 999}]}, "outside the text"),
        ({"participants": "Wang Yi"}, "participants must be a list"),
        ({"topics": "trade"}, "topics must be a list of strings"),
    ],
)
def test_bad_records_are_refused_with_a_reason(change, message):
    record = {**_record(), **change}
    with pytest.raises(RecordError, match=message):
        record_to_parsed(record)


@pytest.mark.django_db
def test_import_record_refuses_a_wrong_hash_and_writes_nothing():
    record = {**_record(), "content_hash": "0" * 64}
    with pytest.raises(ImportFailed, match="does not match"):
        import_record(record)
    assert not Meeting.objects.exists() and not Statement.objects.exists()


@pytest.mark.parametrize(
    ("changes", "joint"),
    [
        ({}, [True]),  # a record from before "joint": a statement without a speaker is joint
        ({"joint": False}, [False]),  # not attributed
        ({"joint": True}, [True]),
        ({"joint": True, "speaker": "Wang Yi"}, [False]),  # a speaker's is never joint
    ],
)
def test_a_statement_without_a_speaker_is_joint_or_not_attributed(changes, joint):
    record = _record()
    record["statements"] = [{"speaker": None, "text": "Wang Yi said hello.", **changes}]
    assert [s.joint for s in record_to_parsed(record).statements] == joint


def test_joint_must_be_true_or_false():
    record = _record()
    record["statements"][0]["joint"] = "yes"
    with pytest.raises(RecordError, match="joint must be true or false"):
        record_to_parsed(record)


@pytest.mark.django_db
def test_joint_survives_the_round_trip_through_the_archive():
    text = SEED.read_text()
    meeting = import_readout(text, source_name="seed").meeting
    parsed = parse_text(text)
    stored = meeting_to_record(Meeting.objects.get(pk=meeting.pk))
    assert [s["joint"] for s in stored["statements"]] == [s.joint for s in parsed.statements]
    assert any(s.joint for s in parsed.statements)  # the seed has a joint statement
