"""The query language (parsed once in Python) and full-text search on both databases.

One table of queries -> expected meetings runs unchanged on SQLite and on PostgreSQL: the same
query must find the same meetings on each.
"""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive import search, search_query
from archive.importer import import_readout
from archive.models import AgreedPoint, Meeting
from archive.search import to_fts5_match, to_tsquery_text
from archive.search_query import Clause, Query, Term, parse_query
from tests.factories import import_search_corpus

ALL = {"seed", "corridor", "ukraine", "climate", "trade", "formula"}

# --- Parsing: pure, no database -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # words: each its own clause, lower-cased
        ("Wang Qureshi", "wang qureshi"),
        # a phrase keeps its words together
        ('"Economic Corridor"', '"economic corridor"'),
        # OR joins the neighbouring terms
        ("terrorism OR extremism", "terrorism OR extremism"),
        ("a OR b OR c d", "a OR b OR c d"),
        # exclusion of a word and of a phrase
        ("Ukraine -Pakistan", "ukraine -pakistan"),
        ('talks -"phone call"', 'talks -"phone call"'),
        ("talks NOT Pakistan", "talks -pakistan"),
        # an exclusion's alternatives are excluded with it; an exclusion after OR is no
        # alternative, and a search of exclusions only is none
        ('"belt and road" -Ukraine OR corridor', '"belt and road" -ukraine OR corridor'),
        ("talks NOT Ukraine OR corridor -visit", "talks -ukraine OR corridor -visit"),
        ("corridor OR -Ukraine", "corridor -ukraine"),
        ("-Ukraine OR corridor", ""),
        # prefix: three letters or more, otherwise a plain word
        ("terror*", "terror*"),
        ("te*", "te"),
        ('"economic corr"*', '"economic corr*"'),
        # punctuation inside a word splits it like the index does
        ("China-Pakistan", '"china pakistan"'),
        ("Pakistan's", '"pakistan s"'),
        ("e.g.", '"e g"'),
        # an unbalanced quote closes at the end
        ('"economic corridor', '"economic corridor"'),
        # operators the language does not have are spaces, inside a word too
        ("a & b | !c (d) :e", "a b c d e"),
        ("Lavrov:Blinken", "lavrov blinken"),
        ("Lavrov!Blinken", "lavrov blinken"),
        ("Lavrov|Blinken", "lavrov blinken"),
        ("Lavrov&Blinken", "lavrov blinken"),
        ("(Lavrov)Blinken", "lavrov blinken"),
        ("talks!-Lavrov", "talks -lavrov"),
        # PostgreSQL's prefix
        ("terror:*", "terror*"),
        # AND is implicit; dangling OR is dropped
        ("climate AND", "climate"),
        ("OR climate OR", "climate"),
        # duplicates collapse
        ("talks talks", "talks"),
        # lower-case or is a word
        ("this or that", "this or that"),
        # a country's name is searched with its other names
        ("Burma", "burma OR myanmar"),
        ("Myanmar talks", "myanmar OR burma talks"),
        ("Swaziland", "swaziland OR eswatini"),
        ("-Burma", ""),
        ("talks -Burma", "talks -burma OR myanmar"),
        ('"Ivory Coast"', '"ivory coast" OR "cote d ivoire" OR "côte d ivoire"'),
        ("U.S.", '"u s" OR usa OR "united states"'),
        # unquoted, the words of a longer name are words; a prefix is a prefix
        ("Ivory Coast", "ivory coast"),
        ("burm*", "burm*"),
        # neither a name inside another country's, nor one English writes otherwise
        ("Korea", "korea"),
        ('"South Korea"', '"south korea" OR "republic of korea" OR "r o k" OR rok'),
        ("Congo", "congo"),
        ("US", "us"),
        ("America", "america"),
        # the United Nations has no other name to add: "UN" is also the "Un" of "Kim Jong Un"
        ("UN", "un"),
        ('"United Nations"', '"united nations"'),
        # a longer name holding one searched adds nothing
        ("Iran", "iran"),
        ("China", "china OR prc"),
    ],
)
def test_parse_query(text, expected):
    assert str(parse_query(text)) == expected


