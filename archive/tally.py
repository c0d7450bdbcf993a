"""Running counts behind the country, relationship, topic and home pages, kept by the database.

`archive_tally` holds, per year and for all years together (year -1; undated meetings are year 0):

- kind "p": meetings, and agreed points of those meetings, in which countries `a` and `b` both took
  part (`a` < `b`), or country `a` took part (`a` = `b`);
- kind "t": meetings on topic `a` (its id);
- kind "c": meetings of country `a` on topic `b` (all years only);
- kind "n": rows in table `a` (meetings, statements, agreed points), the sum over `year` (on
  PostgreSQL each transaction adds to one of 16 rows, so concurrent writers rarely wait on one).

Triggers on the link tables (meeting-country, meeting-topic), on agreed points and on a meeting's
date keep it current for every write, whatever makes it (the importer's bulk inserts, the admin,
a delete): a page reads a few rows instead of grouping hundreds of thousands of links. On
PostgreSQL the triggers run once per statement over its transition table, so a bulk insert of a
batch updates each count once, in key order (two concurrent writers take row locks in the same
order); on SQLite they run per row.

A count is never trusted blindly for what it cannot see: rows that fall to zero stay (readers
skip them), and `rebuild()` recomputes everything from the link tables (the migration that adds
the table, and after every `migrate` on SQLite, whose table rebuilds drop triggers).

The importer's batches count their new meetings once instead (`hold` and `count_new_meetings`,
in the batch's transaction): the insert triggers stand aside while the batch writes, and the
importer, which knows what it linked to each meeting, sums what they would have added and adds
it in one upsert. On SQLite a row of `archive_tally_pause`, which no other connection ever sees,
silences them (row by row they cost more than the rest of the batch's writes together). On
PostgreSQL a setting local to the transaction does: the three statements' triggers each joined
their transition table to whole link tables (a scan of each per batch, growing with the archive)
and updated the same pair counts twice, once for the meetings and once for their agreed points.
Every other writer, and every delete, still goes through the triggers.
"""

# ruff: noqa: S608 - SQL assembled here from fixed table and column names only, never from input

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DatabaseError, models
from django.db import connection as default_connection

ALL_YEARS = -1
UNDATED = 0


