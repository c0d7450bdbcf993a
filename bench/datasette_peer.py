"""Datasette as a peer: it serves the bench SQLite file on loopback and searches through its own
FTS support (`?_search=` against the archive's FTS5 table); we time its HTML search page.

Requests go only to 127.0.0.1, are bounded in count and time, and the server is stopped afterwards.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from .measure import timed_runs
from .queries import QueryClass

START_TIMEOUT_S = 30
REQUEST_TIMEOUT_S = 30


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _datasette_binary() -> str | None:
    beside = Path(sys.executable).with_name("datasette")
    return str(beside) if beside.exists() else shutil.which("datasette")


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:  # noqa: S310
        return response.read()


def measure_datasette(
    db_path: Path, fts_table: str | None, classes: list[QueryClass], runs: int
) -> dict:
    binary = _datasette_binary()
    if binary is None:
        return {"skipped": "datasette is not installed (it is in requirements-dev.txt)"}
    if not fts_table:
        return {"skipped": "the bench database has no FTS5 table for Datasette to search"}
    port = _free_port()
    # Datasette's default 1 s SQL limit would turn slow searches into errors; give it 10 s so its
    # time is measured rather than cut off.
    command = [binary, "serve", str(db_path), "--host", "127.0.0.1", "-p", str(port)]
    command += ["--setting", "sql_time_limit_ms", "10000"]
    log = db_path.with_suffix(".datasette.log")
    with log.open("w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/{db_path.stem}/archive_meeting"
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/-/versions.json", server)
        results = {"version": _fetch(f"http://127.0.0.1:{port}/-/versions.json").decode()[:200]}
        results["classes"] = {}
        for qclass in classes:
            if qclass.name == "filtered" or not qclass.terms[0].datasette:
                continue
            urls = [
                base
                + "?"
                + urlencode(
                    {
                        "_search": t.datasette,
                        "_searchmode": "raw",
                        "_fts_table": fts_table,
                        "_fts_pk": "id",
                        "_size": "20",
                    }
                )
                for t in qclass.terms
            ]
            try:
                stats = timed_runs(
                    [lambda u=u: _fetch(u) for u in urls], runs, budget_s=30, min_runs=5
                )
                stats.pop("cpu_p50_ms", None)  # the client's CPU, not Datasette's
                results["classes"][qclass.name] = stats | {"url": urls[0]}
            except (urllib.error.URLError, TimeoutError) as exc:
                results["classes"][qclass.name] = {"error": str(exc)[:300], "url": urls[0]}
        return results
    except RuntimeError as exc:
        return {"skipped": str(exc)}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"datasette exited with status {server.returncode}")
        try:
            _fetch(url)
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise RuntimeError(f"datasette did not answer within {START_TIMEOUT_S} s")


def postgres_note() -> dict:
    return {
        "skipped": "Datasette serves SQLite files only; compare against it in the SQLite run "
        "(same corpus, same seed)."
    }
