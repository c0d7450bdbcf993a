"""The meeting list and the agreed-points browser as a researcher meets them."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Country, Meeting
from tests.factories import import_many, import_search_corpus
from tests.page_builders import MeetingSpec, build


@pytest.fixture
def corpus(db):
    return import_search_corpus()


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_terrorism_finds_the_islamabad_talks_highlighted(client, corpus):
    html = _get(client, "/meetings/?q=terrorism")
    assert corpus["seed"].title in html
    assert "<mark>terrorism</mark>" in html
    assert corpus["climate"].title not in html


def test_phrase_and_exclusion(client, corpus):
    html = _get(client, "/meetings/?q=%22Economic+Corridor%22")
    assert corpus["seed"].title in html
    assert corpus["corridor"].title not in html
    html = _get(client, "/meetings/?q=Ukraine+-Pakistan")
    assert corpus["ukraine"].title in html
    assert corpus["seed"].title not in html


def test_list_without_query_is_newest_first(client, corpus):
    html = _get(client, "/meetings/")
    positions = [html.index(corpus[key].title) for key in ("formula", "trade", "seed")]
    assert positions == sorted(positions)


def test_sort_choices(client, corpus):
    html = _get(client, "/meetings/?sort=oldest")
    assert html.index(corpus["seed"].title) < html.index(corpus["formula"].title)
    html = _get(client, "/meetings/?sort=title")
    titles = sorted(m.title for m in corpus.values())
    positions = [html.index(t) for t in titles]
    assert positions == sorted(positions)


def test_title_order_ignores_case_accents_and_leading_quotes(client, corpus):
    titles = {
        "formula": "AUC Chairperson meets X",
        "trade": "Tánaiste meets Y",
        "seed": "“Albares meets Z”",
        "ukraine": "Trilateral talks",
    }
    for key, title in titles.items():
        meeting = corpus[key]
        meeting.title = title
        meeting.save(update_fields=["title"])
    wanted = ["“Albares meets Z”", "AUC Chairperson", "Tánaiste meets Y", "Trilateral talks"]
    html = _get(client, "/meetings/?sort=title")
    positions = [html.index(t) for t in wanted]
    assert positions == sorted(positions)
    rows = client.get("/meetings.csv?sort=title")
    text = b"".join(rows.streaming_content).decode()
    positions = [text.index(t) for t in wanted]
    assert positions == sorted(positions)


def _query_count(client, url):
    # Whole-archive aggregates are cached once computed: count the warm page, as visitors see it.
    _get(client, url)
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


@pytest.mark.parametrize("params", ["", "&q=partnership", "&q=partnership&sort=newest"])
def test_query_count_does_not_grow_with_page_size(client, db, params):
    import_many(60)
    small = _query_count(client, f"/meetings/?per_page=10{params}")
    large = _query_count(client, f"/meetings/?per_page=50{params}")
    assert small == large
    assert large <= 16


def test_agreed_points_query_count_does_not_grow(client, db):
    import_many(60)
    assert _query_count(client, "/agreed/?per_page=10") == _query_count(
        client, "/agreed/?per_page=50"
    )


HOSTILE = [
    "?q=" + "%22" * 3,
    "?q=" + "x" * 10_000,
    "?q=%26%7C%21%28%29%3A%2A",
    "?q=-Pakistan",
    "?q=%00nul",
    "?q=%ff%fe",
    "?country=zz&country=%00&country=" + "a" * 500,
    "?pair=cn-cn",
    "?pair=xx-yy",
    "?pair=" + "-" * 300,
    "?person=%3Cscript%3E",
    "?topic=&topic=nope",
    "?kind=spaceship",
    "?date_from=2022-02-30&date_to=99999-01-01",
    "?date_from=1-1-1",
    "?year=99999999999999999999",
    "?year=abc",
    "?year=-5",
    "?has_agreed=maybe",
    "?review=needs_review",
    "?sort=drop+table",
    "?sort=relevance",
    "?page=99999",
    "?page=-1",
    "?page=abc",
    "?page=1e9",
    "?per_page=1000000",
    "?per_page=-10",
    "?per_page=abc",
    "?q=terrorism&page=0",
    "?publisher=" + "p" * 5000,
]


@pytest.mark.parametrize("params", HOSTILE)
def test_hostile_parameters_give_a_page(client, corpus, params):
    for path in (
        "/meetings/",
        "/agreed/",
        "/said/",
        "/meetings.json",
        "/agreed.json",
        "/statements.json",
    ):
        response = client.get(path + params)
        assert response.status_code == 200, (path + params, response.status_code)
    for path in ("/meetings.csv", "/statements.csv"):
        # a file, or the values it cannot use (those the page's form names)
        response = client.get(path + params)
        if response.status_code == 400:
            assert response.content.startswith(b"No CSV file was made")
            continue
        assert response.status_code == 200
        b"".join(response.streaming_content)


def test_page_out_of_range_shows_the_last_page(client, db):
    import_many(25)
    html = _get(client, "/meetings/?per_page=10&page=999")
    assert 'aria-current="page"><span class="visually-hidden">Page </span>3</a>' in html


@pytest.mark.parametrize("asked", ["0", "abc", "-1", "1.5", "00"])
def test_a_page_that_is_no_page_number_is_page_one_and_said(client, db, asked):
    import_many(25)
    body = client.get(f"/meetings.json?per_page=10&page={asked}").json()
    assert body["page"] == 1
    said = f"“{asked}” is no page number: page 1 is shown."
    assert body["warnings"] == [f"page: {said}"]
    for path in ("/meetings/", "/agreed/", "/said/"):
        response = client.get(f"{path}?per_page=10&page={asked}")
        assert response.context["page_obj"].number == 1
        assert said in response.content.decode()


def test_per_page_is_a_whitelist(client, db):
    import_many(25)
    response = client.get("/meetings/?per_page=7")
    assert response.context["per_page"] == 20
    response = client.get("/meetings/?per_page=10")
    assert len(response.context["page_obj"].object_list) == 10


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/?per_page=37&country=pk",
        "/meetings/?per_page=37&q=talks",
        "/meetings/?per_page=37&year=2015",
        "/agreed/?per_page=37&country=pk",
    ],
)
def test_links_keep_the_page_size_shown_not_the_one_asked_for(client, db, url):
    import_many(25)
    html = _get(client, url)
    assert "“37” per page is not offered" in html
    links = re.findall(r'href="([^"]*)"', html)
    # A year's twelve meetings are one page: its links are the months' and the years'.
    assert any(("year=2016" if "year" in url else "page=2") in link for link in links)
    assert not [link for link in links if "per_page" in link]


def test_json_links_keep_the_page_size_used(client, db):
    import_many(25)
    for path in ("/meetings.json", "/agreed.json", "/statements.json"):
        body = client.get(f"{path}?per_page=37").json()
        assert body["per_page"] == 20
        assert "per_page" not in body["next"], path
        body = client.get(f"{path}?per_page=10").json()
        assert "per_page=10" in body["next"], path


def test_review_status_filter_is_for_staff_only(client, corpus):
    Meeting.objects.filter(pk=corpus["seed"].pk).update(review_status="reviewed")
    Meeting.objects.exclude(pk=corpus["seed"].pk).update(review_status="needs_review")
    html = _get(client, "/meetings/?review=reviewed")
    assert corpus["trade"].title in html
    assert 'name="review"' not in html
    staff = User.objects.create_user("curator", password="x-very-long-password", is_staff=True)
    client.force_login(staff)
    html = _get(client, "/meetings/?review=reviewed")
    assert corpus["seed"].title in html
    assert corpus["trade"].title not in html
    assert 'name="review"' in html


def test_cached_search_form_follows_the_address_and_the_archive(client, corpus):
    # The form is drawn once per address and archive state; what it shows must still be the
    # address's own values, and a change to the archive must show in its lists.
    html = _get(client, "/meetings/?q=terrorism&sort=newest")
    assert '<option value="newest" selected>' in html
    assert 'value="terrorism"' in html
    html = _get(client, "/meetings/?q=terrorism&sort=oldest&page=2")
    assert '<option value="oldest" selected>' in html
    assert '<option value="newest" selected>' not in html
    html = _get(client, "/meetings/?q=terrorism&sort=newest&page=3")
    assert '<option value="newest" selected>' in html
    assert 'value="zz"' not in html
    Country.objects.create(code="ZZ", name="Zedland", slug="zedland")
    html = _get(client, "/meetings/?q=terrorism&sort=newest")
    assert '<option value="zz">Zedland</option>' in html


def test_facet_links_add_and_remove_filters(client, corpus):
    response = client.get("/meetings/?q=talks&page=2")
    countries = {f.name: f for f in response.context["facets"]}["country"]
    pakistan = next(v for v in countries.values if v.value == "pk")
    assert pakistan.url == "?q=talks&country=pk"
    assert pakistan.count == 1
    response = client.get("/meetings/" + pakistan.url)
    chosen = response.context["chosen"]
    assert chosen == [{"label": "Pakistan", "url": "?q=talks"}]
    # a pair's countries are chosen: each one's chip and sidebar entry keeps the other
    response = client.get("/meetings/?pair=cn-pk")
    chosen = {c["label"]: c["url"] for c in response.context["chosen"]}
    assert chosen == {"China": "?country=pk", "Pakistan": "?country=cn"}
    countries = {f.name: f for f in response.context["facets"]}["country"]
    assert {v.value: v.url for v in countries.values if v.selected} == {
        "cn": "?country=pk",
        "pk": "?country=cn",
    }
    response = client.get("/meetings/?q=talks&date_from=2023-01-01&has_agreed=true&year=2023")
    labels = {c["label"]: c["url"] for c in response.context["chosen"]}
    assert labels["From 2023-01-01"] == "?q=talks&has_agreed=true&year=2023"
    assert labels["With agreed points"] == "?q=talks&date_from=2023-01-01&year=2023"
    assert labels["2023"] == "?q=talks&date_from=2023-01-01&has_agreed=true"


class _FormAudit(HTMLParser):
    """Collects form controls and the ids labels point at."""

    def __init__(self):
        super().__init__()
        self.controls, self.labelled, self.current = [], set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.controls.append(attrs.get("id"))
        if tag == "a" and attrs.get("aria-current"):
            self.current.append(attrs["aria-current"])


@pytest.mark.parametrize(
    "url", ["/meetings/?q=talks&per_page=10", "/agreed/?per_page=10", "/said/?per_page=10"]
)
def test_every_control_has_a_label(client, db, url):
    import_many(25)
    audit = _FormAudit()
    audit.feed(_get(client, url))
    assert audit.controls
    assert all(c and c in audit.labelled for c in audit.controls), audit.controls
    assert "page" in audit.current
    html = _get(client, url)
    assert "<fieldset>" in html and "<legend>" in html
    assert "style=" not in html.split("<main", 1)[1]


class _ErrorAudit(HTMLParser):
    """Collects the form's controls by name and its error lists."""

    def __init__(self):
        super().__init__()
        self.controls, self.lists, self.ids = {}, [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.ids.add(attrs.get("id"))
        if tag in {"input", "select"} and attrs.get("name"):
            self.controls[attrs["name"]] = attrs
        if tag == "ul" and attrs.get("class") == "errorlist":
            self.lists.append(attrs.get("id"))


@pytest.mark.parametrize(
    ("url", "invalid"),
    [
        (
            "/meetings/?q=-Lavrov&country=zz&person=nobody&per_page=7&topic=nope&pair=Narnia-Japan"
            "&kind=zz&sort=bad&date_from=2024-13-01&year=abc",
            {
                "q",
                "country",
                "person",
                "per_page",
                "topic",
                "pair",
                "kind",
                "sort",
                "date_from",
                "year",
            },
        ),
        ("/meetings/?q=te*", {"q"}),
        ("/agreed/?q=-Lavrov&country=zz&per_page=7", {"q", "country", "per_page"}),
    ],
)
def test_each_message_is_linked_to_its_field(client, corpus, url, invalid):
    audit = _ErrorAudit()
    audit.feed(_get(client, url))
    marked = {name for name, attrs in audit.controls.items() if attrs.get("aria-invalid")}
    assert marked == invalid
    assert len(audit.lists) == len(invalid)
    for name in invalid:
        attrs = audit.controls[name]
        assert attrs["aria-invalid"] == "true"
        described = attrs["aria-describedby"].split()
        assert f"id_{name}_error" in described
        assert all(ref in audit.ids for ref in described)
    assert set(audit.lists) == {f"id_{name}_error" for name in invalid}


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/meetings/?q=-Lavrov", "; all readouts are shown."),
        ("/meetings/?q=-Lavrov&country=zz", "; the readouts the other filters keep are shown."),
        ("/agreed/?q=-Lavrov", "; all agreed points are shown."),
        ("/agreed/?q=-Lavrov&year=2022", "; the agreed points the other filters keep are shown."),
    ],
)
def test_a_search_with_nothing_to_search_for_says_what_is_shown(client, corpus, url, said):
    html = _get(client, url)
    assert "Nothing to search for in <q>-Lavrov</q>" + said in html