def test_other_names_are_told_once_each_however_marked():
    [(term, names)] = search_query.other_names("Turkey")
    assert (str(term), names) == ("turkey", ("Türkiye",))
    assert [names for _, names in search_query.other_names("UK talks -Burma")] == [
        ("Britain", "U.K.", "United Kingdom"),
        ("Myanmar",),
    ]
    assert search_query.other_names("turk* Korea Ivory Coast") == []


@pytest.mark.parametrize(
    "text",
    ["", "   ", "&|!():*", '"', '""', "-", "--", "-Pakistan", '-"a b"', "OR", "NOT", "½ ² _"],
)
def test_nothing_to_search_is_no_query(text):
    assert not parse_query(text)


def test_caps_keep_any_input_small():
    query = parse_query(" ".join(f"w{i}" for i in range(500)))
    assert len(query.clauses) == search_query.MAX_CLAUSES
    long_word = parse_query("x" * 10_000)
    assert long_word.clauses[0].terms[0].words == ("x" * search_query.MAX_WORD_CHARS,)
    phrase = parse_query('"' + " ".join(["w"] * 50) + '"')
    assert len(phrase.clauses[0].terms[0].words) == search_query.MAX_PHRASE_WORDS
    alternatives = parse_query(" OR ".join(f"w{i}" for i in range(50)))
    assert len(alternatives.clauses[0].terms) == search_query.MAX_ALTERNATIVES


@pytest.mark.parametrize(
    ("text", "short"),
    [
        ("te*", ["te*"]),
        ("terror* te* ab", ["te*"]),
        ('"economic co"* -x*', ['"economic co*"', "x*"]),
        ("te:*", ["te*"]),
        ("terror* te", []),
    ],
)
def test_a_prefix_too_short_is_told(text, short):
    assert [str(term) for term in search_query.short_prefixes(text)] == short


def test_a_cut_query_is_told():
    assert not search_query.is_cut(" ".join(f"w{i}" for i in range(search_query.MAX_CLAUSES)))
    assert search_query.is_cut(" ".join(f"w{i}" for i in range(search_query.MAX_CLAUSES + 1)))
    # the same word again is no further clause
    assert not search_query.is_cut(" ".join(["w"] * 100))
    assert search_query.is_cut("a " + "b" * search_query.MAX_INPUT_CHARS)
    assert not search_query.is_cut("a" * search_query.MAX_INPUT_CHARS)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # words searched together in one pair of quotes, as typed
        ("wang qureshi", "“wang qureshi”"),
        # a phrase is said to be one, without its own quotes nested in the summary's
        ('"maritime cooperation"', "the phrase “maritime cooperation”"),
        ("terrorism OR extremism", "“terrorism” or “extremism”"),
        ("terror* OR extrem*", "“terror*” or “extrem*”"),
        # exclusions after "without", each on its own
        ("Ukraine -Pakistan", "“ukraine”, without “pakistan”"),
        ('talks -"phone call" -visit', "“talks”, without the phrase “phone call” or “visit”"),
        (
            '"belt and road" -Ukraine OR corridor',
            "the phrase “belt and road”, without “ukraine” or “corridor”",
        ),
        ('wang "economic corridor"', "“wang” and the phrase “economic corridor”"),
    ],
)
def test_a_query_is_described_in_words(text, words):
    assert search_query.described(parse_query(text)) == words


@pytest.mark.parametrize(
    ("text", "common"),
    [
        ("the", True),
        ("of the", True),
        ("And", True),
        ("AND", False),  # the operator: nothing to search for, said otherwise
        ("and OR the", True),
        ("the -china", True),  # an exclusion looks for nothing
        ('"of the"', False),  # a phrase is searched as written
        ('"the Belt and Road"', False),
        ("the talks", False),  # one word is rare enough
        ("the OR china", False),
        ("the*", False),  # a prefix: "their", "theory"
        ("who", False),  # the WHO
        ("-the", False),  # nothing to search for: said otherwise
        ("", False),
    ],
)
def test_a_search_of_common_words_only_is_told(text, common):
    assert search_query.too_common(text) is common


