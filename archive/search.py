"""Full-text search over meetings and agreed points: one query language, two databases.

This is the only module that knows PostgreSQL full-text search from SQLite FTS5. A query string is
read once, in Python, into a small tree (`Query`, the language of `archive.search_query`) and
compiled here to each database's syntax.

Both databases stem with the same algorithm, so the same query finds the same meetings on each:
PostgreSQL uses the `archive_porter` configuration (Snowball's "porter" stemmer, no stop words)
and SQLite FTS5 the `porter unicode61` tokenizer (which implements the same Porter algorithm).
PostgreSQL's parser also knows URLs, e-mail addresses, hyphenated compounds and decimals as single
tokens where FTS5 sees separate words; the indexed text has ASCII punctuation replaced by spaces
first, so both split words the same way. Known differences, both rare: FTS5 leaves words of one or
two letters unstemmed (PostgreSQL stems "as" to "a"), and FTS5 also reduces "-logy" to "-log".

The database objects (the text search configuration and the weighted `search_vector`; the FTS5
tables and their triggers on SQLite) are created by migration `0003_full_text_search`. On
PostgreSQL the vector lives in a narrow table of its own, `archive_meeting_search` (meeting id,
date, vector; migration 0008, kept by triggers for every writer), under a GIN index: counting a
word's matches and finding its newest read that table's small rows, not the meetings' wide ones. Weights: title and agreed points (A) above statements (B) above the whole
source text (C).
"""

from __future__ import annotations

import datetime
import functools
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Expression, RawSQL

from archive import pg_vector
from archive.letters import FOLD_TABLE
from archive.search_query import Clause, Query, Term, as_query

# Counting every match of a very common word at archive scale costs more than it tells: above this
# many matches the list says "10,000+".
COUNT_CAP = 10_000
# SQLite: a filtered search with at most this many matches is read from its matches first.
FROM_MATCHES = 10_000
# Relevance is computed for at most this many matches (the newest ones); the rest follow by date.
# Exact whenever a search matches fewer meetings than this.
RANK_WINDOW = 1_000
# PostgreSQL ranks a meeting by reading its whole stored vector (about 5 KB compressed, stored out
# of line), tens of microseconds each, several hundred at once a large share of a page's budget;
# FTS5 scores every match in one pass over its index. The window is smaller there.
PG_RANK_WINDOW = 250


def rank_window() -> int:
    """How many of a search's newest matches are ranked on this database."""
    if connection.vendor == "postgresql":
        return min(RANK_WINDOW, PG_RANK_WINDOW)
    return RANK_WINDOW


TS_CONFIG = "archive_porter"
# ASCII punctuation becomes a space before PostgreSQL parses the text, so that its parser splits
# words as FTS5 does. Must stay the expression of migration 0003 (the agreed points' index).
PG_PUNCTUATION = "'[!-/:-@[-`{-~]+'"


def pg_agreed_vector(text_sql: str) -> str:
    return (
        f"to_tsvector('{TS_CONFIG}'::regconfig, "
        f"regexp_replace({text_sql}, {PG_PUNCTUATION}, ' ', 'g'))"
    )


MEETING_FTS = "archive_meeting_fts"
AGREED_FTS = "archive_agreedpoint_fts"
# bm25 column weights in the FTS5 table's column order: title, agreed_text, statements_text,
# source_text. They mirror PostgreSQL's A/A/B/C weights (1.0, 1.0, 0.4, 0.2).
BM25_WEIGHTS = "5.0, 5.0, 2.0, 1.0"

# Snippet markers: private-use characters, escaped around and turned into <mark> afterwards.
_START, _STOP = "\ue000", "\ue001"


# --- Compilers ----------------------------------------------------------------------------------


def _pg_term(term: Term) -> str:
    # Words hold letters and digits only, so quoting them needs no escaping.
    parts = [f"'{w}'" for w in term.words]
    if term.prefix:
        parts[-1] += ":*"
    return " <-> ".join(parts)


def _pg_clause(clause: Clause) -> str:
    body = " | ".join(f"({_pg_term(t)})" for t in clause.terms)
    return f"!({body})" if clause.negated else f"({body})"


def to_tsquery_text(query: Query) -> str:
    """The query as PostgreSQL `to_tsquery` text, e.g. `('economic' <-> 'corridor') & !('ukraine')`."""
    return " & ".join(_pg_clause(c) for c in query.clauses)


