"""A search that finds nothing offers the same search with a misspelt name respelt."""

from pathlib import Path

import pytest

from archive import suggestions
from archive.facets import archive_state
from archive.importer import import_readout
from tests.factories import import_search_corpus

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(db):
    return import_search_corpus()


def _offered(client, query: str) -> str:
    html = client.get("/meetings/" + query).content.decode()
    start = html.find("Did you mean")
    return html[start : html.find("?", html.find("</a>", start))] if start >= 0 else ""


def test_a_misspelt_name_is_offered_respelt(client, corpus):
    assert _offered(client, "?q=Qurashi") == 'Did you mean <a href="?q=Qureshi">Qureshi</a>'
    # the other words and filters are kept
    assert _offered(client, "?q=Qurashi+talks&country=pk&page=3") == (
        'Did you mean <a href="?q=Qureshi+talks&amp;country=pk">Qureshi talks</a>'
    )


@pytest.mark.parametrize(
    "query",
    [
        "?q=Qureshi",  # found: nothing to offer
        "?q=Qurashi&country=us",  # respelt, it finds nothing either with the filters
        '?q="Qurashi"',  # a phrase stays as written
        "?q=Qurashi*",  # and a prefix
        "?q=zqnohitword",  # no name is close
        "?q=Iram",  # too short to tell from another name
    ],
)
def test_nothing_is_offered_where_nothing_would_be_found(client, corpus, query):
    assert _offered(client, query) == ""


def test_the_names_are_read_once_per_archive_state(corpus, django_assert_num_queries):
    state = archive_state()
    known = suggestions.names(state)
    assert known.closest("qurashi") == "Qureshi"
    assert known.closest("pakistn") == "Pakistan"
    assert known.closest("qureshi") is None  # a name as it is
    with django_assert_num_queries(0):
        assert suggestions.names(state) is known
    assert suggestions.names(state + "x") is not known


def test_a_name_the_index_reads_as_two_words_is_offered_as_written(client, corpus):
    """Both indexes split "Sa'ar" at the apostrophe, so "Saar" finds nothing; the list offers
    the name as the archive writes it, which finds the meeting."""
    text = (ROOT / "tests/fixtures/readouts/il-mfa/fm-met-today-czech-counterpart.txt").read_text()
    import_readout(text, source_name="saar.txt", publisher="il-gov")
    assert _offered(client, "?q=Saar") == 'Did you mean <a href="?q=Sa%27ar">Sa&#x27;ar</a>'
    assert _offered(client, "?q=saar&country=il") == (
        'Did you mean <a href="?q=Sa%27ar&amp;country=il">Sa&#x27;ar</a>'
    )
    assert client.get("/meetings.json?q=Sa'ar").json()["count"] == 1
    assert suggestions.names(archive_state()).closest("counterterrorism") == "Counter-terrorism"
    # A possessive is no such name.
    found = suggestions._JOINED.findall("People's Republic, Sa'ar’s visit, Jean-Yves Le Drian")
    assert found == ["Sa'ar", "Jean-Yves"]


@pytest.mark.parametrize(
    ("query", "offered"),
    [
        ("?q=Qurashi", 'Did you mean <a href="?q=Qureshi">Qureshi</a>'),
        # the country and the order are kept; the page is not
        (
            "?q=Qurashi&country=pk&sort=name&page=2",
            'Did you mean <a href="?q=Qureshi&amp;country=pk&amp;sort=name">Qureshi</a>',
        ),
        ("?q=Qurashi&country=cn", ""),  # respelt, no one of that country is called so
        ("?q=Pakistn", ""),  # a country's name: no one is called so
        ("?q=zqnohitword", ""),
    ],
)
def test_a_misspelt_name_on_the_people_list_is_offered_respelt(client, corpus, query, offered):
    html = client.get("/people/" + query).content.decode()
    start = html.find("Did you mean")
    assert (html[start : html.find("?", html.find("</a>", start))] if start >= 0 else "") == offered


def _offered_on(client, path: str) -> str:
    html = client.get(path).content.decode()
    start = html.find("Did you mean")
    return html[start : html.find("?", html.find("</a>", start))] if start >= 0 else ""


def test_a_misspelt_name_in_a_search_of_agreed_points_is_offered_respelt(client, corpus):
    # a topic's name: "Climate"
    assert _offered_on(client, "/agreed/?q=climte&country=fr&page=2") == (
        'Did you mean <a href="?q=Climate&amp;country=fr">Climate</a>'
    )
    # respelt, it finds no agreed point with the filters
    assert _offered_on(client, "/agreed/?q=climte&country=jp") == ""
    assert _offered_on(client, "/agreed/?q=climate") == ""
