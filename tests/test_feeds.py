"""Atom feeds: latest, per country, per topic, per relationship; well-formed, escaped Atom."""

import datetime
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from django.db import connection

from archive import feeds
from archive.models import Meeting
from tests.factories import import_search_corpus
from tests.page_builders import MeetingSpec, build

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def corpus(db):
    return import_search_corpus()


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}link").get("href")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}") is not None and entry.find(f"{ATOM}{name}").text
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/meetings/")
    return root, [e.find(f"{ATOM}title").text for e in entries]


def test_latest(client, corpus):
    _, titles = _feed(client, "/feeds/latest.atom")
    assert set(titles) == {m.title for m in corpus.values()}


def test_the_latest_entries_are_read_from_the_import_time_index(corpus):
    """Not every meeting read and sorted for each request: seconds at 100,000 meetings."""
    sql, params = feeds.LatestMeetingsFeed().items().query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A handful of rows: make the planner show whether the index can serve the order.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "meeting_imported_idx" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan


@pytest.mark.parametrize(
    ("url", "keys"),
    [
        ("/feeds/countries/pk.atom", {"seed"}),
        (
            "/feeds/countries/CN.atom",
            {"seed", "corridor", "ukraine", "climate", "trade", "formula"},
        ),
        ("/feeds/topics/climate.atom", {"climate"}),
        ("/feeds/relations/cn-pk.atom", {"seed"}),
        ("/feeds/relations/pk-cn.atom", {"seed"}),
        ("/feeds/relations/cn-fr.atom", {"climate"}),
        ("/feeds/relations/pk-fr.atom", set()),
    ],
)
def test_filtered_feeds(client, corpus, url, keys):
    _, titles = _feed(client, url)
    assert set(titles) == {corpus[k].title for k in keys}


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/countries/zz.atom",
        "/feeds/topics/no-such-topic.atom",
        "/feeds/relations/cn-cn.atom",
        "/feeds/relations/cn-zz.atom",
    ],
)
def test_unknown_feeds_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_markup_in_titles_and_summaries_is_escaped(client, corpus):
    Meeting.objects.filter(pk=corpus["trade"].pk).update(
        title="<script>alert(1)</script> & co", agreed_text="<img src=x onerror=alert(1)>"
    )
    root, titles = _feed(client, "/feeds/latest.atom")
    assert "<script>alert(1)</script> & co" in titles
    summaries = [e.text for e in root.iter(f"{ATOM}summary")]
    # plain text: a reader shows the markup as the words it is, never renders it
    assert all(e.get("type") == "text" for e in root.iter(f"{ATOM}summary"))
    assert any("<img src=x onerror=alert(1)>" in s for s in summaries)
    assert not any(e.get("type") == "html" for e in root.iter())


@pytest.mark.parametrize(
    "params",
    [
        "q=talks",
        "q=climate",
        "country=cn&topic=economy",
        "q=terror*&pair=cn-pk",
        "q=nothinghere",
        "",
    ],
)
def test_a_list_is_followed_as_a_feed_of_the_same_meetings(client, corpus, params):
    page = client.get(f"/meetings/?{params}&per_page=100")
    listed = {m.title for m in page.context["page_obj"].object_list}
    root, titles = _feed(client, f"/feeds/meetings.atom?{params}&page=2&sort=title")
    assert set(titles) == listed
    link = unquote(root.find(f"{ATOM}link").get("href"))
    assert link == f"http://testserver/meetings/?{params}".rstrip("?")
    own = [e.get("href") for e in root.findall(f"{ATOM}link") if e.get("rel") == "self"]
    assert [unquote(h) for h in own] == [
        f"http://testserver/feeds/meetings.atom?{params}".rstrip("?")
    ]
    # the list page offers it, without its page, order and page size
    html = unquote(page.content.decode().replace("&amp;", "&"))
    assert f'href="/feeds/meetings.atom?{params}"'.replace('?"', '"') in html


@pytest.mark.parametrize(
    ("params", "title"),
    [
        ("q=climate&country=fr", "Search “climate”; France"),
        ("year=2024&kind=phone_call", "Phone call; Year 2024"),
        (
            "pair=cn-pk&topic=trade&has_agreed=true",
            "Between China and Pakistan; Topic: Trade; With agreed points",
        ),
        ("pair=nl-us", "Between the Netherlands and the United States"),
        ("pair=cn-zz", "Between China and no country “zz”"),
        ("person=wang-yi-cn&date_from=2022-01-01", "Wang Yi; From 2022-01-01"),
        # values it ignores are left out
        ("date_from=bad&kind=spaceship&q=-china&foo=bar&sort=oldest&page=2", "latest readouts"),
        ("country=fr&date_to=2024-13-01", "France"),
        # values that match nothing are named as such
        ("country=zz", "no country “zz”"),
        ("topic=nope&person=nobody", "no topic “nope”; no one called “nobody”"),
        # a control character, which XML 1.0 cannot hold, is no part of the title: a search
        # reads it as it reads a hyphen, and says the phrase
        ("q=climate%01talks", "Search the phrase “climate talks”"),
        # the search in the result summary's words, no quote of its syntax left in them
        (
            "q=%22belt+and+road%22+-Ukraine&country=cn",
            "Search the phrase “belt and road”, without “ukraine”; China",
        ),
        ("q=wang+OR+lavrov+talks", "Search “wang” or “lavrov” and “talks”"),
        (
            "q=corridor+-trade+-%22gas+field%22",
            "Search “corridor”, without “trade” or the phrase “gas field”",
        ),
        ("publisher=a%0bb&person=x%1fy", "Publisher: a b; no one called “x y”"),
    ],
)
def test_a_list_feed_is_named_after_the_filters_it_applies(client, corpus, params, title):
    root, _ = _feed(client, f"/feeds/meetings.atom?{params}")
    assert root.find(f"{ATOM}title").text == f"Readout archive: {title}"