# The letters SQLite's index folds (migration 0018), folded in a search's words the same way.
_FTS5_FOLDS = FOLD_TABLE


def _fts5_term(term: Term) -> str:
    words = " ".join(term.words).translate(_FTS5_FOLDS)
    return '"' + words + '"' + (" *" if term.prefix else "")


def _fts5_clause(clause: Clause) -> str:
    return "(" + " OR ".join(_fts5_term(t) for t in clause.terms) + ")"


def to_fts5_match(query: Query) -> str:
    """The query as an FTS5 MATCH string, e.g. `("economic corridor") NOT (("ukraine"))`."""
    positive = " AND ".join(_fts5_clause(c) for c in query.positive)
    if not query.negative:
        return positive
    negative = " OR ".join(_fts5_clause(c) for c in query.negative)
    return f"({positive}) NOT ({negative})"


# --- PostgreSQL expressions ---------------------------------------------------------------------


SEARCH_TABLE = "archive_meeting_search"


class _Wrapped(Expression):
    """One expression wrapped in fixed SQL (`wrap`); the inner expression is a source expression,
    so Django relabels its table when it nests the queryset in another query."""

    output_field = TextField()

    def __init__(self, inner: Expression):
        super().__init__()
        self.inner = inner

    def get_source_expressions(self):
        return [self.inner]

    def set_source_expressions(self, exprs):
        (self.inner,) = exprs

    def wrap(self, sql: str) -> str:
        raise NotImplementedError

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.inner)
        return self.wrap(sql), params


class _SearchVector(_Wrapped):
    """The meeting's vector, read from its row of SEARCH_TABLE (a correlated subquery on the
    meeting's id)."""

    def wrap(self, sql: str) -> str:
        return f"(SELECT search_vector FROM {SEARCH_TABLE} WHERE meeting_id = {sql})"  # noqa: S608


