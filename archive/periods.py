"""Moving through time on the meeting list and the agreed-points browser: the year or month a list
is narrowed to, the years or months on either side of it, and the months of its year with what
the list holds in them (meetings, agreed points).

A list is narrowed to a period by the date parameters it already has: `year=2022` (or
`date_from=2022-01-01&date_to=2022-12-31`) is a year, `date_from=2022-03-01&date_to=2022-03-31`
a month. The links keep every other filter and drop the page.

Which neighbouring years have meetings is read from the running counts (`archive_tally`) when
they hold the list's filters (one country, a pair, one topic), and without filters from the
unfiltered meeting list's year facet when it is cached (the agreed points of a country or a pair
are in the running counts too; those of a topic, or of the whole archive, by year are not).
Otherwise the links go to the year or month next
door, whatever it holds: counting every year of a search or of a kind of meeting would read the
whole archive.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, IntegerField, QuerySet, TextField
from django.db.models.functions import Cast, ExtractMonth, Substr
from django.http import QueryDict

from .filter_choices import topic_ids
from .filter_fields import pair_codes
from .tally import ALL_YEARS, UNDATED, Tally

DATE_FILTERS = ("date_from", "date_to", "year")
# The years the `year` parameter takes; a period outside them is written as a date range.
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True)
class Counted:
    """What a list counts in a period: the date of its rows' meeting, its column of the running
    counts and the filters whose rows per year those hold."""

    noun: str
    date_field: str
    column: str
    tallied: frozenset[str]


MEETINGS = Counted("meeting", "held_on", "meetings", frozenset({"country", "pair", "topic"}))
# An agreed point's topic is its own, which the running counts do not hold.
AGREED_POINTS = Counted(
    "agreed point", "meeting__held_on", "agreed", frozenset({"country", "pair"})
)


@dataclass(frozen=True)
class Period:
    """A calendar year, or a month of it."""

    year: int
    month: int | None = None

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month or 1, 1)

    @property
    def last(self) -> datetime.date:
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.month is None:
            return str(self.year)
        return f"{calendar.month_name[self.month]} {self.year}"

    def address(self, params: QueryDict) -> str:
        """`params` narrowed to this period instead of their own dates, without a page."""
        params = params.copy()
        for name in (*DATE_FILTERS, "page"):
            params.pop(name, None)
        if self.month is None and FIRST_YEAR <= self.year <= LAST_YEAR:
            params["year"] = str(self.year)
        else:
            params["date_from"] = self.first.isoformat()
            params["date_to"] = self.last.isoformat()
        return f"?{params.urlencode()}"


def chosen_period(filterset) -> Period | None:
    """The year or month the list's dates come to (its `year`, and its range within it), or None
    when they are no whole calendar year or month."""
    since, until = filterset.cleaned("date_from"), filterset.cleaned("date_to")
    year = filterset.cleaned("year")
    if year is not None:
        since = max(since or datetime.date.min, datetime.date(year, 1, 1))
        until = min(until or datetime.date.max, datetime.date(year, 12, 31))
    if since is None or until is None or since.day != 1 or since.year != until.year:
        return None
    if since.month == 1 and (until.month, until.day) == (12, 31):
        return Period(since.year)
    month = Period(since.year, since.month)
    return month if until == month.last else None


def tallied_years(filterset, whole_archive, counted: Counted = MEETINGS) -> dict[int, int] | None:
    """{year: rows} of the list's filters in every year, from the running counts, or None
    when they do not hold them (a search, a person, a country with a topic, ...). Without any
    filter, `whole_archive()` gives them, or None (the unfiltered list's year facet, when it is
    cached)."""
    applied = [(name, value) for name, value in filterset.applied() if name not in DATE_FILTERS]
    if {name for name, _ in applied} - counted.tallied:
        return None
    codes = {value.upper() for name, value in applied if name == "country"}
    codes |= {
        code.upper() for name, value in applied if name == "pair" for code in pair_codes(value)
    }
    topics = [value for name, value in applied if name == "topic"]
    if not codes and not topics:
        years = whole_archive()
        return None if years is None else dict(years)
    if len(codes) > 2 or len(topics) > 1 or (codes and topics):
        return None
    if topics:
        topic = topic_ids(filterset.request).get(topics[0])
        if topic is None:
            return {}  # no such topic: nothing matches it
        rows = Tally.objects.filter(kind="t", a=str(topic), b="")
    else:
        first, second = sorted(codes) if len(codes) == 2 else (*codes, *codes)
        rows = Tally.objects.filter(kind="p", a=first, b=second)
    rows = rows.exclude(year__in=(ALL_YEARS, UNDATED)).filter(**{f"{counted.column}__gt": 0})
    return dict(rows.values_list("year", counted.column))


def month_of(field: str):
    """The month of a date column, for grouping (SQLite stores dates as ISO text)."""
    if connection.vendor == "sqlite":
        return Cast(Substr(Cast(field, TextField()), 6, 2), IntegerField())
    return ExtractMonth(field)


def month_counts(queryset: QuerySet, year: int, field: str = "held_on") -> dict[int, int]:
    """{month: rows} of `queryset` in `year` by the date `field`, in one grouped query."""
    rows = (
        queryset.order_by()
        .filter(
            **{
                f"{field}__gte": datetime.date(year, 1, 1),
                f"{field}__lte": datetime.date(year, 12, 31),
            }
        )
        .annotate(month=month_of(field))
        .values_list("month")
        .annotate(n=Count("pk"))
    )
    return {int(month): n for month, n in rows}


def _nearest(years: dict[int, int] | None, year: int, step: int) -> int | None:
    """The nearest year before (`step` -1) or after (1) `year` with meetings, or the year next
    door when which have meetings is unknown."""
    if years is None:
        year += step
        return year if FIRST_YEAR <= year <= LAST_YEAR else None
    found = [y for y in years if (y - year) * step > 0 and years[y]]
    if not found:
        return None
    return max(found) if step < 0 else min(found)


def neighbours(
    period: Period, years: dict[int, int] | None, months: dict[int, int] | None
) -> tuple[Period | None, Period | None]:
    """The periods before and after `period` that have meetings, as far as `years` and `months`
    (None: unknown) tell: a month's neighbours are months of its year; past its first or last
    month with meetings, the nearest year with meetings (as a year: which of its months have
    them its own month strip shows)."""
    if period.month is None:
        before, after = (_nearest(years, period.year, step) for step in (-1, 1))
        return (
            Period(before) if before is not None else None,
            Period(after) if after is not None else None,
        )
    found = []
    for step in (-1, 1):
        if months is None:
            month = period.month + step
            inside = month if 1 <= month <= 12 else None
        else:
            later = [m for m in months if (m - period.month) * step > 0 and months[m]]
            inside = (max(later) if step < 0 else min(later)) if later else None
        if inside is not None:
            found.append(Period(period.year, inside))
            continue
        if years is None and months is None:
            # The month next door, across the turn of the year.
            month = 12 if step < 0 else 1
            year = period.year + step
            found.append(Period(year, month) if FIRST_YEAR <= year <= LAST_YEAR else None)
            continue
        year = _nearest(years, period.year, step)
        found.append(Period(year) if year is not None else None)
    return found[0], found[1]


@dataclass(frozen=True)
class MonthLink:
    month: int
    name: str
    label: str
    count: int | None
    url: str
    current: bool


def month_strip(period: Period, months: dict[int, int] | None, params: QueryDict) -> list:
    """The twelve months of the period's year, each with its meetings (None: not counted) and
    the list's address narrowed to it."""
    return [
        MonthLink(
            month=month,
            name=calendar.month_abbr[month],
            label=Period(period.year, month).label,
            count=None if months is None else months.get(month, 0),
            url=Period(period.year, month).address(params),
            current=period.month == month,
        )
        for month in range(1, 13)
    ]


