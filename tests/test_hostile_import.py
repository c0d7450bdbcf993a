"""Hostile input never corrupts the archive.

Property tests feed the parser, the importer and `import_readouts` random and mutated readouts,
random bytes, huge lines, control characters and mixed encodings. Every input is either stored
whole (possibly as "needs review") or rejected with one line naming the file, and after a rejected
file every archive table holds exactly what it held before.
"""

import json
import tempfile
import time
from pathlib import Path

import pytest
from hardening import (
    HOSTILE_READOUT,
    diff_snapshots,
    run_import,
    seed_text,
    snapshot,
    unique_readout,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.import_input import ImportFailed
from archive.importer import import_readout, parse_text
from archive.models import Meeting
from archive.parsing import parse_readout
from archive.sources import ReadoutFileError, decode_readout_bytes

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
KINDS = {"meeting", "phone_call", "video_call", "other"}

# Pieces of real readout prose and of things that are not prose, mixed by the strategies below.
FRAGMENTS = [
    "On March 21, 2022 local time, State Councilor and Foreign Minister Wang Yi held talks with "
    "Foreign Minister Qureshi of Pakistan in Islamabad.",
    "Secretary Blinken spoke today with Foreign Minister Jaishankar of India.",
    "PM call with President Macron: 1 February 2023",
    "On July 4, commencing at 10:00 for approximately 30 minutes, Mr. HAYASHI Yoshimasa, "
    "Minister for Foreign Affairs of Japan, held a telephone talk with H.E. Mr. Antony Blinken.",
    "1. Minister Hayashi stated that Japan-U.S.-ROK cooperation matters.",
    "The two sides agreed to strengthen trade; to expand investment; and to meet again.",
    "Both agreed that international law should be upheld.",
    "He said that the Chinese side is ready. The Pakistani side welcomed this.",
    "The leaders agreed to:\n- expand trade\n- cooperate on climate\n* meet in Paris",
    "The below is attributable to Spokesperson Ned Price:",
    "201615:01",
    "Shri Narendra Modi had a telephone conversation today with His Excellency Joe Biden.",
    "H.E. Dr. The Honourable Mr. Shri Dato' Sri",
    "<script>alert(1)</script>",
    "'; DROP TABLE archive_meeting; --",
    "\x00\x01\x02\x1b[31m\x7f",
    "\u202e\u200b\ufeff\u00a0\u2028\u2029",
    "😀🇵🇰🇨🇳 ا ב 中文 Ελληνικά",
    "said that said that said that",
    "(((((((((((",
    '"""""""',
    "Mr. " * 200,
    "x" * 5000,
]

readout_like = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=200)), min_size=0, max_size=12
).flatmap(
    lambda parts: st.sampled_from(["\n\n", "\n", " ", "\r\n", "\t"]).map(lambda j: j.join(parts))
)


@st.composite
def mutated_seed(draw) -> str:
    """The seed readout with a few random cuts, duplications, insertions and case changes."""
    text = seed_text()
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 400)))
        action = draw(st.sampled_from(["cut", "dup", "insert", "upper", "strip-newlines"]))
        if action == "cut":
            text = text[:i] + text[j:]
        elif action == "dup":
            text = text[:j] + text[i:j] + text[j:]
        elif action == "insert":
            text = text[:i] + draw(st.one_of(st.sampled_from(FRAGMENTS), st.text())) + text[i:]
        elif action == "upper":
            text = text[:i] + text[i:j].upper() + text[j:]
        else:
            text = text[:i] + text[i:j].replace("\n", " ") + text[j:]
    return text


def check_parse(parsed, text: str) -> None:
    """What the importer relies on from any parse."""
    assert parsed.kind in KINDS
    assert isinstance(parsed.title, str)
    n = len(parsed.participants)
    for code in (*parsed.countries, parsed.location_country or "XX"):
        assert len(code) == 2 and code.isupper(), code
    for item in (*parsed.statements, *parsed.agreed_points):
        assert 0 <= item.start <= item.end <= len(text), (item.start, item.end, len(text))
    for statement in parsed.statements:
        assert statement.speaker is None or 0 <= statement.speaker < n


def assert_stored_whole(meeting: Meeting) -> None:
    """A stored meeting has exactly the rows a fresh parse of its own source text gives."""
    parsed = parse_text(meeting.source_text)
    assert meeting.participants.count() == len(parsed.participants)
    assert meeting.statements.count() == len(parsed.statements)
    assert meeting.agreed_points.count() == len(parsed.agreed_points)
    for span in (*meeting.statements.all(), *meeting.agreed_points.all()):
        assert 0 <= span.start_offset <= span.end_offset <= len(meeting.source_text)


def failure_lines(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip() and name in line]


# The pure parser ---------------------------------------------------------------------------------


@PROPERTY
@given(text=st.text(max_size=3000))
def test_parser_never_raises_on_any_text(text):
    check_parse(parse_readout(text), text)


