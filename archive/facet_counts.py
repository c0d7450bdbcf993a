"""Facets read from the running counts (`archive.tally`) instead of counted over a list's
meetings: the countries, topics and years of a list filtered by one country, a pair of countries
or one topic, and a year, and the countries and topics of the whole archive or of a year.

At 100,000 readouts a list of China's meetings groups the links of 42,000 meetings for its
facets on a first visit; the running counts hold the same numbers in a few hundred rows. Each
facet here is what `archive.facet_rows` counts for the same list, value for value and in the same
order; a facet the running counts do not keep for a list (people and kinds always, the countries
of a pair, the topics of a year, anything of a country and a topic together) is left to it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import F, Q

from .tally import ALL_YEARS, Tally


def facet_counts(
    codes: Sequence[str], topic_ids: Sequence[int], year: int | None, limit: int
) -> dict[str, list[tuple[int | str, int]]]:
    """The facets the running counts hold for the meetings of all the countries `codes`
    (capitals) and topics `topic_ids` held in `year` (None: any), unlabelled: "country" as
    [(code, meetings)] and "topic" as [(id, meetings)] of the `limit` values of most meetings,
    ties broken by code or id as the facets' SQL breaks them, and "year" as [(year, meetings)],
    oldest first. The facets they do not hold are left out."""
    codes, topics = sorted(set(codes)), sorted(set(topic_ids))
    in_year = ALL_YEARS if year is None else year
    found: dict[str, list[tuple[int | str, int]]] = {}
    if len(codes) == 1 and not topics:
        (code,) = codes
        partners = _rows(Q(kind="p", year=in_year) & (Q(a=code) | Q(b=code)))
        found["country"] = _most([(b if a == code else a, n) for a, b, n in partners], limit)
        if year is None:
            # Topic ids are kept as text: "10" sorts after "9" only as numbers.
            on_topics = [(int(b), n) for _a, b, n in _rows(Q(kind="c", a=code))]
            found["topic"] = _most(on_topics, limit)
    elif len(topics) == 1 and not codes and year is None:
        found["country"] = _most(
            [(a, n) for a, _b, n in _rows(Q(kind="c", b=str(topics[0])))], limit
        )
    elif not codes and not topics:
        # The whole archive, or a year of it: each country's and each topic's own count.
        found["country"] = _most(
            [(a, n) for a, _b, n in _rows(Q(kind="p", year=in_year, b=F("a")))], limit
        )
        found["topic"] = _most(
            [(int(a), n) for a, _b, n in _rows(Q(kind="t", year=in_year, b=""))], limit
        )
    if 1 <= len(codes) <= 2 and not topics:
        found["year"] = _years(Q(kind="p", a=codes[0], b=codes[-1]), year)
    elif len(topics) == 1 and not codes:
        found["year"] = _years(Q(kind="t", a=str(topics[0]), b=""), year)
    return found


def _rows(where: Q) -> list[tuple[str, str, int]]:
    # Counts that fell to zero stay in the table (`archive.tally`); they count nothing.
    return list(Tally.objects.filter(where, meetings__gt=0).values_list("a", "b", "meetings"))


def _most(counts: list[tuple], limit: int) -> list[tuple]:
    return sorted(counts, key=lambda row: (-row[1], row[0]))[:limit]


def _years(where: Q, year: int | None) -> list[tuple[int, int]]:
    """[(year, meetings)] of dated meetings, oldest first; only `year` when one is chosen."""
    rows = Tally.objects.filter(where, meetings__gt=0, year__gt=0)
    if year is not None:
        rows = rows.filter(year=year)
    return sorted(rows.values_list("year", "meetings"))
