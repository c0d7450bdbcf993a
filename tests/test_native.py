"""The parser compiled to C (archive/native.py) runs the same code as its Python sources."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
# whatever compiled modules lie beside them, and without the C of archive/_literals.c.
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
sys.modules["archive._literals"] = None  # its Python instead (archive/parsing/publishers.py)
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
    from archive import pg_vector

    assert pg_vector._native is not None  # the search vector's C (archive/_vector.c)
    from archive.parsing import publishers

    # The publisher cues' one-pass search (archive/_literals.c).
    assert publishers._occurring is not publishers.occurring_python


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


def test_the_vector_module_is_tracked_with_the_parser(tmp_path, monkeypatch):
    readout = tmp_path / "readout.cpython-312-x86_64-linux-gnu.so"
    vector = ROOT / "archive" / "_vector.cpython-312-x86_64-linux-gnu.so"  # never opened
    manifest = tmp_path / "compiled.json"
    recorded = {path.name: native._digest(path) for path in native.sources()}
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    monkeypatch.setattr(native, "MANIFEST", manifest)

    # A build from before the vector's C, without its module: its Python runs, nothing is stale.
    monkeypatch.setattr(native, "extension_files", lambda: [readout])
    assert native.status() == "compiled"
    # Its module built from other C than is there now.
    monkeypatch.setattr(native, "extension_files", lambda: [readout, vector])
    assert native.status() == "stale: _vector.c"
    source = native.C_MODULES["_vector.c"][1]
    recorded["_vector.c"] = native._digest(source)
    manifest.write_text(json.dumps(recorded), encoding="utf-8")
    assert native.status() == "compiled"


# Words for the search vector's texts: shared stems, numbers, scientific numbers (left to the
# Python), non-ASCII letters and separators, and one frequent word that reaches the limits.
VECTOR_WORDS = [
    "the", "The", "meet", "meeting", "Meetings", "met", "run", "running", "1990s", "G20", "5th",
    "1e5", "12e3e4", "007", "3.5%", "U.S.", "co-operation", "don't", "Yi’s", "—", "“", "naïve",
    "café", "Erdoğan", "straße", "Лавров", "中国", "x" * 201, "",
]  # fmt: skip


def _vector_texts() -> list[tuple[str, str, str, str]]:
    import random

    rng = random.Random(7)
    cases = []
    for _ in range(400):
        sizes = [rng.choice([0, 1, 3, 40, 254, 255, 256, 300, 700]) for _ in range(4)]
        words = VECTOR_WORDS if rng.random() < 0.3 else VECTOR_WORDS[:7]
        cases.append(
            tuple(
                " ".join(rng.choice(words) for _ in range(size)) + rng.choice(["", ".", " x"])
                for size in sizes
            )
        )
    cases.append(tuple(" ".join(["the"] * 255) for _ in range(4)))
    cases.append(("the " * 254 + "end", "the " * 300, "end the", "the the"))
    cases.append(("a", "b", "c", "word " * 16_383))
    cases.append(("a", "", "", "word " * 16_382))
    cases += [(text, text[:40], text[20:], text) for text in _texts()]
    return cases


def test_the_search_vector_in_c_is_the_python_one(monkeypatch):
    from archive import pg_vector

    native_vector = pg_vector._native
    if native_vector is None:
        assert not REQUIRED
        pytest.skip("archive._vector is not built here: there is nothing to compare")
    for texts in _vector_texts():
        monkeypatch.setattr(pg_vector, "_native", native_vector)
        made = pg_vector.meeting_vector_binary(*texts)
        monkeypatch.setattr(pg_vector, "_native", None)
        assert made == pg_vector.meeting_vector_binary(*texts), [t[:80] for t in texts]
        # ... with its words' lexemes known or not.
        pg_vector._LEXEMES.clear()
        monkeypatch.setattr(pg_vector, "_native", native_vector)
        assert pg_vector.meeting_vector_binary(*texts) == made


def test_the_search_vector_in_c_holds_its_lexemes_while_a_dict_key_changes_the_dict():
    """A key whose __eq__ empties the dict mid-lookup must not free a lexeme the C still uses
    (it did: a use after free under AddressSanitizer)."""
    from archive import pg_vector

    if pg_vector._native is None:
        assert not REQUIRED
        pytest.skip("archive._vector is not built here")
    lexemes: dict = {}
    armed = []

    class Meddler:
        def __hash__(self):
            return hash(b"aaa")

        def __eq__(self, other):
            if armed:
                lexemes.pop(b"bbb", None)
            return False

    lexemes[b"bbb"] = bytes([98] * 5000) + b"\0"  # only the dict holds it
    lexemes[Meddler()] = None
    lexemes[b"aaa"] = b"aaa\0"
    armed.append(True)
    made = pg_vector._native.vector([b"bbb aaa", b"", b"", b""], lexemes)
    assert b"bbb" not in lexemes
    assert made == pg_vector._binary(
        {
            b"aaa\0": [pg_vector._CODES["A"][2]],
            bytes([98] * 5000) + b"\0": [pg_vector._CODES["A"][1]],
        }
    )


def _vector_from_bytes(raw: list[bytes], lexemes: dict) -> bytes | list | None:
    """What archive._vector.vector answers, from pg_vector's Python (its usual path, `raw` on)."""
    from collections import defaultdict

    from archive import pg_vector as pv

    parts = [text.translate(pv._BYTE_SEPARATORS).split() for text in raw]
    words = parts[0] + parts[1] + parts[2] + parts[3]
    if len(words) > pv.MAX_POSITION:
        return None
    a = len(parts[0]) + len(parts[1])
    b = a + len(parts[2])
    codes = pv._CODES["A"][1 : a + 1] + pv._CODES["B"][a + 1 : b + 1]
    codes += pv._CODES["C"][b + 1 : len(words) + 1]
    by_word: defaultdict[bytes, list[bytes]] = defaultdict(list)
    for word, code in zip(words, codes, strict=True):
        by_word[word].append(code)
    missing = [word for word in by_word if word not in lexemes]
    if missing:
        return missing
    found = [lexemes[word] for word in by_word]
    if None in found:
        return None
    vector = pv._merged(found, list(by_word.values()))
    if max(map(len, vector.values()), default=0) < pv.PART_POSITIONS:
        return pv._binary(vector)
    return pv._binary(vector) if pv._limited(vector, list(map(len, parts))) else None


