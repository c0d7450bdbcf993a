"""How fast readouts parse and import: readouts per second, printed as a small table.

    .venv/bin/python bench/import_speed.py [--count 2000] [--batch-size 200] [--corpus DIR]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive .venv/bin/python bench/import_speed.py

Four measurements over the same synthetic corpus, each on its own share of it (wall-clock time,
and CPU time, which a busy machine disturbs less; PostgreSQL's own work is never in the CPU time,
SQLite's always is, as it runs in the process):
- parse only: what a parse worker does per readout (normalise, `parse_readout`, the fingerprint,
  and on PostgreSQL the search vector), on one core, no database;
- write only: the importer's writes of readouts parsed beforehand (`import_run._import_batch` with
  the parses given, under the run's settings, `import_run.run_settings`, as the command's main
  process runs it beside its workers); on a PostgreSQL
  server running on the same machine, the server process's CPU time for them too;
- import: `archive.import_run.import_units` (the command's loop) from texts in memory, with parse
  workers (`--workers`);
- command: `manage.py import_readouts` end to end on a folder of files (reading, decoding,
  parsing, writing), in a separate process; its peak RSS is the largest of its processes'.

The corpus is variants of `seeds/` and `tests/fixtures/readouts/`: each text gets a different date
and a closing line saying it is synthetic benchmark data, so every variant is a new text to the
archive. `--corpus bench/corpus/1000-s1` takes the first `--count` texts of a generated benchmark
corpus instead (thousands of distinct people, so person linking is measured too). The command's
CPU time (with its parse workers) and peak memory are its child processes'. Nothing is written to
the developer's database: SQLite imports go to a temporary file, PostgreSQL imports to a database
named `bench_import` on the server DATABASE_URL points at, created for the run and dropped after.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DATABASE = os.environ.get("BENCH_IMPORT_DATABASE", "bench_import")
SYNTHETIC_LINE = "(Synthetic benchmark variant {n}: generated from a sample, not a real document.)"
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def sample_texts() -> list[str]:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    paths += sorted((ROOT / "tests" / "fixtures" / "readouts").rglob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def make_corpus(count: int) -> list[str]:
    """`count` distinct synthetic texts: samples with their years shifted and a marker line."""
    samples = sample_texts()
    corpus = []
    for n in range(count):
        text = samples[n % len(samples)]
        shift = (n // len(samples)) % 20
        text = _YEAR.sub(lambda m, shift=shift: str(int(m.group(0)) - shift), text)
        corpus.append(f"{text.rstrip()}\n\n{SYNTHETIC_LINE.format(n=n + 1)}\n")
    return corpus


def bench_database_url(source: str) -> tuple[str, Path | None]:
    if urlsplit(source).scheme.startswith("postgres"):
        return urlunsplit(urlsplit(source)._replace(path=f"/{BENCH_DATABASE}")), None
    folder = Path(tempfile.mkdtemp(prefix="bench-import-"))
    return f"sqlite:///{folder / 'bench.sqlite3'}", folder


def _postgres(url: str, sql: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def corpus_texts(folder: Path, count: int) -> list[str]:
    paths = sorted(Path(folder).rglob("*.txt"))[:count]
    if len(paths) < count:
        raise SystemExit(f"{folder} holds only {len(paths)} readouts")
    return [p.read_text(encoding="utf-8") for p in paths]


def time_parse(corpus: list[str]) -> tuple[float, float, list]:
    """(wall seconds, CPU seconds of this process, the parses) to parse `corpus` as a worker does."""
    from archive.import_cache import ImportCache
    from archive.import_input import preparse

    cache = ImportCache()
    options = {"published_on": None, "publisher_key": None, "topics": cache.topic_specs()}
    vector = cache.python_vectors()
    started, cpu = time.perf_counter(), time.process_time()
    parses = [preparse(text, **options, vector=vector) for text in corpus]
    return time.perf_counter() - started, time.process_time() - cpu, parses


def server_cpu() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL server process, when the server
    runs on this machine and its /proc entry is readable (else None)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def time_write(corpus: list[str], parses: list, batch_size: int) -> tuple[float, float, str]:
    """(wall, CPU of this process, summary) to write readouts whose parses are given; on a local
    PostgreSQL the summary adds the server process's CPU time."""
    from archive.import_cache import ImportCache
    from archive.import_run import Options, Summary, run_settings
    from bench.writes import write_parsed

    options = Options(publisher="Synthetic benchmark corpus")
    cache, summary = ImportCache(), Summary()
    cache.topic_specs()
    cache.python_vectors()
    server = server_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    with run_settings():
        write_parsed(corpus, parses, batch_size, options, cache, summary)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    line = summary.line()
    if server is not None and (after := server_cpu()) is not None:
        line += f"; server CPU {after - server:.2f} s ({len(corpus) / (after - server):.0f}/s)"
    return wall, cpu, line


