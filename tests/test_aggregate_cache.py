"""Whole-archive aggregates are cached, yet a page never shows counts from before a change."""

import pytest
from django.db.models.functions import ExtractYear

from archive.aggregate_cache import archive_state
from archive.facet_rows import year_counts
from archive.filters import linked_meetings
from archive.models import Country, Meeting, Topic
from archive.views.page_data import meetings_per_year
from tests.factories import import_many


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


@pytest.fixture
def meetings(db):
    return import_many(12)


def _country_facet(response):
    return {
        v.value: v.count
        for f in response.context["facets"]
        if f.name == "country"
        for v in f.values
    }


def test_unfiltered_facets_follow_an_edit_a_new_meeting_and_a_deletion(client, meetings):
    before = _country_facet(_get(client, "/meetings/"))
    meeting = meetings[0]
    added = Country.objects.exclude(code__in=meeting.countries.values("code")).first()
    meeting.countries.add(added)
    after_edit = _country_facet(_get(client, "/meetings/"))
    assert after_edit.get(added.code.lower(), 0) == before.get(added.code.lower(), 0) + 1

    import_many(1, start=meetings[-1].held_on)
    assert _get(client, "/meetings/").context["count"] == 13

    Meeting.objects.filter(pk=meeting.pk).first().delete()
    assert _get(client, "/meetings/").context["count"] == 12


def test_country_and_relationship_pages_follow_a_change(client, meetings):
    meeting = meetings[0]
    codes = sorted(c.code for c in meeting.countries.all())[:2]
    url = f"/relations/{codes[0].lower()}-{codes[1].lower()}/"
    count = _get(client, url).context["paginator"].count
    country_count = _get(client, f"/countries/{codes[0].lower()}/").context["paginator"].count
    meeting.delete()
    assert _get(client, url).context["paginator"].count == count - 1
    assert _get(client, f"/countries/{codes[0].lower()}/").context["paginator"].count == (
        country_count - 1
    )


def test_state_changes_on_save(meetings):
    state = archive_state()
    meetings[3].topics.add(Topic.objects.first())
    assert archive_state() != state


def test_year_grouping_matches_extract_year(meetings):
    expected = sorted(
        (year, n)
        for year, n in {
            y: sum(1 for m in Meeting.objects.annotate(y=ExtractYear("held_on")) if m.y == y)
            for y in Meeting.objects.annotate(y=ExtractYear("held_on")).values_list("y", flat=True)
        }.items()
        if year is not None
    )
    assert year_counts(Meeting.objects.all()) == expected
    assert sorted(meetings_per_year(Meeting.objects.all()).items()) == expected


@pytest.mark.parametrize("share", [0.0, 2.0])  # every country walked, or none
def test_linked_meetings_needs_every_country(meetings, monkeypatch, share):
    from archive import filters

    monkeypatch.setattr(filters, "COMMON_SHARE", share)
    for meeting in meetings[:4]:
        codes = [c.code for c in meeting.countries.all()]
        found = set(linked_meetings(codes).values_list("pk", flat=True))
        expected = {
            m.pk for m in Meeting.objects.all() if set(codes) <= {c.code for c in m.countries.all()}
        }
        assert meeting.pk in found and found == expected


def test_facets_of_a_large_result_count_its_newest_meetings_and_say_so(
    client, meetings, monkeypatch
):
    from archive.views import meeting_results

    monkeypatch.setattr(meeting_results, "FACET_WINDOW", 5)
    unsampled = _get(client, "/meetings/")
    assert "newest matches." not in unsampled.content.decode()
    response = _get(client, "/meetings/?q=talks")
    kinds = {f.name: f for f in response.context["facets"]}["kind"]
    total = response.context["count"]
    assert total == 12
    assert sum(v.count for v in kinds.values) == 5
    assert "Counts among the 5 newest matches." in response.content.decode()
    monkeypatch.setattr(meeting_results, "FACET_WINDOW", 1000)
    response = _get(client, "/meetings/?q=talks")
    kinds = {f.name: f for f in response.context["facets"]}["kind"]
    assert sum(v.count for v in kinds.values) == total
    assert "newest matches." not in response.content.decode()


@pytest.mark.parametrize("window", [3, 1000])
def test_ranking_a_window_of_known_ids_orders_as_the_subquery_does(meetings, monkeypatch, window):
    from django.db.models import F

    from archive import search

    monkeypatch.setattr(search, "RANK_WINDOW", window)
    matched = search.match_meetings(Meeting.objects.all(), "talks")
    newest = list(
        matched.order_by(F("held_on").desc(nulls_last=True), "-id").values_list("pk", flat=True)
    )
    assert len(newest) > 3
    expected = [m.pk for m in search.rank_meetings(matched, "talks", window=True)]
    given = [m.pk for m in search.rank_meetings(matched, "talks", window=True, window_ids=newest)]
    assert given == expected


def test_search_page_reads_the_matches_once(client, meetings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _get(client, "/meetings/?q=talks")
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, "/meetings/?q=talks")
    assert response.context["count"] == len(meetings)
    searches = [q["sql"] for q in queries if "MATCH" in q["sql"] or "@@" in q["sql"]]
    # the newest ids, the page, and the snippets: the facets and the count reuse the ids
    assert len(searches) <= 3


def test_cached_country_options_stay_markup(client, meetings):
    first = _get(client, "/meetings/").content.decode()
    second = _get(client, "/meetings/").content.decode()
    assert '<option value="cn">' in first or '<option value="pk">' in first
    assert second.count("<option value=") == first.count("<option value=")
    assert "&lt;option" not in second


def test_search_rows_are_read_once_yet_follow_an_edit(client, meetings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = "/meetings/?q=talks"
    first = _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = _get(client, url)
    assert again.content == first.content
    # A page shown before reads no rows and makes no snippets; the matches are found again.
    assert not [q["sql"] for q in queries if "archive_meeting m" in q["sql"]]
    row = again.context["page_obj"].object_list[0]
    meeting = Meeting.objects.get(pk=row.pk)
    meeting.title = "Renamed talks on the archive"
    meeting.save()
    assert "Renamed talks on the archive" in _get(client, url).content.decode()
