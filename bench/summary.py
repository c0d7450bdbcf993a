"""One table across benchmark runs: how import, storage and search grow with corpus size.

.venv/bin/python bench/summary.py bench/results/*.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _search(run: dict, name: str, part: str, key: str = "p50_ms") -> str:
    for row in run.get("search", []):
        if row["class"] == name and row.get(part, {}).get(key) is not None:
            return f"{row[part][key]:,.1f}"
    return "–"


def _page(run: dict, name: str, key: str = "p50_ms") -> str:
    for row in run.get("pages", []):
        if row["page"] == name and row.get("time", {}).get(key) is not None:
            return f"{row['time'][key]:,.1f}"
    return "–"


def summary(paths: list[Path]) -> str:
    runs = [(json.loads(path.read_text(encoding="utf-8")), path) for path in paths]
    runs.sort(key=lambda pair: (pair[0]["vendor"], pair[0]["size"], pair[0]["date"]))
    lines = [
        "| run | readouts | import/s | import peak RSS MiB | DB MiB | index rebuild s "
        "| rare floor p50 ms | 50% floor p50 ms | rare page CPU p50 ms | 50% page CPU p50 ms "
        "| list page CPU p50 ms | country page CPU p50 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for run, path in runs:
        imp = run.get("import", {})
        lines.append(
            f"| {run['vendor']} `{Path(path).stem}` | {run['size']:,} "
            f"| {imp.get('readouts_per_second', '–')} | {imp.get('peak_rss_mib', '–')} "
            f"| {run.get('database_bytes', 0) / 2**20:,.0f} "
            f"| {run.get('index_rebuild', {}).get('seconds', '–')} "
            f"| {_search(run, 'rare', 'floor')} | {_search(run, 'fifty_percent', 'floor')} "
            f"| {_search(run, 'rare', 'page', 'cpu_p50_ms')} "
            f"| {_search(run, 'fifty_percent', 'page', 'cpu_p50_ms')} "
            f"| {_page(run, 'list', 'cpu_p50_ms')} | {_page(run, 'country', 'cpu_p50_ms')} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(summary([Path(arg) for arg in sys.argv[1:]]), end="")