@pytest.mark.parametrize("path", ["/meetings/", "/agreed/"])
@pytest.mark.parametrize(
    ("q", "said"),
    [
        ('"Economic Corridor"', "matching the phrase “economic corridor”."),
        ("terrorism OR climate", "matching “terrorism” or “climate”."),
        ("corridor -Ukraine", "matching “corridor”, without “ukraine”."),
    ],
)
def test_the_result_summary_says_phrases_alternatives_and_exclusions(client, corpus, path, q, said):
    html = _get(client, path + "?q=" + q.replace('"', "%22"))
    summary = re.search(r'<p class="result-summary" role="status">(.*?)</p>', html, re.S)
    text = " ".join(re.sub(r"<[^>]+>", "", summary.group(1)).split())
    assert said in text
    assert "“&quot;" not in summary.group(1) and '""' not in text


@pytest.mark.parametrize("path", ["/meetings/", "/agreed/", "/said/"])
@pytest.mark.parametrize("q", ["the", "of+the", "and"])
def test_a_search_of_common_words_only_lists_nothing_and_says_why(client, corpus, path, q):
    html = " ".join(_get(client, f"{path}?q={q}").split())
    assert "is too common to search: nearly every readout has such words." in html
    assert "listed: the words searched for are too common to search.</p>" in html
    assert '<ol class="results' not in html and "Download as CSV" not in html


