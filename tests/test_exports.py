"""CSV and JSON exports of a filtered list: the same meetings as the page, safe cells, re-importable."""

import csv
import io
import re

import pytest

from archive.exports import neutralise
from archive.models import AgreedPoint, Meeting, Statement
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


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize(
    ("filters", "count"),
    [("", 25), ("country=cn", 25), ("country=fr", 1), ("year=2015", 14), ("pair=cn-pk", 20)],
)
def test_agreed_points_of_whole_meetings_are_found_meeting_by_meeting_in_date_order(
    client, db, sort, filters, count
):
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from archive.filters import AgreedPointFilter
    from archive.models import AgreedPoint, Meeting
    from archive.views.agreed import by_meeting_date

    meetings = import_many(12)
    import_search_corpus()
    Meeting.objects.filter(pk=meetings[3].pk).update(held_on=None)  # undated: last
    for meeting in meetings[5:8]:  # more than one point a meeting, in reading order
        AgreedPoint.objects.create(meeting=meeting, text="A second point.", position=1)
    kept = AgreedPointFilter(QueryDict(filters), queryset=AgreedPoint.objects.all()).qs
    expected = [
        "http://testserver" + point.get_absolute_url()
        for point in by_meeting_date(kept, oldest=sort == "oldest")
    ]
    found, page, pages = [], 1, 1
    while page <= pages:
        with CaptureQueriesContext(connection) as queries:
            address = f"/agreed.json?per_page=10&page={page}&sort={sort}&{filters}"
            body = client.get(address).json()
        found += [r["url"] for r in body["results"]]
        page, pages = page + 1, body["num_pages"]
        assert (body["count"], body["count_exact"]) == (count, True)
        # Counted by the running counts, but for a year alone, which they count by country only.
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "agreedpoint" in q["sql"]]
        assert bool(counts) == (filters == "year=2015"), counts
        # no statement sorts every agreed point by its meeting's date
        assert not [
            q["sql"]
            for q in queries
            if 'FROM "archive_agreedpoint"' in q["sql"]
            and "ORDER BY" in q["sql"]
            and "held_on" in q["sql"].split("ORDER BY")[-1]
        ]
    assert found == expected
    assert len(expected) == count


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
        # only the filters applied: the order, the page, its size (which a CSV file has not)
        # and parameters that are no filter are left out
        ("/meetings.csv?per_page=7&page=x&sort=oldest&foo=bar", "meetings.csv"),
        (
            "/meetings.csv?pair=China-Pakistan&date_to=2023-1-31",
            "meetings-date_to-2023-01-31-pair-cn-pk.csv",
        ),
        (
            "/agreed.csv?person=wang-yi-cn&year=2022",
            "agreed-points-person-wang-yi-cn-year-2022.csv",
        ),
        ("/statements.csv?pair=cn-pk&sort=oldest", "statements-pair-cn-pk.csv"),
        # `speaker`, read as `person` is: by name too
        (
            "/statements.csv?speaker=Wang+Yi&year=2022",
            "statements-speaker-wang-yi-cn-year-2022.csv",
        ),
    ],
)
def test_an_export_is_named_after_what_it_holds(client, corpus, url, name):
    response = client.get(url)
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


