"""The aggregate queries behind the entity pages, each a fixed number of queries whatever the rows.

Counts are GROUP BY queries over the meeting-country and meeting-topic link tables; lists are
loaded with select_related / prefetch_related, so a page never runs one query per row.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse

from ..facets import cached_aggregate, year_of
from ..models import AgreedPoint, Country, Meeting, Participant, Statement, Topic
from ..source_text import mark_source_text, spans_for_meeting, usable_spans
from ..timeline import describe, fill_years, render_timeline_svg

MeetingCountry = Meeting.countries.through
# The busiest pairs take seconds at 100,000 readouts; any new meeting changes the key anyway.
HOME_CACHE_SECONDS = 600


# What a list of meetings never shows: the long texts, several KB a row.
LONG_TEXT = ("source_text", "statements_text", "agreed_text", "warnings")


def meeting_cards(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """What a meeting in a list shows: place, parties and counts, in two queries per page."""
    return queryset.select_related("location_country").prefetch_related(
        Prefetch("countries", queryset=Country.objects.only("code", "name", "slug"))
    )


def with_other_parties(meetings: QuerySet[Meeting], codes: list[str]) -> list[Meeting]:
    """The meetings, each with `other_parties`: who else took part besides `codes`."""
    meetings = list(meetings)
    for meeting in meetings:
        meeting.other_parties = [c for c in meeting.countries.all() if c.code not in codes]
    return meetings


def in_date_order(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Oldest first, undated meetings last: the order in which a relationship unfolded."""
    return queryset.order_by(F("held_on").asc(nulls_last=True), "id")


def meetings_with_all(codes: list[str]) -> QuerySet[Meeting]:
    """Meetings in which every one of `codes` took part (others may have taken part too).

    One EXISTS per code, each an index lookup on the link table, rather than grouping the links
    of every meeting of either country."""
    if not codes:
        return Meeting.objects.none()
    meetings = Meeting.objects.all()
    for code in sorted(set(codes)):
        meetings = meetings.filter(
            Exists(MeetingCountry.objects.filter(meeting_id=OuterRef("pk"), country_id=code))
        )
    return meetings


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


def busiest_pairs(limit: int = 10) -> list[dict]:
    """Country pairs by the number of meetings both took part in, busiest first."""
    rows = (
        MeetingCountry.objects.filter(meeting__countries__code__gt=F("country_id"))
        .values("country_id", "country__name", "meeting__countries__code")
        .annotate(other_name=F("meeting__countries__name"), n=Count("meeting_id", distinct=True))
        .order_by("-n", "country__name", "other_name")[:limit]
    )
    return [
        {
            "a": row["country_id"],
            "a_name": row["country__name"],
            "b": row["meeting__countries__code"],
            "b_name": row["other_name"],
            "count": row["n"],
        }
        for row in rows
    ]


def relationship_url(a: str, b: str) -> str:
    first, second = sorted([a.lower(), b.lower()])
    return reverse("archive:relationship", kwargs={"a": first, "b": second})


def counterparts(country: Country) -> list[dict]:
    """The countries `country` met, with how many meetings each, most frequent first.

    Counted on the link table alone (one row per meeting and country), names added afterwards."""
    own = MeetingCountry.objects.filter(country_id=country.code).values("meeting_id")
    counts = dict(
        MeetingCountry.objects.filter(meeting_id__in=own)
        .exclude(country_id=country.code)
        .values_list("country_id")
        .annotate(n=Count("*"))
    )
    names = dict(Country.objects.filter(code__in=counts).values_list("code", "name"))
    others = [
        {
            "code": code,
            "name": names[code],
            "meeting_count": n,
            "relationship_url": relationship_url(country.code, code),
        }
        for code, n in counts.items()
        if code in names
    ]
    return sorted(others, key=lambda other: (-other["meeting_count"], other["name"]))


def country_topics(country: Country) -> list[dict]:
    """The topics of `country`'s meetings with how many meetings each, most frequent first."""
    own = MeetingCountry.objects.filter(country_id=country.code).values("meeting_id")
    counts = dict(
        Meeting.topics.through.objects.filter(meeting_id__in=own)
        .values_list("topic_id")
        .annotate(n=Count("*"))
    )
    topics = [
        {"slug": slug, "name": name, "meeting_count": counts[pk]}
        for pk, slug, name in Topic.objects.filter(pk__in=counts).values_list("pk", "slug", "name")
    ]
    return sorted(topics, key=lambda topic: (-topic["meeting_count"], topic["name"]))


