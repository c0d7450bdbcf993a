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
Two figures per set, both readouts / process-time seconds, with the topics the importer passes
(`load_default_topics()`); without `--publisher` the parser detects the publisher from the text,
as it does for an import that names none:
- "first sight": each readout of the set parsed once, in a fresh process that has parsed one
  readout from outside the set (the seed; for the seed set, the first fixture) so that its
  one-time tables are built. Every text is new to the parser's word and phrase caches, as in an
  import, where no readout comes twice. Fresh processes are run until `--min-seconds` of their
  parsing time has passed; sets under 100 readouts get no figure ("-").
- "repeated": the set parsed once to warm up, then again and again in this process until
  `--min-seconds` has passed. The caches then hold exactly these texts' words and phrases, so
  this rate is higher than an import sees.
Process time, not wall time, because the machine is shared: another process's load does not count
against the parser.
`--instructions SET` counts machine instructions per readout instead, with valgrind's callgrind
(Debian package `valgrind`): the figures that stay put when the machine's speed drifts (readouts/s
here vary by up to a third between identical runs). The process is counted three times, each
after the same out-of-set warm-up, parsing the set zero times, once and three times: first sight
is the difference of the first two over the readouts, repeated that of the last two over twice
the readouts, so start-up, imports and the warm-up cancel out.
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

# Sets smaller than this get no first-sight figure: a fresh process per handful of readouts.
_FIRST_SIGHT_MIN = 100


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


def _warm_up_text(label: str) -> str:
    """One readout from outside the set, parsed first so that one-time table builds do not count."""
    if label == "seed":
        return _read(sorted((ROOT / "tests" / "fixtures" / "readouts").glob("**/*.txt"))[:1])[0]
    return _read(sorted((ROOT / "seeds").glob("*.txt"))[:1])[0]


def first_sight_child(texts: list[str], label: str, publisher: str | None) -> float:
    """Process seconds to parse each text once, in this (fresh) process after the warm-up."""
    topics = load_default_topics()
    parse_readout(_warm_up_text(label), publisher=publisher, topics=topics)
    start = time.process_time()
    for text in texts:
        parse_readout(text, publisher=publisher, topics=topics)
    return time.process_time() - start


def measure_first_sight(label: str, raw: list[str], count: int, min_seconds: float) -> float:
    """Readouts/s of first sight: fresh processes until `min_seconds` of parsing time."""
    parsed, elapsed = 0, 0.0
    while elapsed < min_seconds:
        command = [sys.executable, __file__, *raw, "--first-sight-of", label]
        run = subprocess.run(command, capture_output=True, text=True, check=True)
        elapsed += float(run.stdout.split()[-1])
        parsed += count
    return parsed / elapsed


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
    """Instructions counted by callgrind in this script with 0, 1 and 3 passes over the set (the
    three runs side by side: the counts do not depend on what else runs)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    runs = []
    for passes in (0, 1, 3):
        command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
        command += [sys.executable, __file__, *argv, "--passes", str(passes)]
        runs.append(subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    counts = []
    for run in runs:
        _, stderr = run.communicate()
        text = stderr.decode(errors="replace")
        found = re.search(r"Collected : (\d+)", text)
        if run.returncode or found is None:
            raise SystemExit(f"callgrind printed no count for {label}:\n{text[-2000:]}")
        counts.append(int(found.group(1)))
    return counts


def run_passes(texts: list[str], label: str, passes: int, publisher: str | None) -> None:
    """What a callgrind run counts: the out-of-set warm-up, then `passes` passes over the set."""
    topics = load_default_topics()
    parse_readout(_warm_up_text(label), publisher=publisher, topics=topics)
    for _ in range(passes):
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
    parser.add_argument("--first-sight-of", help=argparse.SUPPRESS)  # a fresh process's run
    raw = sys.argv[1:] if argv is None else argv
    args = parser.parse_args(raw)
    corpora = args.corpus or sorted(p for p in (ROOT / "bench" / "corpus").glob("*/") if p.is_dir())
    sets = sample_sets(corpora, args.limit)
    if args.first_sight_of:
        texts = dict(sets)[args.first_sight_of]
        print(f"{first_sight_child(texts, args.first_sight_of, args.publisher):.6f}")
        return 0
    chosen_label = args.profile or args.instructions
    if chosen_label:
        chosen = [(label, texts) for label, texts in sets if label.startswith(chosen_label)]
        if not chosen:
            parser.error(f"no set named {chosen_label!r}")
        label, texts = chosen[0]
        if args.passes is not None:
            run_passes(texts, label, args.passes, args.publisher)
        elif args.instructions:
            none, once, thrice = instructions(label, raw)
            print(
                f"{label}: {len(texts)} readouts; instructions per readout: "
                f"{(once - none) / len(texts):,.0f} first sight, "
                f"{(thrice - once) / (2 * len(texts)):,.0f} repeated"
            )
        else:
            profile(texts, 25, args.publisher)
        return 0
    from archive import native

    state = "compiled" if native.is_compiled() else "Python"
    print(f"parser: {state} ({native.status()}; `make parser` compiles it)")
    print("readouts/s: first sight (each readout new to the parser), repeated (the set again)")
    print(f"{'set':<22} {'readouts':>8} {'words/readout':>13} {'first sight':>11} {'repeated':>9}")
    for label, texts in sets:
        first = "-"
        if len(texts) >= _FIRST_SIGHT_MIN:
            first = f"{measure_first_sight(label, raw, len(texts), args.min_seconds):.0f}"
        rate, _, words = measure(texts, args.min_seconds, args.publisher)
        print(f"{label:<22} {len(texts):>8} {words:>13.0f} {first:>11} {rate:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
