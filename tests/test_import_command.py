"""`import_readouts`: files, folders, globs, bad input, dry runs, summaries and exit codes."""

import codecs
import contextlib
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from readout_texts import (
    CAPITALS_AND_SURNAME,
    FULL_NAMES,
    NOT_A_READOUT,
    READABLE,
    RELEASE_OF_THREE,
    SEED,
    UNREADABLE,
)

from archive.interchange import meeting_to_record
from archive.management.commands.import_readouts import json_line
from archive.models import Meeting, Person
from archive.sources import ReadoutFileError, find_input_files, read_readout_file

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_readouts", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def snapshot():
    """Row counts of every table, and every meeting row, to prove a failure wrote nothing."""
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith(("django_session", "axes_")):
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - names from the database
            counts[table] = cursor.fetchone()[0]
    return counts, list(Meeting.objects.order_by("pk").values())


def last_line(out: str) -> str:
    """The counts that end the summary, after the entries it names as needing review."""
    return out.strip().splitlines()[-1]


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_seed_folder_created_then_unchanged(tmp_path):
    code, out, err = run(SEED.parent)
    assert code == 0 and err == ""
    assert out.strip() == "created=1 updated=0 unchanged=0 failed=0 needs_review=0"
    code, out, _ = run(SEED.parent)
    assert code == 0
    assert out.strip() == "created=0 updated=0 unchanged=1 failed=0 needs_review=0"


def test_files_folders_and_globs(tmp_path):
    folder = tmp_path / "in"
    (folder / "deeper").mkdir(parents=True)
    write(folder, "a.txt", FULL_NAMES)
    write(folder / "deeper", "b.txt", CAPITALS_AND_SURNAME)
    write(folder, "README.md", "not a readout")
    code, out, err = run(folder)
    assert (code, err) == (0, "")
    assert out.startswith("created=2 ")
    code, out, _ = run(f"{folder}/**/*.txt")
    assert out.startswith("created=0 updated=0 unchanged=2 ")
    code, out, err = run(tmp_path / "missing.txt")
    assert code == 1 and err.strip() == f"{tmp_path / 'missing.txt'}: no such file or directory"


BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t \n", "empty file (only whitespace)"),
    ("binary.txt", bytes(range(256)) * 8, "binary file, not text (contains NUL bytes)"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 40 + b"text", "binary file, not text"),
    (
        "latin1.txt",
        "On March 21, 2022, Wang Yi met José Müller in Islamabad.".encode("latin-1"),
        "not UTF-8 text (invalid byte 0xe9 at offset 34)",
    ),
    ("nonsense.txt", NOT_A_READOUT.encode(), "no recognisable readout"),
    ("renamed.txt", b"%PDF-1.7\n1 0 obj\n", "a PDF file, not text; copy its text"),
    ("blank16.txt", "  \n".encode("utf-16"), "empty file (only whitespace)"),
    ("nul16.txt", "On March 21\x00, 2022".encode("utf-16"), "binary file, not text (contains NUL"),
]


def test_a_utf16_file_with_its_byte_order_mark_is_read(tmp_path):
    """What Windows Notepad saves as "Unicode": UTF-16 with a byte order mark."""
    text = "On March 21, 2022, Wang Yi held talks with Foreign Minister Qureshi of Pakistan"
    text += " in Islamabad. The two sides agreed to deepen cooperation."
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        (tmp_path / f"{encoding}.txt").write_bytes(bom + text.encode(encoding))
        assert read_readout_file(tmp_path / f"{encoding}.txt") == text


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_bad_input_gives_one_line_a_failure_and_an_unchanged_database(
    tmp_path, name, content, message
):
    run(SEED)
    before = snapshot()
    path = write(tmp_path, name, content)
    code, out, err = run(path)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: ") and message in lines[0]
    assert "Traceback" not in err
    assert out.strip() == "created=0 updated=0 unchanged=0 failed=1 needs_review=0"
    assert snapshot() == before


def test_oversized_file_is_refused_before_reading(tmp_path, settings):
    settings.READOUT_MAX_BYTES = 1000
    before = snapshot()
    path = write(tmp_path, "big.txt", FULL_NAMES * 20)
    code, _, err = run(path)
    assert code == 1
    assert err.strip().startswith(f"{path}: file is too large (")
    assert "the limit is 1,000 bytes" in err
    assert snapshot() == before