@PROPERTY
@given(text=readout_like)
def test_parser_never_raises_on_readout_like_text(text):
    check_parse(parse_readout(text), text)


@PROPERTY
@given(text=mutated_seed())
def test_parser_never_raises_on_mutated_readouts(text):
    check_parse(parse_readout(text), text)


@PROPERTY
@given(data=st.binary(max_size=4000))
def test_random_bytes_decode_to_text_or_one_clear_error(data):
    try:
        text = decode_readout_bytes(data)
    except ReadoutFileError as error:
        message = str(error)
        assert message and "\n" not in message
        return
    check_parse(parse_readout(text), text)


@PROPERTY
@given(
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "utf-32"]),
    cut=st.integers(0, 5000),
)
def test_mixed_encodings_decode_or_fail_clearly(encoding, cut):
    # Half the readout in UTF-8, the other half in another encoding, as a bad copy-paste gives.
    text = seed_text().replace("Qureshi", "Qureshi—Müller ’").replace("Wang Yi", "Wáng Yì")
    data = text[:cut].encode("utf-8") + text[cut:].encode(encoding, errors="replace")
    try:
        decoded = decode_readout_bytes(data)
    except ReadoutFileError as error:
        assert "\n" not in str(error)
        return
    check_parse(parse_readout(decoded), decoded)


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "Mr. " * 120_000,
        "The two sides agreed to " * 20_000,
        ("Wang Yi said that " * 20_000) + "\n",
        "\n- " * 150_000,
        "-" * 500_000,
        seed_text() * 100,
    ],
    ids=["one-word", "honorifics", "agreed", "said-that", "bullets", "dashes", "seed-x100"],
)
def test_huge_inputs_parse_in_bounded_time(text):
    started = time.process_time()
    check_parse(parse_readout(text), text)
    # Far above the normal few ms per readout; a regular expression gone quadratic takes minutes.
    # CPU time, so a busy machine does not make the test fail.
    assert time.process_time() - started < 30


# The importer on the database --------------------------------------------------------------------


@pytest.mark.django_db
@PROPERTY
@given(text=st.one_of(readout_like, mutated_seed(), st.text(max_size=2000)))
def test_import_stores_whole_or_rejects_without_a_trace(text):
    before = snapshot()
    try:
        result = import_readout(text, source_name="hostile.txt")
    except ImportFailed as error:
        assert str(error) and "\n" not in str(error)
        assert diff_snapshots(before, snapshot()) == []
        return
    assert_stored_whole(result.meeting)
    assert result.meeting.review_status in Meeting.ReviewStatus.values


@pytest.mark.django_db
@PROPERTY
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        readout_like.map(lambda t: t.encode("utf-8", "surrogatepass")),
        mutated_seed().map(lambda t: t.encode("utf-8", "surrogatepass")),
        mutated_seed().map(lambda t: t.encode("latin-1", "replace")),
        st.sampled_from(
            [b"", b"   \n\t ", b"\x00" * 10, b"\x89PNG\r\n\x1a\n" + bytes(range(256)), b"\xff\xfe"]
        ),
    ),
    suffix=st.sampled_from([".txt", ".jsonl"]),
)
def test_import_command_stores_or_rejects_each_file_with_one_line(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hostile{suffix}"
        path.write_bytes(data)
        before = snapshot()
        count = Meeting.objects.count()
        status, out, err = run_import(str(path))
    assert "Traceback" not in out + err
    assert "created=" in out, out
    lines = failure_lines(err, path.name)
    if status == 0:
        assert lines == []
        for meeting in Meeting.objects.all()[:5]:
            assert_stored_whole(meeting)
        assert Meeting.objects.count() <= count + 1 or suffix == ".jsonl"
    else:
        assert status == 1
        # One line per failed readout: one for a text file, one per bad line of a JSONL file.
        assert lines and all(line.startswith(str(path)) for line in lines), err
        if suffix == ".txt":
            assert len(lines) == 1, err
            assert diff_snapshots(before, snapshot()) == []


def _good_record() -> dict:
    """An interchange record for a readout, as `--dry-run --json` prints it plus provenance."""
    from archive.interchange import parsed_to_record

    text = unique_readout(0)
    record = parsed_to_record(parse_text(text))
    record["source_text"] = text.strip()
    return record


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)


@st.composite
def mutated_records(draw) -> dict:
    record = _good_record()
    for _ in range(draw(st.integers(1, 4))):
        target = record
        key = draw(st.sampled_from(sorted(record)))
        # Sometimes reach into a participant, statement or agreed point.
        nested = key in {"participants", "statements", "agreed_points"}
        nested = nested and isinstance(record[key], list) and bool(record[key])
        if nested and draw(st.booleans()):
            target = draw(st.sampled_from(record[key]))
            if not isinstance(target, dict):
                continue
            key = draw(st.sampled_from(sorted(target) or ["x"]))
        target[key] = draw(JSON_VALUES)
    return record