def test_compiled_forms():
    query = parse_query('Ukraine -Pakistan "economic corr"* OR trade')
    assert to_tsquery_text(query) == (
        "(('ukraine')) & !(('pakistan')) & (('economic' <-> 'corr':*) | ('trade'))"
    )
    assert to_fts5_match(query) == (
        '(("ukraine") AND ("economic corr" * OR "trade")) NOT (("pakistan"))'
    )
    excluded = parse_query("talks -Ukraine OR corridor")
    assert to_tsquery_text(excluded) == "(('talks')) & !(('ukraine') | ('corridor'))"
    assert to_fts5_match(excluded) == '(("talks")) NOT (("ukraine" OR "corridor"))'
    assert parse_query("Ukraine").clauses == (Clause((Term(("ukraine",)),)),)
    assert Query() == parse_query("")


@example("İstanbul İ")  # lower case turns "İ" into "i" and a combining dot
@given(st.text(max_size=300))
def test_any_text_parses_to_safe_words(text):
    query = parse_query(text)
    for clause in query.clauses:
        for term in clause.terms:
            assert term.words
            assert all(w.isalnum() and "'" not in w and '"' not in w for w in term.words)


# --- Searching: both databases ------------------------------------------------------------------


@pytest.fixture
def corpus(db):
    return import_search_corpus()


def _found(corpus, text):
    names = {m.pk: key for key, m in corpus.items()}
    return {
        names[pk]
        for pk in search.match_meetings(Meeting.objects.all(), text).values_list("pk", flat=True)
    }


SEARCH_TABLE = [
    # stems: "terrorism" is not "terrorist" (the climate readout says "terrorist financing")
    ("terrorism", {"seed"}),
    ("Terrorism", {"seed"}),
    # the acceptance checks
    ('"Economic Corridor"', {"seed"}),
    ("Ukraine -Pakistan", {"ukraine"}),
    # words anywhere vs a phrase
    ("economic corridor", {"seed", "corridor"}),
    ("corridors", {"seed", "corridor"}),
    ("Ukraine", {"seed", "ukraine"}),
    # every title says "talks" or the text does (the parser titles meetings "A and B: talks")
    ('talks -"Economic Corridor"', ALL - {"seed"}),
    ("climate OR semiconductor", {"climate", "trade"}),
    ("climate OR semiconductor -Paris", {"trade"}),
    # an exclusion's alternatives are excluded with it, as its summary says
    ("talks -Ukraine OR climate", {"corridor", "formula", "trade"}),
    ("talks corridor OR -Ukraine", {"corridor"}),
    ("semiconductor chips", {"trade"}),
    ('"chips semiconductor"', set()),
    # prefix
    ("terror*", {"seed", "climate"}),
    ("semicond*", {"trade"}),
    # hyphenated and possessive words search as phrases of their parts, on both databases
    ("Pakistan-China", {"seed"}),
    ('"China-Pakistan Economic Corridor"', {"seed"}),
    ("Pakistan's", {"seed"}),
    # formula-looking text is just words
    ("=SUM(A1:A9)", {"formula"}),
    ("@mentions", {"formula"}),
    # nothing matches
    ("zzzzqx", set()),
    ("x" * 10_000, set()),
    # no query at all: everything
    ("&|!():*", ALL),
    ("-Pakistan", ALL),
    ('"', ALL),
    # malformed but searchable
    ('"economic corridor', {"seed"}),
    ("climate AND", {"climate"}),
    ("terrorism OR", {"seed"}),
    ("(terrorism)", {"seed"}),
    ("terrorism:*", {"seed", "climate"}),
    ("terrorism!&", {"seed"}),
    # an operator inside a word separates two words, which need not stand together
    ("terrorism:Ukraine", {"seed"}),
    ("Ukraine|terrorism", {"seed"}),
    ("terrorism!Ukraine", {"seed"}),
    ("terrorism&Ukraine", {"seed"}),
]


