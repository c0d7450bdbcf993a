"""A relationship's chronology: its meetings grouped by year, each with who else took part, what
each side said and what was agreed, read in a few queries of bare values for a page of meetings;
and the topics of a relationship, by which its chronology narrows."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet

from ..aggregate_cache import cached_aggregate, request_state
from ..facet_rows import year_of
from ..filter_choices import topic_choices, topic_ids
from ..models import AgreedPoint, Meeting, Statement, Topic
from .page_data import MeetingCountry, meeting_url_prefix

MeetingTopic = Meeting.topics.through


def chronology(meetings: list[Meeting], codes: list[str]) -> list[Meeting]:
    """The relationship page's rows: each meeting given `url`, `other_parties` (names of who else
    took part besides `codes`), `points` ((anchor, number, text) of what was agreed) and `said`
    ((who, [(anchor, number, text)]) of what was said), in three queries of bare values rather
    than model rows."""
    ids = [meeting.pk for meeting in meetings]
    others: dict[int, list[str]] = {pk: [] for pk in ids}
    for pk, name in (
        MeetingCountry.objects.filter(meeting_id__in=ids)
        .exclude(country_id__in=codes)
        .order_by("country__name")
        .values_list("meeting_id", "country__name")
    ):
        others[pk].append(name)
    points: dict[int, list[tuple[str, int, str]]] = {pk: [] for pk in ids}
    for pk, position, text in (
        AgreedPoint.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "position")
        .values_list("meeting_id", "position", "text")
    ):
        points[pk].append((f"a{position}", position + 1, text))
    said = statements_by_speaker(ids, codes)
    prefix = meeting_url_prefix()
    for meeting in meetings:
        meeting.url = f"{prefix}{meeting.slug}/"
        meeting.other_parties = others[meeting.pk]
        meeting.points = points[meeting.pk]
        joint = "All sides" if meeting.other_parties else "Both sides"
        meeting.said = [(who or joint, entries) for who, entries in said[meeting.pk]]
        meeting.said_count = sum(len(entries) for _, entries in said[meeting.pk])
    return meetings


def statements_by_speaker(
    ids: list[int], codes: list[str]
) -> dict[int, list[tuple[str | None, list]]]:
    """{meeting id: [(who, [(anchor, number, text)])]}: what was said at each meeting, by speaker
    (`who` None for the statements of all sides together),
    the speakers of `codes` first and in their order, then the joint statements, then the others,
    each in reading order. One query of bare values."""
    rows = (
        Statement.objects.filter(meeting_id__in=ids)
        .order_by("meeting_id", "position")
        .values_list(
            "meeting_id",
            "position",
            "text",
            "joint",
            "speaker_id",
            "speaker__person__name",
            "speaker__role",
            "speaker__country_id",
            "speaker__country__name",
        )
    )
    groups: dict[int, dict[tuple, tuple]] = {pk: {} for pk in ids}
    rank = {code: i for i, code in enumerate(codes)}
    for pk, position, text, joint, speaker, name, role, code, country in rows:
        if speaker is not None:
            who = ", ".join(part for part in (name or role, country) if part) or "A participant"
            order = (rank.get(code, len(codes) + 1), position)
        elif joint:
            who, order = None, (len(codes), 0)
        else:
            who, order = "Not attributed", (len(codes) + 2, 0)
        key = (speaker, joint)
        if key not in groups[pk]:
            groups[pk][key] = (order, who, [])
        groups[pk][key][2].append((f"s{position}", position + 1, text))
    return {
        pk: [(who, entries) for _, who, entries in sorted(found.values(), key=lambda g: g[0])]
        for pk, found in groups.items()
    }


@dataclass
class YearGroup:
    """The meetings of one year on a page of a relationship's chronology (`year` None: undated),
    `start` the number the first of them has in the whole chronology, `continued` when the year
    began on the page before."""

    year: int | None
    start: int
    continued: bool = False
    meetings: list[Meeting] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"year-{self.year}" if self.year else "undated"


def by_year(meetings: list[Meeting], start: int, previous_year: int | None = 0) -> list[YearGroup]:
    """`meetings` (in date order, undated last) in groups by year; `start` is the first one's
    number, `previous_year` the year of the meeting before it (0 when there is none)."""
    groups: list[YearGroup] = []
    for number, meeting in enumerate(meetings, start):
        year = meeting.held_on.year if meeting.held_on else None
        if not groups or groups[-1].year != year:
            continued = not groups and previous_year != 0 and previous_year == year
            groups.append(YearGroup(year, number, continued))
        groups[-1].meetings.append(meeting)
    return groups


def year_pages(
    years: dict[int, int], total: int, per_page: int, current: int = 1, query: str = ""
) -> list[dict]:
    """Where each year of a chronology (oldest first, undated last) begins: its label, anchor,
    number of meetings and page, and its address from page `current` (`query` the page's other
    parameters, "topic=x&", before the page)."""
    found, before = [], 0
    undated = total - sum(years.values())
    for year, count in [*sorted(years.items()), *([(None, undated)] if undated > 0 else [])]:
        found.append(
            {
                "year": year,
                "label": str(year) if year else "Date unknown",
                "anchor": f"year-{year}" if year else "undated",
                "count": count,
                "page": before // per_page + 1,
            }
        )
        page, anchor = found[-1]["page"], found[-1]["anchor"]
        found[-1]["url"] = f"#{anchor}" if page == current else f"?{query}page={page}#{anchor}"
        before += count
    return found


def year_of_number(rows: list[dict], number: int) -> int | None:
    """The year (None: undated) of the chronology's meeting `number` (from 1), from `year_pages`."""
    seen = 0
    for row in rows:
        seen += row["count"]
        if seen >= number:
            return row["year"]
    return None


