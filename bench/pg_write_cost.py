"""PostgreSQL: what the database spends per imported readout, for the importer's writes alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python \\
        bench/pg_write_cost.py --corpus bench/corpus/10000-s1 [--count 2000] [--warm 500] \\
        [--breakdown] [--clean-pending] [--sql "ALTER INDEX ...; SET ..."] [--perf FILE]

The write-only phase of bench/import_speed.py, on its own and taken apart, for a local server:
the first `--warm` + `--count` corpus readouts are parsed in this process first (with their
search vectors, as the parse workers do), then a fresh database (`BENCH_WRITE_DATABASE`, default
`bench_write_cost`, cloned from a migrated template `<name>_tmpl` made on the first run; pass
`--fresh-template` after a new migration) gets the `--sql` statements on the import's own
connection (drop an index or a trigger, change a session setting: what would this cost without
it?), `--warm` readouts written untimed, then `--count` readouts written in batches of
`--batch-size` through `import_run._import_batch`. Printed per readout: the server process's CPU
time (/proc/PID/schedstat, so the server must run on this machine), this process's CPU time, the
WAL written, and with `--clean-pending` the CPU of the connection that cleans the GIN pending
lists beside the import (`pg_import.pending_lists_cleaned`, as `import_readouts` runs it).
`--breakdown` adds the server's CPU around each statement, by statement (COPY per table, the
commit with its deferred foreign-key checks, ...); `--perf FILE` records the server process with
`perf record -g` for `perf report -i FILE`.

A busy machine inflates CPU times by a few percent between identical runs: repeat, and alternate
the trees or variants compared. The per-statement figures are steadier than the totals.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATABASE = os.environ.get("BENCH_WRITE_DATABASE", "bench_write_cost")


def _admin(url: str, sql: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def _cpu(pid: int | None) -> float:
    if pid is None:
        return 0.0
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9


def _count_statements(pid: int, spent: dict, calls: collections.Counter) -> None:
    """Add the server's CPU around each execute, COPY and commit of the connection to server
    process `pid` to `spent`."""
    import psycopg
    from django.db.backends.postgresql import base

    from bench.writes import statement_key

    execute, copy, commit = (
        psycopg.Cursor.execute,
        psycopg.Cursor.copy,
        base.DatabaseWrapper._commit,
    )

    def server_cpu() -> float:
        return _cpu(pid)

    def timed_execute(self, query, *args, **kwargs):
        if self.connection.info.backend_pid != pid:
            return execute(self, query, *args, **kwargs)
        started = server_cpu()
        try:
            return execute(self, query, *args, **kwargs)
        finally:
            spent[statement_key(query)] += server_cpu() - started
            calls[statement_key(query)] += 1

    @contextlib.contextmanager
    def timed_copy(self, statement, *args, **kwargs):
        if self.connection.info.backend_pid != pid:
            with copy(self, statement, *args, **kwargs) as stream:
                yield stream
            return
        started = server_cpu()
        with copy(self, statement, *args, **kwargs) as stream:
            yield stream
        spent[statement_key(statement)] += server_cpu() - started
        calls[statement_key(statement)] += 1

    def timed_commit(self):
        started = server_cpu()
        try:
            return commit(self)
        finally:
            spent["COMMIT"] += server_cpu() - started
            calls["COMMIT"] += 1

    psycopg.Cursor.execute, psycopg.Cursor.copy = timed_execute, timed_copy
    base.DatabaseWrapper._commit = timed_commit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a generated corpus folder")
    parser.add_argument("--count", type=int, default=2000, help="readouts measured")
    parser.add_argument("--warm", type=int, default=500, help="readouts written first, untimed")
    parser.add_argument("--batch-size", type=int, default=500, help="readouts per transaction")
    parser.add_argument("--sql", default="", help="statements run first, separated by ';'")
    parser.add_argument("--breakdown", action="store_true", help="server CPU by statement")
    parser.add_argument("--clean-pending", action="store_true", help="clean GIN lists aside")
    parser.add_argument("--perf", help="record the server process with perf into this file")
    parser.add_argument("--fresh-template", action="store_true", help="migrate the template again")
    args = parser.parse_args()

    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    source = os.environ.get("DATABASE_URL", "")
    if not urlsplit(source).scheme.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL server")
    template = f"{DATABASE}_tmpl"
    url = urlunsplit(urlsplit(source)._replace(path=f"/{DATABASE}"))
    if args.fresh_template:
        _admin(source, f"DROP DATABASE IF EXISTS {template}")
    try:
        _admin(source, f"CREATE DATABASE {template}")
        migrate = True
    except Exception:  # noqa: BLE001 - it exists: migrated by an earlier run
        migrate = False
    if migrate:
        env = {
            **os.environ,
            "DATABASE_URL": urlunsplit(urlsplit(source)._replace(path=f"/{template}")),
        }
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"], env=env, check=True
        )
    _admin(source, f"DROP DATABASE IF EXISTS {DATABASE}")
    _admin(source, f"CREATE DATABASE {DATABASE} TEMPLATE {template}")
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()
    from django.db import connection

    from archive import pg_import
    from archive.import_cache import ImportCache
    from archive.import_input import preparse
    from archive.import_run import Options, Summary
    from bench.writes import print_breakdown, write_parsed

    try:
        paths = sorted(args.corpus.rglob("*.txt"))[: args.warm + args.count]
        texts = [p.read_text(encoding="utf-8") for p in paths]
        cache = ImportCache()
        options = {"published_on": None, "publisher_key": None, "topics": cache.topic_specs()}
        vector = cache.python_vectors()
        parses = [preparse(text, **options, vector=vector) for text in texts]
        with connection.cursor() as cursor:
            for sql in filter(str.strip, args.sql.split(";")):
                cursor.execute(sql)
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]

        def server_cpu() -> float:
            return _cpu(pid)

        def wal() -> int:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_current_wal_lsn() - '0/0'")
                return int(cursor.fetchone()[0])

        spent: dict[str, float] = collections.defaultdict(float)
        calls: collections.Counter = collections.Counter()
        if args.breakdown:
            _count_statements(pid, spent, calls)
        run = Options(publisher="Synthetic benchmark corpus")
        summary = Summary()

        def write(start: int, stop: int) -> None:
            write_parsed(
                texts[start:stop], parses[start:stop], args.batch_size, run, cache, summary, start
            )

        cleaning = (
            pg_import.pending_lists_cleaned() if args.clean_pending else contextlib.nullcontext()
        )
        with cleaning:
            write(0, args.warm)
            spent.clear()
            calls.clear()
            cleaner = pg_import.pending_list_cleaner()
            for _ in range(100):  # its connection opens in its thread
                if cleaner is None or cleaner.backend_pid is not None:
                    break
                time.sleep(0.05)
            cleaner_pid = cleaner.backend_pid if cleaner is not None else None
            perf = None
            if args.perf:
                perf = subprocess.Popen(
                    ["perf", "record", "-g", "-p", str(pid), "-o", args.perf],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(1)
            wal_before, server_before = wal(), server_cpu()
            cleaner_before, client_before = _cpu(cleaner_pid), time.process_time()
            started = time.perf_counter()
            write(args.warm, args.warm + args.count)
            wall = time.perf_counter() - started
            client = time.process_time() - client_before
            server = server_cpu() - server_before
            # The list a batch leaves is cleaned while the next one is written: the last one's
            # cleaning is left out, as the inserts' cleaning of it is without the connection.
            cleaned = _cpu(cleaner_pid) - cleaner_before
            written = wal() - wal_before
            if perf is not None:
                perf.send_signal(signal.SIGINT)
                perf.wait()
        n = args.count
        line = (
            f"server {1000 * server / n:.3f} ms/readout, client {1000 * client / n:.3f} ms, "
            f"WAL {written / n / 1024:.1f} KiB, wall {n / wall:.0f}/s"
        )
        if args.clean_pending:
            line += f", cleaning connection {1000 * cleaned / n:.3f} ms"
        print(f"{line}; {summary.line()}")
        print_breakdown(spent, calls, n)
    finally:
        connection.close()
        _admin(source, f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
