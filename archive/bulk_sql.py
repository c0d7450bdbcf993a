"""Bulk SQL for the importer's batches: rows written without a model object each.

Multi-row INSERTs (`insert_rows`, `insert_objects`, `insert_links`; COPY on PostgreSQL), the
history rows of objects written that way (`insert_history`), meetings' rows saved together
(`update_meetings`) and the set-wise delete of meetings' children with their last versions kept
in the history (`delete_children`). What `bulk_create`, `save` and `delete` do, without their
per-object machinery, which cost more than the database's work. No signals are sent.
"""

from __future__ import annotations

import functools
import operator
import sqlite3
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from .models import AgreedPoint, Meeting, Participant, Statement

# The sqlite3 module's own execute, under Django's SQLite cursor (see `execute_sqlite`).
_SQLITE_CURSOR_EXECUTE = sqlite3.Cursor.execute


def insert_rows(
    model: type, columns: list[str], rows: list[tuple], returning: bool = True
) -> list[int]:
    """Insert rows with multi-row INSERT ... RETURNING id; the new ids, in the rows' order.

    What `bulk_create` does on both databases, without a model object per row, which was most of
    an import's time. On PostgreSQL the rows go by COPY (`copy_rows`). These tables have no
    defaults the database does not know, and their history starts with the first curator's edit.
    """
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return copy_rows(model, columns, rows, returning)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # SQLite allows 32,766 parameters in one statement; stay well below.
    per_statement = max(1, 8000 // len(columns))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            values = ", ".join([one] * len(chunk))
            sql = f"INSERT INTO {table} ({names}) VALUES {values}"  # noqa: S608
            if returning:
                sql += f" RETURNING {quote('id')}"
            execute_sqlite(cursor, sql, [value for row in chunk for value in row])
            if returning:
                ids += [row[0] for row in cursor.fetchall()]
    return ids


def execute_sqlite(cursor, sql: str, params: list) -> None:
    """`cursor.execute(sql, params)` on SQLite for a statement whose only "%" are its "%s"
    placeholders, which are turned into "?" here with `str.replace`: Django's SQLite cursor
    does it with a regular expression, which for a batch's multi-row INSERTs (thousands of
    placeholders) cost about 7% of the importing process's instructions. A cursor that logs
    statements, or a connection with execute wrappers, gets the statement the usual way."""
    db = cursor.db
    if type(cursor) is not CursorWrapper or db.execute_wrappers:
        cursor.execute(sql, params)
        return
    db.validate_no_broken_transaction()
    with db.wrap_database_errors:
        _SQLITE_CURSOR_EXECUTE(cursor.cursor, sql.replace("%s", "?"), params)


@functools.cache
def _binary_tsvector() -> type:
    """psycopg's dumper for a tsvector already in binary form (archive.pg_vector): as it is."""
    from psycopg.adapt import Dumper
    from psycopg.pq import Format

    class BinaryTsvector(Dumper):
        format = Format.BINARY
        oid = 3614  # tsvector

        def dump(self, obj: bytes) -> bytes:
            return obj

    return BinaryTsvector


def copy_rows(
    model: type,
    columns: list[str],
    rows: list[tuple],
    returning: bool,
    binary: list[str] | None = None,
) -> list[int]:
    """PostgreSQL: `insert_rows` with COPY, the ids taken from the table's sequence first.

    A multi-row INSERT cost more on the client (every value quoted into the statement, or
    dumped one by one into arrays) than the database took to run it; COPY formats rows in
    psycopg's C code. Triggers run for COPY as for INSERT. `binary` (the columns' types) sends
    the rows in binary form, which the database reads without parsing text (a tsvector's text
    took longer to read than the rest of its row's insert).
    """
    quote = connection.ops.quote_name
    table = model._meta.db_table
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            # The sequence is looked up once (OFFSET 0 keeps the subquery apart), not for every
            # id: nextval(pg_get_serial_sequence(...)) per row cost eight times as much.
            cursor.execute(
                "SELECT nextval(seq) FROM (SELECT pg_get_serial_sequence(%s, 'id')::regclass "
                "AS seq OFFSET 0) AS s, generate_series(1, %s)",
                [table, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns = ["id", *columns]
            rows = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
        names = ", ".join(quote(c) for c in columns)
        sql = f"COPY {quote(table)} ({names}) FROM STDIN"
        if binary:
            cursor.cursor.adapters.register_dumper(None, _binary_tsvector())
            sql += " (FORMAT BINARY)"
        # psycopg's cursor is used directly: its errors become Django's, as the importer's
        # handlers (which catch DatabaseError) expect of every write.
        cursor.db.validate_no_broken_transaction()
        with cursor.db.wrap_database_errors, cursor.cursor.copy(sql) as copy:
            if binary:
                copy.set_types(binary)
            for row in rows:
                copy.write_row(row)
    return ids


# Field types whose Python value is already what the database takes (for the values the importer
# sets: str, bool, int, None); other fields (dates, JSON) go through the field's own conversion.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.ForeignKey,
)


def _getter(field: models.Field, add: bool | None, db) -> Callable[[models.Model], Any]:
    """How to read a field's value to store; `add` (True: a new row) lets auto_now fields set
    themselves (one time for all the rows), None copies the value as it is (for history rows)."""
    if isinstance(field, _PLAIN_FIELDS):
        return operator.attrgetter(field.attname)
    stamped = isinstance(field, models.DateTimeField) and (
        field.auto_now or (add and field.auto_now_add)
    )
    if add is not None and stamped:
        now = timezone.now()
        stored = field.get_db_prep_save(now, db)

        def stamp(obj: models.Model) -> Any:
            setattr(obj, field.attname, now)
            return stored

        return stamp
    convert = functools.partial(field.get_db_prep_save, connection=db)
    if add is None:
        read = operator.attrgetter(field.attname)
    else:
        read = functools.partial(field.pre_save, add=add)
    # Rows of one insert often share a value (one timestamp, no date): converted once.
    last: list = [object(), None]

    def get(obj: models.Model) -> Any:
        value = read(obj)
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return get


def _rows(fields: list[models.Field], objects: list, add: bool | None) -> list[tuple]:
    # The connection itself, not the `connection` proxy, which costs a lookup per use.
    getters = [_getter(f, add, connections[DEFAULT_DB_ALIAS]) for f in fields]
    return [tuple(get(obj) for get in getters) for obj in objects]


def insert_objects(model: type[models.Model], objects: list[models.Model]) -> None:
    """Insert new model objects with multi-row INSERTs (see `insert_rows`); sets their ids.

    `bulk_create` without its per-value machinery, which cost more than the database's work.
    No signals are sent, as with `bulk_create`.
    """
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = _rows(fields, objects, True)
    columns = [f.column for f in fields]
    ids = insert_rows(model, columns, rows)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


_REQUEST_USER = object()


def insert_history(
    model: type[models.Model],
    objects: list[models.Model],
    reason: str,
    history_type: str = "+",
    when=None,
    user_id: Any = _REQUEST_USER,
) -> None:
    """The "created" history rows for just-inserted objects, as `bulk_history_create` writes them
    (`history_type` "~": the "changed" rows of just-updated ones).

    One timestamp (`when`, else now) and one user for the batch: `user_id`, else the request's
    (in admin; none in a command).
    """
    if not objects:
        return
    history = model.history.model
    if user_id is _REQUEST_USER:
        user = history.get_default_history_user(objects[0])
        user_id = user.pk if user is not None else None
    now = when or timezone.now()
    extra = {
        "history_date": now,
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user": user_id,
    }
    tracked = {f.attname: f for f in model._meta.concrete_fields}
    fields = [f for f in history._meta.concrete_fields if f.attname in tracked or f.name in extra]
    fields = [f for f in fields if f.name != "history_id"]
    extras = [f for f in fields if f.name in extra]
    copied = [tracked[f.attname] for f in fields if f.name not in extra]
    columns = [f.column for f in fields if f.name not in extra] + [f.column for f in extras]
    tail = tuple(
        f.get_db_prep_save(extra[f.name], connection)
        if not isinstance(f, _PLAIN_FIELDS)
        else extra[f.name]
        for f in extras
    )
    rows = [row + tail for row in _rows(copied, objects, None)]
    insert_rows(history, columns, rows, returning=False)


def insert_links(through: type, left: str, right: str, pairs: list[tuple]) -> None:
    """Insert many-to-many link rows with multi-row INSERTs (`insert_rows`).

    Link rows have no history and no logic, and building a model object per row cost more than
    all the other writes of an import together. On SQLite one statement for many rows also
    beat `executemany` of a one-row INSERT, which runs a statement per row: the importing
    process spent 2.6% fewer instructions on 2,000 readouts (`valgrind --tool=callgrind`).
    """
    insert_rows(through, [left, right], pairs, returning=False)


def update_meetings(meetings: list[Meeting]) -> None:
    """Save the meetings' rows as `Meeting.save` would (every column, `updated_at` now), one
    statement run for all of them, without a signal or history row each: the caller writes
    their history rows together and tells the aggregate cache once."""
    fields = [f for f in Meeting._meta.concrete_fields if not f.primary_key]
    rows = _rows(fields, meetings, False)
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Meeting._meta.db_table)} SET {columns} "  # noqa: S608 - model names
            f"WHERE {quote('id')} = %s",
            [(*row, meeting.pk) for row, meeting in zip(rows, meetings, strict=True)],
        )


