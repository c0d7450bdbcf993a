"""Importing many files: the loop behind `import_readouts`, kept apart so tests can call it.

Files are imported in batches, each batch in one transaction and written with a fixed number of
queries (`archive.importer.import_items`); a readout that fails writes nothing and the others go
on. A `.txt` file is one readout, or the meetings of a release of several, stored all or none;
each line of a `.jsonl` file is one interchange record, reported as FILE:LINE when it fails.

With `workers`, texts are parsed in worker processes while this process writes: the next
batches' new texts are sent to the workers before the current batch is written, so parsing and
writing overlap on separate cores. The parser is pure, so where a text is parsed changes nothing
in the result; outcomes are still reported in input order, one per file. At most `PARSE_AHEAD`
batches are parsed ahead, so memory stays bounded however many files there are.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import gc
import json
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from .import_cache import ImportCache
from .import_input import (
    ImportFailed,
    Item,
    Preparsed,
    content_hash,
    preparse,
    resolve_publisher,
    section_label,
    split_meetings,
)
from .importer import CREATED, UNCHANGED, UPDATED, ImportResult, import_items
from .models import Meeting
from .pg_import import pending_lists_cleaned
from .releases import left_out
from .sources import (
    InputFile,
    ReadoutFileError,
    max_bytes,
    open_records_file,
    read_readout_file,
)

# Readouts per batch on both databases. What a batch costs once (its commit; the pages of every
# index it touches again, and on SQLite the full-text index segment it writes; the running
# counts' rows, which its meetings partly share; handing its texts to the parse worker) is shared
# by more readouts: on PostgreSQL 100,000 corpus readouts took 88 s in batches of 500 against 96 s
# in batches of 200 (docs/importing.md).
BATCH_SIZE = 500
# The first batch of a run (the next ones double up to the batch size), and how many batches the
# parse workers may be ahead of the writer.
FIRST_BATCH = 50
PARSE_AHEAD = 2
RECORD_SIZE_FACTOR = 4
# Below this many readouts, starting worker processes costs more than it saves.
WORKERS_MIN_UNITS = 100
# Allocations between two collections of the youngest objects during an import (Python's default
# is 700): nearly all of a batch's objects are freed as soon as they are unused, and collecting
# every 700 allocations took a quarter of the writing process's time on PostgreSQL.
GC_THRESHOLD = 50_000
# SQLite settings of the importing connection for the run, restored after it. Statement journals
# in memory: each multi-row INSERT copies the pages it changes to one (to undo a statement that
# fails halfway), which went to a temporary file with two system calls per page, most of the
# database's system time. A page cache of 16 MB instead of 2 MB: the batch's pages are written
# once. A checkpoint every 10,000 pages of the write-ahead log (40 MB) instead of 1,000: each one
# syncs the log and the database file (about 8 ms each here), and pages written again between
# two checkpoints are copied once; one passive checkpoint follows the run. All are settings of
# the connection; nothing stored changes.
SQLITE_IMPORT_PRAGMAS = {"temp_store": 2, "cache_size": -16_384, "wal_autocheckpoint": 10_000}


def database_not_ready(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    """Why the database cannot take an import, or None: it cannot be reached, or the archive's
    migrations are not all applied (a new clone before `manage.py migrate`). Said once for the
    run, rather than once for every file as the database refuses each. Compares the migration
    files with the applied ones (one query) instead of loading Django's migration graph, which
    would add a tenth of a second to every run."""
    folder = Path(__file__).resolve().parent / "migrations"
    on_disk = {path.stem for path in folder.glob("[0-9][0-9][0-9][0-9]_*.py")}
    try:
        applied = MigrationRecorder(connections[alias]).applied_migrations()
    except DatabaseError as error:
        return f"cannot use the database ({str(error).strip().splitlines()[0]})"
    missing = sorted(on_disk - {name for app, name in applied if app == "archive"})
    if missing:
        return (
            f"the database is not set up for the archive ({len(missing)} of its migrations not applied, "
            f"from {missing[0]}): run `python manage.py migrate` first"
        )
    return None


@dataclass(frozen=True)
class Options:
    update: bool = False
    force: bool = False
    published_on: datetime.date | None = None
    publisher: str | None = None
    source_url: str = ""


@dataclass
class Unit:
    """One readout to import: a text file (or one of the meetings it reports), or one line of a
    JSONL file."""

    label: str
    text: str | None = None
    record: dict[str, Any] | None = None
    error: str | None = None
    # For one of the meetings of a release of several: the file's name, and whether this is the
    # release's last meeting. A release is stored all or none, so a batch never splits one.
    release: str | None = None
    last: bool = True


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    needs_review: int = 0
    failures: list[str] = field(default_factory=list)
    # "FILE: needs review: why" for each entry counted in `needs_review`, in input order.
    reviews: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"created={self.created} updated={self.updated} unchanged={self.unchanged} "
            f"failed={self.failed} needs_review={self.needs_review}"
        )

    def fail(self, label: str, message: str) -> str:
        self.failed += 1
        line = f"{label}: {message}"
        self.failures.append(line)
        return line

    def count(self, result: ImportResult, label: str = "") -> None:
        if result.status == CREATED:
            self.created += 1
        elif result.status == UPDATED:
            self.updated += 1
        elif result.status == UNCHANGED:
            self.unchanged += 1
        if result.needs_review:
            self.needs_review += 1
            self.reviews.append(review_line(label, result.review_reason))


def review_line(label: str, reason: str) -> str:
    """How the command names an entry that needs review, and why, in the admin's words."""
    return f"{label}: needs review: {reason}"


