"""The meeting list's and the agreed-points browser's filters, read from the query string.

Every filter is forgiving: a value it cannot read is ignored (and the form says so), an unknown
country code or topic simply matches nothing. No input makes a page fail. Countries of a pair and
people may be typed by name ("China-Pakistan", "Wang Yi"): each is read as what it names, by its
field in `archive.filter_fields`.

Several countries (or topics, or people) narrow the list: a meeting must have ALL of them, so that
clicking a second facet refines the list rather than widening it. `pair=cn-pk` is the same as
`country=cn&country=pk`, kept as its own parameter so that relationship links read well.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from . import search
from .filter_fields import (
    COUNTRY_CODE,
    IsoDateFilter,
    PairFilter,
    PersonFilter,
    SearchTextFilter,
    TrueFalseFilter,
    ValueListFilter,
    YearFilter,
    pair_codes,
)
from .models import AgreedPoint, Country, Meeting, Participant, Person, Statement, Topic
from .people import name_key

SORTS = {
    "relevance": "Relevance",
    "newest": "Newest first",
    "oldest": "Oldest first",
    "title": "Title (A–Z)",
}
AGREED_SORTS = {"newest": "Newest first", "oldest": "Oldest first"}
HAS_AGREED_CHOICES = [("", "Any"), ("true", "With agreed points"), ("false", "Without")]
# The meeting list's filters a search answers from PostgreSQL's search table (`search_scope`).
SCOPED_FILTERS = ("q", "country", "pair", "topic", "date_from", "date_to", "year")


def _with_countries(queryset: QuerySet, codes: list[str], field: str = "pk") -> QuerySet:
    """Only rows whose meeting had every one of `codes` among its parties."""
    through = Meeting.countries.through
    for code in codes:
        meetings = through.objects.filter(country_id=code.upper()).values("meeting_id")
        queryset = queryset.filter(**{f"{field}__in": meetings})
    return queryset


class ChoiceOptionsMixin:
    """The <option> elements of the country and topic lists, built in Python: a form widget
    renders each of 250 options through its own template."""

    def _options(self, name: str) -> str:
        from .facets import cached_aggregate, request_state

        # The same for every visitor, rendered once per archive state; the chosen values (codes
        # and slugs, written as they are) are then marked selected.
        options = cached_aggregate(
            f"options:{name}",
            lambda: self._render_options(name, set()),
            request_state(getattr(self, "request", None)),
        )
        for value in self.cleaned(name) or []:
            options = options.replace(
                f'<option value="{value}">', f'<option value="{value}" selected>', 1
            )
        return mark_safe(options)  # noqa: S308 - rendered by format_html_join; values are codes

    def _render_options(self, name: str, chosen: set[str]) -> str:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value in chosen else "", label)  # noqa: S308
                for value, label in self.filters[name].extra["choices"]()
            ),
        )

    def _select_options(self, name: str, choices) -> str:
        """<option>s of a single-choice filter with the submitted value selected."""
        current = self.form[name].value()
        current = "" if current is None else str(current)
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if str(value) == current else "", label)  # noqa: S308
                for value, label in choices
            ),
        )

    @property
    def kind_options(self) -> str:
        return self._select_options("kind", [("", "Any"), *Meeting.Kind.choices])

    @property
    def review_options(self) -> str:
        return self._select_options("review", [("", "Any"), *Meeting.ReviewStatus.choices])

    @property
    def agreed_options(self) -> str:
        return self._select_options("has_agreed", HAS_AGREED_CHOICES)

    @property
    def country_options(self) -> str:
        return self._options("country")

    @property
    def topic_options(self) -> str:
        return self._options("topic")

    def unknown(self, name: str) -> list[str]:
        """The chosen countries (of `country` or `pair`) or topics the archive does not have: they
        match nothing (so an export never widens), and the form says so."""
        if name == "pair":
            values, name = pair_codes(self.cleaned("pair")), "country"
        else:
            values = self.cleaned(name) or []
        known = {value for value, _ in self.filters[name].extra["choices"]()}
        return [value for value in values if value not in known]


# How a feed's title and the chips name an applied filter (by default, by its value's name).
FILTER_WORDS = {
    "q": "Search “{}”",
    "topic": "Topic: {}",
    "publisher": "Publisher: {}",
    "date_from": "From {}",
    "date_to": "To {}",
    "year": "Year {}",
    "review": "Review: {}",
}
NO_SUCH = {
    "country": "no country “{}”",
    "topic": "no topic “{}”",
    "person": "no one called “{}”",
}
UNKNOWN_VALUES = {
    "country": "No country has the code “{}”: nothing matches it.",
    "pair": "No country has the code “{}”: nothing matches it.",
    "topic": "No topic is called “{}”: nothing matches it.",
}
SHORT_PREFIX = (
    "“{prefix}”: a prefix needs {letters} letters at least; “{word}” is searched as a whole word."
)
NOT_FOR_AGREED_POINTS = (
    "“has_agreed” is no filter of agreed points (each is of a meeting with agreed points):"
    " it is ignored."
)
UNKNOWN_PUBLISHER = "No readout in the archive is published by “{}”: nothing matches it."
DATES_REVERSED = (
    "“To” ({until}) is before “From” ({since}): no date is in between, nothing matches."
)
OTHER_NAMES = "“{term}” is searched with the country’s other names too: {names}."


class Information(str):
    """A note that tells how a value was read, not that anything is wrong with it: the page
    shows it beside the field's messages, not in their colour."""


