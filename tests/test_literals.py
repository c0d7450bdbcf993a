"""archive/_literals.c finds, in one pass, exactly the needles that Python's `in` finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.parsing.publishers import _literals, occurring_python

_literals_c = pytest.importorskip("archive._literals", reason="archive/_literals.c is not built")
occurring = _literals_c.occurring

ROOT = Path(__file__).resolve().parent.parent

NEEDLES = (
    "held talks with",
    "a",
    "ab",
    "abc",
    "bc",
    "’s",
    "中文",
    "ä",
    "Wang Yi",
    "Wang Yi met",
    "\n",
    "🙂x",
    "ab",  # the same needle twice: both indexes
)


def _texts() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    paths += sorted((ROOT / "tests" / "fixtures" / "readouts").glob("**/*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a",
        "ab",
        "abc",
        "xabcx",
        "bca",
        "Wang Yi",
        "Wang Y",
        "Wang Yi met Qureshi",
        "the minister’s visit",
        "中文 and ä",
        "Ä",
        "line\nbreak",
        "x🙂x",
        "🙂",
        "aaaaaaaaaaaaaaaaab",
        "held talks with",
        "held talks wit",
        "ld talks with",
    ],
)
def test_edges(text: str):
    assert occurring(text, NEEDLES) == occurring_python(text, NEEDLES)


def test_every_publisher_cue_in_every_seed_and_fixture():
    cues = _literals()
    texts = _texts()
    assert len(texts) > 100
    found = 0
    for text in texts:
        for sample in (text, text[:2000], text.upper(), text.replace("'", "’")):
            expected = occurring_python(sample, cues)
            assert occurring(sample, cues) == expected, sample[:200]
            found += len(expected)
    assert found > 100  # the cues are there to be found, not only absent


def test_tuples_of_needles_in_turn():
    """The table kept for the last tuple is rebuilt for another one, and again for the first."""
    first, second = ("ab", "cd"), ("cd", "xy", "a")
    for needles in (first, second, first, second):
        assert occurring("abcd", needles) == occurring_python("abcd", needles)


def test_bad_arguments():
    with pytest.raises(TypeError):
        occurring("text", ["a", "b"])
    with pytest.raises(TypeError):
        occurring("text", ("a", ""))
    with pytest.raises(TypeError):
        occurring("text", ("a", 1))
    with pytest.raises(TypeError):
        occurring(b"text", ("a",))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="abc ’中\n", max_size=60),
    st.lists(st.text(alphabet="abc ’中\n", min_size=1, max_size=4), max_size=12),
)
def test_any_text_and_needles(text: str, needles: list[str]):
    assert occurring(text, tuple(needles)) == occurring_python(text, tuple(needles))