class Tally(models.Model):
    kind = models.CharField(max_length=1)
    a = models.CharField(max_length=20)
    b = models.CharField(max_length=20, default="")
    year = models.IntegerField()
    meetings = models.IntegerField(default=0)
    agreed = models.IntegerField(default=0)

    class Meta:
        app_label = "archive"
        db_table = "archive_tally"
        verbose_name = "tally"
        constraints = [
            models.UniqueConstraint(fields=["kind", "a", "b", "year"], name="tally_key"),
        ]
        indexes = [
            models.Index(fields=["kind", "b", "year"], name="tally_b_idx"),
            models.Index(fields=["kind", "year"], name="tally_year_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.a} {self.b} {self.year}: {self.meetings}"


_YEAR = {
    "postgresql": "COALESCE(CAST(EXTRACT(YEAR FROM {}) AS integer), 0)",
    "sqlite": "COALESCE(CAST(substr({}, 1, 4) AS integer), 0)",
}
_TEXT = "CAST({} AS varchar(20))"


def _upsert(deltas: str) -> str:
    """Add `deltas` (kind, a, b, year, dm, da; year NULL = all years only) to the tally, each
    counted in its year and in all years, in key order."""
    return (
        "INSERT INTO archive_tally (kind, a, b, year, meetings, agreed) "
        "SELECT d.kind, d.a, d.b, CASE WHEN t.total = 1 THEN -1 ELSE d.year END AS y, "
        "SUM(d.dm), SUM(d.da) "
        f"FROM ({deltas}) d CROSS JOIN (SELECT 0 AS total UNION ALL SELECT 1) t "
        "WHERE t.total = 1 OR d.year IS NOT NULL "
        "GROUP BY d.kind, d.a, d.b, y ORDER BY d.kind, d.a, d.b, y "
        "ON CONFLICT (kind, a, b, year) DO UPDATE SET "
        "meetings = archive_tally.meetings + excluded.meetings, "
        "agreed = archive_tally.agreed + excluded.agreed"
    )


def _pair(x: str, y: str) -> str:
    return (
        f"CASE WHEN {x} < {y} THEN {x} ELSE {y} END AS a, "
        f"CASE WHEN {x} < {y} THEN {y} ELSE {x} END AS b"
    )


def _country_links(changed: str, sign: str, year) -> str:
    """Deltas for link rows (meeting_id, country_id) `changed` (added: +1, removed: -1): every pair
    of a changed country with the meeting's other countries (once when both changed), itself, and
    its topics."""
    agreed = "(SELECT COUNT(*) FROM archive_agreedpoint ap WHERE ap.meeting_id = c.meeting_id)"
    return (
        f"SELECT 'p' AS kind, {_pair('c.country_id', 'f.country_id')}, {year('m.held_on')} AS year, "
        f"{sign} AS dm, {sign} * {agreed} AS da "
        f"FROM {changed} c JOIN archive_meeting m ON m.id = c.meeting_id "
        "JOIN (SELECT meeting_id, country_id FROM archive_meeting_countries "
        f"WHERE meeting_id IN (SELECT meeting_id FROM {changed} x) "
        f"UNION SELECT meeting_id, country_id FROM {changed} y) f ON f.meeting_id = c.meeting_id "
        "WHERE c.country_id <= f.country_id OR NOT EXISTS "
        f"(SELECT 1 FROM {changed} c2 WHERE c2.meeting_id = f.meeting_id "
        "AND c2.country_id = f.country_id) "
        f"UNION ALL SELECT 'c', c.country_id, {_TEXT.format('mt.topic_id')}, NULL, {sign}, 0 "
        f"FROM {changed} c JOIN archive_meeting_topics mt ON mt.meeting_id = c.meeting_id"
    )


def _topic_links(changed: str, sign: str, year) -> str:
    topic = _TEXT.format("c.topic_id")
    return (
        f"SELECT 't' AS kind, {topic} AS a, '' AS b, {year('m.held_on')} AS year, "
        f"{sign} AS dm, 0 AS da FROM {changed} c JOIN archive_meeting m ON m.id = c.meeting_id "
        f"UNION ALL SELECT 'c', f.country_id, {topic}, NULL, {sign}, 0 "
        f"FROM {changed} c JOIN archive_meeting_countries f ON f.meeting_id = c.meeting_id"
    )


def _meeting_pairs(meeting_id: str) -> str:
    return (
        "archive_meeting_countries f1 JOIN archive_meeting_countries f2 "
        f"ON f2.meeting_id = f1.meeting_id AND f1.country_id <= f2.country_id "
        f"WHERE f1.meeting_id = {meeting_id}"
    )


def _agreed_points(changed: str, sign: str, year) -> str:
    """Deltas for agreed points `changed` (rows with meeting_id): every pair of the meeting."""
    return (
        f"SELECT 'p' AS kind, f1.country_id AS a, f2.country_id AS b, {year('m.held_on')} AS year, "
        f"0 AS dm, {sign} * COUNT(*) AS da FROM {changed} c "
        "JOIN archive_meeting m ON m.id = c.meeting_id "
        "JOIN archive_meeting_countries f1 ON f1.meeting_id = c.meeting_id "
        "JOIN archive_meeting_countries f2 ON f2.meeting_id = c.meeting_id "
        "AND f1.country_id <= f2.country_id "
        f"GROUP BY f1.country_id, f2.country_id, {year('m.held_on')}"
    )


def _redated(year) -> str:
    """Deltas for a meeting (OLD/NEW) whose date changed: its counts move from one year to another."""
    agreed = "(SELECT COUNT(*) FROM archive_agreedpoint ap WHERE ap.meeting_id = NEW.id)"
    parts = []
    for date, sign in (("OLD.held_on", "-1"), ("NEW.held_on", "1")):
        parts.append(
            f"SELECT 'p' AS kind, f1.country_id AS a, f2.country_id AS b, {year(date)} AS year, "
            f"{sign} AS dm, {sign} * {agreed} AS da FROM {_meeting_pairs('NEW.id')}"
        )
        parts.append(
            f"SELECT 't', {_TEXT.format('mt.topic_id')}, '', {year(date)}, {sign}, 0 "
            "FROM archive_meeting_topics mt WHERE mt.meeting_id = NEW.id"
        )
    return " UNION ALL ".join(parts)


# (name, table, event, deltas builder, columns of a changed row)
_TRIGGERS = [
    ("mc_ins", "archive_meeting_countries", "INSERT", _country_links, "1"),
    ("mc_del", "archive_meeting_countries", "DELETE", _country_links, "-1"),
    ("mt_ins", "archive_meeting_topics", "INSERT", _topic_links, "1"),
    ("mt_del", "archive_meeting_topics", "DELETE", _topic_links, "-1"),
    ("ap_ins", "archive_agreedpoint", "INSERT", _agreed_points, "1"),
    ("ap_del", "archive_agreedpoint", "DELETE", _agreed_points, "-1"),
]
_SQLITE_ROW = {
    "archive_meeting_countries": "meeting_id, country_id",
    "archive_meeting_topics": "meeting_id, topic_id",
    "archive_agreedpoint": "meeting_id",
}


# SQLite: while this table holds a row (only ever inside the importer's transaction, see `hold`),
# the insert triggers leave the counting to `count_new_meetings`.
PAUSE_TABLE = "archive_tally_pause"
_UNPAUSED = f"WHEN NOT EXISTS (SELECT 1 FROM {PAUSE_TABLE}) "
# PostgreSQL: while this setting (local to the transaction, see `hold`) says "held", the insert
# triggers leave the counting to `count_new_meetings`.
HOLD_SETTING = "archive.tally"
_PG_UNPAUSED = f"WHEN (current_setting('{HOLD_SETTING}', true) IS DISTINCT FROM 'held') "


def _sqlite_row(table: str, event: str) -> str:
    row = "NEW" if event == "INSERT" else "OLD"
    columns = ", ".join(f"{row}.{c} AS {c}" for c in _SQLITE_ROW[table].split(", "))
    return f"(SELECT {columns})"


# (tally name, table) of the whole-table counts (kind "n")
TOTALS = [
    ("meetings", "archive_meeting"),
    ("statements", "archive_statement"),
    ("agreed_points", "archive_agreedpoint"),
]
_SHARDS = 16
_PG_SHARD = f"mod(txid_current(), {_SHARDS})"


def _total_sql(name: str, rows: str, shard: str) -> str:
    return (
        "INSERT INTO archive_tally (kind, a, b, year, meetings, agreed) "
        f"SELECT 'n', '{name}', '', {shard}, {rows}, 0 WHERE {rows} <> 0 "
        "ON CONFLICT (kind, a, b, year) DO UPDATE SET "
        "meetings = archive_tally.meetings + excluded.meetings"
    )


def _totals_sql(vendor: str) -> list[str]:
    statements = []
    for name, table in TOTALS:
        for event, sign in (("INSERT", ""), ("DELETE", "-")):
            trigger = f"archive_tally_n_{name}_{event[:3].lower()}"
            if vendor == "postgresql":
                transition = "NEW" if event == "INSERT" else "OLD"
                upsert = _total_sql(name, f"{sign}(SELECT COUNT(*) FROM changed)", _PG_SHARD)
                when = _PG_UNPAUSED if event == "INSERT" else ""
                statements += [
                    f"CREATE OR REPLACE FUNCTION {trigger}() RETURNS trigger "
                    f"LANGUAGE plpgsql AS $$ BEGIN {upsert}; RETURN NULL; END $$",
                    f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
                    f"CREATE TRIGGER {trigger} AFTER {event} ON {table} "
                    f"REFERENCING {transition} TABLE AS changed FOR EACH STATEMENT "
                    f"{when}EXECUTE FUNCTION {trigger}()",
                ]
            else:
                when = _UNPAUSED if event == "INSERT" else ""
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {trigger} AFTER {event} ON {table} "
                    f"{when}BEGIN {_total_sql(name, f'{sign}1', '0')}; END"
                )
    return statements


def trigger_sql(vendor: str) -> list[str]:
    """CREATE statements for the tally's triggers on `vendor` (idempotent)."""
    year = _YEAR[vendor].format
    statements = []
    for name, table, event, build, sign in _TRIGGERS:
        if vendor == "postgresql":
            transition = "NEW" if event == "INSERT" else "OLD"
            when = _PG_UNPAUSED if event == "INSERT" else ""
            statements += [
                f"CREATE OR REPLACE FUNCTION archive_tally_{name}() RETURNS trigger "
                f"LANGUAGE plpgsql SET jit = off AS $$ BEGIN {_upsert(build('changed', sign, year))}; "
                "RETURN NULL; END $$",
                f"DROP TRIGGER IF EXISTS archive_tally_{name} ON {table}",
                f"CREATE TRIGGER archive_tally_{name} AFTER {event} ON {table} "
                f"REFERENCING {transition} TABLE AS changed FOR EACH STATEMENT "
                f"{when}EXECUTE FUNCTION archive_tally_{name}()",
            ]
        else:
            deltas = build(_sqlite_row(table, event), sign, year)
            when = _UNPAUSED if event == "INSERT" else ""
            statements.append(
                f"CREATE TRIGGER IF NOT EXISTS archive_tally_{name} AFTER {event} ON {table} "
                f"{when}BEGIN {_upsert(deltas)}; END"
            )
    redated = _upsert(_redated(year))
    if vendor == "postgresql":
        statements += [
            "CREATE OR REPLACE FUNCTION archive_tally_redated() RETURNS trigger "
            f"LANGUAGE plpgsql SET jit = off AS $$ BEGIN {redated}; RETURN NULL; END $$",
            "DROP TRIGGER IF EXISTS archive_tally_redated ON archive_meeting",
            "CREATE TRIGGER archive_tally_redated AFTER UPDATE OF held_on ON archive_meeting "
            "FOR EACH ROW WHEN (OLD.held_on IS DISTINCT FROM NEW.held_on) "
            "EXECUTE FUNCTION archive_tally_redated()",
        ]
    else:
        statements.append(
            "CREATE TRIGGER IF NOT EXISTS archive_tally_redated AFTER UPDATE OF held_on "
            "ON archive_meeting WHEN OLD.held_on IS NOT NEW.held_on "
            f"BEGIN {redated}; END"
        )
    return statements + _totals_sql(vendor)


# The insert triggers that `hold` silences.
_PAUSED_TRIGGERS = [
    *(f"archive_tally_{name}" for name, _t, event, *_ in _TRIGGERS if event == "INSERT"),
    *(f"archive_tally_n_{name}_ins" for name, _table in TOTALS),
]


def drop_sql(vendor: str) -> list[str]:
    tables = {name: table for name, table, *_ in _TRIGGERS} | {"redated": "archive_meeting"}
    for name, table in TOTALS:
        tables |= {f"n_{name}_ins": table, f"n_{name}_del": table}
    names = list(tables)
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS archive_tally_{n} ON {tables[n]}; "
            f"DROP FUNCTION IF EXISTS archive_tally_{n}()"
            for n in names
        ]
    return [f"DROP TRIGGER IF EXISTS archive_tally_{n}" for n in names]