@pytest.mark.parametrize("path", ["/meetings/", "/agreed/"])
def test_common_words_in_a_phrase_are_searched(client, corpus, path):
    html = " ".join(_get(client, f"{path}?q=%22the+two+sides%22").split())
    assert "too common" not in html
    assert (
        'matching <span class="query">the phrase “the two sides”</span>.' in html
        and '<ol class="results' in html
    )


def test_a_list_filtered_by_a_value_without_a_facet_says_it_is_filtered(client, corpus):
    html = _get(client, "/meetings/?q=-Lavrov&country=zz")
    assert "0 meetings, filtered." in " ".join(html.split())
    assert "<h1>Readouts, filtered</h1>" in html


def test_a_facet_of_more_values_than_it_shows_says_which_it_shows(client, db):
    codes = ("FR", "DE", "IT", "GB", "US", "JP", "IN", "BR", "ZA", "KE", "EG", "MX", "AR")
    for n, code in enumerate(codes):
        build(MeetingSpec(f"Talks {n}", datetime.date(2023, 1, 1 + n), ("CN", code)))
    html = " ".join(_get(client, "/meetings/").split())
    assert "The 12 with the most meetings; choose others in the search form." in html


@pytest.mark.parametrize(
    ("address", "said"),
    [
        (
            "/meetings/?q=zzxqv",
            "No readouts match. Try fewer words, a prefix such as <code>terror*</code>, or remove"
            " a filter.",
        ),
        # no words to try fewer of when nothing is searched
        ("/meetings/?pair=cn-pk&year=1999", "No readouts match. Remove a filter to see more."),
        ("/agreed/?q=zzxqv", "No agreed points match. Try fewer words or remove a filter."),
        ("/agreed/?pair=cn-pk&year=1999", "No agreed points match. Remove a filter to see more."),
    ],
)
def test_a_list_that_finds_nothing_says_what_to_try(client, corpus, address, said):
    html = " ".join(_get(client, address).split())
    assert f'<p class="no-results">{said}</p>' in html
    # an empty result has no order to tell
    assert "Most relevant first" not in html


