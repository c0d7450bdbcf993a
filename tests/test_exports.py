"""CSV and JSON exports of a filtered list: the same meetings as the page, safe cells, re-importable."""

import csv
import io

import pytest

from archive.exports import neutralise
from archive.models import Meeting
from tests.factories import import_many, import_search_corpus


@pytest.fixture
def corpus(db):
    return import_search_corpus()


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (None, ""),
        (True, "True"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize(
    "params",
    ["?q=talks", "?q=talks&sort=oldest", "?country=cn&topic=economy", "?q=terror*&sort=title", ""],
)
def test_csv_matches_the_page(client, corpus, params):
    page = client.get("/meetings/" + params + ("&" if params else "?") + "per_page=100")
    slugs = [m.slug for m in page.context["page_obj"].object_list]
    rows = _csv(client, "/meetings.csv" + params)
    assert [r["slug"] for r in rows] == slugs


def test_csv_cells_are_neutralised(client, corpus):
    formula = corpus["formula"]
    Meeting.objects.filter(pk=formula.pk).update(title='=HYPERLINK("http://evil")')
    rows = _csv(client, "/meetings.csv?q=soybeans")
    assert rows[0]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["countries"] == "BR;CN"


def test_agreed_points_csv(client, corpus):
    rows = _csv(client, "/agreed.csv?q=climate")
    assert len(rows) == 1
    assert rows[0]["meeting_slug"] == corpus["climate"].slug
    assert "climate adaptation" in rows[0]["text"]
    assert rows[0]["url"].startswith("http://testserver/meetings/")
    # the number the meeting page shows beside the point, and its anchor
    assert rows[0]["number"] == str(int(rows[0]["position"]) + 1)
    assert rows[0]["url"].endswith(f"#a{rows[0]['position']}")


def test_agreed_points_json_is_the_page_with_its_meetings(client, corpus):
    body = client.get("/agreed.json?q=climate").json()
    assert (body["count"], body["count_exact"], body["warnings"]) == (1, True, [])
    [record] = body["results"]
    [row] = _csv(client, "/agreed.csv?q=climate")
    assert record["meeting_slug"] == row["meeting_slug"] == corpus["climate"].slug
    assert record["url"] == row["url"] and record["text"] == row["text"]
    assert record["number"] == int(row["number"])
    assert record["countries"] == row["countries"].split(";")
    assert record["meeting_url"] == "http://testserver" + corpus["climate"].get_absolute_url()
    assert client.get("/agreed.json?country=zz").json()["warnings"] == [
        "country: No country has the code “zz”: nothing matches it."
    ]


def test_agreed_points_json_pages_as_the_list_does(client, db):
    import_many(25)
    page = client.get("/agreed/?per_page=10&page=2&sort=oldest")
    body = client.get("/agreed.json?per_page=10&page=2&sort=oldest").json()
    assert (body["count"], body["page"], body["num_pages"]) == (25, 2, 3)
    assert body["next"] == "http://testserver/agreed.json?per_page=10&page=3&sort=oldest"
    assert [r["url"] for r in body["results"]] == [
        "http://testserver" + point.get_absolute_url() for point in page.context["page_obj"]
    ]
    html = page.content.decode()
    assert 'href="/agreed.json?per_page=10&amp;page=2&amp;sort=oldest"' in html


def test_agreed_points_json_reads_as_many_times_whatever_the_page_holds(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_many(25)
    counts = []
    for per_page in (10, 100):
        client.get(f"/agreed.json?per_page={per_page}")  # the archive's state, read once
        with CaptureQueriesContext(connection) as queries:
            assert len(client.get(f"/agreed.json?per_page={per_page}").json()["results"])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_agreed_points_page_gives_each_point_the_number_its_csv_row_has(client, corpus):
    [row] = _csv(client, "/agreed.csv?q=climate")
    html = client.get("/agreed/?q=climate").content.decode()
    link = f'<a href="/meetings/{row["meeting_slug"]}/#a{row["position"]}">'
    assert f"{link}{corpus['climate'].title}</a>, agreed point {row['number']}" in html


def test_an_unnamed_participant_keeps_its_country(client, corpus):
    meeting = corpus["climate"]
    participant = meeting.participants.order_by("position").first()
    participant.person = None
    participant.save()
    [row] = [r for r in _csv(client, "/meetings.csv") if r["slug"] == meeting.slug]
    label = f"{participant.role} ({participant.country_id})"
    assert row["participants"].split("; ")[0] == label


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/meetings.csv", "meetings.csv"),
        ("/meetings.csv?pair=cn-pk&q=Łódź+talks&page=2", "meetings-pair-cn-pk-q-odz-talks.csv"),
        ("/agreed.csv?country=cn&year=2022", "agreed-points-country-cn-year-2022.csv"),
        ('/meetings.csv?q="a;b"%0d%0aSet-Cookie:x', "meetings-q-ab-set-cookiex.csv"),
        # only the filters applied: unreadable values and other parameters are left out; a
        # country the archive does not have is applied (nothing matches it)
        ("/meetings.csv?date_from=bad&country=zz&foo=bar", "meetings-country-zz.csv"),
        ("/meetings.csv?q=-china&per_page=7&sort=oldest&has_agreed=yes", "meetings.csv"),
        (
            "/meetings.csv?pair=China-Pakistan&date_to=2023-1-31",
            "meetings-date_to-2023-01-31-pair-cn-pk.csv",
        ),
        (
            "/agreed.csv?person=wang-yi-cn&year=2022&has_agreed=true",
            "agreed-points-person-wang-yi-cn-year-2022.csv",
        ),
    ],
)
def test_an_export_is_named_after_what_it_holds(client, corpus, url, name):
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_json_page_envelope(client, db):
    import_many(25)
    body = client.get("/meetings.json?per_page=10&page=2").json()
    assert body["count"] == 25 and body["count_exact"] is True
    assert body["page"] == 2 and body["num_pages"] == 3 and body["per_page"] == 10
    assert body["next"].endswith("page=3") and body["previous"].endswith("page=1")
    assert body["next"].startswith("http://testserver/meetings.json?")
    assert len(body["results"]) == 10
    html = client.get("/meetings/?per_page=10&page=2")
    assert [r["slug"] for r in body["results"]] == [
        m.slug for m in html.context["page_obj"].object_list
    ]


def test_json_reimports_through_the_importer(client, corpus):
    from archive.importer import import_record

    body = client.get("/meetings.json?q=terrorism").json()
    [record] = body["results"]
    assert record["slug"] == corpus["seed"].slug
    Meeting.objects.all().delete()
    result = import_record(record, source_name="export")
    meeting = result.meeting
    assert meeting.slug == record["slug"]
    assert meeting.source_text == record["source_text"]
    again = client.get(f"/meetings/{meeting.slug}.json").json()
    for key in (
        "title",
        "date",
        "countries",
        "participants",
        "statements",
        "agreed_points",
        "topics",
    ):
        assert again[key] == record[key], key


def test_an_unknown_meeting_as_json_is_a_json_404(client, db):
    response = client.get("/meetings/no-such-slug.json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "No meeting has the slug 'no-such-slug'."}
