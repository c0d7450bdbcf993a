"""The parser's contract: the seed parses exactly as reviewed, imports stay pure, nothing raises."""

from __future__ import annotations

import dataclasses
import datetime
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.parsing import (
    ParsedParticipant,
    ParsedReadout,
    ParsedStatement,
    TopicSpec,
    country_table,
    load_default_topics,
    parse_readout,
)
from archive.parsing.topics import TopicMatcher
from archive.parsing.types import build

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2022-03-21-china-mfa-wang-yi-qureshi-islamabad.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text: str) -> ParsedReadout:
    return parse_readout(seed_text)


def test_seed_date_kind_and_place(seed: ParsedReadout):
    assert seed.held_on == datetime.date(2022, 3, 21)
    assert seed.date_stated is True
    assert seed.kind == "meeting"
    assert seed.multilateral is False
    assert (seed.location_city, seed.location_country) == ("Islamabad", "PK")
    assert (seed.publisher, seed.publisher_country) == ("cn-mfa", "CN")
    assert seed.countries == ("CN", "PK")


def test_seed_participants_are_exactly_the_two_ministers(seed: ParsedReadout):
    people = [(p.name, p.role, p.country, p.is_host) for p in seed.participants]
    assert people == [
        ("Wang Yi", "State Councilor and Foreign Minister", "CN", False),
        ("Qureshi", "Foreign Minister", "PK", True),
    ]
    assert all("Imran" not in (p.name or "") for p in seed.participants)


def test_seed_statements_follow_the_speakers(seed: ParsedReadout, seed_text: str):
    wang, qureshi = 0, 1
    by_start = {s.text.split()[0] + " " + s.text.split()[1]: s.speaker for s in seed.statements}
    assert seed.statements[0].speaker == qureshi
    assert seed.statements[0].text.startswith("Qureshi said")
    assert by_start["Wang Yi"] == wang
    assert by_start["The Pakistani"] == qureshi
    chinese_side = [s for s in seed.statements if s.text.startswith("The Chinese side")]
    assert len(chinese_side) == 2 and all(s.speaker == wang for s in chinese_side)
    two_sides = [s for s in seed.statements if s.text.startswith("The two sides")]
    assert len(two_sides) == 5 and all(s.speaker is None for s in two_sides)
    order = [s.speaker for s in seed.statements if s.speaker is not None]
    assert order[0] == qureshi and wang in order
    assert not any(s.text.startswith("On March 21") for s in seed.statements)
    for s in seed.statements:
        assert s.text == seed_text[s.start : s.end]


def test_seed_agreed_points(seed: ParsedReadout, seed_text: str):
    texts = [a.text for a in seed.agreed_points]
    assert any(t.startswith("The two sides agreed to strengthen security") for t in texts)
    assert any(
        t.startswith("The two sides agreed to continue to strengthen multilateral") for t in texts
    )
    assert (
        "Both agreed that international law and the purposes of the UN Charter should be upheld."
        in texts
    )
    assert any(t.startswith("Both called for a ceasefire") for t in texts)
    assert not any("exchanged views" in t for t in texts)
    assert not any("consensus reached" in t for t in texts)
    for a in seed.agreed_points:
        assert a.text == seed_text[a.start : a.end]


def test_seed_topics(seed: ParsedReadout):
    for slug in ("counter-terrorism", "security", "trade", "agriculture", "afghanistan", "ukraine"):
        assert slug in seed.topics
    assert seed.warnings == ()


def test_topic_words_are_remembered_either_way():
    """Words without a topic are remembered apart; a second reading tags the same."""
    matcher = TopicMatcher(load_default_topics())
    text = "Trade talks, sanctions and the gogo words of CLIMATE change."
    first = matcher.match(text)
    assert "trade" in first and "climate" in first
    assert "gogo" in matcher.plain and "gogo" not in matcher.known
    assert matcher.match(text) == first
    assert matcher.match("gogo") == ()