def _meeting_deltas(year) -> str:
    """Deltas counting every meeting whole."""
    agreed = "(SELECT COUNT(*) FROM archive_agreedpoint ap WHERE ap.meeting_id = m.id)"
    return (
        f"SELECT 'p' AS kind, f1.country_id AS a, f2.country_id AS b, {year('m.held_on')} AS year, "
        f"1 AS dm, {agreed} AS da FROM archive_meeting_countries f1 "
        "JOIN archive_meeting_countries f2 ON f2.meeting_id = f1.meeting_id "
        "AND f1.country_id <= f2.country_id JOIN archive_meeting m ON m.id = f1.meeting_id "
        f"UNION ALL SELECT 't', {_TEXT.format('mt.topic_id')}, '', {year('m.held_on')}, 1, 0 "
        "FROM archive_meeting_topics mt JOIN archive_meeting m ON m.id = mt.meeting_id "
        f"UNION ALL SELECT 'c', f.country_id, {_TEXT.format('mt.topic_id')}, NULL, 1, 0 "
        "FROM archive_meeting_countries f "
        "JOIN archive_meeting_topics mt ON mt.meeting_id = f.meeting_id"
    )


def rebuild_sql(vendor: str) -> list[str]:
    """Recompute the whole tally from the link tables."""
    deltas = _meeting_deltas(_YEAR[vendor].format)
    totals = [_total_sql(name, f"(SELECT COUNT(*) FROM {table})", "0") for name, table in TOTALS]
    return ["DELETE FROM archive_tally", _upsert(deltas), *totals]


