"""The meeting list's, the agreed-points browser's and the statements' filters, read from the
query string: the FilterSets the views, feeds and exports build their lists with.

Every filter is forgiving: a value it cannot read is ignored (and the form says so), an unknown
country code or topic simply matches nothing. No input makes a page fail. Countries of a pair and
people may be typed by name ("China-Pakistan", "Wang Yi"): each is read as what it names, by its
field in `archive.filter_fields`. The country and topic lists come from `archive.filter_choices`,
what the form says of the values it read from `archive.filter_messages`.

Several countries (or topics, or people) narrow the list: a meeting must have ALL of them, so that
clicking a second facet refines the list rather than widening it. `pair=cn-pk` is the same as
`country=cn&country=pk`, kept as its own parameter so that relationship links read well.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet

from . import search, search_query, tally
from .aggregate_cache import cached_aggregate
from .filter_choices import HAS_AGREED_CHOICES, ChoiceOptionsMixin, set_choices, topic_ids
from .filter_fields import (
    COUNTRY_CODE,
    PairFilter,
    SearchTextFilter,
    TrueFalseFilter,
    ValueListFilter,
    meeting_filters,
    pair_codes,
    sort_filter,
)
from .filter_messages import NOT_FOR_AGREED_POINTS, FilterMessagesMixin
from .models import AgreedPoint, Meeting, Participant

SORTS = {
    "relevance": "Relevance",
    "newest": "Newest first",
    "oldest": "Oldest first",
    "title": "Title (A–Z)",
}
AGREED_SORTS = {"newest": "Newest first", "oldest": "Oldest first"}
# The meeting list's filters a search answers from PostgreSQL's search table (`search_scope`).
SCOPED_FILTERS = ("q", "country", "pair", "topic", "date_from", "date_to", "year")


# A country or topic of at least this share of the archive's meetings is filtered meeting by
# meeting, along the list's order (a correlated EXISTS on its link, which the databases read
# from the link's unique index): a page finds its meetings soon. A rarer one is read from its own
# links first, then sorted: walking the order would pass many meetings for each it keeps. SQLite
# cannot tell the two apart by itself (it keeps no statistics of a value's share), and took 160
# ms at 100,000 meetings to sort a country of 42,000 for a page that the walk reads in 0.2 ms.
COMMON_SHARE = 0.1


def _linked(queryset: QuerySet, field: str, links: QuerySet, walk: bool) -> QuerySet:
    """Only rows whose meeting is among `links`' (link rows of one country or topic)."""
    if walk:
        return queryset.filter(Exists(links.filter(meeting_id=OuterRef(field))))
    return queryset.filter(**{f"{field}__in": links.values("meeting_id")})


def with_countries(
    queryset: QuerySet,
    codes: Sequence[str],
    field: str = "pk",
    common: frozenset[str] = frozenset(),
) -> QuerySet:
    """Only rows whose meeting had every one of `codes` among its parties; those in `common`
    (`COMMON_SHARE`) are looked up meeting by meeting."""
    through = Meeting.countries.through
    for code in (code.upper() for code in codes):
        links = through.objects.filter(country_id=code)
        queryset = _linked(queryset, field, links, code in common)
    return queryset


def _with_topics(queryset: QuerySet, ids: Sequence[int], common: frozenset[str]) -> QuerySet:
    """Only meetings on every one of the topics `ids`; those in `common` (ids as text) are
    looked up meeting by meeting."""
    through = Meeting.topics.through
    for pk in ids:
        queryset = _linked(queryset, "pk", through.objects.filter(topic_id=pk), str(pk) in common)
    return queryset


def linked_meetings(
    codes: Sequence[str] = (), topic_ids: Sequence[int] = (), *, state: str | None = None
) -> QuerySet:
    """The meetings with all of the countries `codes` among their parties and on all of the
    topics `topic_ids`, each looked up as its share of the archive says (`COMMON_SHARE`); which
    are common is cached per archive `state` when one is given (a page's repeat visit then runs
    no query for it)."""
    codes = [code.upper() for code in codes]

    def shares() -> frozenset[str]:
        return frozenset(tally.common(codes, topic_ids, COMMON_SHARE))

    if state is None:
        common = shares()
    else:
        key = f"common:{'-'.join(codes)}:{'-'.join(map(str, topic_ids))}"
        common = cached_aggregate(key, shares, state)
    return _with_topics(
        with_countries(Meeting.objects.all(), codes, common=common), topic_ids, common
    )


