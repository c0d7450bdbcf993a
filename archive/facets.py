"""Facet counts for the meeting list: countries, topics, people, kind and year of the filtered result.

One GROUP BY query per facet over the filtered meeting ids, never a query per row. Countries,
topics and people are many-valued: each counts meetings (a meeting with four Chinese participants
counts once for China). Every value carries the address that adds it to the current filters or,
when already chosen, removes it; other parameters are kept and `page` is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, IntegerField, QuerySet, TextField
from django.db.models.functions import Cast, ExtractYear, Substr
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict

from .facet_counts import facet_counts
from .filter_fields import pair_codes
from .models import AgreedPoint, Country, Meeting, Participant, Person, Statement, Topic

FACET_LIMIT = 12

# Aggregates over whole tables (the unfiltered list's facets, a country's counterparts, a pair's
# timeline) are the same for every visitor until the archive changes, and cost tens of
# milliseconds each at 100,000 readouts. They are cached under a key holding the archive's state:
# the newest meeting's id and last change (an index lookup, unlike COUNT or MAX(updated_at) over the
# table, which take hundreds of milliseconds there) and a version bumped by every save or delete
# in this process. Bulk writes that bypass signals and add no meeting (a re-import editing existing
# ones) show after AGGREGATE_CACHE_SECONDS at the latest.
AGGREGATE_CACHE_SECONDS = 120
_VERSION_KEY = "archive:aggregates:version"


def archive_state() -> str:
    """A short key that changes whenever a meeting is added, and on every save or delete."""
    # Written out: the ORM's compilation of this one-row query cost more than running it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, updated_at FROM archive_meeting ORDER BY id DESC LIMIT 1")
        newest = cursor.fetchone()
    version = cache.get(_VERSION_KEY, 0)
    if newest is None:
        return f"{version}:-"
    changed = str(newest[1]).replace(" ", "T") if newest[1] else "-"  # no spaces in cache keys
    return f"{version}:{newest[0]}:{changed}"


def request_state(request) -> str:
    """`archive_state()`, read once per request however many aggregates the page shows."""
    state = getattr(request, "_archive_state", None)
    if state is None:
        state = archive_state()
        if request is not None:
            request._archive_state = state
    return state


def cached_aggregate(
    name: str,
    compute: Callable[[], Any],
    state: str | None = None,
    seconds: int = AGGREGATE_CACHE_SECONDS,
) -> Any:
    """`compute()`, cached per archive state for `seconds` at most."""
    key = f"archive:aggregate:{state or archive_state()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_only(name: str, state: str) -> Any:
    """What `cached_aggregate(name, ...)` holds for `state`, or None when it is not cached: for
    a page that uses an aggregate only when another page has paid for it."""
    return cache.get(f"archive:aggregate:{state}:{name}")


def _bump_version() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 1, None)


def _archive_changed(**kwargs) -> None:
    # Again once the change is committed: a page read between the save and the commit (an admin
    # form saves its inlines in one transaction) must not stay cached under the new state.
    _bump_version()
    transaction.on_commit(_bump_version)


for _model in (Meeting, Participant, Statement, AgreedPoint, Country, Topic, Person):
    post_save.connect(_archive_changed, sender=_model, dispatch_uid=f"aggregates-save-{_model}")
    post_delete.connect(_archive_changed, sender=_model, dispatch_uid=f"aggregates-del-{_model}")
for _through in (Meeting.countries.through, Meeting.topics.through):
    m2m_changed.connect(
        _archive_changed, sender=_through, dispatch_uid=f"aggregates-m2m-{_through}"
    )


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


def facet_rows(
    filtered: QuerySet,
    limit: int = FACET_LIMIT,
    *,
    state: str | None = None,
    tallied: tuple[Sequence[str], Sequence[int], int | None] | None = None,
) -> dict[str, list[tuple]]:
    """The counted values of each facet, before links are added; cached for the unfiltered list,
    read from the running counts where they hold them (`tallied`)."""
    whole = not filtered.query.where

    def counted() -> dict[str, list[tuple]]:
        held = facet_counts(*tallied, limit) if tallied is not None else {}
        count = _facet_rows if whole else _facet_rows_of_result
        return _with_held(count(filtered, limit, set(held)), held)

    return cached_aggregate(f"facets:{limit}", counted, state) if whole else counted()


def _with_held(
    rows: dict[str, list[tuple]], held: dict[str, list[tuple]]
) -> dict[str, list[tuple]]:
    """The counted facets `rows`, with those the running counts hold (`held`) labelled in."""
    if "country" in held:
        rows["country"] = _country_rows(held["country"])
    if "topic" in held:
        rows["topic"] = _topic_rows(held["topic"])
    if "year" in held:
        rows["year"] = held["year"]
    return rows


def archive_years(state: str) -> list[tuple[int, int]] | None:
    """[(year, meetings)] of the whole archive from the unfiltered list's cached facets, or None
    when they are not cached (counting them groups every meeting)."""
    rows = cached_only(f"facets:{FACET_LIMIT + 1}", state)
    return None if rows is None else rows["year"]


# Every facet of a filtered result in one statement: the result's ids (a search, filters) are
# computed once into a materialised CTE rather than once per facet. Each many-valued facet groups
# bare ids and joins the labels of its few top values only (joining every link row to its label
# before grouping took 40% longer for China's 42,000 meetings at 100,000 readouts). The result is
# joined, not tested with IN: its ids are a meeting queryset's, each once, and PostgreSQL, which
# guesses 200 rows for an IN over a CTE, looked its 42,000 meetings up one by one. CROSS JOIN
# keeps SQLite reading the result first and each meeting's rows by index, as it did for the IN
# (a plain join let it scan whole link tables for a country of 331 meetings); PostgreSQL plans
# it as any join.
_FACETS_WITH = "WITH result(id) AS MATERIALIZED ({ids})\n"
_FACET_SQL = {
    "country": """
  SELECT 'country', lower(c.code), c.name, g.n FROM (
    SELECT f.country_id, COUNT(*) AS n
    FROM result r CROSS JOIN archive_meeting_countries f WHERE f.meeting_id = r.id
    GROUP BY f.country_id ORDER BY n DESC, f.country_id LIMIT {limit}
  ) AS g JOIN archive_country c ON c.code = g.country_id""",
    "topic": """
  SELECT 'topic', t.slug, t.name, g.n FROM (
    SELECT f.topic_id, COUNT(*) AS n
    FROM result r CROSS JOIN archive_meeting_topics f WHERE f.meeting_id = r.id
    GROUP BY f.topic_id ORDER BY n DESC, f.topic_id LIMIT {limit}
  ) AS g JOIN archive_topic t ON t.id = g.topic_id""",
    "person": """
  SELECT 'person', p.slug, p.name, g.n FROM (
    SELECT f.person_id, COUNT(*) AS n
    FROM result r CROSS JOIN archive_participant f
    WHERE f.meeting_id = r.id AND f.person_id IS NOT NULL
    GROUP BY f.person_id ORDER BY n DESC, f.person_id LIMIT {limit}
  ) AS g JOIN archive_person p ON p.id = g.person_id""",
    "kind": """
  SELECT 'kind', m.kind, m.kind, COUNT(*) AS n
  FROM result r CROSS JOIN archive_meeting m WHERE m.id = r.id
  GROUP BY m.kind""",
    "year": """
  SELECT 'year', {year}, '', COUNT(*) AS n
  FROM result r CROSS JOIN archive_meeting m WHERE m.id = r.id AND m.held_on IS NOT NULL
  GROUP BY {year}""",
}
_YEAR_SQL = {
    "postgresql": "CAST(EXTRACT(YEAR FROM m.held_on) AS integer)::text",
    "sqlite": "CAST(CAST(substr(m.held_on, 1, 4) AS integer) AS text)",
}


def _facets_sql(ids: str, limit: int, year: str, skip: set[str]) -> str:
    parts = [
        f"SELECT * FROM ({sql}\n) AS {name}_facet"  # noqa: S608 - fixed parts of this module
        for name, sql in _FACET_SQL.items()
        if name not in skip
    ]
    return (_FACETS_WITH + "\nUNION ALL ".join(parts)).format(ids=ids, limit=int(limit), year=year)


def _facet_rows_of_result(
    filtered: QuerySet, limit: int, skip: set[str] = frozenset()
) -> dict[str, list[tuple]]:
    """Each facet of `filtered` but those in `skip` (which stay empty), in one statement."""
    year = _YEAR_SQL.get(connection.vendor)
    if year is None:
        return _facet_rows(filtered, limit, skip)
    found: dict[str, list[tuple]] = {name: [] for name in ("country", "topic", "person")}
    try:
        ids_sql, params = filtered.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # nothing to count (a search without matches)
        return {**found, "kind": [], "year": []}
    kinds, years = [], []
    with connection.cursor() as cursor:
        cursor.execute(_facets_sql(ids_sql, limit, year, skip), params)
        for facet, value, label, n in cursor.fetchall():
            if facet == "kind":
                kinds.append((value, n))
            elif facet == "year":
                years.append((int(value), n))
            else:
                found[facet].append((value, label, n))
    rows = {
        name: sorted(values, key=lambda row: (-row[2], row[1])) for name, values in found.items()
    }
    rows["kind"] = sorted(kinds, key=lambda row: (-row[1], row[0]))
    rows["year"] = sorted(years)
    return rows


def _country_rows(top: list[tuple[str, int]]) -> list[tuple[str, str, int]]:
    """[(code, meetings)] labelled: [(code in small letters, name, meetings)]."""
    names = Country.objects.filter(code__in=[code for code, _ in top]).values_list("code", "name")
    return _labelled(top, {code: (code.lower(), name) for code, name in names})


def _topic_rows(top: list[tuple[int, int]]) -> list[tuple[str, str, int]]:
    """[(topic id, meetings)] labelled: [(slug, name, meetings)]."""
    labels = Topic.objects.filter(pk__in=[pk for pk, _ in top]).values_list("pk", "slug", "name")
    return _labelled(top, {pk: (slug, name) for pk, slug, name in labels})


def _facet_rows(
    filtered: QuerySet, limit: int, skip: set[str] = frozenset()
) -> dict[str, list[tuple]]:
    """Each facet of `filtered` but the countries or topics in `skip` (left empty), a query each."""
    top_countries = (
        []
        if "country" in skip
        else _top(
            _in_result(Meeting.countries.through.objects.all(), filtered), "country_id", limit
        )
    )
    top_topics = (
        []
        if "topic" in skip
        else _top(_in_result(Meeting.topics.through.objects.all(), filtered), "topic_id", limit)
    )
    top_people = _top(
        _in_result(Participant.objects.filter(person__isnull=False), filtered), "person_id", limit
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
    kind_rows = list(
        filtered.order_by().values_list("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    )
    return {
        "country": _country_rows(top_countries),
        "topic": _topic_rows(top_topics),
        "person": person_rows,
        "kind": kind_rows,
        "year": year_counts(filtered),
    }


def year_of(field: str):
    """The year of a date column, for grouping. SQLite stores dates as ISO text, and Django's
    ExtractYear there calls a Python function per row; the first four characters are the year."""
    if connection.vendor == "sqlite":
        return Cast(Substr(Cast(field, TextField()), 1, 4), IntegerField())
    return ExtractYear(field)


def year_counts(filtered: QuerySet) -> list[tuple[int, int]]:
    """[(year, meetings)] of the filtered result, oldest first; undated meetings left out."""
    rows = (
        filtered.order_by()
        .filter(held_on__isnull=False)
        .annotate(year=year_of("held_on"))
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
