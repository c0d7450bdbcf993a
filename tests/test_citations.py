"""Citations of a meeting: Chicago and APA for reading, BibTeX, RIS and CSL-JSON for software."""

import datetime
import json
import re

import jsonschema
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
    # The meeting's place, not a place of publication (`address`, biblatex's `location`).
    assert "  venue = {Islamabad, Pakistan},\n" in entry and "address" not in entry
    assert entry.endswith("}\n")


def test_bibtex_keeps_an_organisation_named_with_and_whole():
    """biblatex splits `organization` at " and " unless the name is braced."""
    entry = citations.bibtex(facts(publisher="Department of Foreign Affairs and Trade"))
    assert "  organization = {{Department of Foreign Affairs and Trade}},\n" in entry
    assert "  author = {{Department of Foreign Affairs and Trade}},\n" in entry


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
    # `CY` is the place of publication: the meeting's place is not one.
    assert not any(line.startswith("CY") for line in lines)
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


# --- the access date ---


def test_a_download_carries_the_day_it_was_made():
    """The archive's reading may be corrected, and an undated readout needs an access date."""
    found = facts(held_on=None, accessed=datetime.date(2026, 12, 1))
    assert "  urldate = {2026-12-01},\n" in citations.bibtex(found)
    assert "Y2  - 2026/12/01" in citations.ris(found).split("\r\n")
    item = json.loads(citations.csl_json(found))[0]
    assert item["accessed"] == {"date-parts": [[2026, 12, 1]]}
    assert "urldate" not in citations.bibtex(facts())


# --- an inferred date ----------------------------------------------------------------------------


def inferred(**changes) -> CitationFacts:
    """A meeting dated only "yesterday" against a page date, with no publication date recorded."""
    return facts(issued_inferred=True, held_on_inferred=True, **changes)


def test_prose_styles_bracket_an_inferred_date_with_a_question_mark():
    assert "[March 21, 2022?]." in str(citations.chicago(inferred()))
    assert "([2022, March 21?])." in str(citations.apa(inferred()))
    assert "?" not in str(citations.chicago(facts())) + str(citations.apa(facts()))


def test_bibtex_and_ris_note_an_inferred_date():
    entry = citations.bibtex(inferred())
    assert (
        f"  note = {{Archived at {ARCHIVE_URL}. Date inferred: the readout does not state it.}},\n"
        in entry
    )
    assert "note = {Date inferred" in citations.bibtex(inferred(source_url="", url=ARCHIVE_URL))
    lines = citations.ris(inferred()).split("\r\n")
    assert "N1  - Date inferred: the readout does not state it." in lines
    assert lines[-2] == "ER  - "
    assert "inferred" not in citations.bibtex(facts()) + citations.ris(facts())


def test_csl_json_marks_an_inferred_date_circa_with_a_note():
    item = json.loads(citations.csl_json(inferred()))[0]
    assert item["issued"] == {"date-parts": [[2022, 3, 21]], "circa": True}
    assert item["note"] == citations.INFERRED_NOTE
    plain = json.loads(citations.csl_json(facts()))[0]
    assert "circa" not in plain["issued"] and "note" not in plain


def test_an_inferred_meeting_date_after_a_stated_publication_date():
    """The readout of 3 June is cited as stated; only CSL's event date, the meeting's, is not."""
    found = facts(
        issued=datetime.date(2025, 6, 3), held_on=datetime.date(2025, 6, 2), held_on_inferred=True
    )
    assert "?" not in str(citations.chicago(found)) + str(citations.apa(found))
    assert "inferred" not in citations.bibtex(found) + citations.ris(found)
    item = json.loads(citations.csl_json(found))[0]
    assert item["issued"] == {"date-parts": [[2025, 6, 3]]}
    assert item["event-date"] == {"date-parts": [[2025, 6, 2]], "circa": True}
    assert item["note"] == citations.INFERRED_MEETING_NOTE
    assert dict(citations.meta_tags(found))["citation_date"] == "2025/06/03"


def test_meta_tags_leave_out_an_inferred_date():
    """Neither Highwire nor Dublin Core can say a date is inferred; Zotero would take it as stated."""
    tags = dict(citations.meta_tags(inferred()))
    assert "citation_date" not in tags and "DC.date" not in tags


@pytest.mark.django_db
def test_facts_from_a_meeting_whose_date_is_inferred():
    meeting = build(MeetingSpec(title="Talks", held_on=datetime.date(2025, 2, 13)))
    meeting.date_stated = False
    found = citations.citation_facts(meeting, "https://archive.example/m/")
    assert found.issued_inferred and found.held_on_inferred
    meeting.published_on = datetime.date(2025, 2, 14)
    found = citations.citation_facts(meeting, "https://archive.example/m/")
    assert not found.issued_inferred and found.held_on_inferred
    meeting.held_on = None
    found = citations.citation_facts(meeting, "https://archive.example/m/")
    assert not found.held_on_inferred