def test_bom_and_good_files_go_on_when_one_fails(tmp_path):
    good = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + FULL_NAMES.encode())
    bad = write(tmp_path, "bad.txt", b"\xff\x00\x00x")
    code, out, err = run(good, bad)
    assert code == 1
    assert out.strip() == "created=1 updated=0 unchanged=0 failed=1 needs_review=0"
    assert err.strip().splitlines() == [f"{bad}: binary file, not text (contains NUL bytes)"]
    assert not Meeting.objects.get().source_text.startswith("\ufeff")


def test_partial_readout_is_stored_as_needs_review(tmp_path):
    path = write(
        tmp_path,
        "partial.txt",
        "On March 3, 2023, talks were held in Beijing.\n\nThe two sides agreed to meet again.\n",
    )
    code, out, _ = run(path)
    assert code == 0
    assert last_line(out) == "created=1 updated=0 unchanged=0 failed=0 needs_review=1"


def test_the_summary_names_each_entry_that_needs_review_and_says_why(tmp_path):
    write(tmp_path, "a-seed.txt", SEED.read_text(encoding="utf-8"))
    write(tmp_path, "b-partial.txt", "On March 3, 2023, talks were held in Beijing.\n")
    write(tmp_path, "c-release.txt", RELEASE_OF_THREE.format(second=READABLE))
    write(tmp_path, "d-empty.txt", b"")
    why = (
        "Publisher not recognised from the text. Could not tell whether this was a meeting, a "
        "phone call or a video call. No participants found."
    )
    partial = f"{tmp_path / 'b-partial.txt'}: needs review: {why}"
    release = [f"{tmp_path / 'c-release.txt'}, meeting {n} of 3: needs review: " for n in (1, 2, 3)]

    # The dry run names them as the import will, above its counts; --json carries the same.
    code, out, _ = run("--dry-run", tmp_path)
    assert code == 1
    *named, would, parsed = out.splitlines()[-6:]
    assert named[0] == partial
    assert [line[: len(start)] for line, start in zip(named[1:], release, strict=True)] == release
    assert (
        would == "the import would report: created=5 updated=0 unchanged=0 failed=1 needs_review=4"
    )
    assert parsed == "dry run: parsed=5 failed=1"
    _, out, err = run("--dry-run", "--json", tmp_path)
    lines = [line for line in map(json.loads, out.splitlines()) if "error" not in line]
    assert [line["needs_review"] for line in lines] == [False, True, True, True, True]
    assert lines[0]["review_reason"] is None and lines[1]["review_reason"] == why
    assert err.splitlines()[-6:-2] == named

    # The import names the same entries, in the words of the admin's import page ("Imported
    # ...; it needs review: <the warnings>"), and keeps its counts as the last line.
    code, out, _ = run(tmp_path)
    assert code == 1
    assert out.splitlines() == [*named, "created=5 updated=0 unchanged=0 failed=1 needs_review=4"]
    stored = Meeting.objects.get(source_text__startswith="On March 3, 2023")
    assert " ".join(stored.warnings) == why

    # Stored already, they are unchanged and still named, as long as they need review.
    Meeting.objects.filter(title__contains="Qureshi").update(
        review_status=Meeting.ReviewStatus.NEEDS_REVIEW, warnings=[]
    )
    flagged = f"{tmp_path / 'a-seed.txt'}: needs review: flagged for review, with no warning stored"
    code, out, _ = run(tmp_path)
    assert out.splitlines() == [
        flagged,
        *named,
        "created=0 updated=0 unchanged=5 failed=1 needs_review=5",
    ]
    assert run("--dry-run", tmp_path)[1].splitlines()[-7:-2] == [flagged, *named]


