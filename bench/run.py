"""The benchmark in one command: generate a corpus, import it through the real command into the
benchmark's own database, and time imports, searches and pages against the floor and baselines.

    DJANGO_DEBUG=1 .venv/bin/python bench/run.py --size 1000          # SQLite (bench/work/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive \\
        DJANGO_DEBUG=1 .venv/bin/python bench/run.py --size 10000     # PostgreSQL (archive_bench_10000)

The developer's database is never touched: the run creates its own (see bench/databases.py).
Results: bench/results/<date>-<commit>-<vendor>-<size>.json and .md beside it.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import databases  # noqa: E402
from bench.generate import PUBLISHER, ensure_corpus  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def run_manage(args: list[str], url: str, log: Path) -> dict:
    """Run manage.py in a child process; wall time, exit status and the child's peak RSS."""
    started = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=databases.environment_with(url),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "exit_status": child.returncode,
        # ru_maxrss is in KiB on Linux.
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),
        "output_tail": log.read_text(errors="replace")[-600:],
    }


def prepare(args: argparse.Namespace, source_url: str, bench_url: str) -> dict:
    """Corpus, fresh database, migrate, import: everything that runs in child processes."""
    facts: dict = {}
    started = time.perf_counter()
    base_size = args.replicate_from or args.size
    corpus_dir, manifest, generated = ensure_corpus(base_size, args.seed)
    facts["corpus"] = {
        "dir": str(corpus_dir.relative_to(ROOT)),
        "readouts": manifest["size"],
        "seed": args.seed,
        "generated_now": generated,
        "generate_seconds": round(time.perf_counter() - started, 2),
        "bytes": sum(p.stat().st_size for p in (corpus_dir / "readouts").glob("*.txt")),
    }
    print(f"corpus: {facts['corpus']}", flush=True)
    tag = f"{databases.vendor_of(bench_url)}-{args.size}"
    saved = databases.WORK / f"prepare-{tag}.json"
    if args.replicate_from and not args.reuse_db:
        from bench.replicate import replicate, scaled_manifest

        if databases.vendor_of(bench_url) != "postgresql" or args.size % base_size:
            raise SystemExit("--replicate-from needs PostgreSQL and a size that is a multiple")
        base_url = databases.bench_database_url(source_url, base_size)
        facts["replicate"] = replicate(base_url, bench_url, args.size // base_size)
        print(f"replicate: {facts['replicate']}", flush=True)
        saved.write_text(json.dumps(facts), encoding="utf-8")
        manifest = scaled_manifest(manifest, args.size // base_size)
        return facts | {"manifest": manifest, "corpus_dir": corpus_dir}
    if args.reuse_db:
        # The import figures of the run that built this database, marked as such.
        earlier = json.loads(saved.read_text()) if saved.exists() else {}
        facts |= {k: v | {"from_earlier_run": True} for k, v in earlier.items() if k != "corpus"}
        if args.replicate_from:
            from bench.replicate import scaled_manifest

            manifest = scaled_manifest(manifest, args.size // base_size)
        return facts | {"manifest": manifest, "corpus_dir": corpus_dir}
    databases.recreate(bench_url)
    databases.WORK.mkdir(parents=True, exist_ok=True)
    migrate = run_manage(["migrate", "--noinput"], bench_url, databases.WORK / f"migrate-{tag}.log")
    facts["migrate"] = migrate
    if migrate["exit_status"]:
        raise SystemExit(f"migrate failed:\n{migrate['output_tail']}")
    print(f"migrate: {migrate['seconds']} s", flush=True)
    command = ["import_readouts", str(corpus_dir / "readouts"), "--publisher", PUBLISHER]
    imported = run_manage(command, bench_url, databases.WORK / f"import-{tag}.log")
    imported["readouts_per_second"] = round(args.size / imported["seconds"], 1)
    imported["command"] = (
        f"manage.py import_readouts {facts['corpus']['dir']}/readouts --publisher '{PUBLISHER}'"
    )
    facts["import"] = imported
    print(f"import: {imported['seconds']} s, {imported['readouts_per_second']}/s", flush=True)
    saved.write_text(json.dumps(facts), encoding="utf-8")
    return facts | {"manifest": manifest, "corpus_dir": corpus_dir}


def setup_django(bench_url: str) -> None:
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    # The benchmark serves no static files; whitenoise's warning about collectstatic is noise here.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    django.setup()
    # Failing pages are recorded in the results; their tracebacks would drown the table.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    # Timed like production: no query log, and the test client's host allowed.
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]


def page_targets(manifest: dict) -> dict[str, list[str]]:
    from archive.models import Meeting
    from bench.queries import top_countries, top_pairs

    ids = list(Meeting.objects.order_by("id").values_list("slug", flat=True))
    step = max(1, len(ids) // 25)
    meetings = [f"/meetings/{slug}/" for slug in ids[::step][:25]]
    countries = [f"/countries/{code.lower()}/" for code in top_countries(manifest)]
    pairs = [f"/relations/{a.lower()}-{b.lower()}/" for a, b in top_pairs(manifest)]
    return {
        "list": ["/meetings/"],
        "meeting": meetings,
        "country": countries,
        "relationship": pairs,
        "list_page_1": ["/meetings/?page=1"],
        "list_deep_page": [_deep_page()],
        "search_deep_page": [_deep_page("zqmarker50a")],
    }


def _deep_page(query: str = "") -> str:
    """Page 1,000 of the list, or its last page when there are fewer."""
    from django.test import Client

    base = f"/meetings/?q={query}&" if query else "/meetings/?"
    try:
        response = Client(raise_request_exception=False).get(base + "page=1000")
    except Exception:  # noqa: BLE001 - the page itself is measured (and its error kept) later
        return base + "page=1000"
    return base + ("page=1000" if response.status_code == 200 else "page=last")


def measure(args: argparse.Namespace, facts: dict) -> dict:
    from django.db import connection

    from bench import datasette_peer, measure
    from bench.queries import query_classes

    manifest = facts["manifest"]
    files = sorted((facts["corpus_dir"] / "readouts").glob("*.txt"))
    results: dict = {}
    if not args.pages_only:
        results["parse_only"] = measure.measure_parse(files, manifest, args.parse_limit)
        print(f"parse only: {results['parse_only']}", flush=True)
        started = time.perf_counter()
        results["index_rebuild"] = databases.rebuild_search_index(connection)
        results["index_rebuild"]["wall_seconds"] = round(time.perf_counter() - started, 3)
    results["database_bytes"] = databases.database_bytes(connection)
    classes = query_classes(manifest)
    results["search"] = measure.measure_search(classes, args.runs, naive=not args.no_naive)
    print("search: done", flush=True)
    results["pages"] = measure.measure_pages(page_targets(manifest), args.runs)
    print("pages: done", flush=True)
    if connection.vendor != "sqlite":
        results["datasette"] = datasette_peer.postgres_note()
    elif args.no_datasette:
        results["datasette"] = {"skipped": "--no-datasette"}
    else:
        connection.close()
        db_path = Path(connection.settings_dict["NAME"])
        fts = databases.fts_table(connection)
        results["datasette"] = datasette_peer.measure_datasette(db_path, fts, classes, args.runs)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark import, search and pages.")
    parser.add_argument("--size", type=int, default=1000, help="readouts in the corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=50, help="timed runs per search class/page")
    parser.add_argument("--parse-limit", type=int, default=5000, help="readouts parsed in-process")
    parser.add_argument("--reuse-db", action="store_true", help="measure the last bench database")
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="skip the parse-only and index-rebuild rows (a search and page re-measure)",
    )
    parser.add_argument(
        "--replicate-from",
        type=int,
        metavar="SIZE",
        help="PostgreSQL only: build the database by copying the bench database of SIZE "
        "readouts size/SIZE times instead of importing (search and pages only; see replicate.py)",
    )
    args = parser.parse_args(argv)

    source_url = os.environ.get("DATABASE_URL", "")
    bench_url = databases.bench_database_url(source_url, args.size)
    vendor = databases.vendor_of(bench_url)
    print(f"benchmark: {args.size} readouts on {vendor} ({bench_url})", flush=True)
    started = time.perf_counter()
    facts = prepare(args, source_url, bench_url)
    setup_django(bench_url)
    from bench.report import markdown

    results = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        # Files measured in a state no commit holds (other work in progress in this tree).
        "uncommitted": _git(
            "status", "--porcelain", "--", "archive", "templates", "config"
        ).splitlines(),
        "vendor": vendor,
        "size": args.size,
        "runs": args.runs,
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "command": _command_line(args, source_url),
        **{k: v for k, v in facts.items() if k not in {"manifest", "corpus_dir"}},
        **measure(args, facts),
    }
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["runner_peak_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = f"{results['date'][:10]}-{results['commit']}-{vendor}-{args.size}"
    (RESULTS / f"{stem}.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    table = markdown(results)
    (RESULTS / f"{stem}.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"written: bench/results/{stem}.json and .md")
    return 0


def _command_line(args: argparse.Namespace, source_url: str) -> str:
    prefix = "DATABASE_URL=postgres://postgres@127.0.0.1:5432/archive " if source_url else ""
    if args.replicate_from:
        return (
            f"{prefix}DJANGO_DEBUG=1 .venv/bin/python bench/run.py --size {args.size} "
            f"--replicate-from {args.replicate_from}"
        )
    return f"{prefix}make bench SIZE={args.size}"


if __name__ == "__main__":
    sys.exit(main())
