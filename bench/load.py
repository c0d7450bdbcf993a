"""Load test: gunicorn with production settings on PostgreSQL, 50 clients for 60 s, then again
while 10,000 readouts are imported beside it.

    .venv/bin/python bench/load.py [--clients 50] [--duration 60] [--import-size 10000]

It creates (and afterwards drops) a dedicated database, fills it with generated readouts, serves it
with gunicorn on 127.0.0.1 only, and drives a mix of search, list, meeting and export requests
through keep-alive connections (Python threads; `wrk` is not needed). It prints a Markdown table of
requests, errors and p50/p95/p99 latency and writes it to docs/load.md.
"""

import argparse
import http.client
import os
import platform
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Generated readouts say so: they are imported under a publisher name that marks them synthetic.
IMPORT_ARGS = ("--publisher", "Synthetic benchmark corpus")
REQUEST_TIMEOUT = 30.0
# The request mix: weights roughly as researchers use the archive.
MIX = {"search": 35, "list": 25, "meeting": 30, "export": 10}
SEARCH_WORDS = [
    "trade",
    "security",
    "climate",
    "terrorism",
    '"economic cooperation"',
    "energy OR climate",
    "ukraine -sanctions",
    "invest*",
    "agreed",
    "minister",
]


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    elapsed: float = 0.0

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies[kind].append(seconds)
            else:
                self.errors[kind] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{kind}: {error}")

    def total(self, kind: str | None = None) -> tuple[int, int, list[float]]:
        kinds = [kind] if kind else sorted(set(self.latencies) | set(self.errors))
        lat = sorted(x for k in kinds for x in self.latencies.get(k, []))
        errors = sum(self.errors.get(k, 0) for k in kinds)
        return len(lat) + errors, errors, lat


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))
    return sorted_values[index]


# A small corpus generator: readouts in three house styles with varied parties, people, dates
# and topics. Each text carries a serial number, so every one is a new readout.

PEOPLE = {
    "China": ("CN", "Chinese", ["Wang Yi", "Qin Gang", "Li Qiang"]),
    "Pakistan": ("PK", "Pakistani", ["Shah Mahmood Qureshi", "Bilawal Bhutto Zardari"]),
    "India": ("IN", "Indian", ["Subrahmanyam Jaishankar", "Vinay Kwatra"]),
    "Japan": ("JP", "Japanese", ["Yoko Kamikawa", "Yoshimasa Hayashi"]),
    "Germany": ("DE", "German", ["Annalena Baerbock", "Heiko Maas"]),
    "France": ("FR", "French", ["Catherine Colonna", "Jean-Yves Le Drian"]),
    "Brazil": ("BR", "Brazilian", ["Mauro Vieira", "Carlos Franca"]),
    "Kenya": ("KE", "Kenyan", ["Alfred Mutua", "Musalia Mudavadi"]),
    "Indonesia": ("ID", "Indonesian", ["Retno Marsudi", "Sugiono Prabowo"]),
    "Egypt": ("EG", "Egyptian", ["Sameh Shoukry", "Badr Abdelatty"]),
    "Mexico": ("MX", "Mexican", ["Marcelo Ebrard", "Alicia Barcena"]),
    "Canada": ("CA", "Canadian", ["Melanie Joly", "Marc Garneau"]),
}
CITIES = {
    "China": "Beijing",
    "Pakistan": "Islamabad",
    "India": "New Delhi",
    "Japan": "Tokyo",
    "Germany": "Berlin",
    "France": "Paris",
    "Brazil": "Brasilia",
    "Kenya": "Nairobi",
    "Indonesia": "Jakarta",
    "Egypt": "Cairo",
    "Mexico": "Mexico City",
    "Canada": "Ottawa",
}
SUBJECTS = [
    ("trade", "expand trade and investment, and reduce barriers to market access"),
    ("security", "deepen counter-terrorism and security cooperation"),
    ("climate", "work together on climate change and the energy transition"),
    ("health", "strengthen cooperation on public health and vaccines"),
    ("agriculture", "raise agricultural exports and food security"),
    ("education", "increase student exchanges and cooperation in education"),
]
MONTHS = "January February March April May June July August September October November December"


