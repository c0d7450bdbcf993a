"""PostgreSQL: the search vector moves to a narrow table, `archive_meeting_search`.

A search reads its matches' ids and dates from the GIN index's bitmap, which visits each match's
heap page. Meeting rows are wide (the source text and the parsed texts stored inline, about six a
page), so a word in 10% of a 100,000-meeting archive visited about 7,500 pages to count its
matches and find the newest. `archive_meeting_search` holds only (meeting_id, held_on,
search_vector) and what the list's usual filters need (the meeting's countries and topics, as
arrays), the vector stored out of line: about 70 rows a page, a fifth of the pages, and a search
within countries, topics and dates is answered from these rows alone.

Every writer keeps it exact through triggers on archive_meeting:

- `archive_meeting.search_vector` stays as the way in and is always NULL when stored. A writer may
  set it (the importer sends the vector its parse workers computed, `archive.pg_vector`); the
  BEFORE trigger writes that vector, or the one computed from the row's text when none is given,
  to the search row. An update writes the search row again when it gives a vector, changes the
  text (admin edits, re-imports) or changes the date; any other update leaves it alone.
- Deleted meetings lose their search rows (a statement-level trigger); TRUNCATE empties the table.
- Links added to or removed from archive_meeting_countries and archive_meeting_topics add their
  code or id to the row's array or remove it (statement-level triggers, one UPDATE per statement;
  an element is added or removed, never the array recomputed, so concurrent writers compose).

The old column is dropped and added again empty (no table rewrite): its out-of-line vectors stay
on disk until `VACUUM FULL archive_meeting`. SQLite is unchanged (its FTS5 tables are separate
already).
"""

import importlib

from django.db import migrations

vector_trigger = importlib.import_module("archive.migrations.0005_search_vector_trigger")

COLUMNS = vector_trigger.COLUMNS
vector_sql = vector_trigger.vector_sql


def _row(prefix: str) -> str:
    return "(" + ", ".join(f"{prefix}.{column}" for column in COLUMNS) + ")"


# (link table, its column, the search table's array, the array's type)
LINKS = [
    ("archive_meeting_countries", "country_id", "countries", "text"),
    ("archive_meeting_topics", "topic_id", "topics", "bigint"),
]


def _link_sql(table: str, key: str, array: str, kind: str) -> list[str]:
    function = f"archive_meeting_search_{array}"
    removed = (
        f"    UPDATE archive_meeting_search s SET {array} = "  # noqa: S608 - constant SQL
        f"ARRAY(SELECT x FROM unnest(s.{array}) x WHERE x <> ALL (r.keys))\n"
        f"    FROM (SELECT meeting_id, array_agg({key}::{kind}) AS keys FROM removed "
        "GROUP BY meeting_id) r\n"
        "    WHERE s.meeting_id = r.meeting_id;\n"
    )
    added = (
        f"    UPDATE archive_meeting_search s SET {array} = s.{array} || a.keys\n"  # noqa: S608 - constant SQL
        f"    FROM (SELECT meeting_id, array_agg({key}::{kind} ORDER BY {key}) AS keys "
        "FROM added GROUP BY meeting_id) a\n"
        "    WHERE s.meeting_id = a.meeting_id;\n"
    )
    return [
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"  # noqa: S608 - constant SQL
        "BEGIN\n"
        "  IF TG_OP = 'TRUNCATE' THEN\n"
        f"    UPDATE archive_meeting_search SET {array} = '{{}}' WHERE {array} <> '{{}}';\n"
        "    RETURN NULL;\n"
        "  END IF;\n"
        f"  IF TG_OP IN ('DELETE', 'UPDATE') THEN\n{removed}  END IF;\n"
        f"  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n{added}  END IF;\n"
        "  RETURN NULL;\n"
        "END\n"
        "$$",
        f"CREATE TRIGGER {function}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS added "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {function}_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS removed "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {function}_upd AFTER UPDATE ON {table} "
        "REFERENCING OLD TABLE AS removed NEW TABLE AS added "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {function}_emptied AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]


