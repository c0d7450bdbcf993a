"""PostgreSQL's part of an import's writes: the batch's search rows and the GIN indexes'
pending lists.

A batch writes its new meetings' search rows itself, whole, after their links
(`search_rows_written`, `insert_search_rows`; migrations 0008 to 0010). Through an import run of
many batches (`pending_lists_cleaned`), a second connection cleans the GIN indexes' pending lists
and analyses the tables the import grows, beside the import rather than in line with its writes.
"""

from __future__ import annotations

import contextlib
import importlib
import threading
from collections.abc import Iterator
from typing import Any

from django.db import DatabaseError, connection

from .bulk_sql import copy_rows
from .import_entries import search_vector
from .pg_vector import database_vector_sql

_search_rows = importlib.import_module("archive.migrations.0009_search_rows_written_by_importer")
SEARCH_ROWS_SETTING, SEARCH_ROWS_WRITTEN = _search_rows.SETTING, _search_rows.WRITTEN


class SearchRow:
    """PostgreSQL's search table, as `copy_rows` takes a table (it has no model)."""

    class _meta:  # noqa: N801 - the shape of a model's options
        db_table = "archive_meeting_search"


# The search rows of meetings whose vector the database computes: from the meeting's texts and
# its links, as migration 0008 filled the table.
SEARCH_ROWS_COMPUTED = (
    "INSERT INTO archive_meeting_search (meeting_id, held_on, search_vector, countries, topics) "  # noqa: S608 - constant SQL
    f"SELECT m.id, m.held_on, {database_vector_sql('m.')}, "
    "coalesce((SELECT array_agg(l.country_id::text ORDER BY l.country_id) "
    "FROM archive_meeting_countries l WHERE l.meeting_id = m.id), '{}'), "
    "coalesce((SELECT array_agg(l.topic_id::bigint ORDER BY l.topic_id) "
    "FROM archive_meeting_topics l WHERE l.meeting_id = m.id), '{}') "
    "FROM archive_meeting m WHERE m.id = ANY(%s)"
)


# GIN indexes an import adds to with every batch (migrations 0003 and 0008).
PENDING_LISTS = ("archive_meeting_search_idx", "archive_agreedpoint_search_idx")
# Their pending lists are cleaned after every CLEAN_EVERY-th batch (see `_PendingListCleaner`),
# and may hold up to PENDING_LIMIT on the importing connection meanwhile (PostgreSQL's default, 4
# MB, holds about 400 readouts of the synthetic corpus; two batches of 500 about 10 MB): a list
# of two batches is merged into an index for less than two lists of one each, and a list that
# fills up before it is cleaned is merged by the insert that fills it, in line with the
# import's writes (docs/importing.md).
CLEAN_EVERY = 2
PENDING_LIMIT = "16MB"
# The columns by which the running counts (archive.tally: a batch's grouped count, the triggers
# for other writers) join new rows to the tables an import grows, analysed during an import
# (see `_PendingListCleaner`).
ANALYSED = (
    "archive_meeting (id, held_on)",
    "archive_meeting_countries (meeting_id, country_id)",
    "archive_meeting_topics (meeting_id, topic_id)",
    "archive_agreedpoint (meeting_id)",
)