def _as_text(value) -> str:
    """A cleaned value as an address writes it: "true", "2024-01-31", "2024", "cn-pk"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class ArchiveFilterSet(ChoiceOptionsMixin, FilterMessagesMixin, django_filters.FilterSet):
    """What the meeting list and the agreed-points browser both filter by: the search box,
    countries (all of), a pair of countries and topics (all of). Subclasses add their dates and
    sort, and say which field holds the meeting (`meeting_field`)."""

    meeting_field = "pk"
    search_label = "Search"

    q = SearchTextFilter(
        label="Search",
        method="filter_q",
        help_text='Words, "a phrase", OR, -exclude, prefix*',
    )
    country = ValueListFilter(
        label="Countries (all of)", pattern=COUNTRY_CODE, method="filter_country"
    )
    pair = PairFilter(
        label="Between two countries",
        method="filter_pair",
        help_text='e.g. "cn-pk" or "China-Pakistan"',
    )
    topic = ValueListFilter(label="Topics (all of)", method="filter_topic")

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["q"].label = self.search_label
        set_choices(self, request)

    @cached_property
    def chosen_links(self) -> tuple[list[str], list[int]]:
        """The chosen countries (codes in capitals, a pair's too) and topics (ids; 0 for a slug
        no topic has)."""
        codes = [*(self.cleaned("country") or []), *pair_codes(self.cleaned("pair"))]
        slugs = self.cleaned("topic") or []
        ids = topic_ids(self.request) if slugs else {}
        return [code.upper() for code in codes], [ids.get(slug, 0) for slug in slugs]

    @cached_property
    def common(self) -> frozenset[str]:
        """The chosen countries (codes) and topics (ids, as text) of at least `COMMON_SHARE` of
        the archive's meetings, from the running counts."""
        return frozenset(tally.common(*self.chosen_links, COMMON_SHARE))

    @property
    def walked(self) -> frozenset[str]:
        """The chosen countries and topics to look up meeting by meeting (`common`), none when
        the result is read as a set (`without_search(as_set=True)`)."""
        return frozenset() if getattr(self, "_as_set", False) else self.common

    def filter_country(self, queryset, name, values):
        return with_countries(queryset, values, self.meeting_field, self.walked)

    def filter_pair(self, queryset, name, value):
        return with_countries(queryset, pair_codes(value), self.meeting_field, self.walked)

    def filter_sort(self, queryset, name, value):
        return queryset

    def filter_person(self, queryset, name, values):
        for slug in values:
            meetings = Participant.objects.filter(person__slug=slug).values("meeting_id")
            queryset = queryset.filter(**{f"{self.meeting_field}__in": meetings})
        return queryset

    def filter_queryset(self, queryset):
        return self._unreadable_matches_nothing(super().filter_queryset(queryset))

    @cached_property
    def search_too_common(self) -> bool:
        """Whether the search box holds only words too common to search ("the of and",
        `search_query.too_common`): the list then holds nothing, and says why."""
        self.is_valid()
        return self.form.has_error("q", "too-common")

    def _unreadable_matches_nothing(self, queryset: QuerySet) -> QuerySet:
        """A person the form cannot read matches nothing, as an unknown address name always
        did (an export has no form to say why), while the page's form says why; so does a
        search of too common words, which the page lists nothing for, and its exports and feed
        neither. As a filter on a person no one is, not `none()`: the searches and facets write
        the queryset's SQL into their own, which an empty queryset has none of."""
        if "person" not in self.form.errors and not self.search_too_common:
            return queryset
        return self.filter_person(queryset, "person", [""])

    def without_dates(self) -> QuerySet:
        """The rows (meetings, agreed points) every filter but the dates (`date_from`, `date_to`, `year`) keeps: the
        list in every year, whose months a month of it counts."""
        self.is_valid()
        queryset = self._unreadable_matches_nothing(self.queryset.all())
        for name, value in self.form.cleaned_data.items():
            if name not in ("date_from", "date_to", "year"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def cleaned(self, name: str, default=None):
        """A filter's cleaned value, or `default` when it was absent or unreadable."""
        self.is_valid()
        value = self.form.cleaned_data.get(name)
        return default if value in (None, "", []) else value

    def applied(self) -> list[tuple[str, str]]:
        """(parameter, value) of each filter the list applies, the value as its canonical address
        writes it ("pair", "cn-pk"): what an export's file name and a feed's title name. Values
        the form could not read (and ignored), and parameters that are no filter, are left out;
        people it could not read, and a search too common to search, which match nothing, are
        named as they were typed."""
        self.is_valid()
        applied = []
        if self.search_too_common:
            typed = self.form.fields["q"].to_python(self.form["q"].data)
            applied.append(("q", typed.strip()))
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", []):
                continue
            if name == "q" and not search_query.parse_query(value):
                continue
            for item in value if isinstance(value, list) else [value]:
                applied.append((name, _as_text(item)))
        if "person" in self.form.errors:
            typed = self.form.fields["person"].to_python(self.form["person"].data)
            applied += [("person", value) for value in typed]
        return applied


class MeetingFilter(ArchiveFilterSet):
    person, kind, publisher, date_from, date_to, year = meeting_filters("")
    has_agreed = TrueFalseFilter(
        label="Agreed points",
        method="filter_has_agreed",
        widget=forms.Select(choices=HAS_AGREED_CHOICES),
    )
    review = django_filters.ChoiceFilter(
        label="Review status",
        field_name="review_status",
        choices=Meeting.ReviewStatus.choices,
        empty_label="Any",
    )
    sort = sort_filter(SORTS)

    class Meta:
        model = Meeting
        fields: list[str] = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.is_staff):
            # Review status is curators' business; anonymous visitors cannot filter by it.
            del self.filters["review"]

    def filter_q(self, queryset, name, value):
        if getattr(self, "_without_search", False):
            return queryset
        return search.match_meetings(queryset, value)

    def without_search(self, *, as_set: bool = False) -> QuerySet:
        """The meetings every filter but the search box keeps (the list view runs the search
        itself, bounded to the newest matches it needs). `as_set`: each chosen country and topic
        read from its links, never walked along the list's order (`COMMON_SHARE`), for counting
        the whole result, which a walk would visit meeting by meeting."""
        self.is_valid()
        self._without_search, self._as_set = True, as_set
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self._without_search, self._as_set = False, False

    def search_scope(self) -> tuple[search.Scope, QuerySet]:
        """The chosen countries, topics and dates as a search `Scope`, and the meetings every
        other filter but the search box keeps: a search on PostgreSQL reads the former from its
        search table's own rows (see `archive.search.newest_matches`)."""
        self.is_valid()
        codes, topics = self.chosen_links
        since, until = self.cleaned("date_from"), self.cleaned("date_to")
        year = self.cleaned("year")
        if year is not None:
            since = max(since or datetime.date.min, datetime.date(year, 1, 1))
            until = min(until or datetime.date.max, datetime.date(year, 12, 31))
        scope = search.Scope(
            countries=tuple(dict.fromkeys(codes)),
            topics=tuple(topics),
            since=since,
            until=until,
        )
        queryset = self._unreadable_matches_nothing(self.queryset.all())
        for name, value in self.form.cleaned_data.items():
            if name not in SCOPED_FILTERS:
                queryset = self.filters[name].filter(queryset, value)
        return scope, queryset

    def tallied(self) -> tuple[list[str], list[int], int | None] | None:
        """The chosen countries, topics and year when the list's filters are only those, which
        the running counts may keep (`tally.counted`, `facet_counts`); else None."""
        if not {name for name, _ in self.applied()} <= {"country", "pair", "topic", "year"}:
            return None
        return (*self.chosen_links, self.cleaned("year"))

    def counted(self) -> int | None:
        """How many meetings the list keeps, from the running counts, when its filters are only
        countries, a pair, topics and a year that they count (`tally.counted`); else None."""
        links = self.tallied()
        return None if links is None else tally.counted(*links)

    def filter_topic(self, queryset, name, values):
        # By topic id rather than through a join on the slug: PostgreSQL then knows how many
        # meetings the topic has, and plans a search within it accordingly.
        ids = topic_ids(self.request)
        return _with_topics(queryset, [ids.get(slug, 0) for slug in values], self.walked)

    def filter_has_agreed(self, queryset, name, value):
        exists = Exists(AgreedPoint.objects.filter(meeting=OuterRef("pk")))
        return queryset.filter(exists if value else ~exists)

    @cached_property
    def search_query(self) -> search_query.Query:
        return search_query.parse_query(self.cleaned("q") or "")

    @property
    def chosen_sort(self) -> str:
        """The sort asked for, or the default: relevance with a search, newest without."""
        has_query = bool(self.search_query)
        value = self.cleaned("sort")
        if value not in SORTS or (value == "relevance" and not has_query):
            return "relevance" if has_query else "newest"
        return value


