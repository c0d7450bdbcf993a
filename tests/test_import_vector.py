"""The search vector the importer computes in Python is the one PostgreSQL computes itself.

`archive.pg_vector` replaces `to_tsvector` for imports; every vector it produces is checked here
against the trigger's SQL expression on the same texts (as text, and in the binary form the
importer copies), and texts it cannot vouch for must come back
as None (the trigger then computes them).
"""

import random

import pytest
from django.db import connection

from archive import bulk_sql, pg_vector
from archive.import_cache import ImportCache
from archive.importer import import_readout
from archive.models import Meeting
from tests.readout_texts import FULL_NAMES, variant

pytestmark = pytest.mark.postgres

WORDS = [
    "run", "running", "runs", "ran", "the", "s", "a", "1990s", "G20", "g20s", "covid19", "5th",
    "1e5", "1E5x", "12e3e4", "2ee5", "x1e5", "9e9e9", "007", "2022", "3.5%", "$100", "U.S.",
    "co-operation", "well-known", "don't", "Wang Yi's", "Yi’s", "e-mail@example.org",
    "http://example.org/a_b?c=d", "Nations-wide", "(talks)", "[agreed]", "—", "–", "“", "”", "…",
    "«", "»", "¿", "Erdoğan", "Çavuşoğlu", "naïve", "café", "café2", "2café", "1e5é", "straße",
    "Ωmega", "Лавров", "中国", "Dāvis", "a\x01b", "tab\there", "new\nline", "\u00a0",
    "Sánchez", "SÁNCHEZ", "Łukasz", "ŁÓDŹ", "Æsir", "ØRESUND", "Œuvre", "ﬁnal", "Ǆoković", "ǅ",
    "Ἀθῆναι", "Ёлка", "ёлка", "Şahin", "ŞAHIN", "ıspanak", "Đorđe", "Þór", "ð", "Ŋ", "ĳssel",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _unaccent_rules(request):
    """The database's `unaccent` rules, which the Python vector needs for letters beyond ASCII
    (an import reads them with its probe)."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        with connection.cursor() as cursor:
            pg_vector.read_unaccent(cursor)


def database_vector(texts: list[str]) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT ({pg_vector.database_vector_sql()})::text FROM (SELECT %s AS title, "
            "%s AS agreed_text, %s AS statements_text, %s AS source_text) t",
            texts,
        )
        return cursor.fetchone()[0]


class _Scratch:
    class _meta:  # noqa: N801 - the shape of a model's options, for bulk_sql.copy_rows
        db_table = "scratch_vectors"


def copied_binary(binary: bytes) -> str:
    """The text of a binary-form vector as the database reads it from a binary COPY (as the
    importer sends its search rows)."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS scratch_vectors (v tsvector)")
        cursor.execute("TRUNCATE scratch_vectors")
        bulk_sql.copy_rows(_Scratch, ["v"], [(binary,)], returning=False, binary=["tsvector"])
        cursor.execute("SELECT v::text FROM scratch_vectors")
        return cursor.fetchone()[0]


def same(texts: list[str]) -> bool:
    mine = pg_vector.meeting_vector(*texts)
    assert mine is not None, texts
    expected = database_vector(texts)
    assert copied_binary(pg_vector.meeting_vector_binary(*texts)) == expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector::text", [mine])
        return cursor.fetchone()[0] == expected


@pytest.mark.django_db
def test_the_probe_agrees_with_this_database():
    with connection.cursor() as cursor:
        assert pg_vector.probe_matches(cursor)


@pytest.mark.django_db
def test_varied_texts_give_the_database_vector():
    rng = random.Random(7)

    def text(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, words)))

    for _ in range(150):
        assert same([text(8), text(40), text(120), text(300)])
    assert same(["", "", "", ""])
    assert same(["Untitled readout", "", "", "Only a source text, 2024."])


@pytest.mark.django_db
def test_stems_remembered_or_forgotten_give_the_database_vector(monkeypatch):
    rng = random.Random(11)
    monkeypatch.setattr(pg_vector, "STEM_CACHE_WORDS", 5)  # forgotten at almost every text
    for _ in range(30):
        assert same([" ".join(rng.choice(WORDS) for _ in range(30)) for _ in range(4)])
    assert len(pg_vector._STEMS) <= 5 + len(WORDS) * 2
    assert len(pg_vector._LEXEMES) <= 5 + len(WORDS) * 2


