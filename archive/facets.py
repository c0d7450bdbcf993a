"""The meeting list's facets: countries, topics, people, kind and year of the filtered result.

The counting is `archive.facet_rows`'s. Every value carries the address that adds it to the
current filters or, when already chosen, removes it; other parameters are kept and `page` is
dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import QueryDict

from .facet_rows import FACET_LIMIT, facet_rows
from .filter_fields import pair_codes
from .models import Meeting


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: tuple[FacetValue, ...]
    # More values than are shown: the facet shows those of most meetings.
    more: bool = False


@dataclass(frozen=True)
class YearBar:
    year: int
    count: int
    selected: bool
    url: str
    x: float
    width: float
    height: float
    y: float


def toggle_url(params: QueryDict, name: str, value: str, *, multiple: bool) -> str:
    """The query string with `value` of `name` added, or removed when present (a country of the
    pair too, the other one staying chosen); no `page`."""
    params = params.copy()
    params.pop("page", None)
    current = params.getlist(name)
    pair = pair_codes(params.get("pair")) if name == "country" else []
    if value in pair:
        # A country of the pair is chosen through it: taking it off keeps the other country.
        params.pop("pair")
        others = [v for v in current if v != value]
        params.setlist(name, [*others, *(c for c in pair if c != value and c not in others)])
    elif value in current:
        params.setlist(name, [v for v in current if v != value])
    elif multiple:
        params.setlist(name, [*current, value])
    else:
        params.setlist(name, [value])
    query = params.urlencode()
    return f"?{query}" if query else "?"


def _values(rows, name: str, params: QueryDict, *, multiple: bool, chosen: set[str]):
    return tuple(
        FacetValue(
            value=value,
            label=label,
            count=count,
            selected=value in chosen,
            url=toggle_url(params, name, value, multiple=multiple),
        )
        for value, label, count in rows
    )


def meeting_facets(
    filtered: QuerySet,
    params: QueryDict,
    limit: int = FACET_LIMIT,
    *,
    state: str | None = None,
    tallied: tuple[Sequence[str], Sequence[int], int | None] | None = None,
) -> dict[str, Facet]:
    """Facets of `filtered` (the meeting list's filtered queryset), keyed by parameter name.
    `tallied`: the list's countries, topics and year when it is filtered by those only, whose
    facets the running counts may hold (`archive.facet_counts`).

    Participants are unique per meeting and person, and link rows per meeting and country or
    topic, so counting rows counts meetings.
    """
    chosen = {
        "country": {v.lower() for v in params.getlist("country")}
        | set(pair_codes(params.get("pair"))),
        "topic": set(params.getlist("topic")),
        "person": set(params.getlist("person")),
        "kind": set(params.getlist("kind")[-1:]),
    }
    # One value more than is shown tells whether there are more.
    rows = facet_rows(filtered, limit + 1, state=state, tallied=tallied)
    kind_labels = dict(Meeting.Kind.choices)
    kind_rows = rows["kind"]

    def linked(name: str, label: str) -> Facet:
        values = _values(rows[name][:limit], name, params, multiple=True, chosen=chosen[name])
        return Facet(name, label, values, more=len(rows[name]) > limit)

    return {
        "country": linked("country", "Countries"),
        "topic": linked("topic", "Topics"),
        "person": linked("person", "People"),
        "kind": Facet(
            "kind",
            "Kind",
            _values(
                ((kind, kind_labels.get(kind, kind), n) for kind, n in kind_rows),
                "kind",
                params,
                multiple=False,
                chosen=chosen["kind"],
            ),
        ),
        "year": Facet(
            "year",
            "Year",
            _values(
                ((str(year), str(year), n) for year, n in reversed(rows["year"])),
                "year",
                params,
                multiple=False,
                chosen=set(params.getlist("year")[-1:]),
            ),
        ),
    }


def year_histogram(facet: Facet) -> list[YearBar]:
    """Bars for the year facet, in percentages of a 100 x 100 drawing, oldest year first.

    Years without meetings between the first and the last keep an empty slot, so the drawing is
    a time axis.
    """
    by_year = {int(v.value): v for v in facet.values}
    if not by_year:
        return []
    first, last = min(by_year), max(by_year)
    years = list(range(first, last + 1)) if last - first < 200 else sorted(by_year)
    peak = max(v.count for v in by_year.values())
    slot = 100 / len(years)
    bars = []
    for i, year in enumerate(years):
        value = by_year.get(year)
        height = round(100 * value.count / peak, 2) if value else 0.0
        bars.append(
            YearBar(
                year=year,
                count=value.count if value else 0,
                selected=bool(value and value.selected),
                url=value.url if value else "",
                x=round(i * slot + slot * 0.1, 3),
                width=round(slot * 0.8, 3),
                height=height,
                y=round(100 - height, 2),
            )
        )
    return bars
