"""The aggregate queries behind the entity pages, each a fixed number of queries whatever the rows.

Counts are GROUP BY queries over the meeting-country and meeting-topic link tables; lists are
loaded with select_related / prefetch_related, so a page never runs one query per row.
"""

from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connection
from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join

from .. import tally
from ..aggregate_cache import cached_aggregate
from ..facet_rows import year_of
from ..models import AgreedPoint, Country, Meeting, Participant, Person, Statement, Topic
from ..people import name_key
from ..source_text import mark_source_text, spans_for_meeting, usable_spans
from ..tally import ALL_YEARS, UNDATED, Tally
from ..timeline import describe, fill_years, render_timeline_svg, year_links
from .neighbours import neighbours

MeetingCountry = Meeting.countries.through


# What a list of meetings never shows: the long texts, several KB a row.
LONG_TEXT = ("source_text", "statements_text", "agreed_text", "warnings")


def meeting_cards(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What a meeting in a list shows: place, parties and counts, in two queries per page."""
    return queryset.select_related("location_country").prefetch_related(
        Prefetch("countries", queryset=Country.objects.only("code", "name", "slug"))
    )


def meeting_url_prefix() -> str:
    """ "/meetings/" as the URL configuration has it: a meeting's address is this and its slug."""
    return reverse("archive:meeting-detail", args=["-"])[:-2]


# What the relationship page's rows read of a meeting.
CHRONOLOGY_FIELDS = ("id", "slug", "title", "held_on", "date_stated", "kind", "location_city")


def in_date_order(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Oldest first, undated meetings last: the order in which a relationship unfolded."""
    return queryset.order_by(F("held_on").asc(nulls_last=True), "id")


def meetings_per_year(queryset: QuerySet[Meeting]) -> dict[int, int]:
    """{year: meetings}; `queryset` must hold each meeting once (no joins that repeat rows)."""
    rows = (
        queryset.order_by()
        .filter(held_on__isnull=False)
        .annotate(year=year_of("held_on"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return {int(row["year"]): row["n"] for row in rows}


# Joined rather than looked up per row: sorted by count first, PostgreSQL reads the tally's
# (kind, year, meetings) index backwards and stops after `limit` rows.
_BUSIEST_SQL = """
SELECT t.a, ca.name, t.b, cb.name, t.meetings FROM archive_tally t
JOIN archive_country ca ON ca.code = t.a JOIN archive_country cb ON cb.code = t.b
WHERE t.kind = 'p' AND t.year = %s AND t.meetings > 0 AND t.a <> t.b
ORDER BY t.meetings DESC, ca.name, cb.name LIMIT %s
"""


def busiest_pairs(limit: int = 10) -> list[dict]:
    """Country pairs by the number of meetings both took part in, busiest first (from the tally)."""
    with connection.cursor() as cursor:
        cursor.execute(_BUSIEST_SQL, [ALL_YEARS, limit])
        rows = cursor.fetchall()
    return [
        {"a": a, "a_name": a_name, "b": b, "b_name": b_name, "count": n}
        for a, a_name, b, b_name, n in rows
    ]


def relationship_url(a: str, b: str, prefix: str | None = None) -> str:
    """A pair's address; `prefix` (from `relationship_prefix()`) saves resolving it per pair."""
    first, second = sorted([a.lower(), b.lower()])
    if prefix is None:
        return reverse("archive:relationship", kwargs={"a": first, "b": second})
    return f"{prefix}{first}-{second}/"


def relationship_prefix() -> str:
    """ "/relations/" as the URL configuration has it (a pair's address is this, "a-b" and "/")."""
    return reverse("archive:relationship", kwargs={"a": "aa", "b": "bb"})[: -len("aa-bb/")]


def counterparts(code: str) -> list[dict]:
    """The countries `code` met, with how many meetings each, most frequent first."""
    rows = (
        Tally.objects.filter(kind="p", year=ALL_YEARS, meetings__gt=0)
        .filter(Q(a=code) | Q(b=code))
        .exclude(a=F("b"))
        .values_list("a", "b", "meetings")
    )
    counts = {b if a == code else a: n for a, b, n in rows}
    names = dict(Country.objects.filter(code__in=counts).values_list("code", "name"))
    prefix = relationship_prefix()
    others = [
        {
            "code": other,
            "name": names[other],
            "meeting_count": n,
            "relationship_url": relationship_url(code, other, prefix),
        }
        for other, n in counts.items()
        if other in names
    ]
    return sorted(others, key=lambda other: (-other["meeting_count"], other["name"]))


def counterpart_items(others: list[dict]) -> str:
    """The "Met with" list's items: written here rather than by a template loop, which cost
    most of a country page's first rendering (some 190 counterparts for a busy country)."""
    return format_html_join(
        "\n",
        '<li><a href="{}">{}</a> <span class="count">{}<span class="visually-hidden"> '
        "meeting{}</span></span></li>",
        (
            (
                o["relationship_url"],
                o["name"],
                intcomma(o["meeting_count"]),
                pluralize(o["meeting_count"]),
            )
            for o in others
        ),
    )


def country_topics(code: str) -> list[dict]:
    """The topics of `code`'s meetings with how many meetings each, most frequent first."""
    counts = dict(
        Tally.objects.filter(kind="c", a=code, year=ALL_YEARS, meetings__gt=0).values_list(
            "b", "meetings"
        )
    )
    topics = [
        {"slug": slug, "name": name, "meeting_count": counts[str(pk)]}
        for pk, slug, name in Topic.objects.filter(pk__in=[int(t) for t in counts]).values_list(
            "pk", "slug", "name"
        )
    ]
    return sorted(topics, key=lambda topic: (-topic["meeting_count"], topic["name"]))


def yearly(rows) -> dict:
    """{"count": meetings in all years, "agreed": their agreed points, "years": {year: meetings}}
    from tally rows (year, meetings, agreed)."""
    summary = {"count": 0, "agreed": 0, "years": {}}
    for year, meetings, agreed in rows:
        if year == ALL_YEARS:
            summary["count"], summary["agreed"] = meetings, agreed
        elif year != UNDATED and meetings:
            summary["years"][year] = meetings
    summary["years"] = dict(sorted(summary["years"].items()))
    return summary


def _tally_rows(kind: str, a: str, b: str):
    return Tally.objects.filter(kind=kind, a=a, b=b).values_list("year", "meetings", "agreed")


def country_summary(country: Country, state: str | None = None) -> dict:
    """A country page's aggregates (counts, counterparts, topics, years), cached per archive state."""

    def compute() -> dict:
        own = yearly(_tally_rows("p", country.code, country.code))
        others = counterparts(country.code)
        sidebar = {
            "country": country,
            "counterpart_items": counterpart_items(others),
            "topics": country_topics(country.code),
        }
        return {
            "count": own["count"],
            "counterpart_count": len(others),
            "years": own["years"],
            "timeline_html": timeline_html(
                own["years"],
                title=f"Meetings per year involving {country.name_in_text}",
                chart_id="country-timeline",
                year_list=f"?country={country.code.lower()}",
            ),
            "sidebar_html": render_to_string("archive/includes/_country_sidebar.html", sidebar),
        }

    return cached_aggregate(f"country:{country.code}", compute, state)


def pair_summary(codes: list[str], state: str | None = None) -> dict:
    """A relationship page's aggregates (meetings, agreed points, years), cached per archive state."""

    def compute() -> dict:
        first, second = sorted(codes)
        pair = yearly(_tally_rows("p", first, second))
        return {"count": pair["count"], "agreed_total": pair["agreed"], "years": pair["years"]}

    return cached_aggregate("pair:" + "-".join(sorted(codes)), compute, state)


def topic_summary(topic: Topic, state: str | None = None) -> dict:
    """A topic page's meetings in all years and per year, cached per archive state."""

    def compute() -> dict:
        found = yearly(_tally_rows("t", str(topic.pk), ""))
        # Counted on the link table alone: one index entry per agreed point on the topic.
        found["agreed"] = AgreedPoint.topics.through.objects.filter(topic_id=topic.pk).count()
        found["timeline_html"] = timeline_html(
            found["years"],
            title=f"Meetings per year on {topic.name}",
            chart_id="topic-timeline",
            year_list=f"?topic={topic.slug}",
        )
        return found

    return cached_aggregate(f"topic:{topic.pk}", compute, state)


def meeting_counts(kind: str) -> dict[str, int]:
    """{country code or topic id: meetings} for every country ("p") or topic ("t") with any."""
    rows = Tally.objects.filter(kind=kind, year=ALL_YEARS, meetings__gt=0)
    if kind == "p":
        rows = rows.filter(a=F("b"))
    return dict(rows.values_list("a", "meetings"))


@dataclass
class StatementGroup:
    """Consecutive statements of one speaker, of both or all sides (`joint`), or that the readout
    does not attribute, shown under one heading."""

    speaker: Participant | None
    joint: bool = False
    statements: list[Statement] = field(default_factory=list)


def group_statements(statements: list[Statement]) -> list[StatementGroup]:
    groups: list[StatementGroup] = []
    for statement in statements:
        joint = statement.joint and statement.speaker_id is None
        if not groups or _key(groups[-1]) != (statement.speaker_id, joint):
            groups.append(StatementGroup(statement.speaker, joint))
        groups[-1].statements.append(statement)
    return groups


def _key(group: StatementGroup) -> tuple[int | None, bool]:
    return (group.speaker.pk if group.speaker else None, group.joint)


def roles_held(person) -> QuerySet:
    """Each distinct role and country a person held, with the first and last meeting date."""
    return (
        Participant.objects.filter(person=person)
        .values("role", "country__name", "country_id")
        .annotate(
            first_on=Min("meeting__held_on"),
            last_on=Max("meeting__held_on"),
            meeting_count=Count("meeting_id", distinct=True),
        )
        .order_by(F("first_on").asc(nulls_last=True), "role")
    )


def met_most_often(person, limit: int = 20) -> list[dict]:
    """The people `person` met most often (meetings both took part in), with the last date:
    one grouped query."""
    rows = (
        Participant.objects.filter(meeting__participants__person=person, person__isnull=False)
        .exclude(person=person)
        .values("person__name", "person__slug", "country__name")
        .annotate(meeting_count=Count("meeting_id", distinct=True), last_on=Max("meeting__held_on"))
        .order_by("-meeting_count", F("last_on").desc(nulls_last=True), "person__name")
    )
    found: dict[str, dict] = {}
    # Twice the limit read: room for a few people who appear under two countries.
    for row in rows[: limit * 2]:
        # One row per country the other person represented; the first (most meetings) is kept.
        if row["person__slug"] not in found and len(found) < limit:
            found[row["person__slug"]] = row
    return list(found.values())


def agreed_points_of(meetings: QuerySet[Meeting]) -> QuerySet[AgreedPoint]:
    return AgreedPoint.objects.filter(meeting__in=meetings.values("id")).select_related("meeting")


def archive_counts() -> dict[str, int]:
    """What the archive holds, for the home page: the running counts, and the people."""
    return {
        **tally.totals(),
        "countries": len(meeting_counts("p")),
        "people": Person.objects.count(),
    }


def home_summary() -> dict:
    """Counts and busiest pairs for the home page (a few rows of the running counts), cached per
    archive state (see facets)."""
    return cached_aggregate("home", lambda: {"counts": archive_counts(), "pairs": busiest_pairs(8)})


def timeline_html(
    counts: dict,
    *,
    title: str,
    chart_id: str,
    year_list: str = "",
    links: dict[int, str] | None = None,
) -> str:
    """The chart of `counts` with its summary and table, rendered (for caching with the counts).
    With `year_list` (the list's query string for the page's country, pair or topic), each year
    links to that list narrowed to the year; with `links` ({year: address}), to its address."""
    year_url = reverse("archive:meeting-list") + year_list + "&year=" if year_list else ""
    timeline = timeline_context(
        None, counts=counts, title=title, chart_id=chart_id, year_url=year_url, links=links
    )
    return render_to_string("archive/includes/_timeline.html", {"timeline": timeline})


def timeline_context(
    queryset: QuerySet[Meeting] | None,
    *,
    title: str,
    chart_id: str,
    counts: dict | None = None,
    year_url: str = "",
    links: dict[int, str] | None = None,
) -> dict:
    """Everything `includes/_timeline.html` needs: the SVG, its summary and the data as rows
    (year, meetings, address). `counts` ({year: meetings}) when already known, else counted from
    `queryset`; `year_url`, which a year completes, or `links` ({year: address}) link each year
    to its meetings."""
    if counts is None:
        counts = meetings_per_year(queryset)
    links = year_links(counts, year_url) if links is None else links
    return {
        "svg": render_timeline_svg(counts, title=title, chart_id=chart_id, links=links),
        "summary": describe(counts),
        "rows": [(year, count, links.get(year, "")) for year, count in fill_years(counts)],
        "title": title,
        "id": chart_id,
    }


def numbered(items) -> list:
    """Items in reading order, each given the number the page shows: its stored position from 1,
    as the history names it. A curator's deletion leaves a gap rather than renumbering what
    follows, so "statement 3" cited stays statement 3."""
    items = sorted(items, key=lambda item: item.position)
    for item in items:
        item.number = item.position + 1
    return items


MAX_PAIRS_LINKED = 4


def meeting_parts(meeting: Meeting) -> dict:
    """The meeting page's body: statements grouped by speaker, agreed points, marked source text,
    and the previous and next meeting between the same parties. Relations must be prefetched."""
    statements = numbered(meeting.statements.all())
    agreed = numbered(meeting.agreed_points.all())
    spans = spans_for_meeting(statements, agreed)
    # "See in the source" only for passages that could be marked (offsets may be broken).
    marked = {span.anchor for span in usable_spans(spans, len(meeting.source_text))}
    for item in [*statements, *agreed]:
        item.in_source = item.anchor in marked
    parties = sorted(meeting.countries.all(), key=lambda country: country.code)
    previous, following = neighbours(meeting, [country.code for country in parties])
    return {
        "statement_groups": group_statements(statements),
        "agreed_points": agreed,
        "joint_label": "All sides" if len(parties) > 2 else "Both sides",
        "source_html": mark_source_text(meeting.source_text, spans),
        "pair": parties if len(parties) == 2 else None,
        # A meeting of three or four parties links to each pair's relationship; more would be a
        # list longer than the page's sidebar.
        "pairs": list(combinations(parties, 2)) if 2 < len(parties) <= MAX_PAIRS_LINKED else [],
        "previous_meeting": previous,
        "next_meeting": following,
    }


class PersonRow(NamedTuple):
    # A tuple: the index of thousands of people is cached whole and read back on each search,
    # and tuples unpickle in half the time of dataclasses.
    name: str
    slug: str
    country: str
    country_name: str
    meetings: int
    # Every name the person is known by, spelling-insensitive (`people.name_key`), for finding.
    key: str


def people_index() -> list[PersonRow]:
    """Everyone who took part in a meeting, most meetings first, then by name, cached per
    archive state by the caller. The meetings are counted on the participants' person index
    alone and the people read apart: grouped with the people's names and aliases, every
    participation's row was sorted with them."""
    names = dict(Country.objects.values_list("code", "name"))
    meetings = dict(
        Participant.objects.filter(person__isnull=False)
        .values_list("person_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    people = [
        PersonRow(
            name,
            slug,
            code or "",
            names.get(code, ""),
            meetings[pk],
            " | ".join(name_key(form) for form in [name, *(aliases or [])]),
        )
        for pk, name, slug, code, aliases in Person.objects.values_list(
            "pk", "name", "slug", "country_id", "aliases"
        )
        if pk in meetings
    ]
    people.sort(key=lambda row: (-row.meetings, name_key(row.name), row.slug))
    return people


def find_people(
    people: list[PersonRow], query: str, country: str, by_name: bool
) -> list[PersonRow]:
    """The people whose names hold every word of `query` (any case or accents), of `country`."""
    words = name_key(query).split()
    found = [
        row
        for row in people
        if (not country or row.country == country) and all(word in row.key for word in words)
    ]
    if by_name:
        # Alphabetical as a reader expects: "Íñigo" with the i's, "Þórunn" as "Thorunn".
        found.sort(key=lambda row: (name_key(row.name), row.slug))
    return found