CUT_SEARCH = (
    "The search is too long: only its first {chars:,} characters and {clauses} words or phrases"
    " are searched, “{query}”."
)


def _as_text(value) -> str:
    """A cleaned value as an address writes it: "true", "2024-01-31", "2024", "cn-pk"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _country_choices() -> list[tuple[str, str]]:
    # In a reader's alphabetical order: "Åland Islands" with the a's, "Côte d'Ivoire" before
    # "Croatia".
    rows = Country.objects.values_list("code", "name")
    return sorted(((code.lower(), name) for code, name in rows), key=lambda row: name_key(row[1]))


def _topic_choices() -> list[tuple[str, str]]:
    return list(Topic.objects.values_list("slug", "name"))


def country_choices(state: str | None) -> list[tuple[str, str]]:
    """[(code in lower case, name)] of every country, read once per archive state."""
    from .facets import cached_aggregate

    return cached_aggregate("choices:country", _country_choices, state)


def topic_choices(state: str | None) -> list[tuple[str, str]]:
    """[(slug, name)] of every topic, read once per archive state."""
    from .facets import cached_aggregate

    return cached_aggregate("choices:topic", _topic_choices, state)


def _set_choices(filterset, request) -> None:
    """The country and topic lists, read once per archive state rather than on every page."""
    from .facets import request_state

    filterset.filters["country"].extra["choices"] = lambda: country_choices(request_state(request))
    filterset.filters["topic"].extra["choices"] = lambda: topic_choices(request_state(request))


def topic_ids(request) -> dict[str, int]:
    """{slug: id} of every topic, read once per archive state."""
    from .facets import cached_aggregate, request_state

    return cached_aggregate(
        "topic-ids",
        lambda: dict(Topic.objects.values_list("slug", "pk")),
        request_state(request),
    )


def _year_bounds() -> dict:
    return {"min_value": 1900, "max_value": 2100}


def _meeting_filters(prefix: str) -> tuple[django_filters.Filter, ...]:
    """The filters on the meeting's people, kind, publisher and date, of a list whose rows reach
    the meeting's fields under `prefix` ("" for meetings, "meeting__" for agreed points)."""
    return (
        PersonFilter(label="People (all of)", method="filter_person"),
        django_filters.ChoiceFilter(
            label="Kind",
            field_name=f"{prefix}kind",
            choices=Meeting.Kind.choices,
            empty_label="Any",
        ),
        django_filters.CharFilter(
            label="Publisher", field_name=f"{prefix}publisher", lookup_expr="iexact"
        ),
        *_date_range(f"{prefix}held_on"),
        YearFilter(
            label="Year", field_name=f"{prefix}held_on", lookup_expr="year", **_year_bounds()
        ),
    )


