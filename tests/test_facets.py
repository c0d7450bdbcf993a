"""Facet counts over the filtered list: meetings (not rows), under combined filters."""

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.test import RequestFactory

from archive.facets import meeting_facets, toggle_url, year_histogram
from archive.filters import MeetingFilter
from archive.models import Meeting, Participant
from tests.factories import import_many, import_search_corpus


@pytest.fixture
def corpus(db):
    return import_search_corpus()


def _facets(query: str):
    params = QueryDict(query)
    request = RequestFactory().get("/meetings/?" + query)
    filterset = MeetingFilter(params, queryset=Meeting.objects.all(), request=request)
    facets = meeting_facets(filterset.qs, params)
    return {
        name: {v.value: v.count for v in facet.values} for name, facet in facets.items()
    }, facets


def test_counts_without_filters(corpus):
    counts, _ = _facets("")
    assert counts["country"]["cn"] == 6
    assert counts["country"]["pk"] == 1
    assert counts["kind"] == {"meeting": 5, "phone_call": 1}
    assert counts["year"] == {"2022": 1, "2023": 5}
    assert counts["topic"]["trade"] == 3


def test_many_valued_facets_count_meetings_not_rows(corpus):
    seed = corpus["seed"]
    # A second Chinese participant must not count the meeting twice for China or for a person.
    wang = seed.participants.get(person__name="Wang Yi")
    Participant.objects.create(
        meeting=seed, person=None, role="Vice Minister", country_id="CN", position=9
    )
    counts, _ = _facets("country=pk")
    assert counts["country"] == {"cn": 1, "pk": 1}
    assert counts["person"][wang.person.slug] == 1
    assert sum(counts["kind"].values()) == 1


@pytest.mark.parametrize(
    ("query", "country", "topic", "kind", "year"),
    [
        (
            "q=talks&date_from=2023-01-01",
            {"cn": 5},
            "economy",
            {"meeting": 4, "phone_call": 1},
            {"2023": 5},
        ),
        (
            "topic=economy&kind=meeting",
            {"cn": 3},
            "economy",
            {"meeting": 3},
            {"2022": 1, "2023": 2},
        ),
        (
            "country=cn&country=fr&q=climate",
            {"cn": 1, "fr": 1},
            "climate",
            {"meeting": 1},
            {"2023": 1},
        ),
        (
            "year=2023&has_agreed=true&q=-Pakistan",
            {"cn": 5},
            "trade",
            {"meeting": 4, "phone_call": 1},
            {"2023": 5},
        ),
        ("q=zzzz", {}, None, {}, {}),
    ],
)
def test_counts_under_combined_filters(corpus, query, country, topic, kind, year):
    counts, _ = _facets(query)
    for code, n in country.items():
        assert counts["country"][code] == n
    if topic:
        assert topic in counts["topic"]
    else:
        assert counts["topic"] == {}
    assert counts["kind"] == kind
    assert counts["year"] == year


def test_facet_values_link_to_add_or_remove(corpus):
    _, facets = _facets("q=talks&country=cn&page=3&kind=meeting")
    china = next(v for v in facets["country"].values if v.value == "cn")
    assert china.selected
    assert china.url == "?q=talks&kind=meeting"
    france = next(v for v in facets["country"].values if v.value == "fr")
    assert not france.selected
    assert france.url == "?q=talks&country=cn&kind=meeting&country=fr" or (
        QueryDict(france.url[1:]).getlist("country") == ["cn", "fr"]
    )
    meeting = next(v for v in facets["kind"].values if v.value == "meeting")
    assert meeting.selected and "kind" not in QueryDict(meeting.url[1:])


def test_toggle_url_single_valued_replaces():
    params = QueryDict("year=2020&page=2&q=a+b")
    assert QueryDict(toggle_url(params, "year", "2021", multiple=False)[1:]).getlist("year") == [
        "2021"
    ]
    assert toggle_url(params, "year", "2020", multiple=False) == "?q=a+b"
    assert toggle_url(QueryDict(""), "kind", "meeting", multiple=False) == "?kind=meeting"
    # a country of the pair is chosen: taking it off keeps the other one
    assert toggle_url(QueryDict("pair=cn-pk"), "country", "pk", multiple=True) == "?country=cn"
    assert toggle_url(QueryDict("pair=jp-us&q=a"), "country", "jp", multiple=True) == (
        "?q=a&country=us"
    )
    assert toggle_url(
        QueryDict("country=us&pair=jp-us&country=fr"), "country", "us", multiple=True
    ) == ("?country=fr&country=jp")


def test_year_histogram_is_a_time_axis(corpus):
    Meeting.objects.filter(pk=corpus["trade"].pk).update(held_on="2019-05-05")
    _, facets = _facets("")
    bars = year_histogram(facets["year"])
    assert [b.year for b in bars] == [2019, 2020, 2021, 2022, 2023]
    assert [b.count for b in bars] == [1, 0, 0, 1, 4]
    assert bars[-1].height == 100.0 and bars[0].height == 25.0
    assert all(0 <= b.x < 100 and b.y + b.height == pytest.approx(100) for b in bars)
    assert year_histogram(facets["kind"].__class__("year", "Year", ())) == []


