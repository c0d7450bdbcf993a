"""The previous and next dated meeting between the same parties, for the meeting page.

Two ways to find them, chosen by the running counts (archive/tally.py): walk the date index from the
meeting's date and test each meeting for the parties, which costs about (meetings in the archive /
meetings of the parties) rows; or read the meetings of the party with the fewest and sort them,
which costs that party's meeting count. A busy pair (China-US) is found in a few rows of the walk;
a rare one (Uganda-UK) would have the walk pass thousands of meetings, and is read from Uganda's.
Both are one statement, previous and next together.
"""

# ruff: noqa: S608 - table and column names only are formatted in; every value is a parameter

from __future__ import annotations

from django.db.models import Q

from ..models import Meeting
from ..tally import ALL_YEARS, Tally

_COLUMNS = "m.id, m.slug, m.title, m.held_on"


def _has_all(codes: list[str]) -> str:
    return "".join(
        " AND EXISTS (SELECT 1 FROM archive_meeting_countries x "
        "WHERE x.meeting_id = m.id AND x.country_id = %s)"
        for _ in codes
    )


def _side(source: str, codes: list[str], before: bool) -> str:
    compare, order = ("<", "DESC") if before else (">", "ASC")
    return (
        f"SELECT * FROM (SELECT {_COLUMNS} FROM {source} WHERE m.held_on IS NOT NULL "
        f"AND (m.held_on, m.id) {compare} (%s, %s){_has_all(codes)} "
        f"ORDER BY m.held_on {order}, m.id {order} LIMIT 1) AS s{int(before)}"
    )


def neighbours_sql(codes: list[str], rarest: str | None) -> str:
    """Both neighbours in one statement; from `rarest`'s meetings when given, else the date walk."""
    if rarest is None:
        source, others, prefix = "archive_meeting m", codes, ""
    else:
        prefix = (
            "WITH own AS MATERIALIZED (SELECT meeting_id FROM archive_meeting_countries "
            "WHERE country_id = %s) "
        )
        source = "own JOIN archive_meeting m ON m.id = own.meeting_id"
        others = [code for code in codes if code != rarest]
    return (
        f"{prefix}{_side(source, others, before=True)} "
        f"UNION ALL {_side(source, others, before=False)}"
    )


def choose_start(codes: list[str]) -> str | None:
    """The party to read from (the one with fewest meetings), or None to walk the date index."""
    rows = Tally.objects.filter(
        Q(kind="p", year=ALL_YEARS, a__in=codes, b__in=codes) | Q(kind="n", a="meetings")
    ).values_list("kind", "a", "b", "meetings")
    counts: dict[tuple[str, str], int] = {}
    archive = 0
    for kind, a, b, n in rows:
        if kind == "n":
            archive += n
        else:
            counts[(a, b)] = n
    own = {code: counts.get((code, code), 0) for code in codes}
    rarest = min(codes, key=lambda code: (own[code], code))
    if len(codes) != 2:
        return rarest
    walk = archive / max(counts.get(tuple(sorted(codes)), 0), 1)
    return rarest if own[rarest] < walk else None


def neighbours(meeting: Meeting, codes: list[str]) -> tuple[Meeting | None, Meeting | None]:
    """The previous and next dated meetings in which all of `codes` took part."""
    if meeting.held_on is None or not codes:
        return None, None
    rarest = choose_start(codes)
    others = codes if rarest is None else [code for code in codes if code != rarest]
    side = [meeting.held_on, meeting.pk, *others]
    params = ([] if rarest is None else [rarest]) + side + side
    found = list(Meeting.objects.raw(neighbours_sql(codes, rarest), params))
    previous = next((m for m in found if _before(m, meeting)), None)
    following = next((m for m in found if not _before(m, meeting)), None)
    return previous, following


def _before(other: Meeting, meeting: Meeting) -> bool:
    return (other.held_on, other.pk) < (meeting.held_on, meeting.pk)