@pytest.mark.parametrize(("text", "expected"), SEARCH_TABLE)
def test_search_table(corpus, text, expected):
    assert _found(corpus, text) == expected


def test_relevance_puts_title_and_agreed_points_first(corpus):
    # "corridor" is in the corridor readout's agreed point (weight A) and only in the seed's
    # statements (weight B).
    ranked = list(search.search_meetings(Meeting.objects.all(), "railway OR corridor"))
    assert ranked[0].pk == corpus["corridor"].pk
    assert all(hasattr(m, "rank") for m in ranked)
    assert ranked[0].rank >= ranked[-1].rank


def test_ranked_window_keeps_every_match(corpus, monkeypatch):
    monkeypatch.setattr(search, "RANK_WINDOW", 2)
    matched = search.match_meetings(Meeting.objects.all(), "talks")
    ranked = list(search.rank_meetings(matched, "talks", window=True))
    assert {m.pk for m in ranked} == set(matched.values_list("pk", flat=True))
    # outside the window, meetings follow newest first
    outside = [m for m in ranked if m.rank <= -1]
    dates = [m.held_on for m in outside]
    assert dates == sorted(dates, reverse=True)


def test_empty_query_is_newest_first(corpus):
    meetings = list(search.search_meetings(Meeting.objects.all(), ""))
    assert len(meetings) == len(ALL)
    dates = [m.held_on for m in meetings]
    assert dates == sorted(dates, reverse=True)


def test_filtered_search_nests_in_other_queries(corpus):
    matched = search.match_meetings(Meeting.objects.all(), "ukraine")
    outer = Meeting.objects.filter(pk__in=matched.values("pk")).exclude(title="")
    assert set(outer.values_list("pk", flat=True)) == {corpus["seed"].pk, corpus["ukraine"].pk}


def test_count_capped(corpus):
    matched = search.match_meetings(Meeting.objects.all(), "talks")
    assert search.count_capped(matched) == (6, True)
    assert search.count_capped(matched, cap=3) == (3, False)


def test_highlight_marks_the_words_and_escapes_the_text(corpus):
    seed = corpus["seed"]
    snippets = search.highlight([seed], "terrorism")
    assert "<mark>terrorism</mark>" in snippets[seed.pk]
    assert "&quot;East Turkistan Islamic Movement&quot;" in snippets[seed.pk]
    assert "<" not in snippets[seed.pk].replace("<mark>", "").replace("</mark>", "")
    formula = corpus["formula"]
    marked = search.highlight([formula], "soybeans")[formula.pk]
    assert "<mark>soybeans</mark>" in marked


def test_highlight_only_for_the_given_meetings(corpus, django_assert_max_num_queries):
    meetings = list(search.match_meetings(Meeting.objects.all(), "talks"))
    # SQLite: one query. PostgreSQL: the texts, then ts_headline over the parts around the
    # matches (and over whole texts where such a part lacks the query's whole match).
    with django_assert_max_num_queries(3):
        snippets = search.highlight(meetings, "talks")
    assert set(snippets) == {m.pk for m in meetings}
    assert search.highlight(meetings, "") == {}


def test_agreed_points_search_and_highlight(corpus):
    points = AgreedPoint.objects.all()
    found = list(search.search_agreed_points(points, "climate"))
    assert [p.meeting_id for p in found] == [corpus["climate"].pk]
    marked = search.highlight_agreed_points(found, "climate")
    assert "<mark>climate</mark>" in marked[found[0].pk]
    assert set(
        search.search_agreed_points(points, "terrorism").values_list("meeting_id", flat=True)
    ) == {corpus["seed"].pk}


def test_index_follows_updates_and_deletes(corpus):
    trade = corpus["trade"]
    Meeting.objects.filter(pk=trade.pk).update(title="Quinoa summit")
    assert _found(corpus, "quinoa") == {"trade"}
    trade.refresh_from_db()
    trade.title = "Barley summit"
    trade.save()
    assert _found(corpus, "quinoa") == set()
    assert _found(corpus, "barley") == {"trade"}
    Meeting.objects.filter(pk=corpus["climate"].pk).delete()
    assert _found(corpus, "climate") == set()