@pytest.mark.django_db
def test_long_texts_and_frequent_words_give_the_database_vector():
    rng = random.Random(3)
    long = " ".join(rng.choice(WORDS[:20]) for _ in range(17_500))  # positions past 16,383
    assert same(["title", "godo " * 300, long[:30_000], long])
    assert same(["", "", "", long])
    # Over 255 positions of one word in a part, and over 256 once the parts are joined.
    assert same(["godo " * 260, "godo " * 100, "godo x " * 200, "godo " * 500])


@pytest.mark.django_db
def test_a_word_with_marks_has_the_lexeme_of_its_plain_spelling():
    assert same(["Sánchez", "", "", "Çavuşoğlu in Türkiye; Łukasz in Łódź; Straße"])
    assert database_vector(["Sánchez", "", "", "Sanchez"]) == "'sanchez':1A,2C"


def test_texts_it_cannot_vouch_for_are_left_to_the_database():
    assert pg_vector.meeting_vector("İstanbul talks", "", "", "İstanbul talks") is None
    assert pg_vector.meeting_vector("ΟΔΟΣ", "", "", "ΟΔΟΣ") is None  # final sigma
    assert pg_vector.meeting_vector("e\u0301", "", "", "e\u0301") is None  # combining mark
    assert pg_vector.meeting_vector("x", "", "", "١٢٣ ½") is None  # other digits
    assert pg_vector.meeting_vector("x", "", "", "a" * 300) is None
    assert pg_vector.meeting_vector("x", "", "", "word " * 50_000) is None
    assert pg_vector.meeting_vector_binary("x", "", "", "a" * 300) is None


def _stored_and_recomputed(meeting: Meeting) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.search_vector::text, ({pg_vector.database_vector_sql('m.')})::text "
            "FROM archive_meeting m JOIN archive_meeting_search s ON s.meeting_id = m.id "
            "WHERE m.id = %s",
            [meeting.pk],
        )
        return cursor.fetchone()


@pytest.mark.django_db
def test_imported_meetings_carry_the_database_vector(seed_text):
    cache = ImportCache()
    assert cache.python_vectors()
    for text in (seed_text, FULL_NAMES, variant(FULL_NAMES) + "\nİstanbul, 2 May."):
        meeting = import_readout(text, source_name="t", cache=cache).meeting
        stored, recomputed = _stored_and_recomputed(meeting)
        assert stored and stored == recomputed


@pytest.mark.django_db
def test_the_trigger_keeps_the_vector_for_other_writers(seed_text):
    meeting = import_readout(seed_text, source_name="seed").meeting
    meeting.title = "Zebra crossing talks"
    meeting.save()  # as an admin edit: the vector follows the text
    stored, recomputed = _stored_and_recomputed(meeting)
    assert "'zebra':" in stored and stored == recomputed
    Meeting.objects.filter(pk=meeting.pk).update(publisher="Someone")
    assert _stored_and_recomputed(meeting)[0] == stored
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE archive_meeting SET search_vector = NULL WHERE id = %s", [meeting.pk]
        )
    assert _stored_and_recomputed(meeting)[0] == stored
    created = Meeting.objects.create(
        title="Quagga summit", slug="quagga", source_text="Quagga summit text", content_hash="q"
    )
    stored, recomputed = _stored_and_recomputed(created)
    assert "'quagga':" in stored and stored == recomputed


@pytest.mark.django_db
def test_long_texts_are_stored_lz4_compressed_where_the_server_can(seed_text):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'"
        )
        if not cursor.fetchone()[0]:
            pytest.skip("this PostgreSQL server was built without LZ4")
        meeting = import_readout(seed_text, source_name="seed.txt").meeting
        cursor.execute(
            "SELECT pg_column_compression(m.source_text), pg_column_compression(s.search_vector) "
            "FROM archive_meeting m JOIN archive_meeting_search s ON s.meeting_id = m.id "
            "WHERE m.id = %s",
            [meeting.pk],
        )
        assert cursor.fetchone() == ("lz4", "lz4")