def _array(table: str, key: str, kind: str) -> str:
    return (
        f"coalesce((SELECT array_agg(l.{key}::{kind} ORDER BY l.{key}) FROM {table} l "  # noqa: S608 - constant SQL
        "WHERE l.meeting_id = archive_meeting.id), '{}')"
    )


ROW_FUNCTION = (
    "CREATE OR REPLACE FUNCTION archive_meeting_search_row() RETURNS trigger "  # noqa: S608 - constant SQL
    "LANGUAGE plpgsql AS $$\n"
    "DECLARE\n"
    "  vector tsvector := NEW.search_vector;\n"
    "BEGIN\n"
    "  IF TG_OP = 'INSERT' THEN\n"
    "    INSERT INTO archive_meeting_search (meeting_id, held_on, search_vector)\n"
    f"    VALUES (NEW.id, NEW.held_on, coalesce(vector, {vector_sql('NEW.')}))\n"
    "    ON CONFLICT (meeting_id) DO UPDATE\n"
    "      SET held_on = EXCLUDED.held_on, search_vector = EXCLUDED.search_vector;\n"
    "  ELSE\n"
    f"    IF vector IS NULL AND {_row('NEW')} IS DISTINCT FROM {_row('OLD')} THEN\n"
    f"      vector := {vector_sql('NEW.')};\n"
    "    END IF;\n"
    "    IF vector IS NOT NULL OR NEW.held_on IS DISTINCT FROM OLD.held_on\n"
    "       OR NEW.id <> OLD.id THEN\n"
    "      UPDATE archive_meeting_search\n"
    "        SET meeting_id = NEW.id, held_on = NEW.held_on,\n"
    "            search_vector = coalesce(vector, search_vector)\n"
    "        WHERE meeting_id = OLD.id;\n"
    "      IF NOT FOUND THEN\n"
    "        INSERT INTO archive_meeting_search (meeting_id, held_on, search_vector)\n"
    f"        VALUES (NEW.id, NEW.held_on, coalesce(vector, {vector_sql('NEW.')}));\n"
    "      END IF;\n"
    "    END IF;\n"
    "  END IF;\n"
    "  NEW.search_vector := NULL;\n"
    "  RETURN NEW;\n"
    "END\n"
    "$$"
)

