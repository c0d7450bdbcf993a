"""Facet counts for the meeting list: countries, topics, people, kind and year of the filtered result.

One GROUP BY query per facet over the filtered meeting ids, never a query per row. Countries,
topics and people are many-valued: each counts meetings (a meeting with four Chinese participants
counts once for China). Every value carries the address that adds it to the current filters or,
when already chosen, removes it; other parameters are kept and `page` is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from .filters import pair_codes
from .models import Country, Meeting, Participant, Person, Topic

FACET_LIMIT = 12


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
    """The query string with `value` of `name` added, or removed when present; no `page`."""
    params = params.copy()
    params.pop("page", None)
    current = params.getlist(name)
    if value in current:
        params.setlist(name, [v for v in current if v != value])
    elif multiple:
        params.setlist(name, [*current, value])
    else:
        params.setlist(name, [value])
    if name == "country" and value in pair_codes(params.get("pair")):
        # Choosing a country already in the pair again would change nothing; drop the pair.
        params.pop("pair", None)
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


def _top(rows: QuerySet, key: str, limit: int) -> list[tuple]:
    """[(key value, count)] of the `limit` most frequent values; grouping by a bare id column,
    labels are read afterwards for those few."""
    return list(rows.values_list(key).annotate(n=Count("*")).order_by("-n", key)[:limit])


def _in_result(rows: QuerySet, filtered: QuerySet) -> QuerySet:
    # Without any filter, the whole table is the result: no id subquery to join.
    if not filtered.query.where:
        return rows
    return rows.filter(meeting_id__in=filtered.order_by().values("pk"))


def _labelled(top: list[tuple], labels: dict) -> list[tuple[str, str, int]]:
    rows = [(*labels[key], n) for key, n in top if key in labels]
    return sorted(rows, key=lambda row: (-row[2], row[1]))


def meeting_facets(
    filtered: QuerySet, params: QueryDict, limit: int = FACET_LIMIT
) -> dict[str, Facet]:
    """Facets of `filtered` (the meeting list's filtered queryset), keyed by parameter name.

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
    top_countries = _top(
        _in_result(Meeting.countries.through.objects.all(), filtered), "country_id", limit
    )
    top_topics = _top(_in_result(Meeting.topics.through.objects.all(), filtered), "topic_id", limit)
    top_people = _top(
        _in_result(Participant.objects.filter(person__isnull=False), filtered), "person_id", limit
    )
    country_rows = _labelled(
        top_countries,
        {
            code: (code.lower(), name)
            for code, name in Country.objects.filter(
                code__in=[c for c, _ in top_countries]
            ).values_list("code", "name")
        },
    )
    topic_rows = _labelled(
        top_topics,
        {
            pk: (slug, name)
            for pk, slug, name in Topic.objects.filter(
                pk__in=[t for t, _ in top_topics]
            ).values_list("pk", "slug", "name")
        },
    )
    person_rows = _labelled(
        top_people,
        {
            pk: (slug, name)
            for pk, slug, name in Person.objects.filter(
                pk__in=[p for p, _ in top_people]
            ).values_list("pk", "slug", "name")
        },
    )
    kind_labels = dict(Meeting.Kind.choices)
    kind_rows = (
        filtered.order_by().values_list("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    )
    return {
        "country": Facet(
            "country",
            "Countries",
            _values(
                country_rows,
                "country",
                params,
                multiple=True,
                chosen=chosen["country"],
            ),
        ),
        "topic": Facet(
            "topic",
            "Topics",
            _values(topic_rows, "topic", params, multiple=True, chosen=chosen["topic"]),
        ),
        "person": Facet(
            "person",
            "People",
            _values(person_rows, "person", params, multiple=True, chosen=chosen["person"]),
        ),
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
                ((str(year), str(year), n) for year, n in reversed(year_counts(filtered))),
                "year",
                params,
                multiple=False,
                chosen=set(params.getlist("year")[-1:]),
            ),
        ),
    }


def year_counts(filtered: QuerySet) -> list[tuple[int, int]]:
    """[(year, meetings)] of the filtered result, oldest first; undated meetings left out."""
    rows = (
        filtered.order_by()
        .filter(held_on__isnull=False)
        .annotate(year=ExtractYear("held_on"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return [(int(year), n) for year, n in rows]


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
