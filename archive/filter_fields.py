"""The values the list filters read, and how: the form fields behind `archive.filters`, and the
filters the lists share, built from them (`meeting_filters`, `sort_filter`).

Each field forgives what it can: a list keeps the values it can read, a date is YYYY-MM-DD only,
"yes" is no answer to true or false. A pair of countries may be typed as codes or names
("China-Pakistan"), a person as an address name or a name ("Wang Yi", "Lavrov"): each is read as
what it names, or the form says why it cannot be.
"""

from __future__ import annotations

import re

import django_filters
from django import forms

from . import search_query
from .letters import plain_slug
from .models import Country, Meeting, Person, PersonRedirect
from .parsing.countries import country_name, lookup_country
from .parsing.country_data import BY_OFFICE
from .people import name_key, name_variants, surname_tokens

MAX_VALUES = 10
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,219}$")
COUNTRY_CODE = re.compile(r"^[a-z]{2}$")
_PAIR = re.compile(r"^([a-z]{2})-([a-z]{2})$")


class ValueListField(forms.MultipleChoiceField):
    """Several values from a repeated parameter; any value is accepted, cleaned to `pattern`.

    The choices only fill the widget: values outside them pass through (and then match nothing),
    so one unknown code never makes the whole filter disappear.
    """

    def __init__(self, *args, pattern: re.Pattern = _SLUG, **kwargs):
        self.pattern = pattern
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        cleaned = []
        for item in values[: MAX_VALUES * 2]:
            item = str(item).strip().lower()
            if self.pattern.match(item) and item not in cleaned:
                cleaned.append(item)
        return cleaned[:MAX_VALUES]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class ValueListFilter(django_filters.MultipleChoiceFilter):
    field_class = ValueListField

    def __init__(self, *args, pattern: re.Pattern = _SLUG, **kwargs):
        super().__init__(*args, pattern=pattern, **kwargs)


class LenientCharField(forms.CharField):
    """Text of any length: cut rather than refused (the search parser caps it further)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\x00", "")[: search_query.MAX_INPUT_CHARS] if value else value

    def validate(self, value):
        super().validate(value)
        if search_query.only_excludes(value):
            raise forms.ValidationError(
                "“%(value)s” only excludes: add a word to look for, e.g. “talks %(value)s”.",
                params={"value": value.strip()[:60]},
                code="only-excludes",
            )
        if search_query.too_common(value):
            raise forms.ValidationError(
                "“%(value)s” is too common to search: nearly every readout has such words."
                ' Add a rarer word, or put a phrase in quotes, e.g. "the Belt and Road".',
                params={"value": value.strip()[:60]},
                code="too-common",
            )


class SearchTextFilter(django_filters.CharFilter):
    field_class = LenientCharField


class IsoDateField(forms.DateField):
    """A date written YYYY-MM-DD, as a date input sends it: "05/01/2024" could be May or January,
    and is not read as either."""

    input_formats = ["%Y-%m-%d"]

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            # The message repeats the value: a date input cannot show one it cannot read.
            raise forms.ValidationError(
                "“%(value)s” is not a date: write it YYYY-MM-DD, e.g. 2024-05-31.",
                params={"value": str(value).strip()[:30]},
                code="invalid",
            ) from None


class IsoDateFilter(django_filters.DateFilter):
    field_class = IsoDateField


class TrueFalseField(forms.NullBooleanField):
    """ "true" or "false", as the form's list sends them (any case; also 1 and 0), or nothing;
    another value is ignored, and the form says so."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        read = super().to_python(value.lower() if isinstance(value, str) else value)
        if read is None:
            raise forms.ValidationError(
                "“%(value)s” is neither true nor false: meetings with and without agreed points"
                " are shown.",
                params={"value": str(value)[:30]},
                code="invalid",
            )
        return read


class TrueFalseFilter(django_filters.BooleanFilter):
    field_class = TrueFalseField


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


def pair_codes(value: str | None) -> list[str]:
    """["cn", "pk"] for "cn-pk" (either order, any case); [] for anything else."""
    match = _PAIR.match((value or "").strip().lower())
    if not match or match.group(1) == match.group(2):
        return []
    return [match.group(1), match.group(2)]


# Where a pair of countries typed as words may split: "Japan-US", "China / Pakistan", "cn pk".
_PAIR_SEPARATOR = re.compile(r"\s*(?:[-–—/,&+]|\band\b)\s*|\s+")


def read_pair(value: str) -> str | None:
    """ "cn-pk" for what a researcher may type for two countries ("cn-pk", "PK CN", "Japan-US",
    "Pakistan and China", "Guinea-Bissau/Senegal"), or None when it names no two countries. The
    codes in alphabetical order, as the relationship page's address has them."""
    value = value.strip()
    codes = pair_codes(value)
    if codes and all(country_name(code.upper()) for code in codes):
        return _in_order(*codes)
    for sep in _PAIR_SEPARATOR.finditer(value):
        if sep.start() == 0 or sep.end() == len(value):
            continue
        first, second = _country_code(value[: sep.start()]), _country_code(value[sep.end() :])
        if first and second and first != second:
            return _in_order(first, second)
    # Two codes the archive does not know ("zz-yy") are kept: they match nothing.
    return _in_order(*codes) if codes else None