def _date_range(field: str) -> tuple[IsoDateFilter, IsoDateFilter]:
    """The "From" and "To" filters over the meeting date `field`."""
    return tuple(
        IsoDateFilter(
            label=label,
            field_name=field,
            lookup_expr=lookup,
            widget=forms.DateInput({"type": "date"}),
        )
        for label, lookup in (("From", "gte"), ("To", "lte"))
    )


def _sort_filter(choices: dict[str, str]) -> django_filters.ChoiceFilter:
    # Ordering is the list view's business (it needs the search's rank); the filter only reads it.
    return django_filters.ChoiceFilter(
        label="Sort by",
        choices=list(choices.items()),
        method="filter_sort",
        empty_label=None,
        error_messages={
            "invalid_choice": "“%(value)s” is no order of this list: it is shown in the default one."
        },
    )


class ArchiveFilterSet(ChoiceOptionsMixin, django_filters.FilterSet):
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
        _set_choices(self, request)

    def filter_country(self, queryset, name, values):
        return _with_countries(queryset, values, self.meeting_field)

    def filter_pair(self, queryset, name, value):
        return _with_countries(queryset, pair_codes(value), self.meeting_field)

    def filter_sort(self, queryset, name, value):
        return queryset

    def filter_person(self, queryset, name, values):
        for slug in values:
            meetings = Participant.objects.filter(person__slug=slug).values("meeting_id")
            queryset = queryset.filter(**{f"{self.meeting_field}__in": meetings})
        return queryset

    def filter_queryset(self, queryset):
        return self._no_one_unreadable(super().filter_queryset(queryset))

    def _no_one_unreadable(self, queryset: QuerySet) -> QuerySet:
        """A person the form cannot read matches nothing, as an unknown address name always
        did (an export has no form to say why), while the page's form says why. As a filter on
        a person no one is, not `none()`: the searches and facets write the queryset's SQL into
        their own, which an empty queryset has none of."""
        if "person" not in self.form.errors:
            return queryset
        return self.filter_person(queryset, "person", [""])

    def without_dates(self) -> QuerySet:
        """The rows (meetings, agreed points) every filter but the dates (`date_from`, `date_to`, `year`) keeps: the
        list in every year, whose months a month of it counts."""
        self.is_valid()
        queryset = self._no_one_unreadable(self.queryset.all())
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
        people it could not read, who match nothing, are named as they were typed."""
        self.is_valid()
        applied = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", []):
                continue
            if name == "q" and not search.parse_query(value):
                continue
            for item in value if isinstance(value, list) else [value]:
                applied.append((name, _as_text(item)))
        if "person" in self.form.errors:
            typed = self.form.fields["person"].to_python(self.form["person"].data)
            applied += [("person", value) for value in typed]
        return applied

    def described(self, applied: list[tuple[str, str]] | None = None) -> list[tuple[str, str, str]]:
        """(parameter, value, words) of each filter `applied` (by default, all of them), the words
        as a feed's title and the chips say them: "Search “climate”", "France", "Between China
        and Pakistan", "Phone call", "From 2024-01-31"."""
        applied = self.applied() if applied is None else applied
        names = {
            "country": dict(self.filters["country"].extra["choices"]()),
            "topic": dict(self.filters["topic"].extra["choices"]()),
            "kind": dict(Meeting.Kind.choices),
            "review": dict(Meeting.ReviewStatus.choices),
            "has_agreed": {"true": "With agreed points", "false": "Without agreed points"},
        }
        slugs = [value for name, value in applied if name == "person"]
        if slugs:
            names["person"] = dict(
                Person.objects.filter(slug__in=slugs).values_list("slug", "name")
            )

        def words(name: str, value: str) -> str:
            if name == "pair":
                return "Between " + " and ".join(words("country", c) for c in pair_codes(value))
            if name in names:
                known = names[name].get(value)
                if known is None:
                    return NO_SUCH.get(name, "{}").format(value)
                value = known
            return FILTER_WORDS.get(name, "{}").format(value)

        return [(name, value, words(name, value)) for name, value in applied]

    def notes(self) -> dict[str, list[str]]:
        """What the form says of values it read, by parameter: a country or topic the archive
        does not have matches nothing; a search is read otherwise than it is written."""
        notes = {
            name: [UNKNOWN_VALUES[name].format(value) for value in self.unknown(name)]
            for name in ("country", "pair", "topic")
        }
        notes["q"] = self._search_notes()
        since, until = self.cleaned("date_from"), self.cleaned("date_to")
        if since and until and since > until:
            notes["date_to"] = [DATES_REVERSED.format(since=since, until=until)]
        publisher = self.cleaned("publisher")
        if publisher and not Meeting.objects.filter(publisher__iexact=publisher).exists():
            notes["publisher"] = [UNKNOWN_PUBLISHER.format(publisher[:60])]
        return notes

    def _search_notes(self) -> list[str]:
        if not self.cleaned("q"):
            return []
        text = (self.data.get("q") or "").replace("\x00", "").strip()
        notes = [
            SHORT_PREFIX.format(
                prefix=term, word=replace(term, prefix=False), letters=search.MIN_PREFIX_CHARS
            )
            for term in search.short_prefixes(text)
        ]
        notes += [
            Information(
                OTHER_NAMES.format(term=term, names=", ".join(f"“{name}”" for name in names))
            )
            for term, names in search.other_names(text)
        ]
        if search.is_cut(text):
            query = Truncator(str(search.parse_query(text))).chars(200)
            notes.append(
                CUT_SEARCH.format(
                    chars=search.MAX_INPUT_CHARS, clauses=search.MAX_CLAUSES, query=query
                )
            )
        return notes

    @cached_property
    def said(self) -> dict[str, list[str]]:
        """What the form says of each parameter, by name: why a value was not read (it is then
        ignored), and `notes` on the values it read. The page shows them by their fields, the
        JSON list as its `warnings`."""
        self.is_valid()
        said = {name: list(errors) for name, errors in self.form.errors.items()}
        for name, notes in self.notes().items():
            if notes:
                said.setdefault(name, []).extend(notes)
        return said

    @property
    def said_elsewhere(self) -> str:
        """What the form says of parameters it has no field for, shown above its fields."""
        html = (html for name, html in self.said_html.items() if name not in self.form.fields)
        return mark_safe("".join(html))  # noqa: S308 - built by format_html

    @cached_property
    def said_html(self) -> dict[str, str]:
        """`said` as the error list under each field, whose id (`id_<name>_error`) the field
        names in its `aria-describedby`."""
        return {
            name: format_html(
                '<ul class="errorlist" id="id_{}_error">{}</ul>',
                name,
                mark_safe("".join(map(_message_item, messages))),  # noqa: S308 - format_html
            )
            for name, messages in self.said.items()
        }