def units_of(file: InputFile) -> Iterator[Unit]:
    """The readouts in one file, or a unit carrying the reason the file cannot be read."""
    if file.is_records:
        yield from _record_units(file)
        return
    try:
        text = read_readout_file(file.path)
    except ReadoutFileError as error:
        yield Unit(file.display, error=str(error))
        return
    yield from text_units(file.display, text)


def text_units(label: str, text: str) -> Iterator[Unit]:
    """One unit per meeting the text reports (`split_meetings`), each named as in
    `section_label`."""
    try:
        texts = split_meetings(text)
    except ImportFailed as error:
        yield Unit(label, error=str(error))
        return
    release = label if len(texts) > 1 else None
    for number, section in enumerate(texts, 1):
        name = section_label(label, number, len(texts))
        yield Unit(name, text=section, release=release, last=number == len(texts))


def _record_units(file: InputFile) -> Iterator[Unit]:
    """One unit per line of a .jsonl file, read line by line.

    An export of the whole archive is far larger than one readout, so the size limit applies to
    each line (a record carries its text and the passages cut from it: a few times the text).
    """
    limit = RECORD_SIZE_FACTOR * max_bytes()
    found = False
    try:
        stream = open_records_file(file.path)
    except ReadoutFileError as error:
        yield Unit(file.display, error=str(error))
        return
    try:
        with stream:
            for number, raw in enumerate(stream, 1):
                if number == 1:
                    raw = raw.removeprefix(b"\xef\xbb\xbf")
                if not raw.strip():
                    continue
                found = True
                yield record_unit(f"{file.display}:{number}", raw, limit)
    except OSError as error:
        yield Unit(file.display, error=f"cannot read the file ({error.strerror or error})")
        return
    if not found:
        yield Unit(file.display, error="no records in the file")


def record_unit(label: str, raw: bytes, limit: int) -> Unit:
    """One line of a .jsonl file as a unit: its record, or why it cannot be read."""
    if len(raw) > limit:
        return Unit(
            label, error=f"record is too large ({len(raw):,} bytes; the limit is {limit:,})"
        )
    try:
        line = raw.decode("utf-8").rstrip("\r\n")  # columns then count within the line
    except UnicodeDecodeError as error:
        return Unit(label, error=f"not UTF-8 text (invalid byte 0x{raw[error.start]:02x})")
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Unit(label, error=f"invalid JSON ({error.msg} at column {error.colno})")
    if not isinstance(record, dict):
        return Unit(label, error="each line must be a JSON object")
    return Unit(label, record=record)


def default_workers() -> int:
    """Parse processes for a large import: one per core but one, which is left to this process
    and the database server (on 2 cores, 1 worker beat 2 on PostgreSQL: 6.0 s against 8.1 s
    for 1,000 readouts)."""
    cores = os.cpu_count() or 1
    return min(4, cores - 1)