def pair_meeting_ids(codes: list[str]) -> QuerySet:
    """The ids of the meetings in which both of `codes` took part, from the link table alone."""
    first, second = sorted(codes)
    both = MeetingCountry.objects.filter(country_id=second).values("meeting_id")
    return MeetingCountry.objects.filter(country_id=first, meeting_id__in=both).values("meeting_id")


def pair_topics(codes: list[str], state: str | None = None) -> list[dict]:
    """The topics of a pair's meetings, each with its slug, name and number of meetings, most
    first: one grouped query over the topic links of the pair's meetings (the running counts hold
    a country's topics, not a pair's), cached per archive state."""

    def compute() -> list[dict]:
        # Grouped by bare topic id, the few topics labelled after: joined to every link row
        # first, the names were sorted with them.
        counts = dict(
            MeetingTopic.objects.filter(meeting_id__in=pair_meeting_ids(codes))
            .values_list("topic_id")
            .annotate(n=Count("*"))
            .order_by()
        )
        labels = Topic.objects.filter(pk__in=counts).values_list("pk", "slug", "name")
        rows = [{"slug": slug, "name": name, "count": counts[pk]} for pk, slug, name in labels]
        return sorted(rows, key=lambda row: (-row["count"], row["name"]))

    return cached_aggregate("pair-topics:" + "-".join(sorted(codes)), compute, state)


def pair_topic_summary(codes: list[str], topic_id: int, state: str | None = None) -> dict:
    """What `page_data.pair_summary` gives (meetings, agreed points, meetings per year) of the
    pair's meetings on one topic, in one grouped query over them, cached per archive state."""

    def compute() -> dict:
        rows = (
            on_topic(Meeting.objects.filter(pk__in=pair_meeting_ids(codes)), topic_id)
            .annotate(year=year_of("held_on"))
            .values_list("year")
            .annotate(n=Count("pk", distinct=True), agreed=Count("agreed_points"))
            .order_by("year")
        )
        rows = list(rows)
        return {
            "count": sum(n for _, n, _ in rows),
            "agreed_total": sum(agreed for _, _, agreed in rows),
            "years": {int(year): n for year, n, _ in rows if year},
        }

    key = "pair:" + "-".join(sorted(codes)) + f":topic:{topic_id}"
    return cached_aggregate(key, compute, state)


def on_topic(meetings: QuerySet[Meeting], topic_id: int) -> QuerySet[Meeting]:
    return meetings.filter(
        Exists(MeetingTopic.objects.filter(meeting_id=OuterRef("pk"), topic_id=topic_id))
    )


def chosen_topic(request) -> tuple[dict | None, str]:
    """The topic the page's `topic` parameter names ({"id", "slug", "name"}), and what was asked
    for when it names none ("" when none was asked for); read from the archive's topics, cached
    per archive state."""
    slug = request.GET.get("topic", "").strip().lower()
    if not slug:
        return None, ""
    topic_id = topic_ids(request).get(slug)
    if topic_id is None:
        return None, slug[:60]
    name = dict(topic_choices(request_state(request)))[slug]
    return {"id": topic_id, "slug": slug, "name": name}, ""