@pytest.mark.parametrize("path", ["/meetings/", "/agreed/", "/said/"])
def test_the_filter_panel_labels_its_fields_alike(client, db, path):
    html = _get(client, path)
    panel = html[html.index('<details class="filters"') : html.index("</details>")]
    labels = re.findall(r"<label for=[^>]*>([^<]*)</label>", panel)
    assert "People:" in labels and "Per page:" in labels
    assert [label for label in labels if not label.endswith(":")] == []


def test_agreed_point_browser(client, corpus):
    html = _get(client, "/agreed/?q=terrorism")
    assert "<mark>terrorism</mark>" in html
    assert corpus["seed"].title in html
    html = _get(client, "/agreed/?pair=cn-fr")
    assert "climate adaptation" in html
    assert "railway corridor" not in html
    html = _get(client, "/agreed/?country=uz&date_from=2023-01-01&date_to=2023-01-31")
    assert "railway corridor" in html
    html = _get(client, "/agreed/?date_from=2024-01-01")
    assert "No agreed points match" in html


def test_single_meeting_json(client, corpus):
    seed = corpus["seed"]
    response = client.get(f"/meetings/{seed.slug}.json")
    assert response.status_code == 200
    record = response.json()
    assert record["slug"] == seed.slug
    assert record["source_text"] == seed.source_text
    assert client.get("/meetings/no-such-meeting.json").status_code == 404


@pytest.mark.parametrize(
    ("address", "said"),
    [
        ("/agreed/", "across all readouts."),
        ("/agreed/?pair=cn-pk&year=2022", "filtered: Between China and Pakistan; Year 2022."),
        ("/agreed/?q=terrorism&country=zz", "filtered: Search “terrorism”; no country “zz”."),
        # nothing to search for in an exclusion alone: every agreed point is listed
        ("/agreed/?q=-Lavrov", "across all readouts."),
    ],
)
def test_the_agreed_points_lede_says_what_the_list_holds(client, corpus, address, said):
    [lede] = re.findall(r'<p class="lede">(.*?)</p>', _get(client, address))
    lede = re.sub(r"</?span[^>]*>", "", lede)
    assert lede == f"Every point the parties jointly agreed, affirmed or committed to, {said}"


def test_a_result_says_how_many_points_were_agreed(client, corpus):
    climate = corpus["climate"]
    count = climate.agreed_points.count()
    html = _get(client, "/meetings/?q=climate")
    row = html[html.index(climate.title) :]
    row = row[: row.index("</li>")]
    label = f"{count} agreed point{'s' if count != 1 else ''}"
    assert f'<span class="badge">{label}</span>' in row