_VECTOR_BYTES = st.lists(
    st.sampled_from([b"a", b"B", b"0", b" ", b".", b"\t", b"\x00", b"\x80", b"\xc3\xa9", b"\xff"]),
    max_size=40,
).map(b"".join)
_VECTOR_PART = st.one_of(
    _VECTOR_BYTES,
    st.binary(max_size=60),
    st.tuples(
        st.sampled_from([b"a", b"b0", b"\xc3\xa9"]), st.sampled_from([1, 254, 255, 256, 300])
    ).map(lambda run: b" ".join([run[0]] * run[1])),
)
# Lexemes around the C's 8-byte sort prefix, non-ASCII bytes among them, shared by several words.
_LEXEME = st.lists(
    st.sampled_from([b"a", b"b", b"z", b"\x80", b"\xff"]), min_size=1, max_size=11
).map(lambda parts: b"".join(parts) + b"\0")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_VECTOR_PART, min_size=4, max_size=4),
    st.lists(_LEXEME, min_size=1, max_size=4),
    st.randoms(use_true_random=False),
)
def test_the_search_vector_in_c_is_the_python_one_on_any_bytes(raw, pool, rng):
    from archive import pg_vector

    if pg_vector._native is None:
        assert not REQUIRED
        pytest.skip("archive._vector is not built here")
    words = set().union(*(text.translate(pg_vector._BYTE_SEPARATORS).split() for text in raw))
    lexemes = {word: rng.choice([*pool, None] if rng.random() < 0.1 else pool) for word in words}
    for word in [word for word in words if rng.random() < 0.1]:
        del lexemes[word]  # a word still to be learnt
    made = pg_vector._native.vector(raw, lexemes)
    expected = _vector_from_bytes(raw, lexemes)
    if type(made) is list:
        assert sorted(made) == sorted(expected)
    else:
        assert made == expected