# --- Diacritics: a name finds every spelling of it --------------------------------------------

SPELLINGS = {
    "marked": (
        "On May 3, 2024, Foreign Minister Wang Yi held talks with Foreign Minister José Manuel "
        "Albares of Spain in Beijing.\n\nAlbares said that President Pedro Sánchez looks forward "
        "to visiting Türkiye and to meeting Çavuşoğlu and Łukasz Nowak.\n\nThe two sides agreed "
        "to prepare the São Paulo forum together.\n"
    ),
    "plain": (
        "On June 4, 2024, Foreign Minister Wang Yi held talks with Foreign Minister Jose Manuel "
        "Albares of Spain in Beijing.\n\nAlbares said that President Pedro Sanchez welcomed "
        "the talks in Turkiye with Cavusoglu and Lukasz Nowak.\n\nThe two sides agreed to "
        "prepare the Sao Paulo forum together.\n"
    ),
}
BOTH = {"marked", "plain"}


def _imported(texts: dict[str, str]) -> dict:
    return {
        key: import_readout(text, source_name=f"{key}.txt", publisher="cn-mfa").meeting
        for key, text in texts.items()
    }


@pytest.fixture
def spellings(db):
    return _imported(SPELLINGS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sanchez", BOTH),
        ("Sánchez", BOTH),
        ("SÁNCHEZ", BOTH),
        ("sánch*", BOTH),
        ("Türkiye", BOTH),
        ("Turkiye", BOTH),
        ("Cavusoglu", BOTH),
        ("Çavuşoğlu", BOTH),
        ('"José Manuel Albares"', BOTH),
        ('"Jose Manuel"', BOTH),
        ("Sao Paulo", BOTH),
        ("Turkiye -Sánchez", set()),
        ("Turkey", BOTH),
        ("turkey -Sánchez", set()),
    ],
)
def test_a_search_finds_every_spelling_of_a_name(spellings, text, expected):
    assert _found(spellings, text) == expected


UNDECOMPOSED = {
    "marked": (
        "On May 3, 2024, Foreign Minister Wang Yi held talks with Foreign Minister Radosław "
        "Sikorski of Poland in Beijing.\n\nSikorski said that Kılıçdaroğlu and Lars Løkke "
        "Rasmussen had spoken at the Straße des 17. Juni forum.\n\nThe two sides agreed to "
        "open a consulate in Łódź.\n"
    ),
    "plain": (
        "On June 4, 2024, Foreign Minister Wang Yi held talks with Foreign Minister Radoslaw "
        "Sikorski of Poland in Beijing.\n\nSikorski said that Kilicdaroglu and Lars Lokke "
        "Rasmussen had spoken at the Strasse des 17. Juni forum.\n\nThe two sides agreed to "
        "open a consulate in Lodz.\n"
    ),
}


@pytest.fixture
def undecomposed(db):
    return _imported(UNDECOMPOSED)


@pytest.mark.parametrize(
    "text",
    [
        "Radoslaw",
        "Radosław",
        "RADOSŁAW",
        "radosł*",
        "Kilicdaroglu",
        "Kılıçdaroğlu",
        '"Lars Løkke Rasmussen"',
        '"Lars Lokke"',
        "strasse",
        "Straße",
        "Lodz",
    ],
)
def test_letters_without_a_mark_match_their_plain_spellings(undecomposed, text):
    # PostgreSQL's unaccent maps "ł" to "l"; SQLite's index folds such letters (migration 0018).
    assert _found(undecomposed, text) == BOTH


def test_folded_letters_are_marked_as_the_readout_spells_them(undecomposed):
    marked = undecomposed["marked"]
    assert "<mark>Radosław</mark>" in search.highlight([marked], "Radoslaw")[marked.pk]
    assert "<mark>Løkke</mark>" in search.highlight([marked], "lokke")[marked.pk]
    points = search.search_agreed_points(AgreedPoint.objects.all(), "Lodz")
    assert {p.meeting_id for p in points} == {m.pk for m in undecomposed.values()}
    highlighted = search.highlight_agreed_points(points.filter(meeting=marked), "lodz")
    assert any("<mark>Łódź</mark>" in text for text in highlighted.values())