class _TsMatch(Expression):
    """`vector @@ to_tsquery(config, text)`."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, vector: Expression, tsquery: str):
        super().__init__()
        self.vector, self.tsquery = vector, tsquery

    def get_source_expressions(self):
        return [self.vector]

    def set_source_expressions(self, exprs):
        (self.vector,) = exprs

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.vector)
        return f"{sql} @@ to_tsquery('{TS_CONFIG}'::regconfig, %s)", [*params, self.tsquery]


class _TsRank(_TsMatch):
    """`ts_rank(vector, query, 1)`: weighted frequency, divided by 1 + log(document length)."""

    conditional = False
    output_field = FloatField()

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.vector)
        return (
            f"ts_rank({sql}, to_tsquery('{TS_CONFIG}'::regconfig, %s), 1)",
            [*params, self.tsquery],
        )


# --- Meetings -----------------------------------------------------------------------------------


def _newest_first() -> list:
    return [F("held_on").desc(nulls_last=True), "-id"]


def match_meetings(queryset: QuerySet, query: Query | str | None) -> QuerySet:
    """Only the meetings matching `query` (unchanged queryset when the query is empty).

    The result can be nested in other queries (counts, facets, exports).
    """
    query = as_query(query)
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(pk__in=_pg_match(query))
    return queryset.filter(
        pk__in=RawSQL(  # noqa: S611 - constant SQL; the query is a parameter
            f"SELECT rowid FROM {MEETING_FTS} WHERE {MEETING_FTS} MATCH %s",  # noqa: S608
            [to_fts5_match(query)],
        )
    )


def rank_meetings(
    queryset: QuerySet,
    query: Query | str | None,
    *,
    window: bool = False,
    window_ids: Sequence[int] | None = None,
) -> QuerySet:
    """Order matched meetings by relevance (best first, then newest), annotated with `rank`.

    Higher `rank` is better on both databases. With `window=True` only the RANK_WINDOW newest
    matches are ranked and the others follow by date: what keeps a search for a word in half the
    archive fast. The result is meant for showing a page; do not nest it in another query.
    `window_ids`, when the caller already read the newest matches' ids, saves running the search
    again to find them.
    """
    query = as_query(query)
    if not query:
        return queryset.order_by(*_newest_first())
    if window_ids is not None and window:
        return _rank_window_ids(queryset, query, list(window_ids)[: rank_window()])
    window_ids = queryset.order_by(*_newest_first()).values("pk")[: rank_window()]
    if connection.vendor == "postgresql":
        rank = _TsRank(_SearchVector(F("pk")), to_tsquery_text(query))
        if window:
            rank = Case(
                When(pk__in=Subquery(window_ids), then=rank),
                default=Value(-1.0),
                output_field=FloatField(),
            )
        ranked = queryset.annotate(rank=rank)
    else:
        score, params = f"-bm25({MEETING_FTS}, {BM25_WEIGHTS})", []
        if window:
            window_sql, params = window_ids.query.sql_with_params()
            score = f'CASE WHEN "archive_meeting"."id" IN ({window_sql}) THEN {score} ELSE -1e9 END'
        ranked = _fts5_scored(queryset, query, score, params)
    return ranked.order_by("-rank", *_newest_first())


def _fts5_scored(queryset: QuerySet, query: Query, score: str, params: list) -> QuerySet:
    """`queryset` joined to its FTS5 matches of `query`, annotated with `rank` = `score` (SQL)."""
    return queryset.extra(  # noqa: S610 - constant SQL; ids and the query text are parameters
        select={"rank": score},
        select_params=params,
        tables=[MEETING_FTS],
        where=[
            f'{MEETING_FTS}.rowid = "archive_meeting"."id"',
            f"{MEETING_FTS} MATCH %s",
        ],
        params=[to_fts5_match(query)],
    )


def ranks_known_ids() -> bool:
    """Whether a ranking may start from a list of matching ids instead of the search itself:
    PostgreSQL ranks any row's stored vector; FTS5's bm25 needs its MATCH in the same query."""
    return connection.vendor == "postgresql"


def meetings_with_ids(ids: Sequence[int]) -> QuerySet:
    """The meetings of `ids`, as one array parameter (PostgreSQL) rather than one per id."""
    from .models import Meeting

    if connection.vendor == "postgresql":
        return Meeting.objects.filter(
            pk__in=RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])  # noqa: S611 - constant
        )
    return Meeting.objects.filter(pk__in=list(ids))


def _rank_window_ids(queryset: QuerySet, query: Query, ids: list[int]) -> QuerySet:
    """`rank_meetings` with the window given as ids: those are ranked, the rest follow by date."""
    if not ids:
        return rank_meetings(queryset, query)
    if connection.vendor == "postgresql":
        window = RawSQL("SELECT unnest(%s::bigint[])", [ids])  # noqa: S611 - constant SQL
        rank = Case(
            When(pk__in=window, then=_TsRank(_SearchVector(F("pk")), to_tsquery_text(query))),
            default=Value(-1.0),
            output_field=FloatField(),
        )
        return queryset.annotate(rank=rank).order_by("-rank", *_newest_first())
    marks = ", ".join(["%s"] * len(ids))
    score = (
        f'CASE WHEN "archive_meeting"."id" IN ({marks}) '
        f"THEN -bm25({MEETING_FTS}, {BM25_WEIGHTS}) ELSE -1e9 END"
    )
    ranked = _fts5_scored(queryset, query, score, list(ids))
    return ranked.order_by("-rank", *_newest_first())


# A search's newest matches on PostgreSQL are looked for among the archive's newest meetings
# first: the GIN index's matches ANDed with a date range (two bitmaps) visit only the rows in that
# range, where ordering every match by date visits every matching row (half the table for a
# common word, hundreds of milliseconds at 100,000 readouts). The range is sized from the
# planner's estimate of the matches; any range gives the right answer once it holds enough of
# them, and a search with too few is cheap to read in full.
HORIZON_CACHE_SECONDS = 300


def _horizon(position: int):
    """The date of the archive's `position`-th newest meeting (None when it has fewer): an
    index-only scan, cached briefly; a stale date only costs a wider look."""
    from django.core.cache import cache

    from .models import Meeting

    key = f"archive:search:horizon:{position}"
    found = cache.get(key)
    if found is None:
        newest = Meeting.objects.order_by(*_newest_first()).values_list("held_on", flat=True)
        found = list(newest[position - 1 : position]) or [None]
        cache.set(key, found, HORIZON_CACHE_SECONDS)
    return found[0]


def estimated_rows(queryset: QuerySet) -> int:
    """The planner's estimate of `queryset`'s rows (PostgreSQL; its statistics of the search
    vector know how common each word is). No rows are read."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def archive_size() -> int:
    """About how many meetings the archive holds (the table statistics: no rows read), cached
    briefly like the horizons: it only sizes the look for the newest matches."""
    from django.core.cache import cache

    size = cache.get("archive:search:size")
    if size is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = 'archive_meeting'"
            )
            row = cursor.fetchone()
        size = max(int(row[0]) if row else 0, 1)
        cache.set("archive:search:size", size, HORIZON_CACHE_SECONDS)
    return size