def navigation(results, whole_archive, counted: Counted = MEETINGS) -> dict | None:
    """What the list shows to move through time when its dates are one year or month (None
    otherwise): the period, the periods before and after it with rows, and the months of its
    year with theirs. `results` is the list's `MeetingResults` or `AgreedPointResults`.

    The months of a year are counted over what `results.period_scope()` gives (the result, or a
    large search's newest matches); those of a month's year over the list without its dates,
    unless it searches (a search's every match in a year is not read for a strip)."""
    filterset = results.filterset
    period = chosen_period(filterset)
    if period is None:
        return None
    params = results.params
    field = counted.date_field
    if period.month is None:
        scope, sampled = results.period_scope()
        months = month_counts(scope, period.year, field)
    elif results.query:
        months, sampled = None, False
    else:
        months, sampled = month_counts(filterset.without_dates(), period.year, field), False
    years = tallied_years(filterset, whole_archive, counted)
    before, after = neighbours(period, years, months)

    def link(found: Period | None) -> dict | None:
        return found and {"label": found.label, "url": found.address(params)}

    return {
        "period": period,
        "previous": link(before),
        "next": link(after),
        "year": None if period.month is None else link(Period(period.year)),
        "months": month_strip(period, months, params),
        "sampled": sampled,
        "noun": counted.noun,
    }
