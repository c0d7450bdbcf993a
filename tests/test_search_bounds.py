"""A search at archive scale reads only what its page needs: the newest matches (ranked, counted,
faceted), a capped count, rows as plain values. These check that the bounded paths give what the
unbounded ones would."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from archive import search
from archive.models import Meeting
from archive.views import meeting_results
from tests.factories import import_many, import_search_corpus


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.fixture
def meetings(db):
    return import_many(12)


def _page_ids(response) -> list[int]:
    return [row.pk for row in response.context["page_obj"].object_list]


def test_a_count_above_the_cap_says_so(client, meetings, monkeypatch):
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    response = _get(client, "/meetings/?q=talks")
    assert response.context["count"] == 5
    assert response.context["count_exact"] is False
    assert "5+ meetings matching" in response.content.decode()
    monkeypatch.setattr(search, "COUNT_CAP", 100)
    response = _get(client, "/meetings/?q=talks")
    assert (response.context["count"], response.context["count_exact"]) == (12, True)
    assert "12 meetings matching" in response.content.decode()


def test_pages_past_the_ranked_window_continue_by_date(client, meetings, monkeypatch):
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    monkeypatch.setattr(meeting_results, "FACET_WINDOW", 3)
    first = _get(client, "/meetings/?q=talks&per_page=10")
    second = _get(client, "/meetings/?q=talks&per_page=10&page=2")
    shown = _page_ids(first) + _page_ids(second)
    newest = list(
        search.match_meetings(Meeting.objects.all(), "talks")
        .order_by("-held_on", "-id")
        .values_list("pk", flat=True)
    )
    assert sorted(shown) == sorted(newest)
    assert set(shown[:3]) == set(newest[:3])
    assert shown[3:] == newest[3:]
    assert "ranked among the 3 newest matches" in first.content.decode()
    assert "Counts among the 3 newest matches." in first.content.decode()


def test_ranking_the_newest_matches_puts_the_best_first(db):
    corpus = import_search_corpus()
    query = "railway OR corridor"
    matched = search.match_meetings(Meeting.objects.all(), query)
    newest = search.newest_matches(Meeting.objects.all(), query, 100)
    assert newest == list(matched.order_by("-held_on", "-id").values_list("pk", flat=True))
    ranked = search.ranked_ids(newest, query)
    assert ranked[0] == corpus["corridor"].pk
    assert ranked == [m.pk for m in search.search_meetings(Meeting.objects.all(), query)]


def test_newest_matches_narrowed_by_date_are_the_newest(meetings, monkeypatch):
    full = list(
        search.match_meetings(Meeting.objects.all(), "talks")
        .order_by("-held_on", "-id")
        .values_list("pk", flat=True)
    )
    # An estimate far above the truth makes PostgreSQL look among the newest meetings first;
    # when they hold too few matches it reads them all.
    for estimate in (1, 6, 10**6):
        for start, stop in ((0, 4), (2, 7), (0, 12), (5, 20)):
            found = search.newest_matches(
                Meeting.objects.all(), "talks", stop, start, estimate=estimate
            )
            assert found == full[start:stop], (estimate, start, stop)


def test_newest_matches_of_a_common_word_keep_the_full_order(meetings):
    """A word with at least `stop` matches: SQLite walks the date index and looks each meeting
    up in the matches (`search._fts5_newest`). Undated meetings still come last, and meetings
    of one day newest id first, as when every match is sorted."""
    pks = sorted(m.pk for m in meetings)
    Meeting.objects.filter(pk__in=pks[:2]).update(held_on=None)
    Meeting.objects.filter(pk__in=pks[2:6]).update(held_on=datetime.date(2020, 1, 1))
    full = list(
        search.match_meetings(Meeting.objects.all(), "talks")
        .order_by(F("held_on").desc(nulls_last=True), "-id")
        .values_list("pk", flat=True)
    )
    assert len(full) == 12
    for start, stop in ((0, 4), (3, 9), (0, 12), (10, 12)):
        with CaptureQueriesContext(connection) as queries:
            found = search.newest_matches(Meeting.objects.all(), "talks", stop, start)
        assert found == full[start:stop], (start, stop)
        if connection.vendor == "sqlite":
            assert any('+"archive_meeting"."id" IN' in q["sql"] for q in queries.captured_queries)


def test_newest_matches_of_a_filtered_search_are_those_of_the_full_sort(meetings):
    """With other filters and not too many matches, SQLite reads the matches first and tests
    the filters on each (`search._fts5_newest`): the same meetings in the same order."""
    pks = sorted(m.pk for m in meetings)
    Meeting.objects.filter(pk__in=pks[:2]).update(held_on=None)
    Meeting.objects.filter(pk__in=pks[2:6]).update(held_on=datetime.date(2020, 1, 1))
    kept = Meeting.objects.filter(pk__in=Meeting.objects.filter(pk__in=pks[1:9]).values("pk"))
    full = list(
        search.match_meetings(kept, "talks")
        .order_by(F("held_on").desc(nulls_last=True), "-id")
        .values_list("pk", flat=True)
    )
    assert len(full) == 8
    for start, stop in ((0, 4), (3, 9), (0, 20)):
        with CaptureQueriesContext(connection) as queries:
            found = search.newest_matches(kept, "talks", stop, start)
        assert found == full[start:stop], (start, stop)
        if connection.vendor == "sqlite":
            assert any("CROSS JOIN" in q["sql"] for q in queries.captured_queries)
    assert search.newest_matches(Meeting.objects.none(), "talks", 5) == []
    if connection.vendor == "sqlite":
        # A filter Django knows to match nothing only when it writes the statement.
        assert search.newest_matches(Meeting.objects.filter(pk__in=[]), "talks", 5) == []


def test_rows_link_as_the_models_do(client, meetings):
    response = _get(client, "/meetings/?q=talks")
    rows = response.context["page_obj"].object_list
    by_pk = {m.pk: m for m in Meeting.objects.filter(pk__in=[r.pk for r in rows])}
    for row in rows:
        meeting = by_pk[row.pk]
        assert row.url == meeting.get_absolute_url()
        assert [url for url, _ in row.countries] == [
            c.get_absolute_url() for c in meeting.countries.all()
        ]
        people = [p for p in meeting.participants.all() if p.person_id]
        assert [url for url, _ in row.people if url] == [
            p.person.get_absolute_url() for p in people
        ]
        assert row.snippet and "<mark>" in row.snippet


def test_a_deep_list_page_reads_ids_then_rows(client, meetings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(client, "/meetings/?per_page=10&page=2")
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, "/meetings/?per_page=10&page=2")
    assert len(_page_ids(response)) == 2
    # ids (an index-only scan on PostgreSQL), rows, their related values: never per row.
    assert len(captured.captured_queries) <= 8


@pytest.mark.parametrize(
    "filters",
    [
        "country=pk",
        "country=cn&country=pk",
        "pair=cn-pk",
        "country=us",
        "topic=trade",
        "topic=trade&topic=energy",
        "topic=no-such-topic",
        "year=2015",
        "date_from=2015-03-01&date_to=2015-08-31",
        "year=2015&date_from=2015-06-01",
        "country=pk&topic=energy&year=2015&kind=talks",
    ],
)
def test_a_search_within_filters_shows_what_the_filters_keep(client, db, rf, filters):
    from django.http import QueryDict

    from archive.filters import MeetingFilter
    from archive.models import Topic

    meetings = import_many(14)  # monthly from January 2015
    trade, energy = Topic.objects.get(slug="trade"), Topic.objects.get(slug="energy")
    for meeting in meetings[::2]:
        meeting.topics.add(trade)
    for meeting in meetings[::3]:
        meeting.topics.add(energy)
    meetings[0].topics.remove(trade)  # links removed later are forgotten too
    meetings[4].topics.set([energy])
    params = f"q=talks&sort=newest&per_page=100&{filters}"
    request = rf.get("/meetings/?" + params)
    expected = list(
        MeetingFilter(QueryDict(params), queryset=Meeting.objects.all(), request=request)
        .qs.order_by("-held_on", "-id")
        .values_list("pk", flat=True)
    )
    response = _get(client, "/meetings/?" + params)
    assert _page_ids(response) == expected
    assert response.context["count"] == len(expected)