def _pg_where(query: Query, since=None) -> tuple[str, list]:
    """SEARCH_TABLE's rows matching `query` (on or after the date `since`), as SQL."""
    where = f"search_vector @@ to_tsquery('{TS_CONFIG}'::regconfig, %s)"
    params: list = [to_tsquery_text(query)]
    if since is not None:
        where += " AND held_on >= %s"
        params.append(since)
    return where, params


def _pg_match(query: Query) -> RawSQL:
    # An id subquery behind an OFFSET 0 fence: PostgreSQL reads the matches from the GIN index
    # once rather than testing `@@` row by row on rows another condition found, which reads each
    # row's whole vector.
    where, params = _pg_where(query)
    return RawSQL(f"SELECT meeting_id FROM {SEARCH_TABLE} WHERE {where} OFFSET 0", params)  # noqa: S611,S608


def narrowing_position(estimate: int, stop: int) -> int | None:
    """How many of the archive's newest meetings to look in for a search's `stop` newest
    matches, when the planner's `estimate` of its matches makes that worth it (PostgreSQL);
    None to read the matches in full."""
    if connection.vendor != "postgresql":
        return None
    total = archive_size()
    # Half as many meetings again as the matches' share of the archive needs to hold `stop` of
    # them, rounded up to a power of two (so that few horizons are ever read).
    wanted = stop * total * 3 // (2 * max(estimate, 1))
    position = 1 << max(wanted, 1).bit_length()
    return position if position < total else None


@dataclass(frozen=True)
class Scope:
    """Filters PostgreSQL's search table answers from its own rows: meetings with every one of
    `countries` (codes) and of `topics` (ids) among theirs, dated within [since, until]."""

    countries: tuple[str, ...] = ()
    topics: tuple[int, ...] = ()
    since: datetime.date | None = None
    until: datetime.date | None = None

    def sql(self) -> tuple[str, list]:
        where, params = "", []
        if self.countries:
            where += " AND countries @> %s::text[]"
            params.append(list(self.countries))
        if self.topics:
            where += " AND topics @> %s::bigint[]"
            params.append(list(self.topics))
        if self.since is not None:
            where += " AND held_on >= %s"
            params.append(self.since)
        if self.until is not None:
            where += " AND held_on <= %s"
            params.append(self.until)
        return where, params


def scoped_search() -> bool:
    """Whether `newest_matches` takes a `Scope` (PostgreSQL's search table holds what it needs);
    on SQLite every filter stays in the queryset."""
    return connection.vendor == "postgresql"


def newest_matches(
    queryset: QuerySet,
    query: Query | str | None,
    stop: int,
    start: int = 0,
    *,
    estimate=None,
    scope: Scope | None = None,
) -> list[int]:
    """Ids of the meetings of `queryset` matching `query` at positions [start, stop), newest
    first, without ordering every match when there are many. `estimate`: the planner's estimate
    of the matches, when the caller has it. `scope` (PostgreSQL, see `scoped_search`): filters
    `queryset` leaves to the search table."""
    query = as_query(query)
    if queryset.query.is_empty():
        return []
    if connection.vendor == "sqlite" and query:
        return _fts5_newest(queryset, query, start, stop)
    if connection.vendor != "postgresql" or not query:
        return _newest(match_meetings(queryset, query), start, stop)
    estimate = estimated_rows(match_meetings(queryset, query)) if estimate is None else estimate
    position = narrowing_position(estimate, stop)
    since = _horizon(position) if position else None
    if since is not None:
        ids = _pg_newest(queryset, query, scope, since, start, stop)
        if len(ids) == stop - start:
            return ids
    return _pg_newest(queryset, query, scope, None, start, stop)


