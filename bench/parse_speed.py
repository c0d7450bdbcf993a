"""Parse speed: readouts per second of `parse_readout`, on one core, in process time.

Usage:
    .venv/bin/python bench/parse_speed.py                     # seed, fixtures, every bench corpus
    .venv/bin/python bench/parse_speed.py --corpus bench/corpus/1000-s1 --limit 500
    .venv/bin/python bench/parse_speed.py --min-seconds 5     # longer runs, steadier figures
    .venv/bin/python bench/parse_speed.py --profile corpus    # cProfile of one set, top 25 rows
    .venv/bin/python bench/parse_speed.py --publisher cn-mfa  # as an import with --publisher
    .venv/bin/python bench/parse_speed.py --instructions corpus --limit 200   # under callgrind

Sets measured: (a) `seeds/*.txt`, (b) `tests/fixtures/readouts/**/*.txt`, (c) each
`bench/corpus/*/readouts/` present (make one with `bench/generate.py --size 1000`).
Each set is parsed once to warm up (topic table, caches of pure lookups), then repeatedly until
`--min-seconds` of process time has passed; the figure is readouts / process-time seconds, with
the topics the importer passes (`load_default_topics()`); without `--publisher` the parser
detects the publisher from the text, as it does for an import that names none. Process time, not
wall time, because the machine is shared: another process's load does not count against the parser.
`--instructions SET` counts machine instructions per readout instead, with valgrind's callgrind
(Debian package `valgrind`): the figure that stays put when the machine's speed drifts (readouts/s
here vary by up to a third between identical runs). The process is counted twice, warmed up and
then parsing the set zero times and twice; the difference over twice the readouts is the figure,
so start-up, imports and the warm-up cancel out.
The first line says which parser ran: the one compiled to C by `make parser`, or the Python one
(`python -m archive.native clean` removes the compiled modules, for a comparison).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.parsing import load_default_topics, parse_readout  # noqa: E402


def _read(paths: list[Path]) -> list[str]:
    return [path.read_text(encoding="utf-8") for path in paths]


def sample_sets(corpora: list[Path], limit: int) -> list[tuple[str, list[str]]]:
    """(label, texts) for the seed, the fixtures and each corpus."""
    sets = [
        ("seed", _read(sorted((ROOT / "seeds").glob("*.txt")))),
        ("fixtures", _read(sorted((ROOT / "tests" / "fixtures" / "readouts").glob("**/*.txt")))),
    ]
    for corpus in corpora:
        files = sorted((corpus / "readouts").glob("*.txt"))[:limit]
        if files:
            sets.append((f"corpus {corpus.name}", _read(files)))
    return sets


def measure(
    texts: list[str], min_seconds: float, publisher: str | None = None
) -> tuple[float, int, float]:
    """(readouts/s, readouts parsed, mean words per readout) over at least `min_seconds`."""
    topics = load_default_topics()
    for text in texts:
        parse_readout(text, publisher=publisher, topics=topics)
    parsed = 0
    start = time.process_time()
    while True:
        for text in texts:
            parse_readout(text, publisher=publisher, topics=topics)
        parsed += len(texts)
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            break
    words = sum(len(text.split()) for text in texts) / len(texts)
    return parsed / elapsed, parsed, words


def profile(texts: list[str], rows: int, publisher: str | None = None) -> None:
    """cProfile of at least 200 parses after a warm-up pass (one-time table and regex builds
    would otherwise dominate a small set)."""
    topics = load_default_topics()
    for text in texts:
        parse_readout(text, publisher=publisher, topics=topics)
    rounds = max(1, -(-200 // len(texts)))
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for text in texts:
            parse_readout(text, publisher=publisher, topics=topics)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(rows)


def instructions(label: str, argv: list[str]) -> list[int]:
    """Instructions counted by callgrind in this script with 0 and with 2 passes over the set."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    counts = []
    for passes in (0, 2):
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
        command += [sys.executable, __file__, *argv, "--passes", str(passes)]
        run = subprocess.run(command, capture_output=True, text=True, check=True)
        found = re.search(r"Collected : (\d+)", run.stderr)
        if found is None:
            raise SystemExit(f"callgrind printed no count for {label}:\n{run.stderr[-2000:]}")
        counts.append(int(found.group(1)))
    return counts


def run_passes(texts: list[str], passes: int, publisher: str | None) -> None:
    """What a callgrind run counts: a warm-up pass, then `passes` more."""
    topics = load_default_topics()
    for _ in range(1 + passes):
        for text in texts:
            parse_readout(text, publisher=publisher, topics=topics)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="a bench corpus folder (repeatable); default: every bench/corpus/*/",
    )
    parser.add_argument("--limit", type=int, default=1000, help="readouts per corpus (1000)")
    parser.add_argument("--min-seconds", type=float, default=2.0, help="process time per set")
    parser.add_argument("--publisher", help="publisher key passed to the parser (e.g. cn-mfa)")
    parser.add_argument(
        "--profile",
        metavar="SET",
        help="profile the set whose label starts with SET (seed, fixtures, corpus) instead",
    )
    parser.add_argument(
        "--instructions",
        metavar="SET",
        help="count instructions per readout of the set whose label starts with SET (callgrind)",
    )
    parser.add_argument("--passes", type=int, help=argparse.SUPPRESS)  # inside callgrind
    raw = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(raw)
    corpora = args.corpus or sorted(p for p in (ROOT / "bench" / "corpus").glob("*/") if p.is_dir())
    sets = sample_sets(corpora, args.limit)
    chosen_label = args.profile or args.instructions
    if chosen_label:
        chosen = [(label, texts) for label, texts in sets if label.startswith(chosen_label)]
        if not chosen:
            parser.error(f"no set named {chosen_label!r}")
        label, texts = chosen[0]
        if args.passes is not None:
            run_passes(texts, args.passes, args.publisher)
        elif args.instructions:
            none, two = instructions(label, raw)
            print(
                f"{label}: {len(texts)} readouts, {(two - none) / (2 * len(texts)):,.0f} "
                "instructions per readout"
            )
        else:
            profile(texts, 25, args.publisher)
        return 0
    from archive import native

    state = "compiled" if native.is_compiled() else "Python"
    print(f"parser: {state} ({native.status()}; `make parser` compiles it)")
    print(f"{'set':<22} {'readouts':>8} {'words/readout':>13} {'parsed':>7} {'readouts/s':>10}")
    for label, texts in sets:
        rate, parsed, words = measure(texts, args.min_seconds, args.publisher)
        print(f"{label:<22} {len(texts):>8} {words:>13.0f} {parsed:>7} {rate:>10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
