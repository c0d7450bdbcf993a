"""MeetingFilter and AgreedPointFilter: each filter, their combinations, forgiving input."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.http import QueryDict
from django.test import RequestFactory

from archive.filter_fields import pair_codes, read_pair
from archive.filters import AgreedPointFilter, MeetingFilter
from archive.models import AgreedPoint, Meeting
from tests.factories import import_search_corpus


@pytest.fixture
def corpus(db):
    return import_search_corpus()


def _request(user=None):
    request = RequestFactory().get("/meetings/")
    request.user = user or AnonymousUser()
    return request


def _names(corpus, query: str, user=None) -> set[str]:
    names = {m.pk: key for key, m in corpus.items()}
    filterset = MeetingFilter(
        QueryDict(query), queryset=Meeting.objects.all(), request=_request(user)
    )
    return {names[pk] for pk in filterset.qs.values_list("pk", flat=True)}


ALL = {"seed", "corridor", "ukraine", "climate", "trade", "formula"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ALL),
        ("q=terrorism", {"seed"}),
        # several countries: all of them took part
        ("country=cn", ALL),
        ("country=cn&country=pk", {"seed"}),
        ("country=CN&country=Pk", {"seed"}),
        ("country=pk&country=fr", set()),
        # an unknown code matches nothing rather than being dropped
        ("country=pk&country=zz", set()),
        # a malformed code is ignored
        ("country=pk&country=%3Cb%3E", {"seed"}),
        ("pair=cn-pk", {"seed"}),
        ("pair=PK-CN", {"seed"}),
        ("pair=cn-cn", ALL),
        ("pair=nonsense", ALL),
        # two countries typed as a researcher would
        ("pair=cn+pk", {"seed"}),
        ("pair=China-Pakistan", {"seed"}),
        ("pair=Pakistan+and+China", {"seed"}),
        ("pair=pakistan%2Fcn", {"seed"}),
        ("pair=cn-fr&q=climate", {"climate"}),
        ("topic=trade", {"seed", "corridor", "trade"}),
        ("topic=trade&topic=economy", {"seed", "corridor", "trade"}),
        ("topic=trade&topic=ukraine", {"seed"}),
        ("topic=unknown-topic", set()),
        ("kind=phone_call", {"ukraine"}),
        ("kind=spaceship", ALL),
        ("date_from=2023-02-01&date_to=2023-04-30", {"ukraine", "climate", "trade"}),
        ("date_from=2023-02-30", ALL),
        ("year=2022", {"seed"}),
        ("year=99999999999999", ALL),
        ("year=20.5", ALL),
        ("has_agreed=true", ALL),
        ("has_agreed=false", set()),
        ("has_agreed=maybe", ALL),
        ("q=talks&country=cn&topic=economy&date_from=2023-04-01", {"trade"}),
        ("q=%22&country=", ALL),
    ],
)
def test_meeting_filter(corpus, query, expected):
    assert _names(corpus, query) == expected


def test_person_filter_uses_slugs(corpus):
    wang = corpus["seed"].participants.get(person__name="Wang Yi").person
    assert _names(corpus, f"person={wang.slug}") == {"seed"}
    li = corpus["trade"].participants.get(person__name="Li Ming").person
    assert _names(corpus, f"person={wang.slug}&person={li.slug}") == set()


def test_person_filter_reads_names_and_address_names_without_the_country(corpus):
    wang = corpus["seed"].participants.get(person__name="Wang Yi").person
    li = corpus["trade"].participants.get(person__name="Li Ming").person
    assert _names(corpus, "person=Wang+Yi") == {"seed"}
    assert _names(corpus, "person=wang-yi") == {"seed"}  # "wang-yi-cn" without its country
    # the text box sends the people it shows, separated by spaces
    assert _names(corpus, f"person={wang.slug}+{li.slug}") == set()
    assert _names(corpus, f"person={wang.slug}%2C{wang.slug}") == {"seed"}


@pytest.mark.parametrize(
    ("query", "field", "message", "expected"),
    [
        # no such person: nothing, as an unknown address name always matched (and an export,
        # which has no form to show the message, must not widen to the whole archive)
        ("person=Nobody+Here", "person", "No one in the archive is called “Nobody Here”.", set()),
        # a pair it cannot read is left out
        ("pair=Japan-Narnia", "pair", "“Japan-Narnia” is not two countries", ALL),
        ("pair=cn-cn", "pair", "is not two countries", ALL),
    ],
)
def test_a_filter_it_cannot_read_says_why(corpus, query, field, message, expected):
    filterset = MeetingFilter(QueryDict(query), queryset=Meeting.objects.all(), request=_request())
    assert message in " ".join(filterset.form.errors[field])
    assert _names(corpus, query) == expected
    _, meetings = filterset.search_scope()
    assert {m.pk for m in meetings} == {corpus[k].pk for k in expected}


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("us-uk", "gb-us"),  # "UK" is no code, but it names the United Kingdom
        ("jordan-israel", "il-jo"),  # names that are also words, typed in lower case
        ("zz-yy", "yy-zz"),  # two codes the archive does not know: kept, matching nothing
        ("pk-cn", "cn-pk"),  # in the relationship page's order
        ("Pakistan and China", "cn-pk"),
        ("cn-pk", "cn-pk"),
        # the UN, which the parser never reads from its name, typed by its code or its name
        ("Egypt-UN", "eg-un"),
        ("Egypt and the United Nations", "eg-un"),
        ("united nations / egypt", "eg-un"),
        # Türkiye by its name since 2022 or its older one
        ("Greece-Türkiye", "gr-tr"),
        ("Turkey and Greece", "gr-tr"),
    ],
)
def test_read_pair(typed, canonical):
    assert read_pair(typed) == canonical


def test_publisher_filter(corpus):
    publisher = corpus["seed"].publisher
    assert publisher
    assert _names(corpus, "publisher=" + publisher.upper().replace(" ", "+")) == ALL
    assert _names(corpus, "publisher=Nobody") == set()


def test_review_filter_only_for_staff(corpus):
    Meeting.objects.filter(pk=corpus["seed"].pk).update(review_status="reviewed")
    Meeting.objects.exclude(pk=corpus["seed"].pk).update(review_status="needs_review")
    assert _names(corpus, "review=reviewed") == ALL
    staff = User.objects.create_user("curator", password="x-very-long-password", is_staff=True)
    assert _names(corpus, "review=reviewed", staff) == {"seed"}
    assert _names(corpus, "review=bogus", staff) == ALL


def test_sort_defaults():
    def sort(query):
        return MeetingFilter(QueryDict(query), queryset=Meeting.objects.none()).chosen_sort

    assert sort("") == "newest"
    assert sort("q=trade") == "relevance"
    assert sort("sort=relevance") == "newest"
    assert sort("q=trade&sort=oldest") == "oldest"
    assert sort("sort=evil") == "newest"
    assert sort("q=%26%26") == "newest"


def test_pair_codes():
    assert pair_codes("cn-pk") == ["cn", "pk"]
    assert pair_codes(" PK-CN ") == ["pk", "cn"]
    assert pair_codes("cn-cn") == []
    assert pair_codes("cnpk") == []
    assert pair_codes(None) == []


def _points(query: str) -> set[int]:
    filterset = AgreedPointFilter(QueryDict(query), queryset=AgreedPoint.objects.all())
    return set(filterset.qs.values_list("meeting_id", flat=True))


def test_agreed_point_filter(corpus):
    ids = {key: m.pk for key, m in corpus.items()}
    assert _points("q=climate") == {ids["climate"]}
    assert _points("pair=cn-uz") == {ids["corridor"]}
    assert _points("country=cn&country=ru") == {ids["ukraine"]}
    assert _points("date_from=2023-04-01") == {ids["trade"], ids["formula"]}
    assert _points("q=terrorism&pair=cn-pk") == {ids["seed"]}
    assert _points("country=zz") == set()
    seed_topics = set(
        AgreedPoint.objects.filter(meeting=corpus["seed"]).values_list("topics__slug", flat=True)
    )
    topic = sorted(t for t in seed_topics if t)[0]
    assert ids["seed"] in _points(f"topic={topic}")
    assert _points("topic=unknown") == set()
    assert _points("year=abc&date_to=garbage") == set(ids.values())


def test_agreed_points_are_filtered_by_their_meeting(corpus):
    ids = {key: m.pk for key, m in corpus.items()}
    Meeting.objects.filter(pk=ids["trade"]).update(publisher="Gaimusho")
    assert _points("person=wang-yi-cn") == {ids["seed"]}
    assert _points("person=Sergei+Volkov") == {ids["ukraine"]}
    assert _points("person=nobody") == set()  # said on the form, as on the meeting list
    assert _points("year=2022") == {ids["seed"]}
    assert _points("kind=phone_call") == {ids["ukraine"]}
    assert _points("publisher=gaimusho") == {ids["trade"]}
    assert _points("person=li-ming-cn&year=2023&kind=meeting") == {
        ids[key] for key in ("corridor", "climate", "trade", "formula")
    }


def test_agreed_points_say_has_agreed_is_no_filter_of_theirs(client, corpus):
    html = client.get("/agreed/?has_agreed=false").content.decode()
    assert "“has_agreed” is no filter of agreed points" in html
    assert '<details class="filters" open>' in html
    assert corpus["seed"].title in html


@pytest.mark.parametrize("q", ["-china", "NOT china", "-china -pakistan"])
def test_a_search_that_only_excludes_says_so(corpus, q):
    filterset = MeetingFilter(
        QueryDict(f"q={q}"), queryset=Meeting.objects.all(), request=_request()
    )
    assert "only excludes: add a word to look for" in " ".join(filterset.form.errors["q"])


@pytest.mark.parametrize("q", ["talks -china", "climate", ""])
def test_a_search_with_a_word_to_look_for_is_no_error(corpus, q):
    filterset = MeetingFilter(
        QueryDict(f"q={q}"), queryset=Meeting.objects.all(), request=_request()
    )
    assert "q" not in filterset.form.errors


@pytest.mark.parametrize(
    ("query", "said", "count"),
    [
        ("country=zz&topic=nope", ["No country has the code “zz”", "No topic is called “nope”"], 0),
        ("country=cn&country=zz", ["No country has the code “zz”"], 0),
        # an unknown code in a pair is said as one in `country` is
        ("pair=cn-zz", ["No country has the code “zz”"], 0),
        ("pair=yy-zz", ["No country has the code “yy”", "No country has the code “zz”"], 0),
        ("sort=evil", ["“evil” is no order of this list"], len(ALL)),
        # a date is read as YYYY-MM-DD only, and the message repeats what was typed
        ("date_from=05/01/2024", ["“05/01/2024” is not a date: write it YYYY-MM-DD"], len(ALL)),
        ("date_to=2024-13-01", ["“2024-13-01” is not a date: write it YYYY-MM-DD"], len(ALL)),
        (
            "date_from=2023-05-01&date_to=2023-01-01",
            ["“To” (2023-01-01) is before “From” (2023-05-01): no date is in between"],
            0,
        ),
        ("per_page=7", ["“7” per page is not offered (10, 20, 50, 100): 20 are shown."], len(ALL)),
        ("per_page=abc&sort=oldest", ["“abc” per page is not offered"], len(ALL)),
    ],
)
def test_the_list_says_what_it_could_not_read(client, corpus, query, said, count):
    html = client.get(f"/meetings/?{query}").content.decode()
    for text in said:
        assert text in html
    assert '<details class="filters" open>' in html
    assert client.get(f"/meetings.json?{query}").json()["count"] == count
    agreed = client.get(f"/agreed/?{query}").content.decode()
    assert all(text in agreed for text in said if "sort" not in query)


def test_an_unknown_code_in_a_pair_is_a_warning(client, corpus):
    assert client.get("/meetings.json?pair=cn-zz").json()["warnings"] == [
        "pair: No country has the code “zz”: nothing matches it."
    ]
    assert client.get("/meetings.json?pair=zz-yy").json()["warnings"] == [
        "pair: No country has the code “yy”: nothing matches it.",
        "pair: No country has the code “zz”: nothing matches it.",
    ]
    assert client.get("/meetings.json?pair=cn-pk").json()["warnings"] == []


def test_a_search_read_otherwise_than_written_is_a_warning(client, corpus):
    body = client.get("/meetings.json?q=te*").json()
    said = "“te*”: a prefix needs 3 letters at least; “te” is searched as a whole word."
    assert body["warnings"] == [f"q: {said}"]
    assert said in client.get("/meetings/?q=te*").content.decode()
    assert client.get("/meetings.json?q=terror*").json()["warnings"] == []
    words = " ".join(f"word{i}" for i in range(20))
    [warning] = client.get(f"/meetings.json?q={words}").json()["warnings"]
    assert warning == (
        "q: The search is too long: only its first 1,000 characters and 12 words or phrases are"
        " searched, “word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11”."
    )
    [warning] = client.get("/meetings.json?q=" + "x " * 600).json()["warnings"]
    assert warning.startswith("q: The search is too long")
    html = client.get(f"/meetings/?q={words}").content.decode()
    assert "The search is too long" in html


def test_other_names_of_a_country_searched_are_said(client, corpus):
    said = "“burma” is searched with the country’s other names too: “Myanmar”."
    assert client.get("/meetings.json?q=Burma").json()["warnings"] == [f"q: {said}"]
    html = client.get("/meetings/?q=Burma").content.decode()
    assert f'<li class="information">{said}</li>' in html
    assert "<li>“te*”: a prefix needs" in client.get("/meetings/?q=te*").content.decode()
    assert client.get("/meetings.json?q=Korea").json()["warnings"] == []


@pytest.mark.parametrize(
    ("query", "warning", "count"),
    [
        (
            "has_agreed=yes",
            "has_agreed: “yes” is neither true nor false: meetings with and without agreed points"
            " are shown.",
            len(ALL),
        ),
        (
            "publisher=bogus",
            "publisher: No readout in the archive is published by “bogus”: nothing matches it.",
            0,
        ),
    ],
)
def test_a_true_or_false_and_a_publisher_are_said_when_they_mean_nothing(
    client, corpus, query, warning, count
):
    body = client.get(f"/meetings.json?{query}").json()
    assert (body["warnings"], body["count"]) == ([warning], count)
    html = client.get(f"/meetings/?{query}").content.decode()
    assert warning.split(": ", 1)[1] in html
    assert '<details class="filters" open>' in html


@pytest.mark.parametrize(
    ("query", "count"), [("has_agreed=TRUE", len(ALL)), ("has_agreed=false", 0), ("", len(ALL))]
)
def test_a_true_or_false_and_a_publisher_the_archive_has_raise_no_word(
    client, corpus, query, count
):
    publisher = corpus["seed"].publisher.upper()
    body = client.get(f"/meetings.json?{query}&publisher={publisher}").json()
    assert (body["warnings"], body["count"]) == ([], count)


def test_a_value_the_archive_knows_raises_no_word(client, corpus):
    html = client.get("/meetings/?country=cn&per_page=50&sort=oldest").content.decode()
    assert 'class="errorlist"' not in html
    assert client.get("/meetings.json?country=cn&per_page=50").json()["warnings"] == []


def test_the_json_list_gives_what_it_could_not_read_as_warnings(client, corpus):
    body = client.get(
        "/meetings.json?date_from=2024-13-45&country=zz&per_page=7&pair=Japan-Narnia"
    ).json()
    assert body["count"] == 0  # the unknown country matches nothing; the rest is ignored
    assert body["warnings"] == [
        "pair: “Japan-Narnia” is not two countries: write their codes or names, e.g. cn-pk or "
        "China-Pakistan.",
        "date_from: “2024-13-45” is not a date: write it YYYY-MM-DD, e.g. 2024-05-31.",
        "country: No country has the code “zz”: nothing matches it.",
        "per_page: “7” per page is not offered (10, 20, 50, 100): 20 are shown.",
    ]


@pytest.mark.django_db
def test_the_country_list_is_in_a_readers_alphabetical_order():
    from archive.filter_choices import _country_choices

    names = [name for _, name in _country_choices()]
    assert names.index("Åland Islands") < names.index("Albania")
    assert names.index("Côte d'Ivoire") < names.index("Croatia")
    assert names.index("Réunion") < names.index("Romania")