def _in_order(first: str, second: str) -> str:
    return "-".join(sorted((first.lower(), second.lower())))


def _country_code(text: str) -> str | None:
    """The code of a country typed as its code ("us", "CN") or its name ("Japan")."""
    text = text.strip()
    if len(text) == 2 and text.isalpha() and country_name(text.upper()):
        return text.upper()
    # "jordan", "georgia": names the parser reads only capitalised, as they are also words.
    code = lookup_country(text) or lookup_country(text.title())
    # "United Nations": a party the parser knows by its officers' offices, never by its name.
    return code or _BY_OFFICE.get(text.lower().removeprefix("the "))


_BY_OFFICE = {name.lower(): code for code, name in BY_OFFICE}


class PairField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        pair = read_pair(value)
        if pair is None:
            raise forms.ValidationError(
                "“%(value)s” is not two countries: write their codes or names, e.g. cn-pk or"
                " China-Pakistan.",
                params={"value": value[:60]},
                code="pair",
            )
        return pair


class PairFilter(django_filters.CharFilter):
    field_class = PairField


class PersonField(forms.Field):
    """People by their address name ("wang-yi-cn") or their name ("Wang Yi"), as a facet link
    repeats the parameter or a researcher types them, several separated by spaces or commas; each
    is read as the one person it names, or the form says why it cannot be."""

    widget = forms.MultipleHiddenInput  # every `person` parameter, not only the last

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        return [str(v).strip()[:200] for v in values[:MAX_VALUES] if str(v).strip()]

    def clean(self, value):
        slugs: list[str] = []
        for raw in self.to_python(value):
            for slug in person_slugs(raw):
                if slug not in slugs:
                    slugs.append(slug)
        return slugs[:MAX_VALUES]


class PersonFilter(django_filters.Filter):
    field_class = PersonField


def person_slugs(raw: str) -> list[str]:
    """The address names of the people `raw` names: an address name, a name, or several address
    names separated by spaces or commas. Raises ValidationError naming the problem."""
    known = set(Person.objects.filter(slug=raw.lower()).values_list("slug", flat=True))
    if known:
        return [raw.lower()]
    moved = PersonRedirect.objects.filter(slug=raw.lower()).values_list("person__slug", flat=True)
    if moved:
        return list(moved)  # a merged record's address: the person it became
    found = _person_named(raw)
    if len(found) == 1:
        return found
    parts = [part for part in re.split(r"[\s,]+", raw.lower()) if part]
    if len(parts) > 1:
        known = set(Person.objects.filter(slug__in=parts).values_list("slug", flat=True))
        if known == set(parts):
            return list(dict.fromkeys(parts))
    if found:
        raise forms.ValidationError(
            "“%(value)s” could be several people: %(people)s.",
            params={"value": raw[:60], "people": ", ".join(found[:5])},
            code="person",
        )
    raise forms.ValidationError(
        "No one in the archive is called “%(value)s”.", params={"value": raw[:60]}, code="person"
    )


def _person_named(raw: str) -> list[str]:
    """Address names of the people whose name is `raw`, or whose address name starts with it and
    then gives only their country ("wang-yi" for "wang-yi-cn"), else of those one of whose names
    is a spelling of it (`_people_called`)."""
    named = list(Person.objects.filter(name__iexact=raw).values_list("slug", flat=True)[:6])
    if named:
        return named
    stem = plain_slug(raw)
    if not stem:
        return []
    slugs = [f"{stem}-{code.lower()}" for code in Country.objects.values_list("code", flat=True)]
    named = list(Person.objects.filter(slug__in=slugs).values_list("slug", flat=True)[:6])
    return named or _people_called(raw)


# People read to find a name among their spellings and aliases, at most.
_CALLED_CANDIDATES = 500


def _people_called(raw: str) -> list[str]:
    """People known by a spelling of `raw`, as the importer links names (`archive.people`): an
    alias ("Joe Biden"), other accents or letters ("Radoslaw Sikorski"), or their surname alone
    ("Lavrov"). The candidates are those whose address name holds the last word of `raw`."""
    key = name_key(raw)
    if not key:
        return []
    last = plain_slug(key.split()[-1])
    if len(last) < 2:
        return []
    candidates = Person.objects.filter(slug__contains=last).only("slug", "name", "aliases")
    variants = name_variants(key)
    named, bearers = [], []
    for person in candidates.order_by("slug")[:_CALLED_CANDIDATES]:
        keys = [name_key(name) for name in person.all_names()]
        if any(name_variants(k) & variants for k in keys if k):
            named.append(person.slug)
        elif " " not in key and any(key in surname_tokens(k) for k in keys if k):
            bearers.append(person.slug)
    return (named or bearers)[:6]


def _year_bounds() -> dict:
    return {"min_value": 1900, "max_value": 2100}


def meeting_filters(prefix: str) -> tuple[django_filters.Filter, ...]:
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


def sort_filter(choices: dict[str, str]) -> django_filters.ChoiceFilter:
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
