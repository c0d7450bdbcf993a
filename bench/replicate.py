"""A larger PostgreSQL bench database made from a smaller one by copying its rows N times.

Importing 100,000 readouts through the real command takes longer than a benchmark run may on this
machine, so the 100k search and page figures can come from the 10k database copied ten times:
every meeting, participant, statement and agreed point (with their countries and topics) again
under new ids, slugs and content hashes. Each copy takes the original's search vector and
PostgreSQL indexes it, so posting lists, match counts and facet sizes are those of a 100k corpus with the
same word distribution (every planted marker's count times N). What a copy does not give: import
figures (the copy is not an import) and new people (copies reuse the 10k corpus's people). The
history tables are not copied; no page reads them.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit, urlunsplit

# Ids of copy k are the original ids plus k * OFFSET.
OFFSET = 100_000_000
TABLES = (
    "archive_meeting",
    "archive_meeting_countries",
    "archive_meeting_topics",
    "archive_participant",
    "archive_statement",
    "archive_statement_topics",
    "archive_agreedpoint",
    "archive_agreedpoint_topics",
)
ID_COLUMNS = {"id", "meeting_id", "statement_id", "agreedpoint_id", "speaker_id"}
SEARCH_TABLE = "archive_meeting_search"


def _expression(table: str, column: str, k: int) -> str:
    if column in ID_COLUMNS:
        return f'"{column}" + {k * OFFSET}'
    if table == "archive_meeting" and column == "slug":
        return f"left(slug, 110) || '-copy{k}'"
    if table == "archive_meeting" and column == "content_hash":
        return f"left(content_hash, 58) || 'copy{k:02d}'"
    if table == "archive_meeting" and column == "search_vector":
        # The copy's vector is the original's, read from the search table (migration 0008), so
        # the database does not parse every text again.
        return (
            f"(SELECT s.search_vector FROM {SEARCH_TABLE} s "
            'WHERE s.meeting_id = "archive_meeting".id)'
        )
    return f'"{column}"'


def replicate(source_url: str, target_url: str, factor: int) -> dict:
    """Create the target database from the source as a template, then add factor-1 copies."""
    import psycopg

    source = urlsplit(source_url).path.lstrip("/")
    target = urlsplit(target_url).path.lstrip("/")
    assert source.startswith("archive_bench_") and target.startswith("archive_bench_")
    admin = urlunsplit(urlsplit(target_url)._replace(path="/postgres"))
    started = time.perf_counter()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    with psycopg.connect(target_url) as conn:
        for table in TABLES:
            columns = [
                row[0]
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                    "AND is_generated = 'NEVER' ORDER BY ordinal_position",
                    [table],
                )
            ]
            names = ", ".join(f'"{c}"' for c in columns)
            for k in range(1, factor):
                values = ", ".join(_expression(table, c, k) for c in columns)
                conn.execute(
                    f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" '
                    f"WHERE id < {OFFSET}"
                )
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f'(SELECT max(id) FROM "{table}"))'
            )
        conn.commit()
    with psycopg.connect(target_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return {
        "replicated_from": source,
        "factor": factor,
        "seconds": round(time.perf_counter() - started, 1),
    }


def scaled_manifest(manifest: dict, factor: int) -> dict:
    """The manifest of the copied database: every readout `factor` times, counts times factor."""
    size = manifest["size"]

    def spread(ids: list[int]) -> list[int]:
        return [i + k * size for k in range(factor) for i in ids]

    return manifest | {
        "size": size * factor,
        "markers": {word: spread(ids) for word, ids in manifest["markers"].items()},
        "phrases": {
            key: {part: spread(ids) for part, ids in sets.items()}
            for key, sets in manifest["phrases"].items()
        },
        "readouts": manifest["readouts"] * factor,
    }