def hold(connection=default_connection) -> bool:
    """Silence the insert triggers for the rest of this transaction, whose new meetings
    `count_new_meetings` then counts. Only inside a transaction that inserts whole meetings,
    children and links together. False (nothing done) where the triggers would not stand aside:
    a database whose triggers predate the pause (not migrated since) keeps counting row by row."""
    if connection.vendor == "postgresql":
        return _hold_postgresql(connection)
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        try:
            cursor.execute(
                f"INSERT OR REPLACE INTO {PAUSE_TABLE} (id) SELECT 1 WHERE (SELECT COUNT(*) "
                "FROM sqlite_master WHERE type = 'trigger' AND name IN "
                f"({', '.join(['%s'] * len(_PAUSED_TRIGGERS))}) AND sql LIKE %s) = %s",
                [*_PAUSED_TRIGGERS, f"%{_UNPAUSED}%", len(_PAUSED_TRIGGERS)],
            )
        except DatabaseError:
            return False
        return cursor.rowcount == 1


def _hold_postgresql(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, 'held', true) WHERE (SELECT COUNT(*) FROM pg_trigger "
            "WHERE tgname = ANY(%s) AND pg_get_triggerdef(oid) LIKE %s) = %s",
            [HOLD_SETTING, _PAUSED_TRIGGERS, f"%{HOLD_SETTING}%", len(_PAUSED_TRIGGERS)],
        )
        return cursor.fetchone() is not None