def generate_readout(n: int, rng: random.Random) -> str:
    host, guest = rng.sample(sorted(PEOPLE), 2)
    (_, host_adj, host_people), (_, guest_adj, guest_people) = PEOPLE[host], PEOPLE[guest]
    a, b = rng.choice(host_people), rng.choice(guest_people)
    month = rng.randrange(12)
    day, year = rng.randint(1, 28), rng.randint(2015, 2025)
    date = f"{MONTHS.split()[month]} {day}, {year}"
    first, second = rng.sample(SUBJECTS, 2)
    kind = rng.choice(["held talks with", "held a telephone call with", "met with"])
    place = f" in {CITIES[host]}" if kind != "held a telephone call with" else ""
    return (
        f"{a} {'Holds Talks' if kind == 'held talks with' else 'Meets'} with {b}\n\n"
        f"On {date}, Foreign Minister {a} of {host} {kind} Foreign Minister {b} of "
        f"{guest}{place}.\n\n"
        f"{a} said that {host}-{guest} relations have grown steadily and that the {host_adj} "
        f"side is ready to {first[1]}. He noted that the two countries reviewed {n} joint "
        f"projects this year.\n\n"
        f"{b} said that {guest} values its partnership with {host} and hopes to {second[1]}. "
        f"The {guest_adj} side welcomes more visits at all levels.\n\n"
        f"The two sides agreed to {first[1]}, and to hold the next round of consultations "
        f"in {CITIES[guest]}.\n\n"
        f"The two sides also exchanged views on regional issues of common concern.\n"
    )


def write_local_corpus(directory: Path, size: int, seed: int, offset: int = 0) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for n in range(offset, offset + size):
        (directory / f"readout-{n:06d}.txt").write_text(generate_readout(n, rng), encoding="utf-8")


def write_corpus(directory: Path, size: int, seed: int, offset: int = 0) -> tuple[Path, list[str]]:
    """Readouts for the load run: the benchmark's generator when it is there, else the one above.

    Returns the folder to import and search words that hit some of its readouts.
    """
    try:
        sys.path.insert(0, str(ROOT / "bench"))
        from generate import generate_corpus
    except ImportError:
        write_local_corpus(directory, size, seed, offset)
        return directory, SEARCH_WORDS
    manifest = generate_corpus(size, seed, directory)
    words = sorted(manifest.get("markers", {}))[:8] + sorted(manifest.get("phrases", {}))[:2]
    words = [f'"{w}"' if " " in w else w for w in words]
    return directory / "readouts", (words + SEARCH_WORDS[:4]) if words else SEARCH_WORDS


# Environment: database, settings, server --------------------------------------------------------


