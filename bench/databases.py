"""The benchmark's own database: created fresh for each run, never the developer's.

SQLite: a file under bench/work/. PostgreSQL: a database named archive_bench_<size> on the server
DATABASE_URL points at, dropped and recreated. BENCH_NAME=<label> makes that
archive_bench_<size>_<label> (and bench-<size>-<label>.sqlite3), so several benchmark databases of
one size can live side by side.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"


def vendor_of(url: str) -> str:
    scheme = urlsplit(url).scheme if url else ""
    return "postgresql" if scheme.startswith(("postgres", "pgsql")) else "sqlite"


def bench_database_url(source_url: str, size: int) -> str:
    label = os.environ.get("BENCH_NAME", "")
    if label and not label.replace("_", "").isalnum():
        raise SystemExit(f"BENCH_NAME must be letters, digits and underscores, not {label!r}")
    suffix = f"_{label}" if label else ""
    if vendor_of(source_url) == "sqlite":
        return f"sqlite:///{WORK / f'bench-{size}{suffix}.sqlite3'}"
    parts = urlsplit(source_url)
    return urlunsplit(parts._replace(path=f"/archive_bench_{size}{suffix}"))


def recreate(bench_url: str) -> None:
    """Drop and create the bench database (only ever a name this module derived)."""
    if vendor_of(bench_url) == "sqlite":
        path = Path(bench_url.removeprefix("sqlite:///"))
        assert path.parent == WORK, path
        WORK.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(bench_url)
    name = parts.path.lstrip("/")
    assert name.startswith("archive_bench_"), name
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_bytes(connection) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(connection.settings_dict["NAME"])
    return sum(
        Path(f"{path}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{path}{suffix}").exists()
    )


def search_indexes(connection) -> list[str]:
    """Names of the full-text index objects the search migration created."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                "AND tablename LIKE 'archive_%%' AND indexdef ILIKE '%%USING gin%%'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql LIKE 'CREATE VIRTUAL TABLE%' AND lower(sql) LIKE '%fts5%'"
            )
        return [row[0] for row in cursor.fetchall()]


def rebuild_search_index(connection) -> dict:
    """Time a from-scratch rebuild of each full-text index (the import maintains them as it goes)."""
    names = search_indexes(connection)
    timings: dict[str, float] = {}
    for name in names:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f'REINDEX INDEX "{name}"')
            else:
                cursor.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')
        timings[name] = round(time.perf_counter() - started, 3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"indexes": timings, "seconds": round(sum(timings.values()), 3)}


def fts_table(connection) -> str | None:
    names = [name for name in search_indexes(connection) if not name.endswith(("_data", "_idx"))]
    return names[0] if names and connection.vendor == "sqlite" else None


def environment_with(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    env.setdefault("DJANGO_DEBUG", "1")
    return env