def time_import(corpus: list[str], batch_size: int, workers: int) -> tuple[float, float, str]:
    """(wall, CPU of this process and its parse workers, summary)."""
    from archive.import_run import Options, Unit, import_units

    units = (Unit(f"synthetic-{n:06d}.txt", text=text) for n, text in enumerate(corpus))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, cpu = time.perf_counter(), time.process_time()
    summary = import_units(
        units,
        Options(publisher="Synthetic benchmark corpus"),
        batch_size=batch_size,
        workers=workers,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = time.process_time() - cpu
    cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return time.perf_counter() - started, cpu, summary.line()


def time_command(corpus: list[str], url: str, batch_size: int) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in KiB, summary line) of the command in a child."""
    with tempfile.TemporaryDirectory(prefix="bench-import-files-") as folder:
        for n, text in enumerate(corpus):
            Path(folder, f"synthetic-{n:06d}.txt").write_text(text, encoding="utf-8")
        env = {**os.environ, "DATABASE_URL": url}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "import_readouts",
                folder,
                "--publisher",
                "Synthetic benchmark corpus",
                "--batch-size",
                str(batch_size),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    line = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
    return elapsed, cpu, after.ru_maxrss, line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="readouts per measurement")
    parser.add_argument(
        "--batch-size", type=int, help="readouts per transaction (default: the command's)"
    )
    parser.add_argument("--corpus", type=Path, help="a folder of generated readouts to use")
    parser.add_argument(
        "--workers", type=int, help="parse processes for the in-process import (default: cores - 1)"
    )
    args = parser.parse_args()

    # Measured with DEBUG off, as in production: DEBUG keeps every query in memory.
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(40))
    source = os.environ.get("DATABASE_URL", "")
    url, folder = bench_database_url(source)
    vendor = "postgresql" if folder is None else "sqlite"
    if vendor == "postgresql":
        _postgres(url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        _postgres(url, f"CREATE DATABASE {BENCH_DATABASE}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        corpus = corpus_texts(args.corpus, args.count) if args.corpus else make_corpus(args.count)
        from archive.import_run import BATCH_SIZE, default_workers

        workers = default_workers() if args.workers is None else args.workers
        batch_size = args.batch_size or BATCH_SIZE
        share = len(corpus) // 3
        parts = [corpus[:share], corpus[share : 2 * share], corpus[2 * share :]]
        wall, cpu, parses = time_parse(parts[0])
        rows = [("parse only (one core, no database)", share, wall, cpu, "")]
        wall, cpu, summary = time_write(parts[0], parses, batch_size)
        rows.append((f"write only into {vendor}", share, wall, cpu, summary))
        del parses
        wall, cpu, summary = time_import(parts[1], batch_size, workers)
        rows.append((f"import into {vendor} (in process, {workers} w)", share, wall, cpu, summary))
        from django.db import connections

        connections.close_all()
        wall, cpu, peak, summary = time_command(parts[2], url, batch_size)
        rows.append((f"import_readouts end to end, {vendor}", len(parts[2]), wall, cpu, summary))
        print(
            f"{'measurement':42} {'readouts':>8} {'wall s':>7} {'per s':>6} "
            f"{'cpu s':>7} {'per cpu s':>9}"
        )
        for name, n, wall, cpu, note in rows:
            cpu_cells = f"{cpu:7.2f} {n / cpu:9.0f}" if cpu else f"{'':7} {'':9}"
            print(f"{name:42} {n:8d} {wall:7.2f} {n / wall:6.0f} {cpu_cells}  {note}")
        print(
            f"command peak RSS: {peak / 1024:.0f} MiB; CPU of the command and the in-process "
            "import includes their parse workers; PostgreSQL's own CPU is in none of them"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if vendor == "postgresql":
            _postgres(url, f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        elif folder is not None:
            for path in folder.iterdir():
                path.unlink()
            folder.rmdir()


if __name__ == "__main__":
    main()