# --- what reference managers expect --------------------------------------------------------------

# Every variant a meeting can produce: dated or not, with a publisher or not, an inferred date.
VARIANTS = {
    "full": {},
    "no publisher": {"publisher": ""},
    "no date, source or publisher": {
        "held_on": None,
        "publisher": "",
        "source_url": "",
        "url": ARCHIVE_URL,
    },
    "inferred": {"issued_inferred": True, "held_on_inferred": True},
    "hostile": {"title": 'A "quoted" } {title} @misc{x, %', "publisher": "R&D, {and} Trade"},
    "downloaded": {"accessed": datetime.date(2026, 12, 1)},
}


def _read_bibtex(entry: str) -> tuple[str, str, dict[str, str]]:
    """A strict reading of one entry: `@type{key,`, then `name = {braced}` or `name = macro`
    fields, one a line, and a closing brace; anything else, or a field twice, is an error."""
    head = re.fullmatch(r"@(\w+)\{([A-Za-z0-9-]+),", entry.split("\n")[0])
    assert head, entry
    fields: dict[str, str] = {}
    for line in entry.rstrip("\n").split("\n")[1:-1]:
        match = re.fullmatch(r"  ([a-z]+) = (\{.*\}|[a-z]+),", line)
        assert match, line
        name, value = match.groups()
        assert name not in fields, f"{name} given twice"
        depth = 0
        for index, char in enumerate(value):
            if char in "{}" and value[index - 1 : index] != "\\":
                depth += 1 if char == "{" else -1
                assert depth > 0 or index == len(value) - 1, line
        assert depth == 0, line
        fields[name] = value
    assert entry.endswith("\n}\n")
    return head.group(1), head.group(2), fields


@pytest.mark.parametrize("variant", VARIANTS)
def test_bibtex_reads_strictly(variant):
    kind, key, fields = _read_bibtex(citations.bibtex(facts(**VARIANTS[variant])))
    assert kind == "misc" and key == "wang-yi-qureshi"
    assert set(fields) <= {
        *("title", "author", "organization", "year", "month", "date", "howpublished"),
        *("url", "urldate", "venue", "keywords", "note"),
    }
    assert all(value not in ("{}", "{{}}") for value in fields.values())
    assert ("author" in fields) == bool(VARIANTS[variant].get("publisher", "x"))


RIS_TAGS = {"TY", "TI", "AU", "PB", "PY", "DA", "UR", "Y2", "KW", "LA", "M3", "N1", "ER"}


@pytest.mark.parametrize("variant", VARIANTS)
def test_ris_tags_open_with_ty_and_close_with_er(variant):
    lines = citations.ris(facts(**VARIANTS[variant])).split("\r\n")
    assert lines[0] == "TY  - ELEC" and lines[-2:] == ["ER  - ", ""]
    tags = [line[:2] for line in lines[:-1]]
    assert set(tags) <= RIS_TAGS and tags.count("TY") == tags.count("ER") == 1
    # No empty value but ER's.
    assert all(line[6:].strip() for line in lines[:-2])
    assert ("AU" in tags) == bool(VARIANTS[variant].get("publisher", "x"))


_CSL_DATE = {
    "type": "object",
    "properties": {
        "date-parts": {
            "type": "array",
            "items": {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3},
            "minItems": 1,
            "maxItems": 2,
        },
        "circa": {"type": ["string", "number", "boolean"]},
    },
    "required": ["date-parts"],
    "additionalProperties": False,
}
# The CSL 1.0.2 item variables the archive writes, each with its schema type (csl-data.json).
CSL_ITEM = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "id": {"type": ["string", "number"]},
            "type": {"enum": ["webpage"]},
            "author": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"literal": {"type": "string", "minLength": 1}},
                    "additionalProperties": False,
                },
            },
            "issued": _CSL_DATE,
            "event-date": _CSL_DATE,
            "accessed": _CSL_DATE,
            **{
                name: {"type": "string", "minLength": 1}
                for name in (
                    *("title", "genre", "URL", "archive", "archive_location", "language"),
                    *("publisher", "event-place", "keyword", "note"),
                )
            },
        },
        "required": ["id", "type", "title"],
        "additionalProperties": False,
    },
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_csl_json_holds_only_csl_item_fields(variant):
    items = json.loads(citations.csl_json(facts(**VARIANTS[variant])))
    jsonschema.validate(items, CSL_ITEM)
    assert ("author" in items[0]) == bool(VARIANTS[variant].get("publisher", "x"))