def test_lists_of_two_countries_link_to_their_relationship(client, corpus):
    link = '<a href="/relations/cn-pk/">China and Pakistan over time</a>'
    for address in [
        "/meetings/?pair=cn-pk",
        "/meetings/?country=pk&country=cn&q=corridor",
        "/agreed/?pair=cn-pk",
        "/agreed/?country=cn&country=pk",
    ]:
        assert link in _get(client, address), address
    for address in ["/meetings/?country=cn", "/meetings/?country=cn&country=pk&country=fr"]:
        assert "relationship-link" not in _get(client, address), address
    # A code no country has names no relationship.
    assert "relationship-link" not in _get(client, "/meetings/?country=cn&country=zz")
    # named as a sentence names them, as the chips do
    for address, link in [
        ("/meetings/?pair=jp-us&year=1999", "Japan and the United States over time"),
        ("/agreed/?pair=ae-cn", "The United Arab Emirates and China over time"),
    ]:
        assert link in _get(client, address), address


def test_agreed_point_chips_remove_one_filter(client, corpus):
    response = client.get("/agreed/?country=cn&country=FR&date_from=2023-01-01&pair=cn-fr&page=2")
    chips = {c["label"]: c["url"] for c in response.context["chosen"]}
    # Countries by name, as the meeting list's chips and facets name them, not by code.
    assert chips["France"] == "?country=cn&date_from=2023-01-01&pair=cn-fr"
    assert chips["From 2023-01-01"] == "?country=cn&country=FR&pair=cn-fr"
    assert chips["Between China and France"] == "?country=cn&country=FR&date_from=2023-01-01"
    response = client.get("/agreed/?topic=trade")
    assert [c["label"] for c in response.context["chosen"]] == ["Topic: Trade"]
    response = client.get("/agreed/?person=li-ming-cn&kind=meeting&year=2023")
    chips = {c["label"]: c["url"] for c in response.context["chosen"]}
    assert chips == {
        "In-person meeting": "?person=li-ming-cn&year=2023",
        "Year 2023": "?person=li-ming-cn&kind=meeting",
        "Li Ming": "?kind=meeting&year=2023",
    }


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        # a year the pair did not meet: no facet values to show the filters chosen
        (
            "/meetings/?pair=cn-pk&year=1999",
            {"Between China and Pakistan": "?year=1999", "Year 1999": "?pair=cn-pk"},
        ),
        # values the archive does not have match nothing, and are what there is to remove
        (
            "/meetings/?country=cn&topic=nope&page=2",
            {"China": "?topic=nope", "no topic “nope”": "?country=cn"},
        ),
        (
            "/meetings/?person=nobody-xx&kind=meeting",
            {
                "no one called “nobody-xx”": "?kind=meeting",
                "In-person meeting": "?person=nobody-xx",
            },
        ),
    ],
)
def test_a_list_that_finds_nothing_keeps_a_chip_for_each_filter(client, corpus, address, expected):
    response = client.get(address)
    assert response.context["count"] == 0
    assert {c["label"]: c["url"] for c in response.context["chosen"]} == expected
    assert 'class="chosen-filters"' in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("/meetings/?pair=China-Pakistan&q=terrorism", "/meetings/?pair=cn-pk&q=terrorism"),
        ("/meetings/?person=Wang+Yi", "/meetings/?person=wang-yi-cn"),
        ("/meetings/?person=wang-yi", "/meetings/?person=wang-yi-cn"),
        ("/agreed/?pair=Pakistan+and+China", "/agreed/?pair=cn-pk"),
        ("/meetings/?pair=pk-cn", "/meetings/?pair=cn-pk"),
    ],
)
def test_a_typed_pair_or_person_goes_to_its_canonical_address(client, corpus, typed, canonical):
    response = client.get(typed)
    assert response.status_code == 302
    assert response["Location"] == canonical
    html = _get(client, canonical)
    assert corpus["seed"].title in html
    # and there the facets show what is chosen, so it can be taken off again
    assert 'class="selected"' in html or "Between" in html


@pytest.mark.parametrize("address", ["/meetings/?pair=cn-pk", "/meetings/?pair=Narnia-Japan"])
def test_a_canonical_or_unreadable_address_is_served_as_it_is(client, corpus, address):
    assert client.get(address).status_code == 200


def test_a_person_typed_by_name_is_looked_up_once_per_page(client, corpus):
    wang = corpus["seed"].participants.get(person__name="Wang Yi").person
    with CaptureQueriesContext(connection) as by_slug:
        _get(client, f"/meetings/?person={wang.slug}")
    lookups = [
        q
        for q in by_slug.captured_queries
        if q["sql"].startswith('SELECT "archive_person"."slug" AS "slug" FROM "archive_person"')
    ]
    assert len(lookups) == 1  # the address check and the list share one filterset


# --- moving through time ------------------------------------------------------------------------


def _period_nav(html: str) -> str:
    found = re.search(r'<nav class="period-nav".*?</nav>', html, re.S)
    return found.group(0).replace("&amp;", "&") if found else ""