# The children a rewrite replaces, in the order they are deleted: the history of each keeps its
# last version; a statement's topic links go before it, and its speaker (a participant) after it.
# Agreed points go while the meeting's countries are still linked, which their running counts
# read (archive.tally), as a delete through the ORM did.
_CHILDREN = (
    (Statement, Statement.topics.through, "statement_id"),
    (AgreedPoint, AgreedPoint.topics.through, "agreedpoint_id"),
    (Participant, None, ""),
)


def history_user_id(model: type[models.Model], obj: models.Model) -> Any:
    """The user a history row written now names: the request's (in admin; none in a command)."""
    user = model.history.model.get_default_history_user(obj)
    return user.pk if user is not None else None


def delete_children(meeting_ids: list[int], history_user: Any = None, when=None) -> None:
    """Delete the participants, statements, agreed points and links of the meetings
    `meeting_ids`, leaving their rows themselves.

    A few statements for all the meetings, whatever the number of children: each child's last
    version goes into its history as a "-" row (the row the ORM's delete writes per object, here
    copied by the database, with one time `when` and one user), then the rows go. The running
    counts' and the search index's triggers see the same deletes as before; the aggregate cache
    learns of them from the meeting's own save. No signal is sent per child (the ORM's delete
    loaded every child, sent two signals and wrote a history row for each: most of a
    re-parse's time).
    """
    if not meeting_ids:
        return
    quote = connection.ops.quote_name
    now = when or timezone.now()
    with connection.cursor() as cursor:
        for start in range(0, len(meeting_ids), 5000):
            chunk = meeting_ids[start : start + 5000]
            marks = ", ".join(["%s"] * len(chunk))
            for model, topics, link_column in _CHILDREN:
                table = quote(model._meta.db_table)
                history = model.history.model
                history_date = history._meta.get_field("history_date")
                copied = [f.column for f in model._meta.concrete_fields]
                names = ", ".join(quote(c) for c in copied)
                extra = ["history_date", "history_change_reason", "history_type"]
                extra_columns = [history._meta.get_field(n).column for n in extra]
                extra_columns.append(history._meta.get_field("history_user").column)
                cursor.execute(
                    f"INSERT INTO {quote(history._meta.db_table)} "  # noqa: S608 - model names
                    f"({names}, {', '.join(quote(c) for c in extra_columns)}) "
                    f"SELECT {names}, %s, NULL, '-', %s FROM {table} "
                    f"WHERE {quote('meeting_id')} IN ({marks}) ORDER BY {quote('id')}",
                    [history_date.get_db_prep_save(now, connection), history_user, *chunk],
                )
                if topics is not None:
                    cursor.execute(
                        f"DELETE FROM {quote(topics._meta.db_table)} "  # noqa: S608
                        f"WHERE {quote(link_column)} IN (SELECT {quote('id')} FROM {table} "
                        f"WHERE {quote('meeting_id')} IN ({marks}))",
                        chunk,
                    )
                cursor.execute(
                    f"DELETE FROM {table} WHERE {quote('meeting_id')} IN ({marks})",  # noqa: S608
                    chunk,
                )
            for through in (Meeting.countries.through, Meeting.topics.through):
                cursor.execute(
                    f"DELETE FROM {quote(through._meta.db_table)} "  # noqa: S608
                    f"WHERE {quote('meeting_id')} IN ({marks})",
                    chunk,
                )
