"""Who said what (`/said/`): the statements of the meetings a list's filters keep, by speaker and
side, a search narrowing them to those with its words, as the page and its exports give them."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import search
from archive.models import Statement
from tests.factories import import_many
from tests.page_builders import MeetingSpec, Said, build, person


@pytest.fixture
def said(db):
    """Two meetings of China with Pakistan and one of China with the United States, each side's
    words told apart."""
    wang, dar = person("Wang Yi", "CN"), person("Ishaq Dar", "PK")
    blinken = person("Antony Blinken", "US")
    build(
        MeetingSpec(
            "Wang Yi meets Ishaq Dar",
            datetime.date(2024, 5, 1),
            people=[(wang, "Foreign Minister"), (dar, "Deputy Prime Minister")],
            said=[
                Said(0, "Wang Yi said China supports Pakistan's fight against terrorism."),
                Said(1, "Dar thanked China for its support on the corridor."),
                Said(None, "The two sides agreed to deepen cooperation."),
            ],
        )
    )
    build(
        MeetingSpec(
            "Wang Yi speaks with Ishaq Dar by phone",
            datetime.date(2023, 3, 1),
            people=[(wang, "Foreign Minister"), (dar, "Foreign Minister")],
            said=[Said(1, "Dar said hopes for peace were rising in the region.")],
        )
    )
    build(
        MeetingSpec(
            "Wang Yi meets Antony Blinken",
            datetime.date(2024, 6, 1),
            codes=("CN", "US"),
            people=[(wang, "Foreign Minister"), (blinken, "Secretary of State")],
            said=[
                Said(1, "Secretary Blinken raised concerns about Taiwan."),
                Said(0, "Wang Yi said Taiwan is China's internal affair."),
            ],
        )
    )
    return {"wang": wang, "dar": dar, "blinken": blinken}


def _texts(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    return [s.text for s in response.context["page_obj"].object_list]


def test_lists_every_statement_newest_meeting_first(client, said):
    texts = _texts(client, "/said/")
    assert texts == [
        "Secretary Blinken raised concerns about Taiwan.",
        "Wang Yi said Taiwan is China's internal affair.",
        "Wang Yi said China supports Pakistan's fight against terrorism.",
        "Dar thanked China for its support on the corridor.",
        "The two sides agreed to deepen cooperation.",
        "Dar said hopes for peace were rising in the region.",
    ]
    assert _texts(client, "/said/?sort=oldest")[0].startswith("Dar said hopes")


def test_a_side_keeps_what_was_said_for_that_country(client, said):
    assert _texts(client, "/said/?side=pk") == [
        "Dar thanked China for its support on the corridor.",
        "Dar said hopes for peace were rising in the region.",
    ]
    # Two sides: what either said, and a joint statement is neither's.
    assert len(_texts(client, "/said/?side=pk&side=us")) == 3
    page = client.get("/said/?side=us").content.decode()
    assert "Said for the United States" in page
    assert "(United States)" in page


def test_a_speaker_and_a_pair_narrow_together(client, said):
    slug = said["wang"].slug
    assert _texts(client, f"/said/?speaker={slug}&pair=cn-us") == [
        "Wang Yi said Taiwan is China's internal affair."
    ]


def test_a_typed_speaker_redirects_to_the_address_name(client, said):
    response = client.get("/said/?speaker=Antony+Blinken")
    assert response.status_code == 302
    assert response["Location"] == f"/said/?speaker={said['blinken'].slug}"


def test_a_search_keeps_statements_with_its_words_marked(client, said):
    response = client.get("/said/?q=taiwan&side=cn")
    assert [s.text for s in response.context["page_obj"].object_list] == [
        "Wang Yi said Taiwan is China's internal affair."
    ]
    page = response.content.decode()
    assert "<mark>Taiwan</mark> is China" in page
    assert "1 statement with" in page
    # A word found by its stem: "hoping" finds "hopes".
    assert _texts(client, "/said/?q=hoping") == [
        "Dar said hopes for peace were rising in the region."
    ]
    # Every clause must be in the statement; either word of an OR.
    assert _texts(client, "/said/?q=china+terrorism") == [
        "Wang Yi said China supports Pakistan's fight against terrorism."
    ]
    assert len(_texts(client, "/said/?q=corridor+OR+terrorism")) == 2


def test_the_exports_give_what_the_page_lists(client, said):
    url = "/said/?q=china&side=cn"
    listed = _texts(client, url)
    response = client.get(url.replace("/said/", "/statements.csv"))
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [row["text"] for row in rows] == listed
    records = client.get(url.replace("/said/", "/statements.json")).json()["results"]
    assert [r["text"] for r in records] == listed
    assert {r["speaker_country"] for r in records} == {"CN"}


def test_unknown_side_matches_nothing_and_says_why(client, said):
    response = client.get("/said/?side=zz")
    assert response.context["page_obj"].object_list == []
    assert "No country has the code “zz”" in response.content.decode()


def test_pages_link_to_what_was_said(client, said):
    assert 'href="/said/?side=cn"' in client.get("/countries/cn/").content.decode()
    assert 'href="/said/?pair=cn-us"' in client.get("/relations/cn-us/").content.decode()
    slug = said["wang"].slug
    assert f'href="/said/?speaker={slug}"' in client.get(f"/people/{slug}/").content.decode()
    assert 'href="/said/?q=taiwan"' in client.get("/meetings/?q=taiwan").content.decode()


def _query_count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", ["", "&side=pk", "&q=partnership", "&side=pk&q=partnership"])
def test_query_count_does_not_grow_with_page_size(client, db, params):
    import_many(40)
    assert _query_count(client, f"/said/?per_page=10{params}") == _query_count(
        client, f"/said/?per_page=50{params}"
    )


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("taiwan", True),
        ("taiwanese", False),  # "taiwanes" is no start of "taiwan"
        ("hoping", False),  # "hop": no word of the text starts with it
        ("eu", False),  # a short stem whole: not inside "neutral" nor as "e"
        ("aiwan", False),  # not inside a word
    ],
)
def test_passage_words_are_looked_for_at_word_starts(db, said, query, found):
    texts = Statement.objects.filter(search.passage_words(query))
    assert any("Taiwan is China" in s.text for s in texts) is found


def test_passage_words_leave_words_beyond_ascii_to_the_meetings(db):
    assert search.passage_words("Çavuşoğlu") is None
    assert search.passage_words("") is None


def test_statements_with_a_search_are_counted_to_a_lower_cap(client, db, monkeypatch):
    from archive.views import statements

    import_many(30)
    url = "/statements.json?q=partnership&per_page=10"
    assert client.get(url).json()["count"] == 30
    monkeypatch.setattr(statements, "WORDS_COUNT_CAP", 5)
    body = client.get(url).json()
    # counted to just past the page asked for, with a page after it
    assert (body["count"], body["count_exact"], body["num_pages"]) == (11, False, 2)
    assert "11+ statements with" in client.get("/said/?q=partnership&per_page=10").content.decode()
    # without a search, the usual cap
    every = Statement.objects.count()
    assert every > 11
    assert client.get("/statements.json?country=pk&per_page=10").json()["count"] == every
