"""The importer's writes alone, for the benchmark scripts: readouts parsed beforehand written in
batches through `archive.import_run._import_batch`, as the command's main process writes them."""

from __future__ import annotations

import re


def write_parsed(
    texts: list[str], parses: list, batch_size: int, options, cache, summary, first: int = 0
) -> None:
    """Write `texts` (whose parses are `parses`, in the same order) `batch_size` at a time, each
    outcome counted in `summary`; `first` numbers the readouts' labels ("w000123.txt")."""
    from archive.import_run import Unit, _import_batch
    from archive.importer import ImportResult

    for start in range(0, len(texts), batch_size):
        batch = texts[start : start + batch_size]
        units = [Unit(f"w{first + start + n:06d}.txt", text=text) for n, text in enumerate(batch)]
        given = dict(enumerate(parses[start : start + batch_size]))
        for unit, outcome in zip(units, _import_batch(units, options, cache, given), strict=True):
            if isinstance(outcome, ImportResult):
                summary.count(outcome)
            else:
                summary.fail(unit.label, outcome)


def statement_key(query: object) -> str:
    """A statement's kind and table ("COPY archive_meeting", "INSERT INTO archive_tally"), to add
    up the cost of the statements of one kind."""
    text = query if isinstance(query, str) else str(query)
    found = re.match(r"\s*(COPY|INSERT INTO|SELECT|UPDATE|DELETE FROM)\s+\"?(\w+)?", text)
    return f"{found.group(1)} {found.group(2) or ''}" if found else text.split()[0]


def print_breakdown(spent: dict[str, float], calls: dict[str, int], count: int) -> None:
    """One line per statement kind: its CPU per readout, largest first."""
    for key, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        if seconds * 1000 / count >= 0.001:
            print(f"  {key:45} {1000 * seconds / count:.3f} ms/readout ({calls[key]} statements)")