FORWARD = [
    # toast_tuple_target: every vector longer than a few dozen bytes is stored out of line, so a
    # heap page holds the ids, dates, countries and topics of about 70 meetings.
    "CREATE TABLE archive_meeting_search ("
    "meeting_id bigint PRIMARY KEY, held_on date, search_vector tsvector NOT NULL, "
    "countries text[] NOT NULL DEFAULT '{}', topics bigint[] NOT NULL DEFAULT '{}'"
    ") WITH (toast_tuple_target = 128)",
    # ... but the arrays, a few bytes each, stay in the row as they are: a filter reads them
    # without a look-up in the TOAST table.
    "ALTER TABLE archive_meeting_search ALTER COLUMN countries SET STORAGE PLAIN, "
    "ALTER COLUMN topics SET STORAGE PLAIN",
    # Newest first on disk, as most searches read them.
    "INSERT INTO archive_meeting_search (meeting_id, held_on, search_vector, countries, topics) "  # noqa: S608 - constant SQL
    f"SELECT id, held_on, coalesce(search_vector, {vector_sql()}), "
    + ", ".join(_array(table, key, kind) for table, key, _array_name, kind in LINKS)
    + " FROM archive_meeting ORDER BY held_on DESC NULLS LAST, id DESC",
    "DROP TRIGGER IF EXISTS archive_meeting_search_vector ON archive_meeting",
    "DROP FUNCTION IF EXISTS archive_meeting_search_vector()",
    "ALTER TABLE archive_meeting DROP COLUMN search_vector",  # and its GIN index
    "ALTER TABLE archive_meeting ADD COLUMN search_vector tsvector",
    "CREATE INDEX archive_meeting_search_idx ON archive_meeting_search USING gin (search_vector)",
    "CREATE INDEX archive_meeting_search_newest_idx ON archive_meeting_search "
    "(held_on DESC NULLS LAST, meeting_id DESC)",
    ROW_FUNCTION,
    "CREATE TRIGGER archive_meeting_search_row BEFORE INSERT OR UPDATE ON archive_meeting "
    "FOR EACH ROW EXECUTE FUNCTION archive_meeting_search_row()",
    "CREATE OR REPLACE FUNCTION archive_meeting_search_gone() RETURNS trigger "
    "LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  DELETE FROM archive_meeting_search s USING gone WHERE s.meeting_id = gone.id;\n"
    "  RETURN NULL;\n"
    "END\n"
    "$$",
    "CREATE TRIGGER archive_meeting_search_gone AFTER DELETE ON archive_meeting "
    "REFERENCING OLD TABLE AS gone FOR EACH STATEMENT "
    "EXECUTE FUNCTION archive_meeting_search_gone()",
    "CREATE OR REPLACE FUNCTION archive_meeting_search_emptied() RETURNS trigger "
    "LANGUAGE plpgsql AS $$\n"
    "BEGIN\n"
    "  TRUNCATE archive_meeting_search;\n"
    "  RETURN NULL;\n"
    "END\n"
    "$$",
    "CREATE TRIGGER archive_meeting_search_emptied AFTER TRUNCATE ON archive_meeting "
    "FOR EACH STATEMENT EXECUTE FUNCTION archive_meeting_search_emptied()",
    *[sql for link in LINKS for sql in _link_sql(*link)],
    # The planner's statistics of the vectors (how common each word is) size every search.
    "ANALYZE archive_meeting_search",
]

BACKWARD = [
    *[
        f"DROP TRIGGER IF EXISTS archive_meeting_search_{array}_{suffix} ON {table}"
        for table, _key, array, _kind in LINKS
        for suffix in ("ins", "del", "upd", "emptied")
    ],
    *[f"DROP FUNCTION IF EXISTS archive_meeting_search_{link[2]}()" for link in LINKS],
    "DROP TRIGGER IF EXISTS archive_meeting_search_emptied ON archive_meeting",
    "DROP TRIGGER IF EXISTS archive_meeting_search_gone ON archive_meeting",
    "DROP TRIGGER IF EXISTS archive_meeting_search_row ON archive_meeting",
    "DROP FUNCTION IF EXISTS archive_meeting_search_emptied()",
    "DROP FUNCTION IF EXISTS archive_meeting_search_gone()",
    "DROP FUNCTION IF EXISTS archive_meeting_search_row()",
    "UPDATE archive_meeting m SET search_vector = s.search_vector "
    "FROM archive_meeting_search s WHERE s.meeting_id = m.id",
    "DROP TABLE archive_meeting_search",
    "CREATE INDEX archive_meeting_search_idx ON archive_meeting USING gin (search_vector)",
    *vector_trigger.FORWARD,
]


def _lz4(schema_editor) -> bool:
    """Whether the server compresses with LZ4 (migration 0007)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' "
            "AND 'lz4' = ANY(enumvals)"
        )
        return cursor.fetchone() is not None


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    lz4 = _lz4(schema_editor)
    for sql in FORWARD:
        schema_editor.execute(sql)
        if lz4 and sql.startswith("CREATE TABLE archive_meeting_search"):
            # The vectors compressed as 0007 compresses the meeting's texts.
            schema_editor.execute(
                "ALTER TABLE archive_meeting_search ALTER COLUMN search_vector SET COMPRESSION lz4"
            )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in BACKWARD:
        schema_editor.execute(sql)
    if _lz4(schema_editor):
        schema_editor.execute(
            "ALTER TABLE archive_meeting ALTER COLUMN search_vector SET COMPRESSION lz4"
        )


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_lz4_text")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