def _message_item(message: str) -> str:
    if isinstance(message, Information):
        return format_html('<li class="information">{}</li>', message)
    return format_html("<li>{}</li>", message)


class MeetingFilter(ArchiveFilterSet):
    person, kind, publisher, date_from, date_to, year = _meeting_filters("")
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
    sort = _sort_filter(SORTS)

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

    def without_search(self) -> QuerySet:
        """The meetings every filter but the search box keeps (the list view runs the search
        itself, bounded to the newest matches it needs)."""
        self.is_valid()
        self._without_search = True
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self._without_search = False

    def search_scope(self) -> tuple[search.Scope, QuerySet]:
        """The chosen countries, topics and dates as a search `Scope`, and the meetings every
        other filter but the search box keeps: a search on PostgreSQL reads the former from its
        search table's own rows (see `archive.search.newest_matches`)."""
        self.is_valid()
        codes = [*(self.cleaned("country") or []), *pair_codes(self.cleaned("pair"))]
        slugs = self.cleaned("topic") or []
        ids = topic_ids(self.request) if slugs else {}
        since, until = self.cleaned("date_from"), self.cleaned("date_to")
        year = self.cleaned("year")
        if year is not None:
            since = max(since or datetime.date.min, datetime.date(year, 1, 1))
            until = min(until or datetime.date.max, datetime.date(year, 12, 31))
        scope = search.Scope(
            countries=tuple(dict.fromkeys(code.upper() for code in codes)),
            topics=tuple(ids.get(slug, 0) for slug in slugs),
            since=since,
            until=until,
        )
        queryset = self._no_one_unreadable(self.queryset.all())
        for name, value in self.form.cleaned_data.items():
            if name not in SCOPED_FILTERS:
                queryset = self.filters[name].filter(queryset, value)
        return scope, queryset

    def filter_topic(self, queryset, name, values):
        # By topic id rather than through a join on the slug: PostgreSQL then knows how many
        # meetings the topic has, and plans a search within it accordingly.
        through = Meeting.topics.through
        ids = topic_ids(self.request)
        for slug in values:
            meetings = through.objects.filter(topic_id=ids.get(slug, 0)).values("meeting_id")
            queryset = queryset.filter(pk__in=meetings)
        return queryset

    def filter_has_agreed(self, queryset, name, value):
        exists = Exists(AgreedPoint.objects.filter(meeting=OuterRef("pk")))
        return queryset.filter(exists if value else ~exists)

    @cached_property
    def search_query(self) -> search.Query:
        return search.parse_query(self.cleaned("q") or "")

    @property
    def chosen_sort(self) -> str:
        """The sort asked for, or the default: relevance with a search, newest without."""
        has_query = bool(self.search_query)
        value = self.cleaned("sort")
        if value not in SORTS or (value == "relevance" and not has_query):
            return "relevance" if has_query else "newest"
        return value


