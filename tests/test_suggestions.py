"""A search that finds nothing offers the same search with a misspelt name respelt."""

from pathlib import Path

import pytest

from archive import suggestions
from archive.aggregate_cache import archive_state
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


# Written for tests: a readout that gives a name in its own script, in parentheses.
IN_TWO_SCRIPTS = (
    "On May 3, 2024, Foreign Minister Wang Yi held talks with Foreign Minister Sergey Lavrov "
    "(Сергей Лавров) of Russia in Beijing.\n\nLavrov said that the two sides would meet in "
    "Moscow.\n\nThe two sides agreed to hold consultations in Москва.\n"
)
OTHER_SCRIPT = "published in English, with names written in Latin letters"


@pytest.fixture
def two_scripts(corpus):
    return import_readout(IN_TWO_SCRIPTS, source_name="lavrov.txt", publisher="cn-mfa").meeting


@pytest.mark.parametrize("path", ["/meetings/", "/agreed/"])
def test_a_search_in_another_script_says_the_readouts_are_in_english(client, two_scripts, path):
    # a word a readout has in that script is found as any other word, on both databases
    found = client.get(path + "?q=Москва").content.decode()
    assert OTHER_SCRIPT not in found and two_scripts.title in found
    html = " ".join(client.get(path + "?q=Путин").content.decode().split())
    assert OTHER_SCRIPT in html
    assert f"<q>Путин</q> is in no {'readout' if path == '/meetings/' else 'agreed point'}." in html
    assert "Search the name as English writes it" in html


def test_a_name_a_curator_gave_in_its_script_is_offered_in_latin_letters(client, two_scripts):
    from archive.models import Person

    wang = Person.objects.get(name="Wang Yi")
    wang.aliases = [*wang.aliases, "Ван И"]
    wang.save()
    html = " ".join(client.get("/meetings/?q=Ван").content.decode().split())
    assert OTHER_SCRIPT in html
    assert 'In Latin letters: <a href="?q=%22Wang+Yi%22">Wang Yi</a>.' in html
    # not where the name would find nothing with the list's filters
    html = " ".join(client.get("/meetings/?q=Ван&country=us").content.decode().split())
    assert OTHER_SCRIPT in html and "In Latin letters" not in html


def test_a_name_in_another_script_that_no_one_has_says_names_are_in_latin_letters(client, corpus):
    html = " ".join(client.get("/people/?q=Лавров").content.decode().split())
    assert "No one in the archive is called “Лавров”." in html
    assert "Names in the archive are written in Latin letters" in html
    html = " ".join(client.get("/people/?q=Lavrovv").content.decode().split())
    assert "Latin letters" not in html
