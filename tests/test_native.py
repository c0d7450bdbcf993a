"""The parser compiled to C (archive/native.py) runs the same code as its Python sources."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archive import apps, native
from archive.parsing import load_default_topics, parse_readout

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = os.environ.get("REQUIRE_COMPILED_PARSER") == "1"

# Texts beyond the seeds and fixtures: the edges where a compiled type check would fail first.
ODD_TEXTS = [
    "",
    " \n\n ",
    "\x00\x01binary\xff",
    "On 31 February 2024, nobody met.",
    "READOUT\n\nThe Minister spoke to.\n",
    "Wang Yi met Qureshi in Islamabad on 21 March 2022; they agreed to: \n- a; \n- b",
    "é" * 5000,
    "Le ministre a rencontré son homologue à Paris le 3 mars 2023.",
]

# Parses every text given as JSON lines on stdin with archive.parsing loaded from its .py files,
# whatever compiled modules lie beside them.
_PURE_PARSER = """
import dataclasses, importlib.machinery, json, sys
from pathlib import Path

package = Path("archive/parsing").resolve()

class Sources(importlib.machinery.PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name == "archive.parsing":
            return importlib.util.spec_from_file_location(
                name, package / "__init__.py", submodule_search_locations=[str(package)])
        if name.startswith("archive.parsing."):
            return importlib.util.spec_from_file_location(
                name, package / (name.rpartition(".")[2] + ".py"))
        return None

import importlib.util
sys.meta_path.insert(0, Sources)
from archive.parsing import load_default_topics, parse_readout
from archive.parsing import readout
assert readout.__file__.endswith(".py"), readout.__file__
topics = load_default_topics()
for line in sys.stdin:
    parsed = parse_readout(json.loads(line), topics=topics)
    print(json.dumps(dataclasses.asdict(parsed), default=str))
"""


def _texts() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    paths += sorted((ROOT / "tests" / "fixtures" / "readouts").glob("**/*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths] + ODD_TEXTS


def test_compiled_parser_matches_its_sources():
    assert not native.status().startswith("stale"), (
        f"{native.status()}: run `make parser` to rebuild the compiled parser"
    )


def test_compiled_parser_is_in_use_where_required():
    if not REQUIRED:
        pytest.skip("REQUIRE_COMPILED_PARSER is not set (CI sets it)")
    assert native.status() == "compiled"
    assert native.is_compiled()


def test_compiled_and_python_parsers_give_the_same_result():
    if not native.is_compiled():
        assert not REQUIRED
        pytest.skip("the parser is not compiled here: there is nothing to compare")
    texts = _texts()
    run = subprocess.run(
        [sys.executable, "-c", _PURE_PARSER],
        input="".join(json.dumps(text) + "\n" for text in texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    pure = [json.loads(line) for line in run.stdout.splitlines()]
    topics = load_default_topics()
    compiled = [
        json.loads(json.dumps(dataclasses.asdict(parse_readout(text, topics=topics)), default=str))
        for text in texts
    ]
    assert len(pure) == len(texts)
    for text, expected, got in zip(texts, pure, compiled, strict=True):
        assert got == expected, text[:200]
    # The compiled parser read them all: none fell back to "could not read this text".
    assert not [row for row in compiled if "could not read" in " ".join(row["warnings"])]


def test_a_stale_build_is_reported_by_the_system_check(tmp_path, monkeypatch):
    fake = tmp_path / "readout.cpython-312-x86_64-linux-gnu.so"
    fake.write_bytes(b"")
    manifest = tmp_path / "compiled.json"
    recorded = {path.name: "0" * 64 for path in native.sources()}
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    monkeypatch.setattr(native, "extension_files", lambda: [fake])
    monkeypatch.setattr(native, "MANIFEST", manifest)

    assert native.status().startswith("stale: ")
    assert "readout.py" in native.status()
    [warning] = apps.compiled_parser_check()
    assert warning.id == "archive.W001"
    assert "make parser" in warning.hint

    manifest.unlink()
    assert native.status() == "stale: no record of the compiled sources"


@pytest.mark.django_db
def test_the_import_command_runs_the_parser_check_alone(monkeypatch, tmp_path):
    """`import_readouts` skips the site's system checks but still warns of a stale parser."""
    from io import StringIO

    from django.core import checks
    from django.core.management import call_command

    site_checks = []

    @checks.register("models")
    def site_check(app_configs=None, **kwargs):
        site_checks.append(1)
        return []

    monkeypatch.setattr(native, "status", lambda: "stale: readout.py")
    readout = tmp_path / "empty.txt"
    readout.write_text("Nothing here.", encoding="utf-8")
    err = StringIO()
    try:
        with pytest.raises(SystemExit):
            call_command("import_readouts", str(readout), skip_checks=False, stderr=err)
    finally:
        checks.registry.registry.registered_checks.discard(site_check)
    assert "archive.W001" in err.getvalue()
    assert site_checks == []


def test_a_build_that_matches_its_sources_is_not_reported(tmp_path, monkeypatch):
    fake = tmp_path / "readout.cpython-312-x86_64-linux-gnu.so"
    fake.write_bytes(b"")
    manifest = tmp_path / "compiled.json"
    recorded = {path.name: native._digest(path) for path in native.sources()}
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    monkeypatch.setattr(native, "extension_files", lambda: [fake])
    monkeypatch.setattr(native, "MANIFEST", manifest)

    assert native.status() == "compiled"
    assert apps.compiled_parser_check() == []


def test_results_of_the_compiled_parser_pickle_for_the_parse_workers():
    import pickle

    parsed = parse_readout(_texts()[0], topics=load_default_topics())
    assert pickle.loads(pickle.dumps(parsed)) == parsed  # noqa: S301 - our own bytes
    assert dataclasses.is_dataclass(parsed)