@pytest.mark.parametrize(
    ("params", "title"),
    [
        ("q=the+of+and", "Search “the of and” (too common to search: nothing listed)"),
        (
            "q=the&country=cn",
            "Search “the” (too common to search: nothing listed); China",
        ),
    ],
)
def test_a_list_feed_of_common_words_only_lists_nothing_and_says_why(client, corpus, params, title):
    root, titles = _feed(client, f"/feeds/meetings.atom?{params}")
    assert titles == []
    assert root.find(f"{ATOM}title").text == f"Readout archive: {title}"
    typed = params.split("&")[0].removeprefix("q=").replace("+", " ")
    assert root.find(f"{ATOM}subtitle").text.startswith(
        f"“{typed}” is too common to search: nearly every readout has such words. Add a rarer"
    )
    # the page of the same address lists nothing either
    page = client.get(f"/meetings/?{params}")
    assert "too common to search" in page.content.decode()
    assert not page.context["page_obj"].object_list


@pytest.mark.parametrize(
    ("params", "title"),
    [("q=-Lavrov", "latest readouts"), ("q=-Lavrov&country=cn", "China")],
)
def test_a_list_feed_of_a_search_that_only_excludes_says_it_as_the_page_does(
    client, corpus, params, title
):
    root, titles = _feed(client, f"/feeds/meetings.atom?{params}")
    assert root.find(f"{ATOM}title").text == f"Readout archive: {title}"
    said = "“-Lavrov” only excludes: add a word to look for, e.g. “talks -Lavrov”."
    assert root.find(f"{ATOM}subtitle").text == said
    # the page and the JSON page of the same address list the same readouts, and say the same
    page = client.get(f"/meetings/?{params}&per_page=100")
    assert said in page.content.decode()
    listed = [m.title for m in page.context["page_obj"].object_list]
    assert sorted(titles) == sorted(listed)
    assert client.get(f"/meetings.json?{params}").json()["warnings"] == [f"q: {said}"]


def test_a_feed_says_its_entries_follow_when_the_archive_got_them(client, db):
    build(MeetingSpec("Talks of 2024", datetime.date(2024, 5, 1), ("CN", "PK")))
    build(MeetingSpec("Talks of 2019, added later", datetime.date(2019, 5, 1), ("CN", "PK")))
    root, titles = _feed(client, "/feeds/latest.atom")
    assert titles == ["Talks of 2019, added later", "Talks of 2024"]
    assert root.find(f"{ATOM}subtitle").text.endswith("the most recently added first.")


def test_a_relationship_feed_narrows_to_a_topic_as_its_page_does(client, db):
    for title, topics in [("Trade talks", ("trade",)), ("Security talks", ("security",))]:
        build(MeetingSpec(title, datetime.date(2021, 3, 1), ("CN", "PK"), topics=topics))
    build(
        MeetingSpec("Other trade talks", datetime.date(2020, 1, 1), ("FR", "DE"), topics=("trade",))
    )
    root, titles = _feed(client, "/feeds/relations/pk-cn.atom?topic=Trade")
    assert titles == ["Trade talks"]
    assert root.find(f"{ATOM}title").text == "Readout archive: China and Pakistan on Trade"
    assert root.find(f"{ATOM}link").get("href").endswith("/relations/cn-pk/?topic=trade")
    _, titles = _feed(client, "/feeds/relations/cn-pk.atom")
    assert set(titles) == {"Trade talks", "Security talks"}
    # the page narrowed to a topic leads to the feed narrowed to it
    html = client.get("/relations/cn-pk/?topic=trade").content.decode()
    assert html.count('href="/feeds/relations/cn-pk.atom?topic=trade"') == 2
    assert 'href="/feeds/relations/cn-pk.atom"' not in html


def test_a_relationship_feed_of_a_topic_the_archive_lacks_is_404(client, db):
    build(MeetingSpec("Trade talks", datetime.date(2021, 3, 1), ("CN", "PK"), topics=("trade",)))
    assert client.get("/feeds/relations/cn-pk.atom?topic=no-such-topic").status_code == 404
