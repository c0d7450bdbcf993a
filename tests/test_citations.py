"""Citations of a meeting: Chicago and APA for reading, BibTeX, RIS and CSL-JSON for software."""

import datetime
import json

import pytest
from page_builders import MeetingSpec, build

from archive import citations
from archive.citations import CitationFacts

ARCHIVE_URL = "https://archive.example/meetings/wang-yi-qureshi/"


def facts(**changes) -> CitationFacts:
    values = {
        "key": "wang-yi-qureshi",
        "title": "Wang Yi Holds Talks with Foreign Minister Qureshi",
        "publisher": "Ministry of Foreign Affairs of the People's Republic of China",
        "issued": datetime.date(2022, 3, 21),
        "held_on": datetime.date(2022, 3, 21),
        "url": "https://www.fmprc.gov.cn/eng/readout.html",
        "archive_url": ARCHIVE_URL,
        "source_url": "https://www.fmprc.gov.cn/eng/readout.html",
        "place": "Islamabad, Pakistan",
        "keywords": ("Security", "Trade"),
        "language": "en",
    }
    values.update(changes)
    if "held_on" in changes and "issued" not in changes:
        values["issued"] = changes["held_on"]  # published the day of the meeting
    return CitationFacts(**values)


# --- prose styles --------------------------------------------------------------------------------


def test_chicago():
    assert str(citations.chicago(facts())) == (
        "Ministry of Foreign Affairs of the People&#x27;s Republic of China. "
        "“Wang Yi Holds Talks with Foreign Minister Qureshi.” March 21, 2022. "
        "https://www.fmprc.gov.cn/eng/readout.html."
    )


def test_chicago_without_date_source_or_publisher():
    text = str(citations.chicago(facts(held_on=None, publisher="", source_url="", url=ARCHIVE_URL)))
    assert text == (
        f"“Wang Yi Holds Talks with Foreign Minister Qureshi.” n.d. Readout archive, {ARCHIVE_URL}."
    )


def test_apa():
    assert str(citations.apa(facts())) == (
        "Ministry of Foreign Affairs of the People&#x27;s Republic of China. (2022, March 21). "
        "<i>Wang Yi Holds Talks with Foreign Minister Qureshi</i> [Readout]. "
        "https://www.fmprc.gov.cn/eng/readout.html"
    )


def test_apa_without_date_or_publisher():
    text = str(citations.apa(facts(held_on=None, publisher="")))
    assert text.startswith(
        "<i>Wang Yi Holds Talks with Foreign Minister Qureshi</i> [Readout]. (n.d.)"
    )


def test_prose_styles_are_html_safe():
    hostile = facts(title="<script>alert(1)</script>", publisher="A & B <i>")
    for text in (citations.chicago(hostile), citations.apa(hostile)):
        assert "<script>" not in text and "A &amp; B &lt;i&gt;" in text


# --- BibTeX --------------------------------------------------------------------------------------


def test_bibtex_entry():
    entry = citations.bibtex(facts())
    assert entry.startswith("@misc{wang-yi-qureshi,\n")
    assert "  title = {{Wang Yi Holds Talks with Foreign Minister Qureshi}},\n" in entry
    assert (
        "  author = {{Ministry of Foreign Affairs of the People's Republic of China}},\n" in entry
    )
    assert "  year = {2022},\n  month = mar,\n  date = {2022-03-21},\n" in entry
    assert "  url = {https://www.fmprc.gov.cn/eng/readout.html},\n" in entry
    assert f"  note = {{Archived at {ARCHIVE_URL}}},\n" in entry
    assert "  keywords = {Security, Trade},\n" in entry
    assert entry.endswith("}\n")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("R&D", r"R\&D"),
        ("50% more", r"50\% more"),
        ("$5 #1 a_b", r"\$5 \#1 a\_b"),
        ("{braces}", r"\{braces\}"),
        ("a\\b", r"a\textbackslash{}b"),
        ("x^2 ~y", r"x\^{}2 \~{}y"),
        ("two\nlines", "two lines"),
        ("Ünïcödé", "Ünïcödé"),  # biber reads UTF-8
    ],
)
def test_bibtex_escape(raw, escaped):
    assert citations.bibtex_escape(raw) == escaped


def test_bibtex_braces_stay_balanced_with_hostile_text():
    entry = citations.bibtex(
        facts(title="}{ evil } @misc{x,", publisher="{", url="https://e.example/{x}")
    )
    depth = 0
    for index, char in enumerate(entry):
        if char in "{}" and (index == 0 or entry[index - 1] != "\\"):
            depth += 1 if char == "{" else -1
            assert depth >= 0
    assert depth == 0
    assert "https://e.example/%7Bx%7D" in entry