def test_parser_imports_no_django():
    code = (
        "import archive.parsing, sys; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def _garbage() -> list[str]:
    rng = random.Random(1234)
    noise = bytes(rng.randrange(256) for _ in range(5000))
    return [
        "",
        "   \n\t\n  ",
        noise.decode("utf-8", errors="surrogateescape"),
        noise.decode("latin-1"),
        "x" * 1_000_000,
        "On March 21, 2022, " + "Minister A met Minister B " * 40_000,
        "".join(chr(c) for c in range(32)) * 100,
        "\x00\x01 held talks with \x7f in \u2028 On 99 March 2022",
        "The two sides agreed to:\n- \n- ;\n",
        "On February 30, 2023, X held talks with Y.",
        "met with" * 1000,
        "\ud800 spoke today with \udfff",
    ]


@pytest.mark.parametrize("text", _garbage(), ids=range(len(_garbage())))
def test_parse_never_raises(text: str):
    readout = parse_readout(text)
    assert isinstance(readout, ParsedReadout)
    for item in (*readout.statements, *readout.agreed_points):
        assert item.text == text[item.start : item.end]


def test_non_breaking_spaces_and_crlf_parse_like_plain_text(seed_text: str):
    pasted = seed_text.replace(" ", "\xa0", 60).replace("\n", "\r\n")
    readout = parse_readout(pasted)
    assert [(p.name, p.country) for p in readout.participants] == [
        ("Wang Yi", "CN"),
        ("Qureshi", "PK"),
    ]
    assert readout.location_city == "Islamabad"
    for item in (*readout.statements, *readout.agreed_points):
        assert item.text == pasted[item.start : item.end]


_PIECES = st.sampled_from(
    [
        "On March 21, 2022, ",
        "Wang Yi held talks with ",
        "Foreign Minister Qureshi of Pakistan",
        " in Islamabad.",
        "\n\n",
        "The two sides agreed to:",
        "\n- ",
        "; ",
        "Both ",
        "He said ",
        "The Secretary ",
        "today",
        "yesterday",
        ": ",
        "Mr. HAYASHI",
        " and ",
        ", ",
        "(PRC) ",
        "20 February 202315:01",
        "\u00a0",
        "\r\n",
        "The Chinese side ",
        "agreed that ",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join))
def test_parse_never_raises_on_generated_text(text: str):
    readout = parse_readout(text, published_on=datetime.date(2023, 1, 1))
    assert readout.kind in {"meeting", "phone_call", "video_call", "other"}
    for item in (*readout.statements, *readout.agreed_points):
        assert item.text == text[item.start : item.end]
    assert "could not read" not in " ".join(readout.warnings)


def test_empty_text_warns_about_every_missing_field():
    readout = parse_readout("")
    assert readout.held_on is None and readout.date_stated is False
    assert readout.participants == ()
    assert any("date" in w for w in readout.warnings)
    assert any("participants" in w for w in readout.warnings)


def test_relative_date_resolves_only_against_a_given_date():
    text = "President Biden spoke today with Prime Minister Kishida of Japan."
    assert parse_readout(text).held_on is None
    resolved = parse_readout(text, published_on=datetime.date(2023, 5, 1))
    assert resolved.held_on == datetime.date(2023, 5, 1)
    assert resolved.date_stated is False
    assert any("today" in w for w in resolved.warnings)


def test_relative_word_before_an_explicit_date_wins():
    text = (
        "March 5, 2023\n\nSecretary Blinken met today with Foreign Minister Kuleba of Ukraine to "
        "review the grain deal of July 22, 2022."
    )
    readout = parse_readout(text)
    assert readout.held_on == datetime.date(2023, 3, 5)
    assert readout.date_stated is False


def test_publisher_argument_wins_over_detection(seed_text: str):
    readout = parse_readout(seed_text, publisher="us-state")
    assert (readout.publisher, readout.publisher_country) == ("us-state", "US")


def test_custom_topics_are_used():
    topics = [TopicSpec("grain", "Grain", ("grain*", "wheat"))]
    text = "Minister A met Minister B of France in Paris. The two sides agreed on grains and wheat."
    readout = parse_readout(text, topics=topics)
    assert readout.topics == ("grain",)
    assert readout.agreed_points[0].topics == ("grain",)


def test_default_topics_load_from_json():
    topics = load_default_topics()
    slugs = {t.slug for t in topics}
    assert {"trade", "counter-terrorism", "ukraine", "afghanistan", "agriculture"} <= slugs
    assert all(t.keywords and all(k == k.lower() for k in t.keywords) for t in topics)


def test_country_table_covers_iso_the_eu_kosovo_and_the_un():
    table = country_table()
    codes = [code for code, _, _ in table]
    assert len(codes) == len(set(codes)) >= 250
    rows = {code: (name, aliases) for code, name, aliases in table}
    assert rows["EU"][0] == "European Union"
    assert rows["XK"] == ("Kosovo", ("Republic of Kosovo", "Kosovar", "Kosovan"))
    assert rows["UN"] == ("United Nations", ())  # no other names: "UN" is never looked for
    assert rows["RU"][0] == "Russia" and "Russian Federation" in rows["RU"][1]
    assert rows["KR"][0] == "South Korea" and "ROK" in rows["KR"][1]
    assert "Pakistani" in rows["PK"][1]
    # Türkiye by the English name it has used since 2022; older texts' "Turkey" still names it
    assert rows["TR"][0] == "Türkiye" and "Turkey" in rows["TR"][1]
    assert table == country_table()


def test_build_makes_the_same_frozen_objects_as_the_constructor():
    fast = build(ParsedStatement, 0, "Wang Yi said so.", 3, 19, ("trade",), False)
    slow = ParsedStatement(0, "Wang Yi said so.", 3, 19, ("trade",))
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert pickle.loads(pickle.dumps(fast)) == slow  # noqa: S301 - our own bytes
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        build(ParsedParticipant, "Wang Yi", "Foreign Minister", "CN", False)  # aliases missing