def test_dry_run_json_prints_one_object_per_file_and_writes_nothing(tmp_path):
    before = snapshot()
    bad = write(tmp_path, "empty.txt", b"")
    code, out, err = run("--dry-run", "--json", SEED, bad)
    assert code == 1
    lines = [json.loads(line) for line in out.strip().splitlines()]
    assert len(lines) == 2
    seed, failed = lines
    assert seed["file"] == str(SEED)
    assert list(seed)[:12] == [
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
    assert seed["date"] == "2022-03-21" and seed["kind"] == "meeting"
    assert seed["location"] == {"city": "Islamabad", "country": "PK"}
    assert [(p["name"], p["role"], p["country"]) for p in seed["participants"]] == [
        ("Wang Yi", "State Councilor and Foreign Minister", "CN"),
        ("Qureshi", "Foreign Minister", "PK"),
    ]
    assert seed["countries"] == ["CN", "PK"]
    assert seed["statements"][0]["speaker"] == "Qureshi"
    assert failed == {"file": str(bad), "error": "empty file"}
    assert err.strip().splitlines()[0] == f"{bad}: empty file"
    assert snapshot() == before


def test_dry_run_json_lines_escape_unicode_line_separators():
    value = {"file": "a\u2028b.txt", "title": "x\u2029y \u00e9"}
    line = json_line(value)
    assert len(line.splitlines()) == 1
    assert "\u00e9" in line  # other characters stay as they are
    assert json.loads(line) == value


def test_dry_run_text_summary(tmp_path):
    code, out, _ = run("--dry-run", SEED)
    assert code == 0
    assert "Wang Yi (CN), Qureshi (PK)" in out and "dry run: parsed=1 failed=0" in out


def test_a_dry_run_foresees_the_warnings_the_import_adds_to_the_parse(tmp_path):
    # The seed names "Foreign Minister Qureshi" of Pakistan: two people of Pakistan bear that
    # surname. A second capture of the seed (a line more) shares its title, date and publisher,
    # once stored and once earlier in the same run.
    Person.objects.create(name="Shah Mahmood Qureshi", slug="shah-mahmood-qureshi", country_id="PK")
    Person.objects.create(name="Ali Qureshi", slug="ali-qureshi", country_id="PK")
    seed = SEED.read_text(encoding="utf-8")
    write(tmp_path, "a.txt", seed)
    write(tmp_path, "b.txt", seed + "\nPrinted from the ministry's website.\n")
    dry, real = dry_run_then_import(tmp_path)
    assert real[1].splitlines()[-1] == "created=2 updated=0 unchanged=0 failed=0 needs_review=2"
    assert dry[1].splitlines()[-4:-2] == real[1].splitlines()[:-1]
    assert "could be any of Ali Qureshi, Shah Mahmood Qureshi" in real[1].splitlines()[0]
    assert "an earlier readout of this import" in real[1].splitlines()[1]
    assert dry[1].splitlines()[-2] == (
        "the import would report: created=2 updated=0 unchanged=0 failed=0 needs_review=2"
    )

    # A third capture, against the stored ones: the dry run names it as the import does.
    write(tmp_path, "c.txt", seed + "\nPrinted on 2022-03-22.\n")
    dry, real = dry_run_then_import(tmp_path / "c.txt")
    assert "Possibly the same readout as" in real[1]
    assert dry[1].splitlines()[-3] == real[1].splitlines()[0]


def dry_run_then_import(folder):
    """The dry run's (code, stdout, stderr), which must write nothing, then the import's."""
    before = snapshot()
    dry = run("--dry-run", folder)
    assert snapshot() == before
    return dry, run(folder)


def test_a_dry_run_leaves_out_a_release_with_an_unreadable_meeting_as_the_import_does(tmp_path):
    write(tmp_path, "good.txt", SEED.read_text(encoding="utf-8"))
    write(tmp_path, "release.txt", RELEASE_OF_THREE.format(second=UNREADABLE))
    dry, real = dry_run_then_import(tmp_path)
    assert dry[0] == real[0] == 1
    assert dry[2].replace("would not be imported", "not imported") == real[2]
    assert (
        real[2]
        .splitlines()[0]
        .endswith(
            "release.txt, meeting 1 of 3: not imported, because meeting 2 of 3 could not be: "
            "the meetings of one release are imported all or none"
        )
    )
    assert len(real[2].splitlines()) == 3
    assert dry[1].endswith("dry run: parsed=1 failed=3\n")
    assert real[1] == "created=1 updated=0 unchanged=0 failed=3 needs_review=0\n"
    assert "release.txt" not in dry[1]  # no meeting of the release is shown as parsed
    _, out, _ = run("--dry-run", "--json", tmp_path / "release.txt")
    assert [json.loads(line)["error"].split(",")[0] for line in out.splitlines()] == [
        "would not be imported",
        "no recognisable readout: no participants",
        "would not be imported",
    ]
    # Imported whole once its second meeting is readable, the release's other meetings are
    # stored: the import then reports them unchanged beside the failing one, as the dry run does.
    release = write(tmp_path, "release.txt", RELEASE_OF_THREE.format(second=READABLE))
    assert last_line(run(release)[1]).startswith("created=3 ")
    write(tmp_path, "release.txt", RELEASE_OF_THREE.format(second=UNREADABLE))
    dry, real = dry_run_then_import(release)
    assert dry[2] == real[2] and len(real[2].splitlines()) == 1
    assert dry[1].endswith("dry run: parsed=2 failed=1\n")
    assert last_line(real[1]).startswith("created=0 updated=0 unchanged=2 failed=1 ")


def test_a_dry_run_with_update_reports_what_the_import_would_rewrite(tmp_path):
    release = write(tmp_path, "release.txt", RELEASE_OF_THREE.format(second=READABLE))
    write(tmp_path, "seed.txt", SEED.read_text(encoding="utf-8"))
    assert last_line(run(tmp_path)[1]).startswith("created=4 ")
    # The release's three meetings need review (no location): named above the counts.
    dry = run("--dry-run", "--update", tmp_path)[1].splitlines()
    assert dry[3].endswith("would be unchanged") and len(dry) == 4 + 3 + 2
    assert dry[-2:] == [
        "the import would report: created=0 updated=0 unchanged=4 failed=0 needs_review=3",
        "dry run: parsed=4 failed=0",
    ]
    # As after a parser change: the seed's stored parse is not what the parser gives now.
    Meeting.objects.filter(title__contains="Qureshi").update(parse_fingerprint="older")
    dry = run("--dry-run", "--update", tmp_path)
    parsed = dry[1].splitlines()[3]
    assert "Qureshi" in parsed and parsed.endswith("would be updated")
    assert dry[1].endswith(
        "the import would report: created=0 updated=1 unchanged=3 failed=0 needs_review=3\n"
        "dry run: parsed=4 failed=0\n"
    )
    _, out, _ = run("--dry-run", "--update", "--json", tmp_path)
    assert [json.loads(line)["outcome"] for line in out.splitlines()] == [
        "unchanged",
        "unchanged",
        "unchanged",
        "updated",
    ]
    # A release with a meeting to rewrite and one that fails now is left out whole, by the
    # import and by its dry run alike.
    Meeting.objects.filter(source_text__contains="Malaysian Foreign Minister").update(
        parse_fingerprint="older"
    )
    write(tmp_path, "release.txt", RELEASE_OF_THREE.format(second=UNREADABLE))
    before = snapshot()
    dry = run("--dry-run", "--update", release)
    assert snapshot() == before
    real = run("--update", release)
    assert dry[2].replace("would not be imported", "not imported") == real[2]
    assert len(real[2].splitlines()) == 3
    assert dry[1] == (
        "the import would report: created=0 updated=0 unchanged=0 failed=3 needs_review=0\n"
        "dry run: parsed=0 failed=3\n"
    )
    assert real[1].startswith("created=0 updated=0 unchanged=0 failed=3 ")


def test_jsonl_round_trip_and_line_errors(tmp_path):
    run(SEED)
    meeting = Meeting.objects.get()
    record = meeting_to_record(meeting)
    meeting.delete()
    path = write(
        tmp_path,
        "export.jsonl",
        "\n".join([json.dumps(record), "{not json", "[1, 2]", json.dumps({"title": "x"})]) + "\n",
    )
    code, out, err = run(path)
    assert code == 1
    assert out.strip() == "created=1 updated=0 unchanged=0 failed=3 needs_review=0"
    assert err.strip().splitlines() == [
        f"{path}:2: invalid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{path}:3: each line must be a JSON object",
        f"{path}:4: source_text is missing (only records with the readout's text can be imported)",
    ]
    assert Meeting.objects.get().slug == record["slug"]
    code, out, _ = run(path)
    assert out.startswith("created=0 updated=0 unchanged=1 failed=3")


def test_update_keeps_a_reviewed_entry_unless_forced(tmp_path):
    run(SEED)
    meeting = Meeting.objects.get()
    meeting.title = "Curated title"
    meeting.review_status = Meeting.ReviewStatus.REVIEWED
    meeting.save()
    Meeting.objects.filter(pk=meeting.pk).update(parse_fingerprint="older parser")

    code, out, _ = run("--update", SEED)
    assert out.strip() == "created=0 updated=0 unchanged=1 failed=0 needs_review=0"
    assert Meeting.objects.get().title == "Curated title"

    code, out, _ = run("--update", "--force", SEED)
    assert code == 0
    assert out.strip() == "created=0 updated=1 unchanged=0 failed=0 needs_review=0"
    assert Meeting.objects.get().title != "Curated title"


def test_metadata_options(tmp_path):
    path = write(tmp_path, "a.txt", FULL_NAMES)
    code, _, _ = run(
        path,
        "--publisher",
        "Some Ministry",
        "--source-url",
        "https://example.org/a",
        "--published-on",
        "2022-04-03",
    )
    assert code == 0
    meeting = Meeting.objects.get()
    assert (meeting.publisher, meeting.source_url) == ("Some Ministry", "https://example.org/a")


def test_a_publisher_named_is_one_the_text_need_not_name(tmp_path):
    text = (
        "On 3 May 2024, Foreign Minister Micheál Martin of Ireland met Foreign Minister "
        "Wang Yi of China in Dublin. The two ministers agreed to expand trade.\n"
    )
    code, _, _ = run(
        write(tmp_path, "ie.txt", text), "--publisher", "Department of Foreign Affairs"
    )
    assert code == 0
    meeting = Meeting.objects.get()
    assert meeting.publisher == "Department of Foreign Affairs"
    assert meeting.warnings == [] and meeting.review_status == "reviewed"
    code, _, _ = run(write(tmp_path, "ie2.txt", text + "(Copy.)\n"))
    assert "Publisher not recognised from the text." in Meeting.objects.latest("pk").warnings


def test_a_dry_runs_lines_import_as_the_readouts_would(tmp_path):
    code, out, _ = run("--dry-run", "--json", SEED, write(tmp_path, "b.txt", FULL_NAMES))
    assert code == 0
    lines = [json.loads(line) for line in out.strip().splitlines()]
    assert lines[0]["source_text"] == SEED.read_text(encoding="utf-8").strip()
    # A curator corrects the parse in the dry run's output, then imports it.
    lines[0]["title"] = "Corrected title"
    records = write(tmp_path, "checked.jsonl", "\n".join(map(json.dumps, lines)) + "\n")
    code, out, err = run(records)
    assert (code, err) == (0, "")
    assert out.startswith("created=2 ")
    assert Meeting.objects.filter(title="Corrected title").exists()
    # ... the same texts as the files themselves: imported, they are unchanged.
    code, out, _ = run(SEED, tmp_path / "b.txt")
    assert out.startswith("created=0 updated=0 unchanged=2")


def test_a_dry_run_checks_records_as_the_import_does(tmp_path):
    run(SEED)
    record = meeting_to_record(Meeting.objects.get())
    Meeting.objects.all().delete()
    loose = {**record, "source_text": record["source_text"] + "\n"}
    wrong = {**record, "content_hash": "0" * 64}
    path = write(tmp_path, "r.jsonl", f"{json.dumps(loose)}\n{json.dumps(wrong)}\n")
    code, out, _ = run("--dry-run", path)
    assert code == 1
    assert "dry run: parsed=0 failed=2" in out
    code, out, _ = run(path)
    assert out.startswith("created=0 updated=0 unchanged=0 failed=2")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source-url", "javascript:alert(1)"], "not an http or https address"),
        (["--published-on", "yesterday"], "is not a YYYY-MM-DD date"),
        (["--json"], "--json is only for --dry-run"),
        (["--force"], "--force only makes sense with --update"),
    ],
)
def test_bad_options_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_readouts", str(SEED), *args, stdout=io.StringIO())
    assert not Meeting.objects.exists()