def test_an_edited_text_leaves_no_folded_word_behind(undecomposed):
    marked = undecomposed["marked"]
    marked.title = "Talks with Radosław Sikorski"
    marked.source_text = marked.source_text.replace("Łódź", "Kraków")
    marked.save()
    assert _found(undecomposed, "Radoslaw") == BOTH
    assert _found(undecomposed, "Krakow") == {"marked"}
    Meeting.objects.filter(pk=marked.pk).update(
        title="Talks", source_text="Talks.", statements_text="", agreed_text=""
    )
    assert _found(undecomposed, "Radoslaw") == {"plain"}
    assert _found(undecomposed, "Sikorski") == {"plain"}
    point = AgreedPoint.objects.get(meeting=marked)
    point.text = "To meet again in Gdańsk."
    point.save()
    assert not search.search_agreed_points(AgreedPoint.objects.filter(pk=point.pk), "Lodz")
    assert search.search_agreed_points(AgreedPoint.objects.filter(pk=point.pk), "Gdansk")
    Meeting.objects.filter(pk=undecomposed["plain"].pk).delete()
    assert _found(undecomposed, "Radoslaw") == set()


def test_marks_highlight_whatever_spelling_was_searched(spellings):
    marked = spellings["marked"]
    assert "<mark>Sánchez</mark>" in search.highlight([marked], "Sanchez")[marked.pk]
    plain = spellings["plain"]
    assert "<mark>Sanchez</mark>" in search.highlight([plain], "Sánchez")[plain.pk]
    points = search.search_agreed_points(AgreedPoint.objects.all(), "Sao Paulo")
    assert {p.meeting_id for p in points} == {marked.pk, plain.pk}
    highlighted = search.highlight_agreed_points(
        points.filter(meeting=marked), "Sao Paulo"
    ).values()
    assert any("<mark>São</mark>" in text for text in highlighted)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_searches_without_error(corpus, text):
    matched = search.match_meetings(Meeting.objects.all(), text)
    list(search.rank_meetings(matched, text, window=True)[:5])
    search.highlight(list(matched[:3]), text)
    list(search.search_agreed_points(AgreedPoint.objects.all(), text)[:5])


@pytest.mark.sqlite
def test_sqlite_triggers_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        names = {row[0] for row in cursor.fetchall()}
    for table in ("archive_meeting_fts", "archive_agreedpoint_fts"):
        assert {f"{table}_ai", f"{table}_ad", f"{table}_au"} <= names


@pytest.mark.sqlite
def test_sqlite_meeting_index_holds_a_batch_of_terms_in_memory(db):
    # Migration 0012: an import batch's new terms become one index segment, not several.
    with connection.cursor() as cursor:
        cursor.execute("SELECT v FROM archive_meeting_fts_config WHERE k = 'hashsize'")
        assert cursor.fetchone() == (8 * 1024 * 1024,)


@pytest.mark.postgres
def test_postgresql_uses_the_gin_indexes(corpus):
    with connection.cursor() as cursor:
        # A handful of rows: make the planner show whether the GIN index can serve the query,
        # whatever the statistics say (an import analyses the tables it grows): no scan of a
        # whole table, and no join that looks agreed points up meeting by meeting.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
        for queryset, index in [
            (
                search.match_meetings(Meeting.objects.all(), "terrorism"),
                "archive_meeting_search_idx",
            ),
            (
                search.search_agreed_points(AgreedPoint.objects.all(), "terrorism"),
                "archive_agreedpoint_search_idx",
            ),
        ]:
            sql, params = queryset.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan


@pytest.mark.postgres
def test_postgresql_knows_matching_reads_the_vector(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT procost FROM pg_proc WHERE proname = 'ts_match_vq'")
        assert cursor.fetchone()[0] == 50


@pytest.mark.postgres  # PostgreSQL's ts_headline
@pytest.mark.parametrize(
    "text",
    [
        "Cooperation",
        "happy",
        "hoping",
        "stabilities",
        '"Economic Corridor"',
        "corrid*",
        "Corridor OR Kashmir",
        "Corridor Kashmir",
        "Corridor -hoping",
        "3.5",
        "nowhere",
        '"Kashmir corridor"',
    ],
)
def test_snippets_from_the_part_around_the_matches_are_the_whole_texts(db, text):
    words = "Ministers met in Beijing on 3.5 and 4.5 percent of U.S.-China trade, e-mail a@b.org"
    filler = " ".join(f"{words} number {n}." for n in range(60))
    texts = [
        f"{filler} The Economic Corridor is hoping for happy days. {filler}",
        f"Cooperation on the corridors first. {filler} Kashmir and stabilities; {filler} happy",
        f"{filler} Kashmir {filler[:900]} Economic Corridor {filler}",
        f"İstanbul talks. {filler} Economic corridor {filler}",
        f"{filler} corridor. Kashmir economic {filler}",
    ]
    query = search_query.parse_query(text)
    matcher = search._word_matcher(query)
    with connection.cursor() as cursor:
        for whole in texts:
            window = search._snippet_window(whole, matcher)
            assert len(window) <= len(whole)
            expected = search._pg_headlines(cursor, query, {1: whole})
            snippet = search._pg_headlines(cursor, query, {1: window})
            if search._START in snippet[1] or window is whole:
                assert snippet == expected, (text, whole[:40])


def test_migration_0018_indexes_stored_texts_again_both_ways(tmp_path):
    """An archive taken back before migration 0018 finds "Łódź" only as spelled, and as "Lodz"
    again after it; the index stays whole either way."""
    root = Path(__file__).resolve().parent.parent
    database = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_DEBUG": "1"}

    def manage(*args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env, check=True)

    for key, text in UNDECOMPOSED.items():
        (tmp_path / f"{key}.txt").write_text(text, encoding="utf-8")
    # Imported as the code is now, then taken back to before 0018 and forward again.
    manage("migrate", "-v0")
    manage("import_readouts", str(tmp_path / "*.txt"), "--publisher", "cn-mfa", "-v0")

    def matches(word: str) -> int:
        with sqlite3.connect(database) as db:
            db.execute(
                "INSERT INTO archive_meeting_fts(archive_meeting_fts) VALUES ('integrity-check')"
            )
            found = db.execute(
                "SELECT count(*) FROM archive_meeting_fts WHERE archive_meeting_fts MATCH ?", [word]
            ).fetchone()[0]
            points = db.execute(
                "SELECT count(*) FROM archive_agreedpoint_fts WHERE archive_agreedpoint_fts MATCH ?",
                [word],
            ).fetchone()[0]
        return found, points

    def triggers_put_back_fold() -> bool:
        # As after a migration that rebuilds the table (archive/apps.py puts them back).
        with sqlite3.connect(database) as db:
            for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'"):
                if "_fts_" in name:
                    db.execute(f"DROP TRIGGER {name}")
        manage("migrate", "archive", latest, "-v0")
        with sqlite3.connect(database) as db:
            sql = db.execute(
                "SELECT group_concat(sql) FROM sqlite_schema WHERE type = 'trigger' "
                "AND name LIKE 'archive_%_fts_a_'"
            ).fetchone()[0]
        assert sql.count("CREATE TRIGGER") == 6
        return "replace(" in sql

    assert matches("lodz") == (2, 2)
    latest = "0017"
    manage("migrate", "archive", latest, "-v0")
    assert matches("lodz") == (1, 1)
    assert matches("łódź") == (1, 1)
    assert not triggers_put_back_fold()
    latest = "0018"
    manage("migrate", "archive", latest, "-v0")
    assert matches("lodz") == (2, 2)
    assert matches("radoslaw") == (2, 0)
    assert matches("łódź") == (0, 0)  # a search folds its words first (archive/search.py)
    assert triggers_put_back_fold()
