"""In-process measurements against the bench database: pages through Django's test client, the bare
search query (the floor), the naive icontains baseline, and the parser alone.

Import this only after Django is set up with the bench database's DATABASE_URL.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive.models import Meeting

from .queries import FILTER_DATE_FROM, FILTER_DATE_TO, QueryClass, Term

PAGE_ROWS = 20


def summarise(samples: list[float], cpu: list[float] | None = None) -> dict:
    """p50/p95/max wall time in milliseconds (nearest-rank p95), and this process's CPU p50.

    The CPU time is what other work on a shared machine does not inflate: for SQLite it is
    nearly the whole cost; for PostgreSQL the server's share is not in it.
    """
    if not samples:
        return {"runs": 0}
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, max(0, int(round(0.95 * len(ordered))) - 1))]
    stats = {
        "runs": len(samples),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }
    if cpu:
        stats["cpu_p50_ms"] = round(statistics.median(cpu) * 1000, 2)
    return stats


def timed_runs(
    calls: list[Callable[[], object]], runs: int, budget_s: float | None = None, min_runs: int = 5
) -> dict:
    """Time `runs` calls rotating through `calls`, after one untimed warm-up call each.

    With a budget, stop early once it is spent (never below min_runs): for slow baselines.
    """
    for call in calls:
        call()
    samples: list[float] = []
    cpu: list[float] = []
    started = time.perf_counter()
    for run in range(runs):
        call = calls[run % len(calls)]
        c0, t0 = time.process_time(), time.perf_counter()
        call()
        samples.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if budget_s and run + 1 >= min_runs and time.perf_counter() - started > budget_s:
            break
    return summarise(samples, cpu)


class Pages:
    """GET pages in-process; failures are recorded, never raised."""

    def __init__(self) -> None:
        self.client = Client(raise_request_exception=True)

    def get(self, url: str):
        response = self.client.get(url)
        if response.status_code != 200:
            raise PageError(f"{url} -> HTTP {response.status_code}")
        return response

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.get(url)
        return len(captured.captured_queries)


class PageError(Exception):
    pass


def search_url(term: Term) -> str:
    params = {"q": term.query, **term.filters}
    if "country" in params:
        params["country"] = params["country"].lower()
    return "/meetings/?" + urlencode(params)


def _filtered_queryset(term: Term):
    qs = Meeting.objects.all()
    if term.filters:
        qs = qs.filter(
            countries__code=term.filters["country"],
            topics__slug=term.filters["topic"],
            held_on__gte=FILTER_DATE_FROM,
            held_on__lte=FILTER_DATE_TO,
        )
    return qs


def exact_count(term: Term) -> int:
    from archive import search

    return search.match_meetings(_filtered_queryset(term), term.query).count()


def floor_call(term: Term) -> Callable[[], object]:
    """The search's queries alone, exactly as the list page runs them (its `MeetingResults`):
    the newest matches with the count, then the first page of ranked ids; no rows, snippets,
    facets or template."""
    from django.test import RequestFactory

    from archive.views.meeting_results import MeetingResults

    url = search_url(term)

    def call() -> object:
        results = MeetingResults(RequestFactory().get(url))
        count, _exact = results.counted
        results.page_ids(0, PAGE_ROWS)
        return count

    return call


def naive_call(term: Term) -> Callable[[], int]:
    """What one writes first: icontains over statements, newest first."""
    word = term.query.strip('"').split(" OR ")[0].split(" -")[0]

    def call() -> int:
        qs = _filtered_queryset(term).filter(statements__text__icontains=word).distinct()
        list(qs.order_by("-held_on", "-id").values_list("id", flat=True)[:PAGE_ROWS])
        return qs.count()

    return call


def _contains(phrase: str) -> Q:
    return Q(source_text__icontains=phrase.strip('"'))


def truth_count(term: Term) -> int:
    """Hits by plain substring over the stored texts: what the database holds, search aside."""
    query = term.query
    if " OR " in query:
        condition = Q()
        for part in query.split(" OR "):
            condition |= _contains(part)
    elif " -" in query:
        keep, drop = query.split(" -", 1)
        condition = _contains(keep) & ~_contains(drop)
    else:
        condition = _contains(query)
    return _filtered_queryset(term).filter(condition).distinct().count()


def page_shows_count(html: str, expected: int) -> bool:
    return f"{expected:,}" in html or str(expected) in html or (expected > 10_000 and "+" in html)


def measure_search(classes: list[QueryClass], runs: int, naive: bool) -> list[dict]:
    pages = Pages()
    results: list[dict] = []
    for qclass in classes:
        row: dict = {"class": qclass.name, "label": qclass.label}
        row["terms"] = [{"query": t.query, "expected": t.expected} for t in qclass.terms]
        try:
            counts = [exact_count(t) for t in qclass.terms]
            row["floor_counts"] = counts
            row["mismatches"] = [
                {"query": t.query, "expected": t.expected, "got": c}
                for t, c in zip(qclass.terms, counts, strict=True)
                if c != t.expected
            ]
            for problem in row["mismatches"]:
                term = next(t for t in qclass.terms if t.query == problem["query"])
                problem["in_database"] = truth_count(term)
            row["floor"] = timed_runs([floor_call(t) for t in qclass.terms], runs)
        except Exception as exc:  # noqa: BLE001 - a missing or failing module is a result
            row["floor_error"] = f"{type(exc).__name__}: {exc}"[:300]
        try:
            urls = [search_url(t) for t in qclass.terms]
            row["urls"] = urls[:1]
            row["page_queries"] = max(pages.queries(u) for u in urls)
            html = [pages.get(u).content.decode() for u in urls]
            # Against what the database holds (the floor's exact count) when it was measured.
            truth = row.get("floor_counts") or [t.expected for t in qclass.terms]
            row["page_shows_count"] = all(
                page_shows_count(h, n) for h, n in zip(html, truth, strict=True)
            )
            row["page"] = timed_runs(
                [lambda u=u: pages.get(u) for u in urls], runs, budget_s=90, min_runs=20
            )
        except Exception as exc:  # noqa: BLE001
            row["page_error"] = f"{type(exc).__name__}: {exc}"[:300]
        if naive and qclass.name in {"rare", "one_percent", "fifty_percent", "no_hit", "filtered"}:
            calls = [naive_call(t) for t in qclass.terms]
            row["naive_counts"] = [c() for c in calls]
            row["naive"] = timed_runs(calls, runs, budget_s=20, min_runs=5)
        results.append(row)
    return results


def measure_pages(targets: dict[str, list[str]], runs: int) -> list[dict]:
    pages = Pages()
    results = []
    for name, urls in targets.items():
        row: dict = {"page": name, "urls": urls[:2]}
        try:
            counts = [pages.queries(u) for u in urls]
            row["queries"] = max(counts)
            row["queries_min"] = min(counts)
            # Bounded: an unpaginated page at 10k+ can take seconds; 20 runs still give a p95.
            row["time"] = timed_runs(
                [lambda u=u: pages.get(u) for u in urls], runs, budget_s=60, min_runs=20
            )
        except Exception as exc:  # noqa: BLE001
            row["error"] = f"{type(exc).__name__}: {exc}"[:300]
        results.append(row)
    return results


def measure_parse(files: list[Path], manifest: dict, limit: int) -> dict:
    """Parse-only rate in this process, and how faithfully the parser reads the synthetic corpus."""
    from archive.parsing import load_default_topics, parse_readout

    topics = load_default_topics()
    chosen = files[:limit]
    elapsed = 0.0
    agree = {"date": 0, "participants": 0, "countries": 0, "agreed_points": 0}
    for path in chosen:
        text = path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        parsed = parse_readout(text, publisher="Synthetic benchmark corpus", topics=topics)
        elapsed += time.perf_counter() - t0
        held_on, codes, _kind, people, _statements, agreed, _topics = manifest["readouts"][
            int(path.stem.rsplit("-", 1)[1])
        ]
        agree["date"] += bool(parsed.held_on and parsed.held_on.isoformat() == held_on)
        agree["participants"] += len(parsed.participants) == people
        agree["countries"] += set(parsed.countries) == set(codes)
        agree["agreed_points"] += len(parsed.agreed_points) == agreed
    count = len(chosen)
    return {
        "readouts": count,
        "seconds": round(elapsed, 3),
        "per_second": round(count / elapsed, 1) if elapsed else None,
        "fidelity": {k: round(v / count, 4) for k, v in agree.items()} if count else {},
    }