@pytest.mark.django_db
@PROPERTY
@given(record=mutated_records())
def test_mutated_interchange_records_are_stored_whole_or_rejected(record):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        before = snapshot()
        status, out, err = run_import(str(path))
    assert "Traceback" not in out + err
    lines = failure_lines(err, path.name)
    if status == 0:
        assert lines == []
        for meeting in Meeting.objects.all():
            for span in (*meeting.statements.all(), *meeting.agreed_points.all()):
                assert 0 <= span.start_offset <= span.end_offset <= len(meeting.source_text)
    else:
        assert len(lines) == 1, err
        assert lines[0].startswith(f"{path}:1: ")
        assert diff_snapshots(before, snapshot()) == []


# Named bad files: each gets one line, a non-zero exit, and an unchanged database -----------------

BAD_FILES = {
    "empty.txt": b"",
    "blank.txt": b" \n\n\t  \r\n",
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "nul.txt": b"On March 21, 2022 Wang Yi\x00 held talks.",
    "latin1.txt": "On March 21, 2022, Müller met Qureshi of Pakistan in Zürich.".encode("latin-1"),
    # UTF-16 without a byte order mark (with one it is read: test_import_command)
    "utf16.txt": seed_text().encode("utf-16-le"),
    "toolarge.txt": b"Wang Yi said that trade matters. " * 40_000,
    "not-a-readout.txt": b"apples pears bread milk\n",
    "broken.jsonl": b'{"title": "x", \n',
    "not-an-object.jsonl": b"[1, 2, 3]\n",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_each_bad_file_gets_one_line_and_leaves_the_database_unchanged(tmp_path, name, settings):
    settings.READOUT_MAX_BYTES = 1024 * 1024
    assert import_readout(seed_text(), source_name="seed").status == "created"
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    before = snapshot()
    status, out, err = run_import(str(path))
    assert status == 1, (out, err)
    assert "Traceback" not in out + err
    lines = [line for line in err.splitlines() if line.strip()]
    # A JSONL line is named FILE:LINE.
    assert lines == [lines[0]] and lines[0].startswith(f"{path}:"), err
    assert out.strip().endswith("created=0 updated=0 unchanged=0 failed=1 needs_review=0")
    assert diff_snapshots(before, snapshot()) == []


@pytest.mark.django_db
def test_utf8_with_a_byte_order_mark_is_stored(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + seed_text().encode("utf-8"))
    status, out, err = run_import(str(path))
    assert status == 0, err
    assert Meeting.objects.count() == 1
    assert not Meeting.objects.get().source_text.startswith("\ufeff")


@pytest.mark.django_db
def test_a_bad_file_among_good_ones_fails_alone(tmp_path):
    (tmp_path / "a.txt").write_text(unique_readout(1), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.txt").write_text(unique_readout(2), encoding="utf-8")
    status, out, err = run_import(str(tmp_path))
    assert status == 1
    assert [line for line in err.splitlines() if line.strip()] == [
        line for line in err.splitlines() if line.startswith(str(tmp_path / "b.txt") + ": ")
    ]
    assert "created=2" in out and "failed=1" in out
    assert Meeting.objects.count() == 2
    for meeting in Meeting.objects.all():
        assert_stored_whole(meeting)


@pytest.mark.django_db
def test_control_characters_and_markup_are_stored_as_text(tmp_path):
    text = HOSTILE_READOUT.replace("Islamabad.", "Islamabad.\x0b\x0c\u200b\u202e")
    (tmp_path / "hostile.txt").write_text(text, encoding="utf-8")
    status, out, err = run_import(str(tmp_path / "hostile.txt"))
    assert status == 0, err
    meeting = Meeting.objects.get()
    assert "<script>" in meeting.source_text
    assert_stored_whole(meeting)


@pytest.mark.django_db
def test_reimporting_the_same_hostile_file_is_unchanged(tmp_path):
    (tmp_path / "hostile.txt").write_text(HOSTILE_READOUT, encoding="utf-8")
    assert run_import(str(tmp_path))[0] == 0
    before = snapshot()
    status, out, _ = run_import(str(tmp_path))
    assert status == 0 and "unchanged=1" in out
    assert diff_snapshots(before, snapshot()) == []


@pytest.mark.django_db
@PROPERTY
@given(
    data=st.one_of(
        st.binary(max_size=2000),
        readout_like.map(lambda t: t.encode("utf-8", "surrogatepass")),
        mutated_seed().map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
def test_dry_run_prints_one_json_object_per_file_and_writes_nothing(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hostile.txt"
        path.write_bytes(data)
        before = snapshot()
        status, out, err = run_import(str(path), "--dry-run", "--json")
    assert "Traceback" not in out + err
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1, out
    record = json.loads(lines[0])
    assert record["file"] == str(path)
    if "error" in record:
        assert status == 1 and "\n" not in record["error"]
    else:
        assert status == 0
        assert {"title", "date", "kind", "participants", "statements", "agreed_points"} <= set(
            record
        )
    assert diff_snapshots(before, snapshot()) == []
