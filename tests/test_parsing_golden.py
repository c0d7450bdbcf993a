"""Golden files: every seed and test fixture parses to its committed, reviewed JSON.

Regenerate on purpose with UPDATE_GOLDEN=1, then review each changed file by eye.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import os
from pathlib import Path

import pytest

from archive.parsing import meeting_sections, parse_readout

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures" / "readouts"

# Fixtures whose relative date resolves against a publication date the importer would pass.
PUBLISHED_ON = {
    "us-whitehouse-this-evening-with-published-date": datetime.date(2022, 10, 10),
}


def _samples() -> list[tuple[str, Path]]:
    samples = [(f"seeds-{p.stem}", p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in sorted(FIXTURES.glob("**/*.txt")):
        folder = path.relative_to(FIXTURES).parent.as_posix().replace("/", "-")
        samples.append((f"{folder}-{path.stem}", path))
    return samples


def render(readout) -> dict:
    """A readout as plain JSON data; dates as ISO strings."""
    data = dataclasses.asdict(readout)
    data["held_on"] = readout.held_on.isoformat() if readout.held_on else None
    data["published_on"] = readout.published_on.isoformat() if readout.published_on else None
    return json.loads(json.dumps(data))


SAMPLES = _samples()


def test_there_are_samples_for_every_publisher():
    folders = {
        path.relative_to(FIXTURES).parts[0] for _, path in SAMPLES if FIXTURES in path.parents
    }
    assert len(folders) >= 12
    assert len(SAMPLES) >= 36


@pytest.mark.parametrize(("name", "path"), SAMPLES, ids=[name for name, _ in SAMPLES])
def test_parse_matches_golden(name: str, path: Path):
    text = path.read_text(encoding="utf-8")
    # A text of several meetings under headings of their own: the list of its meetings.
    readouts = [
        render(parse_readout(section, published_on=PUBLISHED_ON.get(name)))
        for section in meeting_sections(text)
    ]
    actual = readouts[0] if len(readouts) == 1 else readouts
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(golden.read_text(encoding="utf-8"))
    assert actual == expected


@pytest.mark.parametrize(("name", "path"), SAMPLES, ids=[name for name, _ in SAMPLES])
def test_spans_are_exact(name: str, path: Path):
    for text in meeting_sections(path.read_text(encoding="utf-8")):
        readout = parse_readout(text, published_on=PUBLISHED_ON.get(name))
        for item in readout.statements:
            assert item.text == text[item.start : item.end]
            assert item.text == item.text.strip()
        for point in readout.agreed_points:
            # The passage as the source has it, but for a capital first letter.
            passage = text[point.start : point.end]
            assert point.text[1:] == passage[1:]
            assert point.text[:1] in (passage[:1], passage[:1].upper())
            assert point.text == point.text.strip()