class StatementFilter(MeetingFilter):
    """The meeting list's filters, which choose the meetings whose statements are exported, and
    `speaker`: only what the given people said (any of them, as each statement has one speaker),
    where `person` keeps everything said at meetings they attended."""

    speaker = PersonFilter(label="Speakers (any of)", method="filter_speaker")

    def filter_speaker(self, queryset, name, values):
        spoken = Statement.objects.filter(speaker__person__slug__in=values).values("meeting_id")
        return queryset.filter(pk__in=spoken)

    def _no_one_unreadable(self, queryset: QuerySet) -> QuerySet:
        queryset = super()._no_one_unreadable(queryset)
        if "speaker" not in self.form.errors:
            return queryset
        return self.filter_speaker(queryset, "speaker", [""])

    @property
    def speakers(self) -> list[str] | None:
        """The address names of the speakers asked for, [""] (no one) when the form could not
        read them, None when no speaker is asked for."""
        if "speaker" in self.form.errors:
            return [""]
        return self.cleaned("speaker")


class AgreedPointFilter(ArchiveFilterSet):
    """The agreed points of the meetings the meeting list's filters keep, `q` and `topic` aside:
    those read the agreed point's own text and topics."""

    meeting_field = "meeting_id"
    search_label = "Search agreed points"

    person, kind, publisher, date_from, date_to, year = _meeting_filters("meeting__")
    sort = _sort_filter(AGREED_SORTS)

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