class AgreedPointFilter(ArchiveFilterSet):
    """The agreed points of the meetings the meeting list's filters keep, `q` and `topic` aside:
    those read the agreed point's own text and topics."""

    meeting_field = "meeting_id"
    search_label = "Search agreed points"

    person, kind, publisher, date_from, date_to, year = meeting_filters("meeting__")
    sort = sort_filter(AGREED_SORTS)

    def counted(self) -> int | None:
        """How many agreed points the list keeps, from the running counts, when its filters are
        only countries, a pair and a year (`tally.counted`); else None."""
        if not {name for name, _ in self.applied()} <= {"country", "pair", "year"}:
            return None
        codes, _ = self.chosen_links
        return tally.counted(codes, [], self.cleaned("year"), "agreed")

    class Meta:
        model = AgreedPoint
        fields: list[str] = []

    def notes(self) -> dict[str, list[str]]:
        notes = super().notes()
        if self.data.get("has_agreed"):
            # Every agreed point's meeting has agreed points: the filter could only keep them all
            # or none.
            notes["has_agreed"] = [NOT_FOR_AGREED_POINTS]
        return notes

    def filter_q(self, queryset, name, value):
        return search.search_agreed_points(queryset, value)

    def filter_topic(self, queryset, name, values):
        # An agreed point is on a topic when it is tagged with it itself.
        through = AgreedPoint.topics.through
        for slug in values:
            queryset = queryset.filter(
                pk__in=through.objects.filter(topic__slug=slug).values("agreedpoint_id")
            )
        return queryset

    @property
    def chosen_sort(self) -> str:
        value = self.cleaned("sort")
        return value if value in AGREED_SORTS else "newest"