def _pg_newest(
    queryset: QuerySet, query: Query, scope: Scope | None, since, start: int, stop: int
) -> list[int]:
    """PostgreSQL: the newest matches read from SEARCH_TABLE, whose rows hold the date that
    orders them and the countries and topics of `scope`; `queryset`'s own filters (people, kind,
    ...) as an id subquery."""
    where, params = _pg_where(query, since)
    if scope is not None:
        scoped, scoped_params = scope.sql()
        where += scoped
        params += scoped_params
    if queryset.query.where:
        kept, kept_params = queryset.order_by().values("pk").query.sql_with_params()
        where += f" AND meeting_id IN ({kept})"
        params += kept_params
    # The matches behind an OFFSET 0 fence, then ordered: without it a small LIMIT (a deep page
    # of a common word) has PostgreSQL walk the date index and test `@@` on every row it passes,
    # reading each one's vector (600 ms for page 1,000 of a word in half the archive).
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT meeting_id FROM (SELECT meeting_id, held_on FROM {SEARCH_TABLE} "  # noqa: S608
            f"WHERE {where} OFFSET 0) matched "
            "ORDER BY held_on DESC NULLS LAST, meeting_id DESC LIMIT %s OFFSET %s",
            [*params, max(stop - start, 0), start],
        )
        return [row[0] for row in cursor.fetchall()]


def _fts5_newest(queryset: QuerySet, query: Query, start: int, stop: int) -> list[int]:
    """SQLite: a search's newest matches, read the way that suits how many there are. Counting
    them costs FTS5 little (a word in half of 100,000 meetings: about 6 ms).

    - No other filter and at least `stop` matches: the meetings are walked newest first along
      the date index, each looked up in the matches, up to `stop`. SQLite otherwise looks up
      every match's meeting row for its date and sorts them all (90-130 ms for that word,
      against 10-40 ms so; the unary `+` keeps the id from choosing the plan).
    - Other filters and at most `FROM_MATCHES` matches: the matches are read first (a CROSS
      JOIN fixes the order), the filters tested on each. SQLite otherwise starts from whichever
      filter comes first, such as a country's 42,000 meetings (80 ms against 50 ms for a word in
      10% of 100,000 meetings with China, a topic and dates; 90-110 ms against 30-40 ms for a
      rarer word).
    - Otherwise as SQLite plans it."""
    from .models import Meeting

    table = Meeting._meta.db_table
    match = to_fts5_match(query)
    matches = f"SELECT rowid AS meeting_id FROM {MEETING_FTS} WHERE {MEETING_FTS} MATCH %s"  # noqa: S608
    order = f'ORDER BY "{table}"."held_on" DESC NULLS LAST, "{table}"."id" DESC LIMIT %s OFFSET %s'
    window = [max(stop - start, 0), start]
    where = queryset.query.where
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({matches})", [match])  # noqa: S608
        count = cursor.fetchone()[0]
        if not where and count >= stop:
            cursor.execute(
                f'SELECT "{table}"."id" FROM "{table}" WHERE +"{table}"."id" IN ({matches}) '  # noqa: S608
                + order,
                [match, *window],
            )
        elif where and count <= FROM_MATCHES and set(queryset.query.alias_map) <= {table}:
            try:
                where_sql, where_params = queryset.query.get_compiler(
                    connection=connection
                ).compile(where)
            except EmptyResultSet:
                return []
            except FullResultSet:
                where_sql, where_params = "1", []
            cursor.execute(
                f'SELECT "{table}"."id" FROM ({matches}) AS matched CROSS JOIN "{table}" '  # noqa: S608
                f'ON "{table}"."id" = matched.meeting_id WHERE {where_sql} ' + order,
                [match, *where_params, *window],
            )
        else:
            return _newest(match_meetings(queryset, query), start, stop)
        return [row[0] for row in cursor.fetchall()]


def _newest(queryset: QuerySet, start: int, stop: int) -> list[int]:
    ordered = queryset.order_by(*_newest_first()).values_list("pk", flat=True)
    return list(ordered[start:stop])