def test_a_facet_with_more_values_than_it_shows_says_so(corpus):
    params = QueryDict("")
    filterset = MeetingFilter(params, queryset=Meeting.objects.all())
    countries = len(_facets("")[0]["country"])
    assert countries >= 3
    short = meeting_facets(filterset.qs, params, limit=countries - 1)
    assert len(short["country"].values) == countries - 1 and short["country"].more
    full = meeting_facets(filterset.qs, params, limit=countries)
    assert len(full["country"].values) == countries and not full["country"].more


# Lists filtered by countries, a pair, a topic and a year only: the running counts hold some of
# their facets. The others (a kind, two topics, a search) are counted from the meetings alone.
_TALLIED = [
    "",
    "year=2023",
    "country=cn",
    "country=pk",
    "country=cn&year=2023",
    "country=cn&year=2015",
    "pair=cn-pk",
    "pair=cn-pk&year=2022",
    "country=cn&country=jp",
    "topic=trade",
    "topic=economy&year=2023",
    "country=cn&topic=trade",
    "country=zz",
    "topic=nothing",
]


def _sidebar(query: str, limit: int, *, tallied: bool):
    from archive.views.meeting_results import MeetingResults

    cache.clear()  # the whole archive's facets are cached per archive state
    results = MeetingResults(RequestFactory().get("/meetings/?" + query))
    links = results.filterset.tallied() if tallied else None
    facets = meeting_facets(results.facet_scope(), results.params, limit, tallied=links)
    return {
        name: (facet.more, [(v.value, v.label, v.count, v.url) for v in facet.values])
        for name, facet in facets.items()
    }


@pytest.mark.parametrize("query", _TALLIED)
def test_facets_read_from_the_running_counts_equal_those_counted(db, query):
    import_search_corpus()
    import_many(14)  # China and Pakistan in 2015 and 2016, many counts tied
    # A meeting taken out again: the running counts keep its rows, counting nothing.
    Meeting.objects.filter(countries="JP").first().delete()
    for limit in (1, 2, 12):  # values cut where counts tie
        assert _sidebar(query, limit, tallied=True) == _sidebar(query, limit, tallied=False)


@pytest.mark.parametrize(
    ("query", "counted"),
    [
        ("year=2023", {"person", "kind", "year"}),
        ("country=cn", {"person", "kind"}),
        ("country=cn&year=2023", {"topic", "person", "kind"}),
        ("pair=cn-pk", {"country", "topic", "person", "kind"}),
        ("topic=trade", {"topic", "person", "kind"}),
        ("topic=trade&year=2023", {"country", "topic", "person", "kind"}),
        ("country=cn&topic=trade", {"country", "topic", "person", "kind", "year"}),
        ("country=cn&kind=meeting", {"country", "topic", "person", "kind", "year"}),
        ("q=talks&country=cn", {"country", "topic", "person", "kind", "year"}),
    ],
)
def test_only_facets_the_running_counts_do_not_hold_are_counted(
    client, db, monkeypatch, query, counted
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.views import meeting_results

    import_search_corpus()
    monkeypatch.setattr(meeting_results, "TALLIED_FACETS", 0)  # every list a large one
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/meetings/?" + query).status_code == 200
    facets = [q["sql"] for q in queries if q["sql"].startswith("WITH result(id)")]
    assert len(facets) == 1
    assert {name for name in FACET_NAMES if f"SELECT '{name}'" in facets[0]} == counted


FACET_NAMES = ("country", "topic", "person", "kind", "year")


def test_facets_count_a_list_from_its_links_where_its_page_walks_them(db, monkeypatch):
    from archive import filters
    from archive.views.meeting_results import MeetingResults

    import_search_corpus()
    monkeypatch.setattr(filters, "COMMON_SHARE", 0.0)  # every country and topic is common
    results = MeetingResults(RequestFactory().get("/meetings/?country=cn&topic=trade"))
    assert "EXISTS" in str(results.filtered.query)
    assert "EXISTS" not in str(results.facet_scope().query)
    assert list(results.facet_scope().order_by("pk")) == list(results.filtered.order_by("pk"))
    # A year narrows the list more than the country: its meetings are walked.
    results = MeetingResults(RequestFactory().get("/meetings/?country=cn&year=2023"))
    assert "EXISTS" in str(results.facet_scope().query)


def test_a_small_list_counts_its_facets_in_one_statement(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_search_corpus()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/meetings/?country=cn").status_code == 200
    assert not [q for q in queries if "archive_tally" in q["sql"] and '"year" > 0' in q["sql"]]


def test_the_whole_archive_counts_only_its_people_kinds_and_years(client, db, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.views import meeting_results

    import_search_corpus()
    monkeypatch.setattr(meeting_results, "TALLIED_FACETS", 0)  # every list a large one
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/meetings/").status_code == 200
    grouped = [q["sql"] for q in queries if "GROUP BY" in q["sql"]]
    assert not [sql for sql in grouped if "archive_meeting_countries" in sql], grouped
    assert not [sql for sql in grouped if "archive_meeting_topics" in sql], grouped
    assert [sql for sql in grouped if "archive_participant" in sql]
