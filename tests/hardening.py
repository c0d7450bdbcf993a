"""Helpers for the hardening tests: hostile readouts, database snapshots, running the importer."""

from __future__ import annotations

import io
import random
from pathlib import Path

from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2022-03-21-china-mfa-wang-yi-qureshi-islamabad.txt"

# A readout (invented, written for these tests) whose every free-text field carries markup,
# script, a javascript: link, a formula and a very long word, so each page can be checked.
SCRIPT = '<script>alert("pwned")</script>'
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = '<a href="javascript:alert(2)">click</a>'
FORMULA = '=HYPERLINK("http://evil.example/","x")'
LONG_WORD = "Antidisestablishment" * 500
HOSTILE_MARKERS = ("<script", "<img", "javascript:alert", "onerror=")

HOSTILE_READOUT = f"""\
Wang Yi Holds Talks with Qureshi {SCRIPT}

On March 22, 2022, State Councilor and Foreign Minister Wang Yi held talks with Foreign Minister \
Qureshi of Pakistan in Islamabad.

Wang Yi said that {SCRIPT} trade between the two countries {IMG} should grow, and that {JS_LINK} \
is the way forward. {LONG_WORD}

Qureshi said that {FORMULA} and "quoted" words & ampersands </textarea></title></style> matter \
for security cooperation.

The two sides agreed to {SCRIPT} strengthen counter-terrorism cooperation {IMG} and {JS_LINK}.

The two sides agreed to +cmd|' /C calc'!A0 meet again -2+3 @SUM(1).
"""


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def unique_readout(n: int, rng: random.Random | None = None) -> str:
    """A small well-formed readout (invented) that differs from every other `n`."""
    rng = rng or random.Random(n)
    month = rng.choice(["March", "April", "May", "June", "July", "August"])
    day = rng.randint(1, 28)
    return (
        f"On {month} {day}, 2021, State Councilor and Foreign Minister Wang Yi held talks with "
        f"Foreign Minister Qureshi of Pakistan in Beijing.\n\n"
        f"Wang Yi said that China values its partnership with Pakistan and the {n} joint "
        f"projects under way.\n\n"
        f"Qureshi said that Pakistan is ready to deepen trade and energy cooperation.\n\n"
        f"The Chinese side is willing to expand imports from Pakistan.\n\n"
        f"The two sides agreed to strengthen security cooperation, round {n}.\n\n"
        f"The two sides agreed to hold the next strategic dialogue in Islamabad.\n"
    )


COUNTERPARTS = [
    ("Shah Mahmood Qureshi", "Pakistan"),
    ("Subrahmanyam Jaishankar", "India"),
    ("Annalena Baerbock", "Germany"),
    ("Catherine Colonna", "France"),
    ("Mauro Vieira", "Brazil"),
    ("Retno Marsudi", "Indonesia"),
    ("Sameh Shoukry", "Egypt"),
    ("Melanie Joly", "Canada"),
    ("Alfred Mutua", "Kenya"),
    ("Marcelo Ebrard", "Mexico"),
]


def varied_readout(n: int) -> str:
    """Like `unique_readout`, with one of ten counterparts, so imports create people as they go."""
    name, country = COUNTERPARTS[n % len(COUNTERPARTS)]
    surname = name.split()[-1]
    return (
        f"On May {n % 28 + 1}, 2023, State Councilor and Foreign Minister Wang Yi held talks with "
        f"Foreign Minister {name} of {country} in Beijing.\n\n"
        f"Wang Yi said that China values its partnership with {country}, and reviewed {n} joint "
        f"projects.\n\n"
        f"{surname} said that {country} is ready to deepen trade and energy cooperation.\n\n"
        f"The two sides agreed to strengthen cooperation in round {n}.\n"
    )


def archive_tables() -> list[str]:
    """Every table of the archive app, history and search tables included."""
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if name.startswith("archive_"))


def snapshot() -> dict[str, list[str]]:
    """A canonical dump of every archive table: each table's rows, each row's values, sorted.

    Two snapshots are equal exactly when the tables hold the same rows with the same values.
    """
    dump: dict[str, list[str]] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in archive_tables():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            dump[table] = sorted(repr(tuple(row)) for row in cursor.fetchall())
    return dump


def diff_snapshots(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    changes = []
    for table in sorted(set(before) | set(after)):
        old, new = set(before.get(table, [])), set(after.get(table, []))
        if old != new:
            changes.append(f"{table}: -{len(old - new)} +{len(new - old)}")
    return changes


def run_import(*args: str) -> tuple[int, str, str]:
    """`import_readouts` in this process: (exit status, stdout, stderr), never raising."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_readouts", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    except CommandError as error:
        err.write(f"CommandError: {error}\n")
        status = error.returncode or 1
    return status, out.getvalue(), err.getvalue()