def server_env(database_url: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return {
        **base,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no redirect to https, which a TLS proxy would do in production.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def recreate_database(database_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"refusing an unusual database name: {name!r}")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def manage(env: dict[str, str], *args: str, quiet: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0 and args[0] != "import_readouts":
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed")
    if not quiet:
        sys.stderr.write(result.stdout)
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict[str, str], port: int, workers: int, threads: int):
    args = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        "--worker-class=gthread",
        f"--workers={workers}",
        f"--threads={threads}",
        "--keep-alive=30",
        "--access-logfile=-" if os.environ.get("LOAD_ACCESS_LOG") else "--log-level=warning",
    ]
    server = subprocess.Popen(args, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited while starting")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# The request mix --------------------------------------------------------------------------------


def meeting_count(database_url: str) -> int:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM archive_meeting").fetchone()[0]


def meeting_urls(database_url: str, limit: int = 500) -> tuple[list[str], list[str]]:
    """Meeting page paths and country codes that are in the database."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        slugs = [
            row[0]
            for row in conn.execute(
                "SELECT slug FROM archive_meeting ORDER BY random() LIMIT %s", [limit]
            )
        ]
        codes = [
            row[0].lower()
            for row in conn.execute(
                "SELECT country_id FROM archive_meeting_countries GROUP BY country_id "
                "ORDER BY count(*) DESC LIMIT 20"
            )
        ]
    if not slugs:
        raise SystemExit("the load database holds no meetings")
    return [f"/meetings/{slug}/" for slug in slugs], codes


def build_mix(meetings: list[str], codes: list[str], words: list[str]) -> dict[str, list[str]]:
    def q(**params) -> str:
        return "?" + urllib.parse.urlencode(params)

    pairs = [(a, b) for a in codes[:6] for b in codes[:6] if a < b]
    return {
        "search": [f"/meetings/{q(q=w)}" for w in words]
        + [f"/meetings/{q(q=w, sort='-held_on')}" for w in words[:4]]
        + [f"/agreed/{q(q=w)}" for w in words[:4]],
        "list": ["/meetings/", "/meetings/?page=2", "/agreed/", "/"]
        + [f"/meetings/{q(country=c)}" for c in codes[:10]]
        + [f"/countries/{c}/" for c in codes[:10]]
        + [f"/relations/{a}-{b}/" for a, b in pairs[:6]],
        "meeting": meetings,
        "export": [f"/meetings.csv{q(q=w)}" for w in words[:5]]
        + [f"/meetings.json{q(country=c)}" for c in codes[:5]]
        + ["/feeds/latest.atom"],
    }


def run_clients(
    port: int,
    mix: dict[str, list[str]],
    clients: int,
    duration: float,
    max_requests: int,
    keep_going=lambda: False,
    hard_limit: float = 900.0,
) -> Results:
    """`clients` threads, each on its own keep-alive connection, until `duration` has passed
    (and `keep_going()` is false), never beyond `hard_limit` seconds or `max_requests` requests."""
    results = Results()
    kinds = list(MIX)
    weights = [MIX[k] for k in kinds]
    started = time.monotonic()
    counter = iter(range(max_requests))
    counter_lock = threading.Lock()

    def should_continue() -> bool:
        now = time.monotonic() - started
        if now >= hard_limit:
            return False
        return now < duration or keep_going()

    def client(number: int) -> None:
        rng = random.Random(number)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        while should_continue():
            with counter_lock:
                if next(counter, None) is None:
                    return
            kind = rng.choices(kinds, weights)[0]
            path = rng.choice(mix[kind])
            t0 = time.perf_counter()
            error = None
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    error = f"HTTP {response.status} {path}"
                if response.will_close:
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                error = f"{type(exc).__name__} {path}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            results.record(kind, time.perf_counter() - t0, error)
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.elapsed = time.monotonic() - started
    return results


# Reporting --------------------------------------------------------------------------------------


def table(phases: list[tuple[str, Results]]) -> str:
    rows = [
        "| phase | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, results in phases:
        for kind in [None, *MIX]:
            count, errors, lat = results.total(kind)
            if not count:
                continue
            label = name if kind is None else f"{name}: {kind}"
            rate = count / results.elapsed if results.elapsed else 0.0

            def ms(v: float) -> str:
                return f"{v * 1000:.0f}"

            rows.append(
                f"| {label} | {count} | {errors} | {rate:.0f} | {ms(percentile(lat, 50))} | "
                f"{ms(percentile(lat, 95))} | {ms(percentile(lat, 99))} | "
                f"{ms(lat[-1] if lat else float('nan'))} |"
            )
    return "\n".join(rows)


def write_report(path: Path, args, markdown: str, notes: list[str]) -> None:
    cpu = os.cpu_count()
    command = "python bench/load.py " + " ".join(sys.argv[1:])
    text = (
        "# Under load\n\n"
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node() or 'one machine'} "
        f"({cpu} CPUs, Python {platform.python_version()}, PostgreSQL), with\n"
        f"`{command.strip()}`: gunicorn ({args.workers} gthread workers x {args.threads} "
        f"threads, production settings, 127.0.0.1 only), {args.clients} concurrent keep-alive "
        f"clients for {args.duration:.0f} s over a mix of search {MIX['search']}%, list "
        f"{MIX['list']}%, meeting page {MIX['meeting']}% and export {MIX['export']}% requests. "
        "The clients run as Python threads on the same machine, so latencies include their own "
        "scheduling. An error is any answer but 200 or a failed connection.\n\n"
        f"{markdown}\n\n" + "".join(f"- {note}\n" for note in notes) + "\n## Running it\n\n"
        "`make bench-load` (or `.venv/bin/python bench/load.py`) needs PostgreSQL on 127.0.0.1 "
        "that the user in `--database-url` (default "
        "`postgres://postgres@127.0.0.1:5432/archive_load`) may create databases on. It drops and "
        "recreates that database, migrates it, imports `--corpus-size` generated readouts "
        '(bench/generate.py\'s synthetic corpus, publisher "Synthetic benchmark corpus"), serves '
        "it with gunicorn on a free loopback port with DJANGO_DEBUG=0 and a throwaway secret key, "
        "and drops the database afterwards (`--keep-database` keeps it). Options: `--clients`, "
        "`--duration` (seconds per phase), `--import-size`, `--max-busy` (longest load beside "
        "the import), `--workers`/`--threads` (gunicorn), `--output`. The exit status is non-zero "
        "when any request failed or the import failed.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase")
    parser.add_argument("--corpus-size", type=int, default=2000, help="readouts loaded first")
    parser.add_argument("--import-size", type=int, default=10000, help="readouts imported live")
    parser.add_argument("--max-requests", type=int, default=2_000_000, help="per phase")
    parser.add_argument(
        "--max-busy", type=float, default=300.0, help="longest load beside the import, seconds"
    )
    parser.add_argument(
        "--import-timeout", type=float, default=1800.0, help="longest wait for the import"
    )
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) + 1))
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/archive_load"
        ),
    )
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "load.md")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("the load test runs on PostgreSQL: give --database-url postgres://...")

    env = server_env(args.database_url)
    work = Path(tempfile.mkdtemp(prefix="archive-load-"))
    server = importer = None
    notes: list[str] = []
    try:
        log(f"creating database {urllib.parse.urlsplit(args.database_url).path.lstrip('/')}")
        recreate_database(args.database_url)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        log(f"generating {args.corpus_size} + {args.import_size} readouts")
        base_dir, words = write_corpus(work / "base", args.corpus_size, seed=11)
        live_dir, _ = write_corpus(
            work / "live", args.import_size, seed=12, offset=args.corpus_size
        )
        t0 = time.monotonic()
        result = manage(env, "import_readouts", str(base_dir), *IMPORT_ARGS)
        log(f"base import: {last_line(result)} in {time.monotonic() - t0:.1f} s")
        if result.returncode != 0:
            raise SystemExit("the base import failed:\n" + result.stderr[-3000:])

        port = free_port()
        server = start_gunicorn(env, port, args.workers, args.threads)
        mix = build_mix(*meeting_urls(args.database_url), words)

        notes.append(
            f"Load average before the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs."
        )
        log(f"phase 1: {args.clients} clients for {args.duration:.0f} s")
        quiet = run_clients(port, mix, args.clients, args.duration, args.max_requests)
        report_errors("phase 1", quiet)

        log(f"phase 2: the same load while {args.import_size} readouts are imported")
        import_log = (work / "import.log").open("w")
        t0 = time.monotonic()
        importer = subprocess.Popen(
            [PYTHON, "manage.py", "import_readouts", str(live_dir), *IMPORT_ARGS],
            cwd=ROOT,
            env=env,
            stdout=import_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        stored_before = meeting_count(args.database_url)
        # The load goes on while the import runs, up to --max-busy seconds.
        busy = run_clients(
            port,
            mix,
            args.clients,
            args.duration,
            args.max_requests,
            keep_going=lambda: importer.poll() is None,
            hard_limit=max(args.duration, args.max_busy),
        )
        stored_during = meeting_count(args.database_url) - stored_before
        report_errors("phase 2", busy)
        try:
            importer.wait(timeout=args.import_timeout)
        except subprocess.TimeoutExpired:
            log(f"the import did not finish within {args.import_timeout:.0f} s; stopping it")
            stop(importer)
        import_seconds = time.monotonic() - t0
        import_log.close()
        summary = (work / "import.log").read_text().strip().splitlines()[-1:]
        notes.append(
            f"Import beside the load: {args.import_size} readouts, exit status "
            f"{importer.returncode}, {import_seconds:.0f} s in all, `{' '.join(summary)}`; "
            f"the load ran {busy.elapsed:.0f} s, during which {stored_during} readouts were "
            "stored."
        )
        markdown = table([("quiet", quiet), (f"importing {args.import_size}", busy)])
        print(markdown)
        for note in notes:
            print(f"- {note}")
        write_report(args.output, args, markdown, notes)
        log(f"written to {args.output}")
        failed = quiet.total()[1] + busy.total()[1] + (importer.returncode != 0)
        return 1 if failed else 0
    finally:
        for process in (importer, server):
            if process is not None:
                stop(process)
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep_database:
            drop_database(args.database_url)


def last_line(result: subprocess.CompletedProcess) -> str:
    lines = (result.stdout + "\n" + result.stderr).strip().splitlines()
    summaries = [line for line in lines if line.startswith("created=")]
    return (summaries or lines or [""])[-1]


def report_errors(phase: str, results: Results) -> None:
    count, errors, _ = results.total()
    log(f"{phase}: {count} requests, {errors} errors in {results.elapsed:.0f} s")
    for sample in results.error_samples:
        log(f"  {sample}")


def log(message: str) -> None:
    print(f"[load] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