def test_many_files_in_small_batches(tmp_path):
    for n in range(25):
        write(tmp_path, f"r{n:02d}.txt", f"{FULL_NAMES}\n(Copy {n}.)\n")
    write(tmp_path, "r99.txt", b"")
    code, out, err = run(tmp_path, "--batch-size", "7")
    assert code == 1
    # Copies of one readout: each after the first is flagged as possibly the same readout.
    assert last_line(out) == "created=25 updated=0 unchanged=0 failed=1 needs_review=24"
    assert out.count(": needs review: ") == 24
    assert err.strip() == f"{tmp_path / 'r99.txt'}: empty file"
    # Not a terminal: no progress bar.
    assert "[" not in err


def test_progress_bar_draws_only_when_enabled():
    from archive.management.commands.import_readouts import Progress

    stream = io.StringIO()
    bar = Progress(stream, total=30, enabled=True)
    for _ in range(35):
        bar.step()
    bar.clear()
    drawn = stream.getvalue()
    assert "[##############################] 30/30 readouts" in drawn
    assert drawn.endswith("\r\033[K")
    quiet = io.StringIO()
    silent = Progress(quiet, total=30, enabled=False)
    silent.step()
    silent.clear()
    assert quiet.getvalue() == ""


def test_dry_run_of_records_and_a_file_named_twice(tmp_path):
    run(SEED)
    record = meeting_to_record(Meeting.objects.get())
    path = write(tmp_path, "export.jsonl", json.dumps(record) + "\n")
    code, out, _ = run("--dry-run", "--json", path, path)
    assert code == 0
    lines = [json.loads(line) for line in out.strip().splitlines()]
    assert len(lines) == 1
    assert lines[0]["file"] == f"{path}:1"
    assert lines[0]["title"] == record["title"]