def ranked_ids(ids: Sequence[int], query: Query | str | None) -> list[int]:
    """`ids` (matches of `query`, newest first) best first, then newest."""
    query = as_query(query)
    ids = list(ids)
    if not query or len(ids) < 2:
        return ids
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT meeting_id FROM {SEARCH_TABLE} WHERE meeting_id = ANY(%s) "  # noqa: S608
                f"ORDER BY ts_rank(search_vector, to_tsquery('{TS_CONFIG}'::regconfig, %s), 1) "
                "DESC, held_on DESC NULLS LAST, meeting_id DESC",
                [ids, to_tsquery_text(query)],
            )
            return [row[0] for row in cursor.fetchall()]
        # FTS5 scores every match in one pass over the index faster than it seeks to chosen
        # rows; `ids` come newest first, so a stable sort keeps the newest first among equals.
        cursor.execute(
            f"SELECT rowid, bm25({MEETING_FTS}, {BM25_WEIGHTS}) FROM {MEETING_FTS} "  # noqa: S608
            f"WHERE {MEETING_FTS} MATCH %s",
            [to_fts5_match(query)],
        )
        wanted = set(ids)
        score = {pk: value for pk, value in cursor.fetchall() if pk in wanted}
    return sorted(ids, key=lambda pk: score.get(pk, 0.0))


def search_meetings(queryset: QuerySet, query: Query | str | None) -> QuerySet:
    """Matching meetings, best first, annotated with `rank`; all of them, newest first, when the
    query is empty."""
    return rank_meetings(match_meetings(queryset, query), query)


def count_capped(queryset: QuerySet, cap: int = COUNT_CAP) -> tuple[int, bool]:
    """(count, exact): counts at most `cap` + 1 rows; `exact` is False above `cap`."""
    count = queryset.order_by()[: cap + 1].count()
    return (cap, False) if count > cap else (count, True)


def _marked_html(text: str) -> str:
    escaped = html.escape(text)
    escaped = re.sub(f"{_START}(.*?){_STOP}", r"<mark>\1</mark>", escaped, flags=re.S)
    return escaped.replace(_START, "").replace(_STOP, "").strip()


# Snippets on PostgreSQL: `ts_headline` picks up to two fragments of at most 40 words around the
# matches. It parses and stems all of the text it is given to find them, about what computing
# the text's vector costs: most of a rare word's page. It is given only the part of the text
# around the matches, found here by stemming the candidate words with the same Porter stemmer
# (pg_vector.stem); the whole text when the matches lie far apart or none is found.
SNIPPET_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxWords=40, MinWords=18, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
# Words (runs of letters and digits) kept before the first match and after the last one: a
# fragment stretches at most 20 words back and 40 forward from its matches (ts_headline counts a
# few runs as one word, "3.5" or an e-mail address: half again as many runs).
_WINDOW_RUNS_BEFORE = re.compile(r"(?:[\W_]*[^\W_]+){0,30}")
_WINDOW_RUNS_AFTER = re.compile(r"(?:[\W_]*[^\W_]+){0,60}")
# Matches further apart than this many characters: the whole text.
_WINDOW_MAX_SPAN = 2_000


@functools.lru_cache(maxsize=64)
def _word_matcher(query: Query):
    """(pattern of the words that may match, test of one lower-cased word) for every word of the
    query, or None when they cannot be stemmed here.

    A Porter stem without its last letter begins the word it came from ("happi" / "happy",
    "hope" / "hoping"), so the pattern finds every candidate and the stem decides."""
    exact, prefixes, starts = set(), set(), set()
    for clause in query.clauses:
        for term in clause.terms:
            for i, word in enumerate(term.words):
                stem = pg_vector.stem(word)
                if stem is None:
                    return None
                if term.prefix and i == len(term.words) - 1:
                    prefixes.add(stem)
                else:
                    exact.add(stem)
                starts.add(re.escape(stem[:-1]))
    # Searched in the lower-cased text: a literal start lets the regex engine skip ahead.
    pattern = re.compile(rf"(?:{'|'.join(sorted(starts))})[^\W_]*")
    prefixes = tuple(prefixes)

    def matches(word: str) -> bool:
        stem = pg_vector.stem(word)
        return stem in exact or stem.startswith(prefixes)

    return pattern, matches


def _snippet_window(text: str, matcher) -> str:
    """The part of `text` a snippet is made from (see SNIPPET_OPTIONS)."""
    if matcher is None:
        return text
    pattern, matches = matcher
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): offsets differ
        return text
    first = last = None
    for found in pattern.finditer(lowered):
        start = found.start()
        if start and (lowered[start - 1].isalnum() and lowered[start - 1] != "_"):
            continue  # inside a word
        if matches(found.group()):
            if first is None:
                first = start
            last = found.end()
    if first is None or last - first > _WINDOW_MAX_SPAN:
        return text
    start = first - _WINDOW_RUNS_BEFORE.match(text[first - 1 :: -1]).end() if first else 0
    return text[start : _WINDOW_RUNS_AFTER.match(text, last).end()]