@pytest.mark.parametrize("path", ["/meetings.csv", "/agreed.csv", "/statements.csv"])
def test_a_csv_for_excel_is_the_same_file_after_a_byte_order_mark(client, corpus, path):
    Meeting.objects.filter(pk=corpus["seed"].pk).update(title="Wang Yi and Çavuşoğlu: talks")
    plain = b"".join(client.get(path + "?pair=cn-pk").streaming_content)
    response = client.get(path + "?pair=cn-pk&excel=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    excel = b"".join(response.streaming_content)
    # Plain UTF-8 for scripts; Excel reads a file as UTF-8 only when it starts with the mark.
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert excel == b"\xef\xbb\xbf" + plain
    assert "Çavuşoğlu" in excel.decode("utf-8-sig")
    # excel=1 is no filter: the file keeps its name
    assert (
        response["Content-Disposition"] == client.get(path + "?pair=cn-pk")["Content-Disposition"]
    )


def test_a_csv_for_excel_asked_for_otherwise_than_excel_1_is_refused(client, corpus):
    response = client.get("/meetings.csv?pair=cn-pk&excel=yes")
    assert response.status_code == 400
    assert "excel: “yes” is not read: write excel=1" in response.content.decode()


@pytest.mark.parametrize(
    ("page", "links"),
    [
        (
            "/meetings/?pair=cn-pk&page=1",
            ["/meetings.csv?pair=cn-pk&amp;excel=1", "/statements.csv?pair=cn-pk&amp;excel=1"],
        ),
        ("/agreed/?pair=cn-pk&per_page=50", ["/agreed.csv?pair=cn-pk&amp;excel=1"]),
        (
            "/relations/cn-pk/",
            [
                "/meetings.csv?pair=cn-pk&amp;sort=oldest&amp;excel=1",
                "/agreed.csv?pair=cn-pk&amp;sort=oldest&amp;excel=1",
                "/statements.csv?pair=cn-pk&amp;sort=oldest&amp;excel=1",
            ],
        ),
        ("/people/wang-yi-cn/", ["/statements.csv?speaker=wang-yi-cn&amp;excel=1"]),
    ],
)
def test_each_csv_link_has_one_for_excel_beside_it(client, corpus, page, links):
    html = client.get(page).content.decode()
    for link in links:
        assert f'href="{link}"' in html, link
        plain = link.replace("&amp;excel=1", "")
        assert html.index(f'href="{plain}"') < html.index(f'href="{link}"')


@pytest.mark.parametrize(
    ("url", "said"),
    [
        # ignored: the file would hold every meeting
        ("/meetings.csv?date_from=bad", "date_from: “bad” is not a date"),
        ("/meetings.csv?q=-china", "q: “-china” only excludes"),
        ("/agreed.csv?has_agreed=false", "has_agreed: “has_agreed” is no filter"),
        # matches nothing: the file would be empty, and named after a country there is not
        ("/meetings.csv?pair=cn-zz&year=2022", "pair: No country has the code “zz”"),
        ("/agreed.csv?country=zz", "country: No country has the code “zz”"),
        ("/statements.csv?speaker=nobody-xx", "speaker: No one in the archive is called"),
        ("/statements.csv?topic=nosuch", "topic: No topic is called “nosuch”"),
    ],
)
def test_an_export_of_values_the_list_cannot_use_is_refused_with_what_the_page_says(
    client, corpus, url, said
):
    response = client.get(url)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response
    text = response.content.decode()
    assert text.startswith("No CSV file was made")
    assert said in text
    # the JSON page of the same address gives the same message, as a warning
    json_url = url.replace(".csv", ".json")
    assert any(warning.startswith(said) for warning in client.get(json_url).json()["warnings"])


TOO_COMMON = "q: “{}” is too common to search: nearly every readout has such words."


@pytest.mark.parametrize("path", ["/meetings.json", "/agreed.json", "/statements.json"])
@pytest.mark.parametrize(
    "params",
    [
        "q=the+of+and",
        "q=and+OR+the",
        # with filters the running counts hold, which would otherwise count the list
        "q=the&country=cn",
        "q=of&pair=cn-pk&year=2022",
    ],
)
def test_a_json_list_of_common_words_only_lists_nothing_as_the_page_does(
    client, corpus, path, params
):
    body = client.get(f"{path}?{params}").json()
    assert (body["count"], body["count_exact"], body["results"]) == (0, True, [])
    typed = params.split("&")[0].removeprefix("q=").replace("+", " ")
    [warning] = body["warnings"]
    assert warning.startswith(TOO_COMMON.format(typed))
    # its CSV is refused with the same words
    response = client.get(path.replace(".json", ".csv") + "?" + params)
    assert response.status_code == 400 and TOO_COMMON.format(typed) in response.content.decode()


def test_a_note_on_how_a_search_was_read_does_not_stop_its_export(client, corpus):
    response = client.get("/meetings.csv?q=Turkey")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="meetings-q-turkey.csv"'


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


def _statements(client, params=""):
    """The statements export of `params` as CSV rows and as its JSON page of 100."""
    rows = _csv(client, "/statements.csv" + params)
    body = client.get("/statements.json" + params + ("&" if params else "?") + "per_page=100")
    return rows, body.json()


def test_statements_export_who_said_what_with_its_place_on_the_meeting_page(client, corpus):
    seed = corpus["seed"]
    rows, body = _statements(client, "?pair=cn-pk")
    assert (body["count"], body["count_exact"], body["warnings"]) == (21, True, [])
    records = body["results"]
    first = records[0]
    assert first["meeting_slug"] == seed.slug and first["date"] == "2022-03-21"
    assert first["meeting_url"] == "http://testserver" + seed.get_absolute_url()
    assert (first["speaker"], first["speaker_person"], first["speaker_country"]) == (
        "Qureshi",
        "qureshi-pk",
        "PK",
    )
    assert (first["speaker_role"], first["joint"]) == ("Foreign Minister", False)
    assert first["text"].startswith("Qureshi said that Pakistan-China relations")
    # "The two sides spoke highly of ...": said by both, by no one speaker
    joint = next(r for r in records if r["text"].startswith("The two sides spoke highly"))
    assert (joint["speaker"], joint["speaker_person"], joint["joint"]) == (None, None, True)
    # Each is numbered as its meeting page numbers it, and cited at its anchor there.
    html = client.get(seed.get_absolute_url()).content.decode()
    for record in records:
        assert record["url"] == f"{first['meeting_url']}#s{record['number'] - 1}"
        anchor = f"s{record['number'] - 1}"
        assert f'<li class="entry" id="{anchor}">' in html
        assert f'href="#{anchor}" aria-label="Statement {record["number"]}, permalink"' in html
    assert [r["number"] for r in records] == list(range(1, 22))


def test_statements_csv_rows_are_the_json_records(client, corpus):
    rows, body = _statements(client, "?sort=oldest")
    assert len(rows) == body["count"] == len(body["results"])
    for row, record in zip(rows, body["results"], strict=True):
        assert row.keys() == record.keys() - {"meeting_url"}
        for name, cell in row.items():
            value = record[name]
            if isinstance(value, list):
                value = ";".join(value)
            assert cell == ("" if value is None else str(value)), name


def test_statements_are_of_the_meetings_the_list_filters_keep(client, corpus):
    for params in ("?q=talks", "?q=terror*", "?country=cn&topic=economy", "?person=ana-costa-br"):
        page = client.get(f"/meetings/{params}&sort=oldest&per_page=100")
        listed = [m.slug for m in page.context["page_obj"].object_list]
        rows, body = _statements(client, params + "&sort=oldest")
        exported = list(dict.fromkeys(r["meeting_slug"] for r in rows))
        assert exported == [slug for slug in listed if slug in exported], params
        # A search keeps the statements with its words; other filters all of their meetings'.
        word = params.removeprefix("?q=").rstrip("*") if params.startswith("?q=") else None
        kept = {
            slug
            for slug in listed
            for text in Statement.objects.filter(meeting__slug=slug).values_list("text", flat=True)
            if word is None or re.search(rf"\b{word}", text, re.IGNORECASE)
        }
        assert set(exported) == kept and kept, params
        if word:
            assert all(re.search(rf"\b{word}", r["text"], re.IGNORECASE) for r in rows), params
        assert [r["url"] for r in rows] == [r["url"] for r in body["results"]], params


def test_an_unattributed_statement_has_no_speaker_and_is_not_joint(client, corpus):
    meeting = corpus["ukraine"]
    meeting.statements.filter(position=0).update(speaker=None, joint=False)
    rows, body = _statements(client, "?country=ru")
    record = body["results"][0]
    assert (record["speaker"], record["speaker_person"], record["joint"]) == (None, None, False)
    assert (rows[0]["speaker"], rows[0]["joint"]) == ("", "False")


def test_speaker_keeps_only_what_they_said(client, corpus):
    said = Statement.objects.filter(speaker__person__slug="wang-yi-cn").count()
    at_their_meetings = Statement.objects.filter(meeting=corpus["seed"]).count()
    assert 0 < said < at_their_meetings
    _, by_speaker = _statements(client, "?speaker=wang-yi-cn")
    assert by_speaker["count"] == said
    assert {r["speaker_person"] for r in by_speaker["results"]} == {"wang-yi-cn"}
    # `person` keeps the meetings they were at, and everything said there
    _, by_person = _statements(client, "?person=wang-yi-cn")
    assert by_person["count"] == at_their_meetings
    # a name is read as the one person it names; several speakers are any of them
    assert _statements(client, "?speaker=Wang+Yi")[1]["count"] == said
    both = _statements(client, "?speaker=wang-yi-cn&speaker=qureshi-pk")[1]
    assert {r["speaker_person"] for r in both["results"]} == {"wang-yi-cn", "qureshi-pk"}
    # with a search, on each database's search path: what they said with its words
    texts = Statement.objects.filter(speaker__person__slug="wang-yi-cn").values_list(
        "text", flat=True
    )
    with_word = sum(1 for text in texts if re.search(r"\bpakistan", text, re.IGNORECASE))
    assert 0 < with_word < said
    assert _statements(client, "?q=pakistan&speaker=wang-yi-cn")[1]["count"] == with_word


def test_a_speaker_no_one_is_matches_nothing_and_says_so(client, corpus):
    body = client.get("/statements.json?speaker=nobody-at-all").json()
    assert (body["results"], body["count"]) == ([], 0)
    assert body["warnings"] == ["speaker: No one in the archive is called “nobody-at-all”."]
    assert client.get("/statements.json?q=terrorism&speaker=nobody-at-all").json()["count"] == 0


def test_statements_json_pages_as_the_agreed_points_do(client, db):
    meetings = import_many(25)
    # oldest meeting first, each meeting's statements in its page's order
    cited = [
        "http://testserver" + statement.get_absolute_url()
        for meeting in meetings
        for statement in meeting.statements.order_by("position")
    ]
    body = client.get("/statements.json?per_page=10&page=2&sort=oldest").json()
    assert (body["count"], body["page"], body["num_pages"]) == (len(cited), 2, len(cited) // 10)
    assert body["next"] == "http://testserver/statements.json?per_page=10&page=3&sort=oldest"
    assert body["previous"] == "http://testserver/statements.json?per_page=10&page=1&sort=oldest"
    assert [r["url"] for r in body["results"]] == cited[10:20]
    newest = client.get("/statements.json?per_page=10").json()
    last = meetings[-1].statements.order_by("position")[0]
    assert newest["results"][0]["url"] == "http://testserver" + last.get_absolute_url()


def test_a_page_found_meeting_by_meeting_reads_batches_no_larger_than_the_largest(db):
    from django.db.models import F

    from archive.models import Meeting, Statement
    from archive.views.agreed import ids_in_meeting_order

    import_many(15)
    meetings = Meeting.objects.order_by(F("held_on").asc(), "id").values_list("pk", flat=True)
    wanted = [
        pk
        for m in meetings
        for pk in Statement.objects.filter(meeting_id=m)
        .order_by("position")
        .values_list("pk", flat=True)
    ]
    read = []

    class Counted:
        def __init__(self, queryset):
            self.queryset = queryset

        def __getitem__(self, bounds):
            read.append(bounds.stop - bounds.start)
            return self.queryset[bounds]

    assert len(wanted) > 25
    found = ids_in_meeting_order(Counted(meetings), Statement.objects.all(), 3, 25, 1, largest=2)
    assert found == wanted[3:25]
    assert max(read) == 2 and read[:3] == [1, 2, 2]


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the archive's state, read once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.count(b"Ahmed Khan said") > 1
    return len(queries)


def test_statements_exports_read_as_many_times_whatever_they_hold(client, db):
    import_many(5)
    few = _queries(client, "/statements.csv"), _queries(client, "/statements.json?per_page=10")
    import_many(30)
    many = _queries(client, "/statements.csv"), _queries(client, "/statements.json?per_page=100")
    assert few == many


def test_statements_csv_cells_are_neutralised(client, corpus):
    Statement.objects.filter(meeting=corpus["formula"]).update(text="=SUM(A1) soybeans")
    rows, body = _statements(client, "?q=soybeans")
    assert rows[0]["text"] == "'=SUM(A1) soybeans"
    assert body["results"][0]["text"] == "=SUM(A1) soybeans"


def test_lists_link_their_statements(client, corpus):
    html = client.get("/meetings/?pair=cn-pk&page=1&per_page=10").content.decode()
    assert '<a href="/statements.csv?pair=cn-pk">' in html
    assert 'title="Statements of this list as CSV" href="/statements.csv?pair=cn-pk"' in html
    assert 'title="Statements of this list as JSON" href="/statements.json?pair=cn-pk"' in html
    person = client.get("/people/wang-yi-cn/").content.decode()
    assert 'href="/statements.csv?speaker=wang-yi-cn" download>What Wang Yi said, as CSV' in person


@pytest.mark.parametrize(
    "url", ["/agreed.csv", "/agreed.json", "/agreed/", "/statements.csv", "/statements.json"]
)
def test_passage_lists_do_not_read_their_meetings_texts(client, db, url):
    """A row of an agreed point or a statement names its meeting; the meeting's whole text,
    read once per row, would cost more than the rest of the export."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_many(3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and b"meet again" in body
    read = [q["sql"] for q in queries if "archive_meeting" in q["sql"]]
    assert read and not [sql for sql in read if "source_text" in sql]


@pytest.mark.parametrize(
    ("url", "model"), [("/statements.json", Statement), ("/agreed.json", AgreedPoint)]
)
def test_the_passages_of_the_whole_archive_are_counted_from_the_running_counts(
    client, db, url, model
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    import_many(3)
    every = model.objects.count()
    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).json()
    assert (body["count"], body["count_exact"]) == (every, True) and every > 0
    # neither the statements nor the meetings are counted
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"]]
    filtered = client.get("/statements.json?year=2015").json()["count"]
    assert filtered == Statement.objects.filter(meeting__held_on__year=2015).count() > 0


@pytest.mark.parametrize(
    ("url", "model"),
    # a filter the running counts do not count (they count agreed points by country)
    [
        ("/statements.json?country=pk", Statement),
        ("/agreed.json?date_from=2000-01-01", AgreedPoint),
    ],
)
def test_a_filtered_passage_count_is_capped_and_its_pages_go_on(
    client, db, monkeypatch, url, model
):
    from archive import search

    import_many(25)
    every = model.objects.count()
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    body = client.get(f"{url}&per_page=10").json()
    # counted to just past the page: more than 11, and a next page
    assert (body["count"], body["count_exact"], body["num_pages"]) == (11, False, 2)
    assert every > 22
    seen, pages = [r["url"] for r in body["results"]], 1
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [r["url"] for r in body["results"]]
        pages += 1
    # the last page knows it is the last, and the pages held every passage once
    assert (body["count"], body["count_exact"]) == (every, True)
    assert len(seen) == len(set(seen)) == every and pages == -(-every // 10)


@pytest.mark.parametrize("params", ["", "?sort=oldest", "?country=pk", "?country=pk&sort=oldest"])
def test_statement_pages_follow_their_meetings_without_sorting_every_statement(client, db, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from archive.views.agreed import by_meeting_date

    import_many(12)
    undated = Meeting.objects.order_by("id").first()
    Meeting.objects.filter(pk=undated.pk).update(held_on=None)
    every = by_meeting_date(Statement.objects.all(), oldest="oldest" in params)
    expected = [(s.meeting.slug, s.position) for s in every.select_related("meeting")]
    url = "/statements.json" + (params or "?") + "&per_page=10"
    seen = []
    with CaptureQueriesContext(connection) as queries:
        while url:
            body = client.get(url).json()
            seen += [(r["meeting_slug"], r["number"] - 1) for r in body["results"]]
            url = body["next"]
    assert len(seen) > 20
    assert seen == expected
    sorted_by_date = [
        q["sql"]
        for q in queries
        if 'FROM "archive_statement"' in q["sql"] and "held_on" in q["sql"]
    ]
    assert not [sql for sql in sorted_by_date if "ORDER BY" in sql]