def import_units(
    units: Iterator[Unit],
    options: Options,
    *,
    on_failure: Callable[[str], None] = lambda line: None,
    on_progress: Callable[[], None] = lambda: None,
    batch_size: int | None = None,
    workers: int = 0,
) -> Summary:
    """Import `units` in batches (`batch_size`, by default `BATCH_SIZE`); `workers` > 0 parses
    texts in that many worker processes."""
    if batch_size is None:
        batch_size = BATCH_SIZE
    summary = Summary()
    cache = ImportCache()

    def flush(batch: list[Unit], parses: dict[int, Preparsed]) -> None:
        outcomes = _import_batch(batch, options, cache, parses)
        for unit, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, ImportResult):
                summary.count(outcome, unit.label)
            else:
                on_failure(summary.fail(unit.label, outcome))
            on_progress()

    batches = _batches(units, batch_size)
    with run_settings(), pending_lists_cleaned():
        if workers <= 0:
            for batch in batches:
                flush(batch, {})
            return summary
        with ParsePool(workers, options, cache) as pool:
            parse_ahead(batches, pool.send, pool.receive, flush)
    return summary


@contextlib.contextmanager
def run_settings() -> Iterator[None]:
    """What an import run changes for its duration: the garbage collector's pace, the query log,
    and on SQLite the connection's settings."""
    with _fewer_collections(), _statements_unlogged(), _sqlite_settings():
        yield


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's garbage collector for an import run: rarer collections of young objects, and
    what is loaded already (Django, the parser) set aside, as the parse workers forked from here
    inherit it and never free it."""
    threshold = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *threshold[1:])
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


@contextlib.contextmanager
def _statements_unlogged() -> Iterator[None]:
    """The import's statements kept out of Django's query log, which DEBUG keeps: the log holds
    the last 9,000 statements with their parameters written into the SQL, so a large import
    under DEBUG grew by about 15 MB per 1,000 readouts and spent about half its time writing
    the log (10,000 synthetic readouts on SQLite: 36 s and 278 MiB, against 15 s and 131 MiB
    without it). A capture that asks for the statements (`CaptureQueriesContext`, which sets
    `force_debug_cursor`) still gets them."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    if wrapper.force_debug_cursor or "make_debug_cursor" in vars(wrapper):
        yield  # asked for, or unlogged already by an enclosing import
        return
    wrapper.make_debug_cursor = wrapper.make_cursor  # cursors made from here on
    try:
        yield
    finally:
        del wrapper.make_debug_cursor