def snippets_from_texts() -> bool:
    """Whether `highlight` works from the meetings' source texts (PostgreSQL), which a caller
    reading the meetings' rows anyway can pass it; FTS5 makes snippets from its own index."""
    return connection.vendor == "postgresql"


def highlight(
    meetings: Sequence, query: Query | str | None, texts: dict[int, str] | None = None
) -> dict[int, str]:
    """{meeting id: escaped HTML snippet of its source text with matches in <mark>}.

    Call it with the meetings (or their ids) of the page shown only: a query or two whatever the
    page size. `texts` ({id: source text}, PostgreSQL): the meetings' texts when the caller has
    read them already.
    """
    query = as_query(query)
    ids = [getattr(m, "pk", m) for m in meetings]
    if not query or not ids:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(*_fts5_per_row(MEETING_FTS, "snippet", "3", "'…', 40", query, ids))
            return {pk: _marked_html(text or "") for pk, text in cursor.fetchall()}
        if texts is None:
            cursor.execute("SELECT id, source_text FROM archive_meeting WHERE id = ANY(%s)", [ids])
            texts = dict(cursor.fetchall())
        matcher = _word_matcher(query)
        windows = {pk: _snippet_window(text, matcher) for pk, text in texts.items()}
        snippets = _pg_headlines(cursor, query, windows)
        # A part of the text without the query's whole match (say a phrase found only in the
        # title) gets no fragment: ts_headline then shows the text's beginning.
        again = {
            pk: texts[pk]
            for pk, snippet in snippets.items()
            if _START not in snippet and windows[pk] is not texts[pk]
        }
        snippets.update(_pg_headlines(cursor, query, again))
        return {pk: _marked_html(text) for pk, text in snippets.items()}


def _pg_headlines(cursor, query: Query, texts: dict[int, str]) -> dict[int, str]:
    if not texts:
        return {}
    cursor.execute(
        f"SELECT n, ts_headline('{TS_CONFIG}'::regconfig, t, "  # noqa: S608
        f"to_tsquery('{TS_CONFIG}'::regconfig, %s), %s) "
        "FROM unnest(%s::text[]) WITH ORDINALITY AS w(t, n)",
        [to_tsquery_text(query), SNIPPET_OPTIONS, list(texts.values())],
    )
    ids = list(texts)
    return {ids[n - 1]: text or "" for n, text in cursor.fetchall()}


def _fts5_per_row(
    table: str, function: str, column: str, extra: str, query: Query, ids: list[int]
) -> tuple[str, list]:
    # One statement, one part per row: FTS5 seeks straight to `rowid = ?` inside a MATCH, where
    # `rowid IN (...)` would run the whole match first.
    part = (
        f"SELECT rowid, {function}({table}, {column}, '{_START}', '{_STOP}'"  # noqa: S608
        f"{', ' + extra if extra else ''}) FROM {table} WHERE {table} MATCH %s AND rowid = %s"
    )
    match = to_fts5_match(query)
    sql = " UNION ALL ".join([part] * len(ids))
    return sql, [value for pk in ids for value in (match, pk)]


# --- Agreed points ------------------------------------------------------------------------------


class _AgreedVector(_Wrapped):
    """The agreed point's text vector, written exactly as the expression index of 0003."""

    def wrap(self, sql: str) -> str:
        return pg_agreed_vector(sql)


def search_agreed_points(queryset: QuerySet, query: Query | str | None) -> QuerySet:
    """Only the agreed points whose own text matches `query` (unchanged when it is empty)."""
    query = as_query(query)
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        vector = _AgreedVector(F("text"))
        return queryset.filter(_TsMatch(vector, to_tsquery_text(query)))
    return queryset.filter(
        pk__in=RawSQL(  # noqa: S611 - constant SQL; the query is a parameter
            f"SELECT rowid FROM {AGREED_FTS} WHERE {AGREED_FTS} MATCH %s",  # noqa: S608
            [to_fts5_match(query)],
        )
    )


