"""SQLite: what the importing process spends per readout on the importer's writes alone.

    .venv/bin/python bench/sqlite_write_cost.py --corpus bench/corpus/10000-s1 [--count 4000] \\
        [--batch-size 500] [--sql "INSERT INTO ..."] [--parses FILE] [--no-write] [--breakdown] \\
        [--base ARCHIVE.sqlite3]

The write-only phase of bench/import_speed.py on its own, for SQLite: the first `--count` corpus
readouts are parsed in this process (or read from `--parses FILE`, a pickle of the parses written
on the first run with that name), then written into a fresh, migrated SQLite file in a temporary
folder (or into a copy of `--base`, an archive already holding readouts: what does a readout cost
when the archive is large? Use a corpus of another seed, so that its readouts are new there)
through `import_run._import_batch` in batches of `--batch-size`, under the import's own settings
(`import_run.run_settings`), as the command's main process writes them beside its parse workers.
`--sql` statements run on the file first (what would this cost without a trigger, with
another setting?). Printed: this process's CPU time per readout for the writes (SQLite's work
included, as it runs in the process), user and system. `--breakdown` adds this process's CPU
around each statement, by statement (INSERT per table, the running counts, the commit with the
full-text index's last segment), as `bench/pg_write_cost.py --breakdown` does for the server.

CPU times move by several percent between identical runs on a busy machine. Instruction counts
do not: run it under callgrind with and without `--no-write` (everything but the writes) and
divide the difference by `--count`:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python \\
        bench/sqlite_write_cost.py --corpus bench/corpus/10000-s1 --count 6000 --parses /tmp/p6k
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import pickle
import resource
import secrets
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _count_statements(spent: dict, calls: collections.Counter) -> None:
    """Add this process's CPU around each statement the writes run, and each commit, to `spent`.

    An INSERT ... RETURNING inserts its rows as they are read, so reading them (`fetchall`)
    counts for the statement that returned them."""
    import sqlite3

    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.backends.sqlite3.base import SQLiteCursorWrapper
    from django.db.backends.utils import CursorWrapper

    from archive import bulk_sql
    from bench.writes import statement_key

    running = [""]

    def timed(key: str, call):
        started = time.process_time()
        try:
            return call()
        finally:
            spent[key] += time.process_time() - started

    def counted(sql: str) -> str:
        running[0] = statement_key(sql)
        calls[running[0]] += 1
        return running[0]

    execute_rows, execute = bulk_sql.execute_sqlite, CursorWrapper.execute
    fetchall, commit = sqlite3.Cursor.fetchall, BaseDatabaseWrapper._commit
    bulk_sql.execute_sqlite = lambda cursor, sql, params: timed(
        counted(sql), lambda: execute_rows(cursor, sql, params)
    )
    CursorWrapper.execute = lambda self, sql, params=None: timed(
        counted(sql), lambda: execute(self, sql, params)
    )
    SQLiteCursorWrapper.fetchall = lambda self: timed(running[0], lambda: fetchall(self))
    BaseDatabaseWrapper._commit = lambda self: timed(counted("COMMIT"), lambda: commit(self))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a generated corpus folder")
    parser.add_argument("--count", type=int, default=4000, help="readouts to write")
    parser.add_argument("--batch-size", type=int, default=500, help="readouts per transaction")
    parser.add_argument("--sql", action="append", default=[], help="run on the file first")
    parser.add_argument("--base", type=Path, help="an archive file to write into (a copy of it)")
    parser.add_argument("--parses", type=Path, help="pickle of the parses, written if missing")
    parser.add_argument("--no-write", action="store_true", help="everything but the writes")
    parser.add_argument("--breakdown", action="store_true", help="CPU by statement")
    args = parser.parse_args()
    if args.base and not args.base.is_file():
        parser.error(f"--base {args.base}: no such file")

    folder = Path(tempfile.mkdtemp(prefix="bench-sqlite-write-"))
    if args.base:
        # The backup API copies what the base's write-ahead log holds as well.
        with (
            # Read-only: the base is never changed, nor created where a path is mistyped.
            contextlib.closing(sqlite3.connect(f"file:{args.base}?mode=ro", uri=True)) as base,
            contextlib.closing(sqlite3.connect(folder / "bench.sqlite3")) as copy,
        ):
            base.backup(copy)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django
        from django.core.management import call_command
        from django.db import connection, connections

        django.setup()
        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            for sql in args.sql:
                cursor.execute(sql)
        connections.close_all()

        from archive.import_cache import ImportCache
        from archive.import_input import preparse
        from archive.import_run import Options, Summary, run_settings
        from bench.writes import print_breakdown, write_parsed

        paths = sorted((args.corpus / "readouts").rglob("*.txt"))[: args.count]
        if len(paths) < args.count:
            raise SystemExit(f"{args.corpus} holds only {len(paths)} readouts")
        texts = [p.read_text(encoding="utf-8") for p in paths]
        cache = ImportCache()
        if args.parses and args.parses.exists():
            # Only a file this script wrote itself.
            parses = pickle.loads(args.parses.read_bytes())[: args.count]  # noqa: S301
        else:
            options = {"published_on": None, "publisher_key": None, "topics": cache.topic_specs()}
            parses = [preparse(text, **options) for text in texts]
            if args.parses:
                args.parses.write_bytes(pickle.dumps(parses))
        options = Options(publisher="Synthetic benchmark corpus")
        summary = Summary()
        cache.topic_specs()
        spent: dict[str, float] = collections.defaultdict(float)
        calls: collections.Counter = collections.Counter()
        if args.breakdown:
            _count_statements(spent, calls)
        before = resource.getrusage(resource.RUSAGE_SELF)
        cpu = time.process_time()
        with run_settings():
            if not args.no_write:
                write_parsed(texts, parses, args.batch_size, options, cache, summary)
        cpu = time.process_time() - cpu
        after = resource.getrusage(resource.RUSAGE_SELF)
        user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
        print(
            f"write {args.count} readouts: CPU {cpu:.2f} s ({cpu / args.count * 1000:.3f} ms a "
            f"readout; user {user:.2f} s, system {system:.2f} s)  {summary.line()}"
        )
        print_breakdown(spent, calls, args.count)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