def test_a_jsonl_export_larger_than_one_readout_is_read_line_by_line(tmp_path, settings):
    run(SEED)
    record = meeting_to_record(Meeting.objects.get())
    Meeting.objects.all().delete()
    settings.READOUT_MAX_BYTES = len(record["source_text"].encode()) + 10
    filler = [json.dumps({**record, "title": f"copy {n}", "source_text": "x"}) for n in range(3)]
    huge = json.dumps({**record, "source_text": "y" * (settings.READOUT_MAX_BYTES * 5)})
    path = write(tmp_path, "export.jsonl", "\n".join([json.dumps(record), *filler, huge]) + "\n")
    assert path.stat().st_size > settings.READOUT_MAX_BYTES
    code, out, err = run(path)
    assert out.startswith("created=1 ")
    lines = err.strip().splitlines()
    assert lines[-1].startswith(f"{path}:5: record is too large (")
    assert Meeting.objects.get().slug == record["slug"]


def test_a_folder_is_walked_in_name_order_once_per_file(tmp_path):
    folder = tmp_path / "in"
    (folder / "b-sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    for name in ("b.txt", "a.TXT", "c.jsonl", "notes.md", ".dot.txt"):
        write(folder, name, "x")
    write(folder / "b-sub", "z.txt", "x")
    write(folder / ".hidden", "y.txt", "x")
    (folder / "link.txt").symlink_to(folder / "b.txt")
    (folder / "linked-folder").symlink_to(folder / "b-sub", target_is_directory=True)
    files, problems = find_input_files([str(folder), str(folder / "a.TXT"), f"{folder}/**/*.txt"])
    assert problems == []
    # Each file once, by its real path: the link to b.txt and a file named again are left out;
    # a link to a folder is not followed.
    assert [f.display for f in files] == [
        f"{folder}/a.TXT",
        f"{folder}/b.txt",
        f"{folder}/c.jsonl",
        f"{folder}/b-sub/z.txt",
    ]
    # A glob's matches: files (a link to a file taken once, by its target; a dangling link
    # left out), then what is under the folders it matches, links to folders included.
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    files, problems = find_input_files([f"{folder}/[bl]*"])
    assert problems == []
    assert [f.display for f in files] == [f"{folder}/b.txt", f"{folder}/b-sub/z.txt"]
    files, problems = find_input_files([f"{folder}/*.md", f"{folder}/d*"])
    assert files == []
    assert problems == [
        (f"{folder}/*.md", "no .txt or .jsonl files match"),
        (f"{folder}/d*", "no .txt or .jsonl files match"),
    ]


def test_a_folder_without_readouts_is_a_failure_naming_it(tmp_path):
    empty, notes = tmp_path / "empty", tmp_path / "notes"
    empty.mkdir()
    notes.mkdir()
    write(notes, "README.md", "Readouts go here.")
    before = snapshot()
    code, out, err = run(empty, notes)
    assert code == 1
    assert err.splitlines() == [
        f"{empty}: no .txt or .jsonl files in this folder",
        f"{notes}: no .txt or .jsonl files in this folder",
    ]
    assert out.strip() == "created=0 updated=0 unchanged=0 failed=2 needs_review=0"
    assert snapshot() == before
    # A folder whose readouts another argument already named is no failure.
    write(notes, "a.txt", SEED.read_text(encoding="utf-8"))
    files, problems = find_input_files([str(notes / "a.txt"), str(notes)])
    assert ([f.display for f in files], problems) == ([str(notes / "a.txt")], [])


def test_a_database_without_the_archives_migrations_is_one_error_before_any_file():
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'archive' AND name LIKE '0021%%'")
    before = snapshot()
    with pytest.raises(
        CommandError, match=r"not set up for the archive .*0021_.*manage.py migrate"
    ):
        run(SEED.parent)
    assert snapshot() == before
    code, out, _ = run("--dry-run", SEED)  # a dry run writes nothing and needs no tables
    assert code == 0 and "parsed=1" in out


def test_an_unreachable_database_is_one_error_not_a_traceback(tmp_path):
    missing = tmp_path / "no-such-folder" / "archive.sqlite3"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_readouts", str(SEED)],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{missing}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith("CommandError: cannot use the database (")


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    code, out, err = run(pipe)
    assert code == 1
    assert err.strip() == f"{pipe}: not a regular file"
    with pytest.raises(ReadoutFileError, match="not a regular file"):
        read_readout_file(tmp_path)
    with pytest.raises(ReadoutFileError, match="no such file"):
        read_readout_file(tmp_path / "missing.txt")


def test_a_named_pipe_named_as_records_is_refused_without_waiting_for_a_writer(tmp_path):
    pipe = tmp_path / "pipe.jsonl"
    os.mkfifo(pipe)

    def release_a_waiting_reader():
        # Without the refusal the command would wait here for ever; a writer that comes and
        # goes lets it go on to end of file instead, so the test fails rather than hangs.
        time.sleep(2)
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))

    writer = threading.Thread(target=release_a_waiting_reader, daemon=True)
    writer.start()
    code, out, err = run(pipe)
    assert code == 1
    assert err.strip() == f"{pipe}: not a regular file"


