"""SQLite: which tables and indexes the pages an import writes to the write-ahead log belong to.

    strace -f -e trace=pwrite64,openat -x -s 8 -o /tmp/writes.txt \\
        .venv/bin/python manage.py import_readouts DIR --publisher "Synthetic benchmark corpus"
    .venv/bin/python bench/wal_pages.py /tmp/writes.txt ARCHIVE.sqlite3 [--top 30]

SQLite writes each page it commits to the log as a frame: a 24-byte header, whose first four
bytes are the page's number, then the page. The `strace` output above holds every header (`-s 8`
keeps their first bytes; `-x` prints them in hex), and the archive's `dbstat` table (after the
import) says which table or index owns each page. Printed: frames and distinct pages per owner,
largest first, with the totals; a page counted many times was changed again by later batches.
The pages checkpointed into the database file are counted too (`pwrite` of whole pages to the
database file itself). Pages freed since (a merged full-text segment's) show as "(freed)".
"""

from __future__ import annotations

import argparse
import collections
import re
import sqlite3
import sys
from pathlib import Path

_OPEN = re.compile(r'openat\([^,]+, "([^"]+)", [^)]*\) = (\d+)')
_PWRITE = re.compile(r'pwrite64\((\d+), "([^"]*)"(?:\.\.\.)?, (\d+), (\d+)\)')
_HEX = re.compile(r"\\x([0-9a-f]{2})")


def frames(trace: Path, database: Path) -> tuple[collections.Counter, int, int]:
    """(frames per page number, frames in all, pages written to the database file)."""
    wal_path = Path(f"{database}-wal").resolve()
    db_path = database.resolve()
    wal_fds: set[int] = set()
    db_fds: set[int] = set()
    pages: collections.Counter = collections.Counter()
    total = checkpointed = 0
    with trace.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            opened = _OPEN.search(line)
            if opened:
                path, fd = Path(opened[1]).resolve(), int(opened[2])
                wal_fds.discard(fd)
                db_fds.discard(fd)
                if path == wal_path:
                    wal_fds.add(fd)
                elif path == db_path:
                    db_fds.add(fd)
                continue
            write = _PWRITE.search(line)
            if not write:
                continue
            fd, data, size = int(write[1]), write[2], int(write[3])
            if fd in wal_fds and size == 24:
                header = bytes(int(b, 16) for b in _HEX.findall(data)[:4])
                if len(header) == 4:
                    pages[int.from_bytes(header, "big")] += 1
                    total += 1
            elif fd in db_fds and size >= 512:
                checkpointed += 1
    return pages, total, checkpointed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trace", type=Path, help="strace output (see above)")
    parser.add_argument("database", type=Path, help="the archive the import wrote")
    parser.add_argument("--top", type=int, default=30, help="owners printed")
    args = parser.parse_args()
    if not args.trace.is_file() or not args.database.is_file():
        sys.exit(
            f"error: {args.trace if not args.trace.is_file() else args.database}: no such file"
        )
    pages, total, checkpointed = frames(args.trace, args.database)
    if not total:
        sys.exit(f"error: {args.trace}: no writes to {args.database}-wal found (see the usage)")
    with sqlite3.connect(f"file:{args.database}?mode=ro", uri=True) as connection:
        owner = dict(connection.execute("SELECT pageno, name FROM dbstat"))
    by_frames: collections.Counter = collections.Counter()
    by_pages: collections.Counter = collections.Counter()
    for page, count in pages.items():
        name = owner.get(page, "(freed)")
        by_frames[name] += count
        by_pages[name] += 1
    print(
        f"log frames {total:,}, distinct pages {len(pages):,}, database pages written {checkpointed:,}"
    )
    print(f"{'frames':>9} {'share':>6} {'pages':>8}  owner")
    for name, count in by_frames.most_common(args.top):
        print(f"{count:9,} {count / total:6.1%} {by_pages[name]:8,}  {name}")


if __name__ == "__main__":
    main()
