"""A list's address: its page and page size, the query strings of its links, and what it says of
values it could not read."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import search

PER_PAGE_CHOICES = (10, 20, 50, 100)
DEFAULT_PER_PAGE = 20


class CountedPaginator(Paginator):
    """A paginator told its count, so a capped count ("10,000+") is not counted again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


class LazyRows:
    """What the paginator slices: each slice reads only that page's rows, `fetch(start, stop)`."""

    def __init__(self, fetch):
        self.fetch = fetch

    def __getitem__(self, bounds: slice) -> list:
        return self.fetch(bounds.start or 0, bounds.stop)


def lazy_page(request: HttpRequest, fetch, count: int) -> Page:
    """The page `request` asks for of `count` rows that `fetch(start, stop)` reads a page of."""
    paginator = CountedPaginator(LazyRows(fetch), per_page_from(request.GET), count=count)
    return paginator.get_page(page_from(request.GET))


def per_page_from(params: QueryDict) -> int:
    try:
        value = int(params.get("per_page", DEFAULT_PER_PAGE))
    except ValueError:
        return DEFAULT_PER_PAGE
    return value if value in PER_PAGE_CHOICES else DEFAULT_PER_PAGE


def link_params(params: QueryDict) -> QueryDict:
    """`params` as the list's links carry them: without a page size it does not offer (it shows
    `DEFAULT_PER_PAGE` instead), so that every link keeps the size the list shows."""
    if not per_page_error(params):
        return params
    params = params.copy()
    params.pop("per_page")
    return params


def page_from(params: QueryDict) -> str:
    """The page asked for, or "1" for a value that is no page number ("abc", "-1", "1.5", "0"):
    the paginator would give the last page for 0."""
    value = params.get("page", "1")
    return value if value.isdecimal() and len(value) < 8 and int(value) > 0 else "1"


def passage_count(
    queryset: QuerySet, params: QueryDict, cap: int | None = None
) -> tuple[int, bool]:
    """(count, exact) of filtered passages (agreed points, statements): exact up to `cap`
    (`search.COUNT_CAP` unless given), or
    to just past the page asked for when it is deeper, and above that given as a lower bound
    (`exact` False) with a page after the one asked for. Counting every statement of a country's
    meetings grows with the archive; reading down to a deep page costs that page's offset anyway."""
    deepest = int(page_from(params)) * per_page_from(params)
    cap = search.COUNT_CAP if cap is None else cap
    return search.count_capped(queryset, max(cap, deepest + 1))


def page_error(params: QueryDict) -> str:
    """What the list says of a page number it cannot read ("" when none was asked for)."""
    asked = params.get("page")
    if not asked or page_from(params) == asked:
        return ""
    return f"“{asked[:20]}” is no page number: page 1 is shown."


def query_string(params: QueryDict, **changes) -> str:
    """`params` with `changes` applied (None removes), as "?..." ("" when empty)."""
    params = params.copy()
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


def pagination(page: Page, params: QueryDict, around: int = 2) -> dict:
    """Links for the pager: first, last, a window around the current page, gaps between."""
    last = page.paginator.num_pages
    numbers = sorted(
        {1, last, *range(max(1, page.number - around), min(last, page.number + around) + 1)}
    )
    pages, previous = [], 0
    for number in numbers:
        if number - previous > 1:
            pages.append({"gap": True})
        pages.append(
            {
                "number": number,
                "url": query_string(params, page=number) or "?",
                "current": number == page.number,
            }
        )
        previous = number
    return {
        "pages": pages,
        "previous": query_string(params, page=page.number - 1) if page.has_previous() else None,
        "next": query_string(params, page=page.number + 1) if page.has_next() else None,
    }


def order_options(sorts: dict[str, str], sort: str, query, per_page: int) -> dict[str, str]:
    """The <option>s of the form's sort and page-size lists, written here: as template loops
    they cost a few nodes per option on every page."""

    def option(value, label, selected: bool) -> str:
        chosen = " selected" if selected else ""
        return f'<option value="{escape(str(value))}"{chosen}>{escape(label)}</option>'

    sort_options = "".join(
        option(
            value,
            label + (" (with a search)" if value == "relevance" and not query else ""),
            value == sort,
        )
        for value, label in sorts.items()
    )
    per_page_options = "".join(option(n, str(n), n == per_page) for n in PER_PAGE_CHOICES)
    return {
        "sort_options": mark_safe(sort_options),  # noqa: S308 - escaped above
        "per_page_options": mark_safe(per_page_options),  # noqa: S308 - escaped above
    }


def per_page_error(params: QueryDict) -> str:
    """What the form says of a page size it does not offer ("" when none was asked for)."""
    asked = params.get("per_page")
    if asked is None or per_page_from(params) == (int(asked) if asked.isdecimal() else None):
        return ""
    offered = ", ".join(str(n) for n in PER_PAGE_CHOICES)
    return f"“{asked[:20]}” per page is not offered ({offered}): {DEFAULT_PER_PAGE} are shown."


def unread_values(filterset, params: QueryDict) -> list[str]:
    """What the list says of the address's values (the filters' `said`, the page size and the
    page): those it could not read (and ignored), and notes on those it read, such as countries
    and topics the archive does not have (which match nothing). The JSON list gives them as
    `warnings`, for a script that has no form to read."""
    said = [
        f"{name}: {message}" for name, messages in filterset.said.items() for message in messages
    ]
    for name, error in (("per_page", per_page_error(params)), ("page", page_error(params))):
        if error:
            said.append(f"{name}: {error}")
    return said