@pytest.fixture
def years_of_talks(db):
    """China and Pakistan in 2019, in March (twice) and May 2022, and in 2024; France and Germany
    in 2023, which is no year of the pair's."""
    days = [(2019, 6, 1), (2022, 3, 2), (2022, 3, 20), (2022, 5, 9), (2024, 1, 15)]
    for year, month, day in days:
        build(
            MeetingSpec(
                f"Talks {year}-{month}-{day}", datetime.date(year, month, day), topics=("security",)
            )
        )
    build(MeetingSpec("Franco-German talks", datetime.date(2023, 4, 1), codes=("FR", "DE")))


def test_a_year_leads_to_the_years_either_side_with_meetings_of_the_same_filters(
    client, years_of_talks
):
    nav = _period_nav(_get(client, "/meetings/?pair=cn-pk&year=2022&sort=oldest"))
    # 2020, 2021 and 2023 have no meeting between the two: skipped; the order is kept
    assert 'href="?pair=cn-pk&sort=oldest&year=2019"' in nav
    assert 'href="?pair=cn-pk&sort=oldest&year=2024"' in nav
    assert '<span class="period-current" aria-current="page">2022</span>' in nav
    first = _period_nav(_get(client, "/meetings/?pair=cn-pk&year=2019"))
    assert "year=2018" not in first and "year=2022" in first
    # a date range of exactly one year is a year too
    nav = _period_nav(_get(client, "/meetings/?country=cn&date_from=2022-01-01&date_to=2022-12-31"))
    assert 'href="?country=cn&year=2019"' in nav and 'href="?country=cn&year=2024"' in nav
    # without other filters, once the unfiltered list has counted the archive's years
    assert 'href="?year=2021"' in _period_nav(_get(client, "/meetings/?year=2022"))
    _get(client, "/meetings/")
    nav = _period_nav(_get(client, "/meetings/?year=2022&sort=newest"))
    assert 'href="?sort=newest&year=2019"' in nav and 'href="?sort=newest&year=2023"' in nav
    # by a topic
    assert 'href="?topic=security&year=2024"' in _period_nav(
        _get(client, "/meetings/?topic=security&year=2022")
    )


def test_filters_the_running_counts_do_not_hold_lead_to_the_years_next_door(client, years_of_talks):
    nav = _period_nav(_get(client, "/meetings/?pair=cn-pk&kind=meeting&q=talks&year=2022"))
    assert 'href="?pair=cn-pk&kind=meeting&q=talks&year=2021"' in nav
    assert 'href="?pair=cn-pk&kind=meeting&q=talks&year=2023"' in nav


def test_a_year_is_narrowed_to_its_months_and_a_month_leads_on(client, years_of_talks):
    nav = _period_nav(_get(client, "/meetings/?pair=cn-pk&year=2022"))
    march = "?pair=cn-pk&date_from=2022-03-01&date_to=2022-03-31"
    assert re.search(rf'<a class="month" href="{re.escape(march)}">.*?<span class="count">2<', nav)
    assert re.search(r'<span class="month empty"><span aria-hidden="true">Apr<', nav)
    html = _get(client, "/meetings/" + march)
    assert "Talks 2022-3-2" in html and "Talks 2022-3-20" in html and "Talks 2022-5-9" not in html
    nav = _period_nav(html)
    assert '<span class="period-current" aria-current="page">March 2022</span>' in nav
    assert 'href="?pair=cn-pk&year=2022">All of 2022<' in nav
    # the next month with meetings; before March, the year before with meetings
    assert 'href="?pair=cn-pk&date_from=2022-05-01&date_to=2022-05-31"' in nav
    assert 'href="?pair=cn-pk&year=2019"' in nav
    assert re.search(r'<span class="month current" aria-current="true">.*?Mar<', nav)
    # the month's two dates are one chosen filter, said as the month, removed together
    assert '<li><a href="?pair=cn-pk">March 2022<span class="visually-hidden">' in html.replace(
        "&amp;", "&"
    )
    assert "From 2022-03-01" not in html


def test_only_a_whole_year_or_month_has_a_way_through_time(client, years_of_talks):
    for address in [
        "/meetings/?pair=cn-pk",
        "/meetings/?pair=cn-pk&date_from=2022-03-01&date_to=2022-03-30",
        "/meetings/?pair=cn-pk&year=20222",
    ]:
        assert _period_nav(_get(client, address)) == "", address


@pytest.fixture
def years_of_agreement(db):
    """China and Pakistan agreeing in 2019, in March (twice at one meeting) and May 2022, and in
    2024; meeting in 2023 without agreeing anything; France and Germany agreeing in 2021."""
    for day, agreed in [
        (datetime.date(2019, 6, 1), ["To meet again."]),
        (datetime.date(2022, 3, 2), ["To build a road.", "To build a port."]),
        (datetime.date(2022, 5, 9), ["To trade more."]),
        (datetime.date(2023, 7, 1), []),
        (datetime.date(2024, 1, 15), ["To talk in 2025."]),
    ]:
        build(MeetingSpec(f"Talks {day}", day, agreed=agreed))
    build(MeetingSpec("Talks in Paris", datetime.date(2021, 4, 1), ("FR", "DE"), agreed=["A."]))