@pytest.mark.parametrize(
    "opening",
    [
        bytes(range(256)) * 40,  # random-looking bytes with NULs
        b"\x1f\x8b\x08\x00" + bytes(range(1, 256)) * 40,  # a .jsonl.gz renamed
        bytes(range(1, 9)) * 2000 + b"\n{}",  # control bytes without a NUL
        b"%PDF-1.7\n" + b"x\n" * 50,
        '{"title": "x"}\n'.encode("utf-16"),
    ],
)
def test_a_binary_records_file_is_one_failure_not_one_a_line(tmp_path, opening):
    path = write(tmp_path, "export.jsonl", opening + b"\n" * 300)
    before = snapshot()
    code, out, err = run(path)
    assert code == 1
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"{path}: ")
    assert any(word in err for word in ("binary file", "PDF", "UTF-16")), err
    assert out.strip() == "created=0 updated=0 unchanged=0 failed=1 needs_review=0"
    assert snapshot() == before


def test_a_file_longer_than_its_stated_size_is_read_whole_up_to_the_limit(settings):
    # /proc/version states a size of 0 and holds a line of text: the read goes on past the
    # size fstat gave, and stops one byte past the limit.
    version = Path("/proc/version")
    assert version.stat().st_size == 0
    text = version.read_text(encoding="utf-8")
    assert read_readout_file(version) == text
    settings.READOUT_MAX_BYTES = 8
    with pytest.raises(ReadoutFileError, match=r"file is too large \(9 bytes; the limit is 8"):
        read_readout_file(version)


def test_a_small_file_is_read_whole(tmp_path):
    path = tmp_path / "r.txt"
    body = "On 1 May 2024, Foreign Minister A met Foreign Minister B.\n" * 200
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))
    assert read_readout_file(path) == body


def test_a_json_error_names_its_column_in_the_line(tmp_path):
    path = write(tmp_path, "r.jsonl", '{"title": "x", "date": "2024-01-01"\n')
    code, _, err = run(path)
    assert code == 1
    assert err.strip() == f"{path}:1: invalid JSON (Expecting ',' delimiter at column 36)"