@contextlib.contextmanager
def _sqlite_settings() -> Iterator[None]:
    """`SQLITE_IMPORT_PRAGMAS` on the importing connection while the import runs (SQLite only);
    a setting the connection refuses (temp_store cannot change inside some transactions) is
    left as it is."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    if wrapper.vendor != "sqlite":
        yield
        return
    before: dict[str, int] = {}
    with wrapper.cursor() as cursor:
        for name, value in SQLITE_IMPORT_PRAGMAS.items():
            try:
                cursor.execute(f"PRAGMA {name}")
                was = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA {name} = {int(value)}")
            except DatabaseError:
                continue
            before[name] = was
    try:
        yield
    finally:
        with wrapper.cursor() as cursor:
            for name, value in before.items():
                with contextlib.suppress(DatabaseError):
                    cursor.execute(f"PRAGMA {name} = {int(value)}")
            if "wal_autocheckpoint" in before and not wrapper.in_atomic_block:
                # What the run wrote goes to the database file now, not at someone else's
                # next commit; readers are not blocked (PASSIVE).
                with contextlib.suppress(DatabaseError):
                    cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")


def parse_ahead[Batch](
    batches: Iterator[Batch],
    send: Callable[[Batch], list[Future]],
    receive: Callable[[list[Future]], dict[Any, Preparsed]],
    flush: Callable[[Batch, dict[Any, Preparsed]], None],
) -> None:
    """Write each batch while the workers parse the ones after it: `send` hands a batch's texts
    to the workers (`ParsePool.send`, `ParsePool.send_items`), `receive` waits for their
    parses, `flush` writes the batch with them.

    `PARSE_AHEAD` batches wait parsed or in the workers' queue: the workers never stand idle
    while a batch is written, and a batch slower to parse than its predecessor was to write
    does not stop the writer."""
    ahead: collections.deque[tuple[Batch, list[Future]]] = collections.deque()
    for batch in batches:
        ahead.append((batch, send(batch)))
        if len(ahead) > PARSE_AHEAD:
            done, futures = ahead.popleft()
            flush(done, receive(futures))
    while ahead:
        done, futures = ahead.popleft()
        flush(done, receive(futures))


def _batches(units: Iterator[Unit], size: int) -> Iterator[list[Unit]]:
    """Batches of `size` units, the first ones smaller (FIRST_BATCH, then doubling): the writer
    waits for the first batch's parse alone, so a short one lets the writing start soon. A
    release of several meetings is never split: its batch ends after its last meeting."""
    batch: list[Unit] = []
    limit = min(size, FIRST_BATCH)
    for unit in units:
        batch.append(unit)
        if len(batch) >= limit and unit.last:
            yield batch
            batch = []
            limit = min(size, limit * 2)
    if batch:
        yield batch


def _worker_start(parent: int) -> None:
    """In each worker: exit as soon as the importing process is gone (even killed with SIGKILL),
    rather than wait forever for work that will not come."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _parse_chunk(
    texts: list[tuple[Any, str, datetime.date | None, str | None]],
    topics: tuple,
    vector: bool = False,
) -> list[tuple[Any, Preparsed]]:
    """Run in a worker process: the parse of each (key, text, publication date, publisher
    key), with its search vector."""
    return [
        (
            key,
            preparse(text, published_on=day, publisher_key=publisher, topics=topics, vector=vector),
        )
        for key, text, day, publisher in texts
    ]