def test_agreed_points_of_a_year_lead_to_the_years_either_side_with_agreed_points(
    client, years_of_agreement
):
    nav = _period_nav(_get(client, "/agreed/?pair=cn-pk&year=2022"))
    # 2023 has a meeting of the two but nothing agreed: skipped
    assert 'href="?pair=cn-pk&year=2019"' in nav and 'href="?pair=cn-pk&year=2024"' in nav
    march = "?pair=cn-pk&date_from=2022-03-01&date_to=2022-03-31"
    assert re.search(
        rf'<a class="month" href="{re.escape(march)}">.*?<span class="count">2'
        r'<span class="visually-hidden"> agreed points<',
        nav,
    )
    assert re.search(r'<span class="month empty"><span aria-hidden="true">Apr<', nav)
    html = _get(client, "/agreed/" + march)
    assert "To build a port." in html and "To trade more." not in html
    nav = _period_nav(html)
    assert '<span class="period-current" aria-current="page">March 2022</span>' in nav
    assert 'href="?pair=cn-pk&year=2022">All of 2022<' in nav
    assert 'href="?pair=cn-pk&date_from=2022-05-01&date_to=2022-05-31"' in nav
    assert '<li><a href="?pair=cn-pk">March 2022<span class="visually-hidden">' in html.replace(
        "&amp;", "&"
    )
    # without a filter the running counts hold, the years next door
    nav = _period_nav(_get(client, "/agreed/?q=road&year=2022"))
    assert 'href="?q=road&year=2021"' in nav and 'href="?q=road&year=2023"' in nav
    assert _period_nav(_get(client, "/agreed/?pair=cn-pk")) == ""


def test_agreed_points_query_count_of_a_year_does_not_grow(client, db):
    import_many(30)
    assert _period_nav(_get(client, "/agreed/?year=2016"))
    assert _query_count(client, "/agreed/?year=2016&per_page=10") == _query_count(
        client, "/agreed/?year=2016&per_page=50"
    )


_LINK_FILTERS = [
    "country=cn",
    "country=cn&country=pk",
    "pair=cn-fr",
    "topic=trade",
    "topic=trade&topic=economy",
    "country=cn&topic=economy",
    "country=cn&year=2023",
    "pair=cn-jp&year=2022",
    "topic=trade&year=2022",
    "country=cn&topic=trade&year=2023",
    "country=zz",
    "topic=nothing",
    "country=cn&kind=phone_call",
    "country=cn&sort=oldest",
]


# Two topics, a country and a topic in one year, a kind: no running count keeps these.
_COUNTED_MEETING_BY_MEETING = {
    "topic=trade&topic=economy",
    "country=cn&topic=trade&year=2023",
    "country=cn&kind=phone_call",
}


def _kept(query: str) -> list[Meeting]:
    """The meetings an address keeps, worked out in Python from each meeting's links."""
    params = dict(pair.split("=") for pair in query.split("&"))
    wanted = [v.upper() for k, v in (p.split("=") for p in query.split("&")) if k == "country"]
    wanted += [code.upper() for code in params.get("pair", "").split("-") if code]
    topics = [v for k, v in (p.split("=") for p in query.split("&")) if k == "topic"]
    kept = []
    for meeting in Meeting.objects.prefetch_related("countries", "topics"):
        codes = {c.code for c in meeting.countries.all()}
        slugs = {t.slug for t in meeting.topics.all()}
        if not set(wanted) <= codes or not set(topics) <= slugs:
            continue
        if "year" in params and meeting.held_on.year != int(params["year"]):
            continue
        if "kind" in params and meeting.kind != params["kind"]:
            continue
        kept.append(meeting)
    oldest = params.get("sort") == "oldest"
    return sorted(kept, key=lambda m: (m.held_on, m.pk), reverse=not oldest)


@pytest.mark.parametrize("share", [0.0, 2.0])  # every country and topic walked, or none
@pytest.mark.parametrize("query", _LINK_FILTERS)
def test_countries_and_topics_keep_the_same_meetings_walked_or_read(
    client, corpus, monkeypatch, share, query
):
    from archive import filters

    monkeypatch.setattr(filters, "COMMON_SHARE", share)
    body = client.get(f"/meetings.json?{query}").json()
    expected = _kept(query)
    assert [r["slug"] for r in body["results"]] == [m.slug for m in expected]
    assert body["count"] == len(expected) and body["count_exact"] is True