class _PendingListCleaner:
    """PostgreSQL: a second connection that moves the new entries of the GIN indexes' pending
    lists into the indexes (`gin_clean_pending_list`) after every `CLEAN_EVERY`-th batch and at
    the end, in a thread.

    A GIN index takes new entries into a pending list, and the insert that finds the list full
    (`gin_pending_list_limit`) sorts and merges it into the index: about a fifth of the database's
    time per imported readout, spent in the importing connection while the importer waits for
    it. Cleaned from another connection, that work runs in another server process, beside the
    importer and its parse workers rather than in line with its writes; the importing
    connection then finds the list short and skips it (an insert never waits for a cleanup in
    progress). Searches and the stored rows are the same either way: the pending list is part
    of the index until it is merged. The thread only waits on the database (psycopg releases
    the GIL), and any failure (a connection refused, a role that may not clean) leaves the
    cleaning to the inserts, as without it.

    The same connection analyses the tables the import grows (`ANALYSED`, only the columns the
    running counts join on) after the second batch, then whenever the batches written have
    doubled: autovacuum analyses a table about once a minute at most, so through a whole import
    the planner saw the tables as they were before it (often empty), and statements joining new
    rows to them scanned and hashed whole tables, work that grew with the archive (a batch's
    grouped count of its meetings, when the database still summed it: 2.7-3.0 ms of the
    server's CPU a readout at 8,000-10,000 readouts, against 0.27-0.39 ms with the tables
    analysed; the running counts' triggers for other writers still join them). Only plans
    change: the rows written are the same.
    """

    def __init__(self) -> None:
        self.wanted = threading.Event()
        self.done = False
        self.thread: threading.Thread | None = None
        self.batches = 0
        self.analysed = 0  # the batch after which the tables were analysed last
        # The cleaning connection's server process (bench/pg_write_cost.py reads its CPU time).
        self.backend_pid: int | None = None

    def poke(self) -> None:
        self.batches += 1
        if self.batches < 2:
            return  # an import of one batch leaves its lists to the inserts, as before
        if self.thread is None:
            # Opened at the second batch's end, after the parse workers are forked: they must
            # not inherit this connection.
            params = connection.get_connection_params()
            self.thread = threading.Thread(
                target=self._run, args=(params,), name="gin-cleaner", daemon=True
            )
            self.thread.start()
        if self.batches % CLEAN_EVERY == 0:
            self.wanted.set()

    def _run(self, params: dict[str, Any]) -> None:
        import psycopg

        try:
            with psycopg.connect(**params, autocommit=True) as conn:
                self.backend_pid = conn.info.backend_pid
                while True:
                    self.wanted.wait()
                    self.wanted.clear()
                    self._clean(conn)
                    if self.done:
                        return
        except Exception:  # noqa: BLE001, S110 - the inserts clean the lists as without it
            pass

    def _clean(self, conn) -> None:
        for index in PENDING_LISTS:
            conn.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
        batches = self.batches
        if batches >= max(2, 2 * self.analysed):
            self.analysed = batches
            # A table this role may not analyse is skipped with a warning; any other failure
            # leaves the plans as they were, and the cleaning goes on.
            with contextlib.suppress(Exception):
                conn.execute(f"ANALYZE {', '.join(ANALYSED)}")

    def close(self) -> None:
        self.done = True
        self.wanted.set()
        if self.thread is not None:
            self.thread.join()


_cleaner: _PendingListCleaner | None = None


@contextlib.contextmanager
def pending_lists_cleaned() -> Iterator[None]:
    """Within (an import run of many batches): on PostgreSQL, the GIN indexes' pending lists are
    cleaned in another connection after every `CLEAN_EVERY`-th batch and at the end (see
    `_PendingListCleaner`), and this connection lets them grow to `PENDING_LIMIT` meanwhile."""
    global _cleaner
    if connection.vendor != "postgresql" or _cleaner is not None:
        yield
        return
    _cleaner = _PendingListCleaner()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('gin_pending_list_limit', %s, false)", [PENDING_LIMIT])
    try:
        yield
    finally:
        cleaner, _cleaner = _cleaner, None
        cleaner.close()
        with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
            cursor.execute("RESET gin_pending_list_limit")


def pending_list_cleaner() -> _PendingListCleaner | None:
    """Within `pending_lists_cleaned` on PostgreSQL, the cleaner at work (its `backend_pid` names
    its connection once its thread has opened it); None elsewhere."""
    return _cleaner


def note_batch_written() -> None:
    """Within `pending_lists_cleaned`: a batch is written, for the cleaner to count."""
    if _cleaner is not None:
        _cleaner.poke()


@contextlib.contextmanager
def search_rows_written():
    """Within: meetings inserted on this connection get no search row from the trigger
    (migration 0009), and links inserted leave the search rows alone (migration 0010): only for
    new meetings whose search rows are written whole before the end.

    The setting is local to the transaction and reset on the way out. Only inside
    `transaction.atomic` (as every import writes): on an error the rollback of the savepoint or
    transaction takes the setting back, and the error is raised as it came, not hidden by a
    statement sent to a transaction that failed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, true)", [SEARCH_ROWS_SETTING, SEARCH_ROWS_WRITTEN]
        )
        yield
        cursor.execute("SELECT set_config(%s, '', true)", [SEARCH_ROWS_SETTING])


def insert_search_rows(prepared: list) -> None:
    """PostgreSQL: the search rows of a batch's new meetings (migration 0008's table), each
    written once and whole: the vector the parse workers computed (what they left out is computed
    here, which still costs less than the database's text parser), the date, the countries and
    topics just linked. A text the Python vector cannot vouch for gets the database's own."""
    rows, computed = [], []
    for entry, _participants, countries, topics, *_ in prepared:
        meeting = entry.meeting
        vector = entry.search_vector
        if vector is None:
            vector = search_vector(entry.parsed, entry.text)
        if vector is None:
            computed.append(meeting.pk)
        else:
            rows.append((meeting.pk, meeting.held_on, vector, sorted(countries), sorted(topics)))
    if rows:
        copy_rows(
            SearchRow,
            ["meeting_id", "held_on", "search_vector", "countries", "topics"],
            rows,
            returning=False,
            binary=["int8", "date", "tsvector", "text[]", "int8[]"],
        )
    if computed:
        with connection.cursor() as cursor:
            cursor.execute(SEARCH_ROWS_COMPUTED, [computed])