def country_summary(country: Country) -> dict:
    """A country page's aggregates (counts, counterparts, topics, years), cached per archive state."""

    def compute() -> dict:
        return {
            "count": country.meetings.count(),
            "counterparts": counterparts(country),
            "topics": country_topics(country),
            "years": meetings_per_year(country.meetings.all()),
        }

    return cached_aggregate(f"country:{country.code}", compute)


def pair_summary(codes: list[str]) -> dict:
    """A relationship page's aggregates (meetings, agreed points, years), cached per archive state."""

    def compute() -> dict:
        meetings = meetings_with_all(codes)
        return {
            "count": meetings.count(),
            "agreed_total": agreed_points_of(meetings).count(),
            "years": meetings_per_year(meetings),
        }

    return cached_aggregate("pair:" + "-".join(sorted(codes)), compute)


@dataclass
class StatementGroup:
    """Consecutive statements of one speaker (or of both/all sides) shown under one heading."""

    speaker: Participant | None
    statements: list[Statement] = field(default_factory=list)


def group_statements(statements: list[Statement]) -> list[StatementGroup]:
    groups: list[StatementGroup] = []
    for statement in statements:
        if not groups or _speaker_id(groups[-1]) != statement.speaker_id:
            groups.append(StatementGroup(statement.speaker))
        groups[-1].statements.append(statement)
    return groups


def _speaker_id(group: StatementGroup) -> int | None:
    return group.speaker.pk if group.speaker else None


def neighbours(meeting: Meeting, codes: list[str]) -> tuple[Meeting | None, Meeting | None]:
    """The previous and next dated meetings in which all of `codes` took part."""
    if meeting.held_on is None or not codes:
        return None, None
    same = meetings_with_all(codes).exclude(pk=meeting.pk).filter(held_on__isnull=False)
    before = Q(held_on__lt=meeting.held_on) | Q(held_on=meeting.held_on, id__lt=meeting.pk)
    after = Q(held_on__gt=meeting.held_on) | Q(held_on=meeting.held_on, id__gt=meeting.pk)
    previous = same.filter(before).order_by("-held_on", "-id").first()
    following = same.filter(after).order_by("held_on", "id").first()
    return previous, following


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


def agreed_points_of(meetings: QuerySet[Meeting]) -> QuerySet[AgreedPoint]:
    return AgreedPoint.objects.filter(meeting__in=meetings.values("id")).select_related("meeting")


def archive_counts() -> dict[str, int]:
    """What the archive holds, for the home page: one COUNT per kind of record."""
    return {
        "meetings": Meeting.objects.count(),
        "statements": Statement.objects.count(),
        "agreed_points": AgreedPoint.objects.count(),
        # Distinct ids straight from the link tables: no join to the countries or people.
        "countries": MeetingCountry.objects.values("country_id").distinct().count(),
        "people": Participant.objects.filter(person__isnull=False)
        .values("person_id")
        .distinct()
        .count(),
    }


def home_summary() -> dict:
    """Counts and busiest pairs for the home page, cached per archive state (see facets).

    Both scan whole tables, which is slow on a large archive and the same for every visitor."""
    return cached_aggregate(
        "home",
        lambda: {"counts": archive_counts(), "pairs": busiest_pairs(8)},
        seconds=HOME_CACHE_SECONDS,
    )


def timeline_context(
    queryset: QuerySet[Meeting] | None, *, title: str, chart_id: str, counts: dict | None = None
) -> dict:
    """Everything `includes/_timeline.html` needs: the SVG, its summary and the data as rows.
    `counts` ({year: meetings}) when already known, else counted from `queryset`."""
    if counts is None:
        counts = meetings_per_year(queryset)
    return {
        "svg": render_timeline_svg(counts, title=title, chart_id=chart_id),
        "summary": describe(counts),
        "rows": fill_years(counts),
        "title": title,
        "id": chart_id,
    }


def numbered(items) -> list:
    """Items in reading order, each given the number the page shows (1, 2, 3 ...)."""
    items = sorted(items, key=lambda item: item.position)
    for number, item in enumerate(items, start=1):
        item.number = number
    return items


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
        "previous_meeting": previous,
        "next_meeting": following,
    }