@pytest.mark.parametrize("query", _LINK_FILTERS)
def test_a_list_of_countries_topics_and_a_year_is_counted_from_the_running_counts(
    client, corpus, query
):
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"/meetings.json?{query}").json()
    assert body["count"] == len(_kept(query))
    counts = [q["sql"] for q in queries if 'COUNT(*) AS "__count"' in q["sql"]]
    if query in _COUNTED_MEETING_BY_MEETING:
        assert counts, "the running counts keep no such count: the list counts its meetings"
    else:
        assert not counts, counts


@pytest.mark.sqlite  # PostgreSQL chooses by its statistics of each country's share
def test_a_common_country_walks_the_date_index_and_a_rare_one_reads_its_links(corpus):
    from django.test import RequestFactory

    from archive import feeds
    from archive.views.meeting_results import MeetingResults

    def plan(queryset) -> str:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return "\n".join(row[3] for row in cursor.fetchall())

    def page(query: str) -> str:
        results = MeetingResults(RequestFactory().get(f"/meetings/?{query}"))
        return plan(results.ordered().values("pk")[:20])

    def feed(code: str) -> str:
        return plan(feeds.CountryFeed().items(Country.objects.get(code=code)))

    # China takes part in all 26 meetings, France in 1 (under COMMON_SHARE).
    import_many(20)
    assert "meeting_held_on_idx" in page("country=cn")
    assert "TEMP B-TREE" not in page("country=cn")
    assert "TEMP B-TREE" in page("country=fr")
    # The country's feed, newest imports first, likewise.
    assert "meeting_imported_idx" in feed("CN") and "TEMP B-TREE" not in feed("CN")
    assert "TEMP B-TREE" in feed("FR")


@pytest.mark.parametrize("share", [0.0, 2.0])  # every country and topic walked, or none
@pytest.mark.parametrize(
    ("url", "count"), [("/countries/cn/", 6), ("/topics/trade/", 3), ("/relations/cn-pk/", 1)]
)
def test_country_topic_and_relationship_pages_find_their_meetings_as_the_list_does(
    client, corpus, monkeypatch, share, url, count
):
    from django.core.cache import cache

    from archive import filters

    cache.clear()
    monkeypatch.setattr(filters, "COMMON_SHARE", share)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["meetings"]) == count
    page = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "archive_meeting"."id"') and "LIMIT" in q["sql"]
    ]
    assert len(page) == 1, page
    walked = "EXISTS(SELECT" in page[0]
    assert walked == (share == 0.0), page[0]
    assert walked or 'IN (SELECT "U0"."meeting_id"' in page[0], page[0]


@pytest.mark.parametrize("path", ["/meetings/", "/agreed/"])
def test_a_search_too_common_to_search_keeps_the_chips_of_its_filters(client, corpus, path):
    html = _get(client, f"{path}?q=the+of+and&country=cn")
    assert "too common to search" in html
    chips = html[html.index('class="chosen-filters"') :]
    assert chips.index('<a href="?q=the+of+and">China<') < chips.index("</ul>")


@pytest.mark.parametrize(
    ("address", "title"),
    [
        # the search in the result summary's and the feed title's words, not as typed
        (
            "/meetings/?q=%22belt+and+road%22+-Ukraine+OR+corridor",
            "Search the phrase “belt and road”, without “ukraine” or “corridor”",
        ),
        ("/meetings/?q=terrorism&country=cn", "Search “terrorism”, filtered"),
        ("/meetings/?q=the+of+and", "Search “the of and” (too common to search)"),
        ("/meetings/?q=-Lavrov", "All readouts"),
        ("/agreed/?q=Terrorism", "Agreed points matching “terrorism”"),
        (
            "/agreed/?q=the&country=cn",
            "Agreed points matching “the” (too common to search), filtered",
        ),
        # short enough for a browser tab
        ("/meetings/?q=" + "+".join(f"word{i}" for i in range(12)), "Search “word0 word1"),
    ],
)
def test_a_list_title_says_its_search_as_its_summary_does(client, corpus, address, title):
    [text] = re.findall(r"<title>(.*?) · Readout archive</title>", _get(client, address))
    assert text.startswith(title) and len(text) <= 100
    assert "&quot;" not in text and '"' not in text


@pytest.mark.parametrize(
    ("address", "heading"),
    [
        # a search too common to search is still a search, as its title and summary say
        ("/meetings/?q=the+of+and&country=cn", "Search results"),
        ("/meetings/?q=the+of+and", "Search results"),
        ("/meetings/?q=terrorism&country=cn", "Search results"),
        # nothing to search for in an exclusion alone: the readouts its filters keep
        ("/meetings/?q=-Lavrov&country=cn", "Readouts, filtered"),
        ("/meetings/?q=-Lavrov", "All readouts"),
    ],
)
def test_a_list_heading_says_what_its_title_says(client, corpus, address, heading):
    [text] = re.findall(r"<h1>(.*?)</h1>", _get(client, address))
    assert text == heading