@dataclass(frozen=True)
class NewMeeting:
    """A meeting a batch inserted, as the running counts see it: its date, the country codes
    and topic ids linked to it (each once), and how many statements and agreed points it has."""

    held_on: datetime.date | None
    countries: Sequence[str]
    topics: Sequence[int]
    statements: int
    agreed: int


def new_meeting_counts(meetings: Sequence[NewMeeting]) -> list[tuple[str, str, str, int, int, int]]:
    """The rows (kind, a, b, year, meetings, agreed) that `meetings` add to the tally, summed
    per key: what the insert triggers would add for their links and agreed points."""
    keys: list[tuple[str, str, str, int]] = []  # a key once per meeting: Counter counts them
    agreed: dict[tuple[str, str, str, int], int] = {}
    for meeting in meetings:
        year = meeting.held_on.year if meeting.held_on else UNDATED
        codes = sorted(meeting.countries)
        topics = [str(topic) for topic in meeting.topics]
        points = meeting.agreed
        for i, a in enumerate(codes):
            for b in codes[i:]:
                dated, every = ("p", a, b, year), ("p", a, b, ALL_YEARS)
                keys += (dated, every)
                if points:
                    agreed[dated] = agreed.get(dated, 0) + points
                    agreed[every] = agreed.get(every, 0) + points
            keys += [("c", a, topic, ALL_YEARS) for topic in topics]
        for topic in topics:
            keys += (("t", topic, "", year), ("t", topic, "", ALL_YEARS))
    return [(*key, count, agreed.get(key, 0)) for key, count in Counter(keys).items()]


# The batch's rows, summed in Python, from one parameter: a JSON list of rows (on PostgreSQL
# cheaper for both sides than an array per column, whose elements psycopg adapts one by one in
# Python); added in key order, as the triggers add theirs.
_ADD_ROWS = {
    "postgresql": (
        "SELECT r ->> 0, r ->> 1, r ->> 2, (r ->> 3)::integer, (r ->> 4)::integer, "
        "(r ->> 5)::integer FROM json_array_elements(%s::json) AS r"
    ),
    "sqlite": (
        "SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5 "
        "FROM json_each(%s) WHERE true"
    ),
}


def _add_rows_sql(vendor: str) -> str:
    return (
        "INSERT INTO archive_tally (kind, a, b, year, meetings, agreed) "
        f"{_ADD_ROWS[vendor]} ORDER BY 1, 2, 3, 4 "
        "ON CONFLICT (kind, a, b, year) DO UPDATE SET "
        "meetings = archive_tally.meetings + excluded.meetings, "
        "agreed = archive_tally.agreed + excluded.agreed"
    )