def test_bibtex_without_date_has_no_year():
    entry = citations.bibtex(facts(held_on=None))
    assert "year" not in entry and "month" not in entry


# --- RIS -----------------------------------------------------------------------------------------


def test_ris_record():
    record = citations.ris(facts())
    lines = record.split("\r\n")
    assert lines[0] == "TY  - ELEC"
    assert lines[-2] == "ER  - " and lines[-1] == ""
    assert "TI  - Wang Yi Holds Talks with Foreign Minister Qureshi" in lines
    assert "AU  - Ministry of Foreign Affairs of the People's Republic of China" in lines
    assert "PY  - 2022" in lines and "DA  - 2022/03/21" in lines
    assert "UR  - https://www.fmprc.gov.cn/eng/readout.html" in lines
    assert "KW  - Security" in lines and "KW  - Trade" in lines
    assert "CY  - Islamabad, Pakistan" in lines
    # Every line is a two-character tag, two spaces, a hyphen and a space.
    assert all(line[:2].isalnum() and line[2:6] == "  - " for line in lines[:-1])


def test_ris_values_stay_on_one_line():
    record = citations.ris(facts(title="Line one\nER  - injected"))
    assert "TI  - Line one ER - injected" in record
    assert record.count("ER  - ") == 1


# --- CSL-JSON ------------------------------------------------------------------------------------


def test_csl_json_is_valid_and_complete():
    items = json.loads(citations.csl_json(facts()))
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert item["id"] == "wang-yi-qureshi" and item["type"] == "webpage"
    assert item["issued"] == {"date-parts": [[2022, 3, 21]]}
    assert item["author"] == [{"literal": facts().publisher}]
    assert item["URL"] == facts().url and item["archive_location"] == ARCHIVE_URL
    assert item["keyword"] == "Security, Trade"


def test_csl_json_without_date_or_publisher():
    item = json.loads(citations.csl_json(facts(held_on=None, publisher="")))[0]
    assert "issued" not in item and "author" not in item


# --- meta tags and facts from a meeting ----------------------------------------------------------


def test_meta_tags():
    tags = dict(citations.meta_tags(facts()))
    assert tags["citation_title"] == facts().title
    assert tags["citation_author"] == tags["citation_publisher"] == facts().publisher
    assert tags["citation_date"] == "2022/03/21"
    assert tags["citation_public_url"] == ARCHIVE_URL
    assert tags["DC.date"] == "2022-03-21" and tags["DC.identifier"] == ARCHIVE_URL
    assert tags["DC.source"] == facts().source_url


@pytest.mark.django_db
def test_facts_from_a_meeting():
    meeting = build(
        MeetingSpec(
            title="  Talks\n in Islamabad ",
            held_on=datetime.date(2022, 3, 21),
            city="Islamabad",
            topics=("security", "trade"),
            source_url="https://mfa.example/r",
        )
    )
    found = citations.citation_facts(meeting, "https://archive.example/m/")
    assert found.title == "Talks in Islamabad"
    assert found.place == "Islamabad, Pakistan"
    assert found.keywords == ("Security", "Trade")
    assert (
        found.url == "https://mfa.example/r" and found.archive_url == "https://archive.example/m/"
    )
    assert found.key == meeting.slug
    assert found.issued == found.held_on == datetime.date(2022, 3, 21)


@pytest.mark.django_db
def test_a_readout_published_after_its_meeting_is_cited_by_its_publication_date():
    """ "PM call with Prime Minister Carney of Canada: 3 June 2025" over "spoke yesterday": the
    call was on 2 June, the readout of 3 June is what is cited."""
    meeting = build(MeetingSpec(title="PM call", held_on=datetime.date(2025, 6, 2)))
    meeting.published_on = datetime.date(2025, 6, 3)
    found = citations.citation_facts(meeting, "https://archive.example/m/")
    assert found.issued == datetime.date(2025, 6, 3)
    assert "(2025, June 3)" in str(citations.apa(found))
    assert "June 3, 2025" in str(citations.chicago(found))
    assert "DA  - 2025/06/03" in citations.ris(found)
    item = json.loads(citations.csl_json(found))[0]
    assert item["issued"] == {"date-parts": [[2025, 6, 3]]}
    assert item["event-date"] == {"date-parts": [[2025, 6, 2]]}


@pytest.mark.parametrize(
    ("url", "cited"),
    [
        ("https://mfa.example/r", "https://mfa.example/r"),
        ("http://mfa.example/r", "http://mfa.example/r"),
        ("javascript:alert(1)", ""),  # the database refuses it too; the page does not rely on that
        ("ftp://mfa.example/r", ""),
        ("", ""),
    ],
)
def test_only_http_addresses_are_cited(url, cited):
    assert citations.safe_source_url(url) == cited
