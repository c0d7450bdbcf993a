"""What a list shows of its chosen filters: removable chips, the relationship page of its two
countries, and whether its filter panel opens itself."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse
from django.utils.text import capfirst

from .. import periods, search_query
from ..filter_fields import pair_codes
from ..models import name_in_text
from .paging import per_page_error, query_string

# The chosen filters the meeting list has no facet for: they show as removable chips.
CHIP_FILTERS = ("date_from", "date_to", "publisher", "has_agreed", "review")


def filter_chips(filterset, params: QueryDict, names: tuple[str, ...] = CHIP_FILTERS) -> list[dict]:
    """Removable chips for the chosen filters of `names`, said as a feed's title says them."""
    chips = []
    chosen = [(name, value) for name, value in filterset.applied() if name in names]
    for name, value, words in filterset.described(chosen):
        rest = params.copy()
        if isinstance(filterset.cleaned(name), list):
            rest.setlist(name, [v for v in params.getlist(name) if v.strip().lower() != value])
        else:
            rest.pop(name, None)
        chips.append({"label": words, "url": query_string(rest, page=None) or "?"})
    return chips


def date_chips(filterset, params: QueryDict, names: tuple[str, ...] = CHIP_FILTERS) -> list[dict]:
    """The list's chips of `names`, a month's two dates as one chip ("April 2024") that removes
    them both."""
    period = periods.chosen_period(filterset)
    if period is None or period.month is None or filterset.cleaned("year") is not None:
        return filter_chips(filterset, params, names)
    names = tuple(name for name in names if name not in ("date_from", "date_to"))
    url = query_string(params, date_from=None, date_to=None, page=None) or "?"
    return [{"label": period.label, "url": url}, *filter_chips(filterset, params, names)]


def every_filter_chips(filterset, params: QueryDict) -> list[dict]:
    """Removable chips for a list without facets to show them (agreed points, statements): every
    chosen filter but the search, named as the meeting list's chips and facets name it (countries
    and topics by name, not by code or slug)."""
    names = (*CHIP_FILTERS, "person", "kind", "year", "country", "pair", "topic", "speaker", "side")
    return date_chips(filterset, params, names)


def meeting_list_chips(facets: dict, filterset, params: QueryDict, found: int) -> list[dict]:
    """The meeting list's chips: the values its facets show chosen, and its other filters. A list
    that finds nothing has no facet values (`pair=jp-us&year=1999`, a topic the archive does not
    have), so its chips are every chosen filter's: the filters to remove are still one click
    away."""
    if not found:
        return every_filter_chips(filterset, params)
    chosen = [
        {"label": value.label, "url": value.url}
        for facet in facets.values()
        for value in facet.values
        if value.selected
    ]
    return [*chosen, *date_chips(filterset, params)]


def relationship_of(filterset) -> dict | None:
    """The relationship page of the two countries a list is narrowed to (by `pair`, or by
    exactly two `country` values): where the two are followed year by year."""
    codes = set(pair_codes(filterset.cleaned("pair"))) | set(filterset.cleaned("country") or [])
    if len(codes) != 2:
        return None
    names = dict(filterset.filters["country"].extra["choices"]())
    if not codes <= names.keys():
        return None
    first, second = sorted(codes)
    # Named as a sentence names them ("the Netherlands and China"), as the chips do.
    label = f"{name_in_text(names[first])} and {name_in_text(names[second])}"
    return {
        "url": reverse("archive:relationship", kwargs={"a": first, "b": second}),
        "label": capfirst(label),
    }


def searched_words(filterset) -> str:
    """The list's search in the result summary's words (`search_query.described`), for its
    <title>: a search too common to search too, which lists nothing; "" without a search."""
    typed = [value for name, value in filterset.applied() if name == "q"]
    return search_query.described(search_query.parse_query(typed[0])) if typed else ""


def narrowed_by_filters(filterset) -> bool:
    """Whether a filter besides the search box narrows the list (a country it does not have too,
    which leaves nothing)."""
    return any(name != "q" for name, _ in filterset.applied())


def filters_need_attention(filterset, params: QueryDict) -> bool:
    # Chosen filters show as removable chips; the panel opens itself only to show an error (the
    # search box's show above it).
    return any(name != "q" for name in filterset.said) or bool(per_page_error(params))