class ParsePool:
    """Worker processes parsing the texts of a batch that are not stored yet (`send`), or given
    texts each with its own publisher and publication date (`send_items`, `archive.reparse`)."""

    def __init__(self, workers: int, options: Options, cache: ImportCache) -> None:
        self.workers = workers
        self.update = options.update
        self.published_on = options.published_on
        self.publisher_key, _ = resolve_publisher(options.publisher)
        self.topics = cache.topic_specs()
        self.vector = cache.python_vectors()
        self.executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> ParsePool:
        # Forked workers start at once and inherit the loaded parser; they never use the
        # database connection they inherit.
        self.executor = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_start,
            initargs=(os.getpid(),),
        )
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def send(self, batch: list[Unit]) -> list[Future]:
        """Start parsing the batch's texts that need it; stored ones (without --update) do not."""
        texts = [(i, u.text) for i, u in enumerate(batch) if u.error is None and u.text]
        if not self.update and texts:
            hashes = {i: content_hash(text) for i, text in texts}
            stored = set(
                Meeting.objects.filter(content_hash__in=set(hashes.values())).values_list(
                    "content_hash", flat=True
                )
            )
            texts = [(i, text) for i, text in texts if hashes[i] not in stored]
        return self._submit([(i, text, self.published_on, self.publisher_key) for i, text in texts])

    def send_items(self, items: list[tuple[Any, Item]]) -> list[Future]:
        """Start parsing each (key, item)'s text with the item's own publisher and publication
        date; `receive` gives the parses by key."""
        texts = [
            (key, item.text, item.published_on, resolve_publisher(item.publisher)[0])
            for key, item in items
            if item.text
        ]
        return self._submit(texts)

    def _submit(
        self, texts: list[tuple[Any, str, datetime.date | None, str | None]]
    ) -> list[Future]:
        """The texts in one chunk per worker."""
        size = max(1, -(-len(texts) // self.workers))
        return [
            self.executor.submit(
                _parse_chunk, texts[start : start + size], self.topics, self.vector
            )
            for start in range(0, len(texts), size)
        ]

    def receive(self, futures: list[Future]) -> dict[Any, Preparsed]:
        """The parses by index in the batch (or key); a lost worker leaves its texts to this
        process."""
        parses: dict[Any, Preparsed] = {}
        for future in futures:
            # A worker that died leaves its texts to the importer, which parses them itself.
            with contextlib.suppress(Exception):
                parses.update(future.result())
        return parses


def unit_item(unit: Unit, options: Options, preparsed: Preparsed | None = None) -> Item:
    if unit.record is not None:
        return Item(unit.label, record=unit.record)
    return Item(
        unit.label,
        text=unit.text or "",
        published_on=options.published_on,
        publisher=options.publisher,
        source_url=options.source_url,
        preparsed=preparsed,
    )


def _import_batch(
    batch: list[Unit],
    options: Options,
    cache: ImportCache,
    parses: dict[int, Preparsed] | None = None,
) -> list[ImportResult | str]:
    """One outcome per unit: its result, or the one-line reason it failed."""
    parses = parses or {}
    readable = [(i, unit) for i, unit in enumerate(batch) if unit.error is None]
    outcomes: list[ImportResult | str] = [unit.error or "" for unit in batch]
    items = {i: unit_item(unit, options, parses.get(i)) for i, unit in readable}
    try:
        results = _store_releases_whole(batch, items, options, cache)
    except Exception:  # noqa: BLE001 - an unforeseen error must cost one file, not the run
        cache.forget_writes()
        results = {}
        for group in _releases(batch, list(items)):
            results.update(_import_alone(group, batch, items, options, cache))
    for i, result in results.items():
        outcomes[i] = result if isinstance(result, ImportResult) else str(result)
    return outcomes


class _PartOfARelease(Exception):
    """Rolls back a batch that stored part of a release of several meetings."""


def _store_releases_whole(
    batch: list[Unit],
    items: dict[int, Item],
    options: Options,
    cache: ImportCache,
    retry_alone: bool = False,
) -> dict[int, ImportResult | ImportFailed | str]:
    """The outcome of each item, written in one transaction, where a release of several
    meetings is stored all or none, as in the admin: should one of its meetings fail while
    another is written, the batch is rolled back and written again without the release, whose
    other meetings say why. A refused batch raises, unless `retry_alone` (`import_items`)."""
    left_out: dict[int, str] = {}
    while True:
        indices = [i for i in items if i not in left_out]
        try:
            with transaction.atomic():
                stored = import_items(
                    [items[i] for i in indices],
                    update=options.update,
                    force=options.force,
                    cache=cache,
                    retry_alone=retry_alone,
                )
                results = dict(zip(indices, stored, strict=True))
                partly = _partly_stored(batch, results)
                if partly:
                    raise _PartOfARelease
        except _PartOfARelease:
            cache.forget_writes()
            left_out.update(partly)
            continue
        return {**results, **left_out}


def _partly_stored(
    batch: list[Unit], results: dict[int, ImportResult | ImportFailed]
) -> dict[int, str]:
    """For each release with a meeting that failed and one that was written: why each of its
    meetings is not stored (`archive.releases`)."""
    outcomes = {
        i: str(result) if isinstance(result, ImportFailed) else result.status != UNCHANGED
        for i, result in results.items()
        if batch[i].release is not None
    }
    return left_out(batch, outcomes)


def _releases(batch: list[Unit], indices: list[int]) -> list[list[int]]:
    """`indices` in groups: the meetings of a release together, any other unit alone."""
    groups: dict[str | int, list[int]] = {}
    for i in indices:
        groups.setdefault(batch[i].release or i, []).append(i)
    return list(groups.values())


def _import_alone(
    group: list[int],
    batch: list[Unit],
    items: dict[int, Item],
    options: Options,
    cache: ImportCache,
) -> dict[int, ImportResult | ImportFailed | str]:
    """One readout, or the meetings of one release, in a transaction of their own."""
    try:
        alone = {i: items[i] for i in group}
        return _store_releases_whole(batch, alone, options, cache, retry_alone=True)
    except DatabaseError as error:
        cache.forget_writes()
        reason = f"the database refused the entry ({' '.join(str(error).split())[:200]})"
    except Exception as error:  # noqa: BLE001
        cache.forget_writes()
        reason = f"could not be imported ({type(error).__name__}: {error})"
    return dict.fromkeys(group, reason)
