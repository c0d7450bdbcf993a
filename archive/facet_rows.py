"""What the meeting list's facets count: the countries, topics, people, kinds and years of a
filtered result, with their names, before any link is added (`archive.facets`).

One GROUP BY query per facet over the filtered meeting ids (on PostgreSQL and SQLite all of them
in one statement), never a query per row. Countries, topics and people are many-valued: each
counts meetings (a meeting with four Chinese participants counts once for China).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, IntegerField, QuerySet, TextField
from django.db.models.functions import Cast, ExtractYear, Substr

from .aggregate_cache import cached_aggregate, cached_only
from .facet_counts import facet_counts
from .models import Country, Meeting, Participant, Person, Topic

FACET_LIMIT = 12


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