def count_new_meetings(meetings: Sequence[NewMeeting], connection=default_connection) -> None:
    """After `hold`: count the meetings inserted since, with their links and children, and let
    the triggers count again.

    The importer knows what it linked to each meeting, so the rows are summed here and the
    database only adds them: joining the batch's meetings to the link tables in SQL planned as
    a scan of each link table per batch, which grew with the archive."""
    vendor = connection.vendor
    rows = new_meeting_counts(meetings)
    shard = _PG_SHARD if vendor == "postgresql" else "0"
    totals = (
        ("meetings", len(meetings)),
        ("statements", sum(m.statements for m in meetings)),
        ("agreed_points", sum(m.agreed for m in meetings)),
    )
    with connection.cursor() as cursor:
        if rows:
            cursor.execute(_add_rows_sql(vendor), [json.dumps(rows)])
        for name, count in totals:
            if count:
                cursor.execute(_total_sql(name, "%s", shard), [count, count])
        if vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, '', true)", [HOLD_SETTING])
        else:
            cursor.execute(f"DELETE FROM {PAUSE_TABLE}")


def install(connection=default_connection) -> None:
    """Create the triggers (if missing) and recompute the tally."""
    vendor = connection.vendor
    if vendor not in _YEAR:
        return
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            # Triggers made before the pause existed are replaced.
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {PAUSE_TABLE} (id integer PRIMARY KEY)")
            cursor.execute(f"DELETE FROM {PAUSE_TABLE}")
            for sql in drop_sql(vendor):
                cursor.execute(sql)
        if vendor == "postgresql":
            # Counts change in place: room on each page lets PostgreSQL update a row without new
            # index entries (no index holds a count).
            cursor.execute("ALTER TABLE archive_tally SET (fillfactor = 70)")
        for sql in [*trigger_sql(vendor), *rebuild_sql(vendor)]:
            cursor.execute(sql)
        if vendor == "postgresql":
            cursor.execute("ANALYZE archive_tally")


def totals() -> dict[str, int]:
    """{"meetings": n, "statements": n, "agreed_points": n}: the rows in each table."""
    found = dict.fromkeys((name for name, _table in TOTALS), 0)
    rows = Tally.objects.filter(kind="n").values_list("a").annotate(n=models.Sum("meetings"))
    found.update({name: n for name, n in rows if name in found})
    return found


def common(codes: Sequence[str], topic_ids: Sequence[int], share: float) -> set[str]:
    """Which of the countries `codes` and topics `topic_ids` (as text) are parties to, or the
    topic of, at least `share` of the archive's meetings, in all years."""
    topics = [str(pk) for pk in topic_ids]
    if not codes and not topics:
        return set()
    rows = Tally.objects.filter(
        models.Q(kind="p", year=ALL_YEARS, a__in=codes, b=models.F("a"))
        | models.Q(kind="t", year=ALL_YEARS, a__in=topics)
        | models.Q(kind="n", a="meetings")
    ).values_list("kind", "a", "meetings")
    found: dict[str, int] = {}
    archive = 0
    for kind, a, n in rows:
        if kind == "n":
            archive += n
        else:
            found[a] = n
    return {a for a, n in found.items() if archive > 0 and n >= share * archive}


def counted(
    codes: Sequence[str], topic_ids: Sequence[int], year: int | None, column: str = "meetings"
) -> int | None:
    """How many meetings (or, `column` "agreed", agreed points of meetings) had all of the
    countries `codes` among their parties and all of the topics `topic_ids`, held in `year` (None:
    in any year or undated), from the running counts; None where they keep no such count: more
    than two countries, more than one topic, both countries and a topic but for one country in all
    years, neither, or agreed points on a topic."""
    codes, topics = sorted(set(codes)), sorted({str(pk) for pk in topic_ids})
    in_year = ALL_YEARS if year is None else year
    if not topics and 1 <= len(codes) <= 2:
        key = ("p", codes[0], codes[-1], in_year)
    elif column == "agreed":
        return None  # the running counts count agreed points by country only
    elif not codes and len(topics) == 1:
        key = ("t", topics[0], "", in_year)
    elif len(codes) == 1 and len(topics) == 1 and year is None:
        key = ("c", codes[0], topics[0], ALL_YEARS)
    else:
        return None
    kind, a, b, in_year = key
    found = Tally.objects.filter(kind=kind, a=a, b=b, year=in_year).values_list(column)
    return max(next(iter(found), (0,))[0], 0)