def highlight_agreed_points(points: Sequence, query: Query | str | None) -> dict[int, str]:
    """{agreed point id: its whole text as escaped HTML with matches in <mark>}."""
    query = as_query(query)
    ids = [p.pk for p in points]
    if not query or not ids:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id, ts_headline('{TS_CONFIG}'::regconfig, text, "  # noqa: S608
                f"to_tsquery('{TS_CONFIG}'::regconfig, %s), %s) "
                "FROM archive_agreedpoint WHERE id = ANY(%s)",
                [
                    to_tsquery_text(query),
                    f"StartSel={_START}, StopSel={_STOP}, HighlightAll=true",
                    ids,
                ],
            )
        else:
            cursor.execute(*_fts5_per_row(AGREED_FTS, "highlight", "0", "", query, ids))
        return {pk: _marked_html(text or "") for pk, text in cursor.fetchall()}


def highlight_texts(texts: dict[int, str], query: Query | str | None) -> dict[int, str]:
    """{id: the whole text as escaped HTML with the query's words in <mark>}, for passages
    without a full-text index of their own (statements): their words are compared by the
    Porter stems the search compares (`_word_matcher`), here rather than in the database, the
    same on both. A phrase's words are marked one by one. Texts without a word to mark are left
    out, and all of them when the query's words cannot be stemmed here."""
    query = as_query(query)
    matcher = _word_matcher(Query(query.positive)) if query else None
    if matcher is None:
        return {}
    pattern, matches = matcher
    marked = {}
    for pk, text in texts.items():
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer ("İ")
            continue
        parts, last = [], 0
        for found in pattern.finditer(lowered):
            start, end = found.span()
            if start and (lowered[start - 1].isalnum() and lowered[start - 1] != "_"):
                continue  # inside a word
            if matches(found.group()):
                parts += [html.escape(text[last:start]), "<mark>", html.escape(text[start:end])]
                parts.append("</mark>")
                last = end
        if parts:
            marked[pk] = "".join(parts) + html.escape(text[last:])
    return marked


# A word of a passage starts at the text's start or after a character that is no letter or digit
# of ASCII: written so that PostgreSQL's and Python's (SQLite's REGEXP) regular expressions read
# it alike.
_WORD_START = "(^|[^a-z0-9])"


def passage_words(query: Query | str | None, field: str = "text") -> Q | None:
    """A filter of passages (statements) by their own text: for every clause of the search, one
    of its terms with each of its words at the start of a word of the text, case aside. A word is
    looked for by its Porter stem without the stem's last letter ("happi" finds "happy", "hope"
    "hoping"), or by the whole stem when that has three letters or fewer ("eu", "war"). Looser
    than the search, which compares whole stems: a word of the same start passes. A search's
    exclusions are left to its meetings, which hold no excluded word. None when a word is beyond
    ASCII or cannot be stemmed here: the passages are then not narrowed by their words."""
    query = as_query(query)
    if not query:
        return None
    every = Q()
    for clause in query.positive:
        any_term = Q()
        for term in clause.terms:
            words = Q()
            for word in term.words:
                stem = pg_vector.stem(word.lower()) if word.isascii() else None
                if stem is None:
                    return None
                start = stem if len(stem) <= 3 else stem[:-1]
                # The substring first: the databases test it in C, the regular expression on
                # SQLite is a Python function called for each row it is asked of.
                words &= Q(**{f"{field}__icontains": start})
                words &= Q(**{f"{field}__iregex": _WORD_START + re.escape(start)})
            any_term |= words
        every &= any_term
    return every


def of_meetings(passages: QuerySet, meetings: QuerySet) -> QuerySet:
    """`passages` (statements) of `meetings`, for a search of the passages' own words. On
    PostgreSQL the meetings' ids are read once, into an array (`= ANY(ARRAY(...))`): the planner
    cannot tell how few passages the words keep (`passage_words`' regular expression), took them
    for one, and ran the meetings' search again for each passage it kept (1.9 s to count 1,000
    statements of the 10,000-readout corpus's 50% word, 36 ms this way)."""
    if connection.vendor != "postgresql":
        return passages.filter(meeting__in=meetings)
    sql, params = meetings.values("pk").query.sql_with_params()
    table = passages.model._meta.db_table
    where = f'"{table}"."meeting_id" = ANY(ARRAY({sql}))'
    return passages.extra(where=[where], params=list(params))  # noqa: S610 - SQL built above
