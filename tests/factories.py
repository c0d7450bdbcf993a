"""Readouts written for the search, list and export tests (invented content), imported through the
real importer so that the search columns and indexes are filled the way production fills them.

`import_search_corpus()` stores the seed (the Islamabad talks) and five short readouts whose words
are chosen for the query-language table in test_search.py.
"""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

from archive.importer import import_readout
from archive.models import Meeting

SEED = (
    Path(__file__).resolve().parent.parent
    / "seeds"
    / "2022-03-21-china-mfa-wang-yi-qureshi-islamabad.txt"
)

# key -> readout text. Each is marked as written for tests by its invented content only (the
# archive stores source text verbatim, so no marker is added inside it).
READOUTS = {
    "corridor": """\
On January 10, 2023, Foreign Minister Li Ming held talks with Foreign Minister Ahmed Karimov of \
Uzbekistan in Beijing.

Li Ming said that the transport corridor through Central Asia serves both peoples, and that \
economic ties have grown steadily.

The two sides agreed to study a new railway corridor and hold talks on customs next year.
""",
    "ukraine": """\
On February 14, 2023, Foreign Minister Li Ming held telephone talks with Foreign Minister \
Sergei Volkov of Russia.

Sergei Volkov briefed Li Ming on the situation in Ukraine.

Li Ming said that dialogue and negotiation are the only way out of the Ukraine crisis.

The two sides agreed to keep in close touch.
""",
    "climate": """\
On March 20, 2023, Foreign Minister Li Ming met with Foreign Minister Claire Dubois of France in \
Paris.

Claire Dubois said that climate financing must reach the poorest countries, and that terrorist \
financing networks must be cut off.

The two sides agreed to cooperate on climate adaptation.
""",
    "trade": """\
On April 5, 2023, Foreign Minister Li Ming held talks with Foreign Minister Kenji Sato of Japan in \
Tokyo.

Kenji Sato said that export controls on semiconductor chips worry Japanese companies.

Li Ming said that tariffs harm both economies.

The two sides agreed to resume the trade dialogue.
""",
    "formula": """\
On May 9, 2023, Foreign Minister Li Ming held talks with Foreign Minister Ana Costa of Brazil in \
Brasilia.

Ana Costa said that =SUM(A1:A9) is not a policy, and that +1 votes and -1 votes and @mentions do \
not make diplomacy.

The two sides agreed to expand cooperation on soybeans.
""",
}


def import_seed() -> Meeting:
    return import_readout(
        SEED.read_text(encoding="utf-8"), source_name=SEED.name, publisher="cn-mfa"
    ).meeting


def import_search_corpus() -> dict[str, Meeting]:
    """The seed ("seed") and the five readouts above, keyed by name."""
    meetings = {"seed": import_seed()}
    for key, text in READOUTS.items():
        meetings[key] = import_readout(text, source_name=f"{key}.txt", publisher="cn-mfa").meeting
    return meetings


_serial = itertools.count(1)


def import_many(count: int, *, start: datetime.date = datetime.date(2015, 1, 1)) -> list[Meeting]:
    """`count` distinct small readouts (China and Pakistan, one a month), through the importer."""
    meetings = []
    for i in range(count):
        n = next(_serial)
        day = start + datetime.timedelta(days=31 * i)
        text = (
            f"On {day:%B} {day.day}, {day.year}, Foreign Minister Li Ming held talks with Foreign "
            f"Minister Ahmed Khan of Pakistan in Beijing.\n\n"
            f"Ahmed Khan said that the partnership is strong, number {n}.\n\n"
            f"The two sides agreed to meet again, meeting {n}.\n"
        )
        meetings.append(
            import_readout(text, source_name=f"many-{n}.txt", publisher="cn-mfa").meeting
        )
    return meetings
