"""Whole-database backups that restore: pg_dump/pg_restore on PostgreSQL, the backup API on SQLite.

A backup holds every table of the project (meetings, people, history, users), not just the
archive's, so a restore gives back exactly the archive that was saved. Both directions work on the
live database Django is configured for; no other process should write to it during a restore.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
EXTENSIONS = {"sqlite": "sqlite3", "postgresql": "dump"}


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why, in one line."""


def default_output(vendor: str, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BASE_DIR) / "backups" / f"archive-{stamp}.{EXTENSIONS[vendor]}"


def backup_database(output: Path | None = None, using: str = "default") -> Path:
    """Write a backup of the database `using` to `output` (or a timestamped default) and return it."""
    connection = connections[using]
    vendor = _supported_vendor(connection.vendor)
    target = Path(output) if output else default_output(vendor)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename, so a backup that fails half-way never looks complete.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if vendor == "sqlite":
            _backup_sqlite(connection, tmp)
        else:
            _backup_postgresql(connection, tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def restore_database(source: Path, using: str = "default") -> None:
    """Replace the whole content of the database `using` with the backup in `source`."""
    source = Path(source)
    connection = connections[using]
    vendor = _supported_vendor(connection.vendor)
    _check_backup_file(source, vendor)
    if vendor == "sqlite":
        _restore_sqlite(connection, source)
    else:
        _restore_postgresql(connection, source)


def _supported_vendor(vendor: str) -> str:
    if vendor not in EXTENSIONS:
        raise BackupError(f"backups are supported on SQLite and PostgreSQL, not {vendor}")
    return vendor


def _check_backup_file(source: Path, vendor: str) -> None:
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    expected = SQLITE_MAGIC if vendor == "sqlite" else PG_CUSTOM_MAGIC
    if not head.startswith(expected):
        kind = "a SQLite database" if vendor == "sqlite" else "a pg_dump custom-format archive"
        raise BackupError(f"{source}: not {kind}, so it cannot be restored into {vendor}")


# SQLite -----------------------------------------------------------------------------------------


def _backup_sqlite(connection, target: Path) -> None:
    # The backup API copies a consistent snapshot page by page while readers and writers go on.
    # Going through Django's own connection also works for in-memory test databases.
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        # A backup is one self-contained file: no -wal or -shm beside it when it is opened later.
        destination.execute("PRAGMA journal_mode=DELETE")
        ok = destination.execute("PRAGMA integrity_check").fetchone()
        if ok != ("ok",):
            raise BackupError(f"{target}: the written backup fails SQLite's integrity check")
    finally:
        destination.close()


def _restore_sqlite(connection, source: Path) -> None:
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        if backup.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(f"{source}: the backup fails SQLite's integrity check")
        if connection.in_atomic_block:
            raise BackupError("cannot restore inside a transaction")
        connection.ensure_connection()
        # Copying onto the live connection replaces every page of the database in one step,
        # which is atomic for other connections to the same file.
        backup.backup(connection.connection)
    finally:
        backup.close()


# PostgreSQL -------------------------------------------------------------------------------------


def _pg_environment(connection) -> dict[str, str]:
    """libpq's environment for the connection's settings, so no password is on a command line."""
    params = connection.get_connection_params()
    env = dict(os.environ)
    mapping = {
        "PGHOST": params.get("host"),
        "PGPORT": params.get("port"),
        "PGUSER": params.get("user"),
        "PGPASSWORD": params.get("password"),
        "PGDATABASE": params.get("dbname") or connection.settings_dict["NAME"],
        "PGSSLMODE": params.get("sslmode"),
    }
    for name, value in mapping.items():
        if value not in (None, ""):
            env[name] = str(value)
    return env


def _run_pg_tool(args: list[str], env: dict[str, str]) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed (Debian: apt-get install postgresql-client)")
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{args[0]} failed: {detail}")


def _backup_postgresql(connection, target: Path) -> None:
    env = _pg_environment(connection)
    _run_pg_tool(["pg_dump", "--format=custom", "--no-owner", f"--file={target}"], env)


def _restore_postgresql(connection, source: Path) -> None:
    env = _pg_environment(connection)
    # pg_restore --clean drops every table first; an open Django connection would hold locks.
    connections.close_all()
    _run_pg_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(source),
        ],
        env,
    )
