"""The meeting list, the agreed-points browser and their exports (CSV, JSON).

Every state of a list is its query string, so any view of the archive is a bookmarkable address and
its export is the same address with `.csv` or `.json`. The number of queries per page is fixed:
counts, page rows, three prefetches, five facets, snippets; never one per row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, QuerySet
from django.http import (
    HttpRequest,
    HttpResponseRedirect,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView

from .. import exports, feeds, periods, search, suggestions, tally
from ..facets import (
    archive_years,
    cached_aggregate,
    meeting_facets,
    request_state,
    year_histogram,
)
from ..filters import AGREED_SORTS, SORTS, AgreedPointFilter, MeetingFilter, pair_codes
from ..models import AgreedPoint, Meeting
from .rows import Row, meeting_rows

PER_PAGE_CHOICES = (10, 20, 50, 100)
NEWEST = (F("held_on").desc(nulls_last=True), "-id")
DEFAULT_PER_PAGE = 20
# Facets of a search matching more meetings count its newest ones only, and say so.
FACET_WINDOW = 1_000


class CountedPaginator(Paginator):
    """A paginator told its count, so a capped count ("10,000+") is not counted again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


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


def passage_count(queryset: QuerySet, params: QueryDict) -> tuple[int, bool]:
    """(count, exact) of filtered passages (agreed points, statements): exact up to COUNT_CAP, or
    to just past the page asked for when it is deeper, and above that given as a lower bound
    (`exact` False) with a page after the one asked for. Counting every statement of a country's
    meetings grows with the archive; reading down to a deep page costs that page's offset anyway."""
    deepest = int(page_from(params)) * per_page_from(params)
    return search.count_capped(queryset, max(search.COUNT_CAP, deepest + 1))


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


def agreed_point_chips(filterset, params: QueryDict) -> list[dict]:
    """Removable chips for the agreed-points browser, which has no facets: every chosen filter
    but the search, named as the meeting list's chips and facets name it (countries and topics
    by name, not by code or slug)."""
    names = (*CHIP_FILTERS, "person", "kind", "year", "country", "pair", "topic")
    return date_chips(filterset, params, names)


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
    return {
        "url": reverse("archive:relationship", kwargs={"a": first, "b": second}),
        "label": f"{names[first]} and {names[second]}",
    }


def _filtered(filterset) -> bool:
    """Whether a filter besides the search box narrows the list (a country it does not have too,
    which leaves nothing)."""
    return any(name != "q" for name, _ in filterset.applied())


def _filters_need_attention(filterset, params: QueryDict) -> bool:
    # Chosen filters show as removable chips; the panel opens itself only to show an error (the
    # search box's show above it).
    return any(name != "q" for name in filterset.said) or bool(per_page_error(params))


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


@dataclass
class MeetingResults:
    """A filtered meeting list: what the page, the CSV and the JSON of one address share."""

    request: HttpRequest
    # The statements' exports read one more parameter (`StatementFilter`).
    filterset_class: type[MeetingFilter] = MeetingFilter

    @cached_property
    def filterset(self) -> MeetingFilter:
        return filterset_for(self.request, self.filterset_class, Meeting)

    @cached_property
    def query(self) -> search.Query:
        return self.filterset.search_query

    @cached_property
    def params(self) -> QueryDict:
        """The address's parameters as the list's links carry them (`link_params`)."""
        return link_params(self.request.GET)

    @cached_property
    def unsearched(self) -> QuerySet:
        """The meetings the other filters keep: what a search looks in."""
        return self.filterset.without_search().order_by()

    @cached_property
    def filtered(self) -> QuerySet:
        """The filtered meetings, unordered; safe to nest in counts and facets."""
        return search.match_meetings(self.unsearched, self.query)

    def respelt(self) -> dict[str, str] | None:
        """A search that found nothing with a misspelt name respelt ("Lavorv" as "Lavrov"),
        and the list's address with it, when that finds meetings (`archive.suggestions`)."""
        text = self.filterset.cleaned("q")
        if not self.query or not text or self.counted[0]:
            return None
        known = suggestions.names(request_state(self.request))
        better = suggestions.respelt(text, known)
        if better is None or not search.match_meetings(self.unsearched, better).exists():
            return None
        return {"text": better, "url": query_string(self.params, q=better, page=None)}

    @property
    def window_size(self) -> int:
        return max(search.rank_window(), FACET_WINDOW)

    @cached_property
    def estimate(self) -> int | None:
        """The planner's estimate of a search's matches (PostgreSQL), which sizes the look for
        its newest matches and spares counting a word in a large share of the archive."""
        if not self.query or connection.vendor != "postgresql":
            return None
        return search.estimated_rows(self.filtered)

    @property
    def uncountable(self) -> bool:
        """Whether the search alone (no other filter) matches, by the planner's statistics, three
        times as many meetings as the count cap: the list then says "10,000+" without visiting
        them all to confirm it, and reads only its newest matches."""
        searched_only = not self.unsearched.query.where
        return searched_only and bool(self.estimate) and self.estimate >= 3 * search.COUNT_CAP

    @cached_property
    def newest(self) -> tuple[list[int], bool] | None:
        """With a search, the ids of its newest matches, read once, and whether they are all of
        them (up to COUNT_CAP + 1). A search too common to count reads as many as the ranking
        and the facets use, plus one, looking among the newest meetings first (PostgreSQL);
        any other reads every match up to COUNT_CAP + 1, which costs what counting them would
        and counts them too."""
        if not self.query:
            return None
        stop = self.window_size + 1
        narrowed = self.uncountable and search.narrowing_position(self.estimate, stop)
        if not narrowed:
            stop = search.COUNT_CAP + 1
        ids = self._newest_matches(stop)
        return ids, not narrowed or len(ids) < stop

    def _newest_matches(self, stop: int, start: int = 0) -> list[int]:
        if search.scoped_search():
            scope, others = self.filterset.search_scope()
            return search.newest_matches(
                others, self.query, stop, start, estimate=self.estimate, scope=scope
            )
        return search.newest_matches(self.unsearched, self.query, stop, start)

    @property
    def window_ids(self) -> list[int] | None:
        """The newest matches the ranking and the facets use (one more, to tell a larger
        result)."""
        return None if self.newest is None else self.newest[0][: self.window_size + 1]

    @cached_property
    def counted(self) -> tuple[int, bool]:
        if self.query:
            ids, complete = self.newest
            if complete:
                found = len(ids)
                return (search.COUNT_CAP, False) if found > search.COUNT_CAP else (found, True)
            return search.COUNT_CAP, False
        if not self.filtered.query.where:
            state = request_state(self.request)
            return cached_aggregate("meetings:count", self.filtered.count, state), True
        return self.filtered.count(), True

    @property
    def sort(self) -> str:
        return self.filterset.chosen_sort

    @property
    def facets_sampled(self) -> bool:
        """Only a search's facets are sampled (its FACET_WINDOW newest matches when it has more):
        a list without one has its whole-archive facets cached, or filters narrow it through
        indexes."""
        count, exact = self.counted
        return self.window_ids is not None and (not exact or count > FACET_WINDOW)

    @cached_property
    def address_key(self) -> str:
        return address_key(self.request, self.filterset)

    def period_scope(self) -> tuple[QuerySet, bool]:
        """What the months of a year count (what the facets count), and whether it is sampled."""
        return self.facet_scope(), self.facets_sampled

    def facet_scope(self) -> QuerySet:
        """What the facets count: the result, or its newest matches when it is larger (grouping
        the participants of every meeting holding a word in half the archive costs more than the
        page's budget)."""
        if self.window_ids is not None:
            return search.meetings_with_ids(self.window_ids[:FACET_WINDOW])
        return self.filtered

    def ordered(self) -> QuerySet:
        """The whole result in the chosen order (exports): a search's newest matches ranked
        first, the others after them by date, as the pages show them."""
        if self.sort == "relevance":
            return search.rank_meetings(
                self.filtered, self.query, window=True, window_ids=self.window_ids
            )
        if self.sort == "oldest":
            return self.filtered.order_by(F("held_on").asc(nulls_last=True), "id")
        if self.sort == "title":
            # "Albares ..." before "AUC Chairperson ...", "Tánaiste ..." before "Trilateral ...".
            return self.filtered.order_by("title_key", "id")
        return self.filtered.order_by(*NEWEST)

    @cached_property
    def ranked_window(self) -> list[int]:
        return search.ranked_ids(self.window_ids[: search.rank_window()], self.query)

    def page_ids(self, start: int, stop: int) -> list[int]:
        """The ids at positions [start, stop) of the chosen order, read as ids only (an index-only
        scan for the date order) so that a deep page does not fetch the rows it skips."""
        if self.sort == "relevance":
            ranked = self.ranked_window
            ids = ranked[start:stop]
            count, exact = self.counted
            if len(ids) < stop - start and (not exact or count > len(ranked)):
                # Past the ranked window the matches follow by date, and the window holds the
                # newest ones: the rest of the date order continues where it ends.
                ids += self._newest_slice(max(start, len(ranked)), stop)
            return ids
        if self.sort == "newest" and self.query:
            return self._newest_slice(start, stop)
        return list(self.ordered().values_list("pk", flat=True)[start:stop])

    def _newest_slice(self, start: int, stop: int) -> list[int]:
        ids, complete = self.newest
        if complete or stop <= len(ids):
            return ids[start:stop]
        return self._newest_matches(stop, start)

    def rows(self, start: int, stop: int) -> list[Row]:
        """The rows of the meetings at [start, stop), cached per archive state, meetings and
        search: the order and the count are found again on every visit, but a page shown
        before (paging back, coming back to a result) reads no rows and makes no snippets."""
        ids = self.page_ids(start, stop)
        state = request_state(self.request)

        def compute() -> list[Row]:
            if self.query and search.snippets_from_texts():
                # The snippets are made from the source texts read with the rows.
                return meeting_rows(
                    ids,
                    snippets_of=lambda texts: search.highlight(ids, self.query, texts),
                    state=state,
                )
            return meeting_rows(ids, search.highlight(ids, self.query), state=state)

        shown = hashlib.sha256(f"{self.query!r}:{ids}".encode()).hexdigest()
        return cached_aggregate(f"rows:{shown}", compute, state)

    def page(self) -> Page:
        """The page asked for, its rows as `Row`s (plain values and links)."""
        paginator = CountedPaginator(
            _Rows(self.rows), per_page_from(self.request.GET), count=self.counted[0]
        )
        return paginator.get_page(page_from(self.request.GET))


def address_key(request: HttpRequest, filterset) -> str:
    """The address for the caches of a list's sidebar and form: the query string without the
    page (sorted, hashed), and whether a curator asks (curators may filter by review status; what
    they are shown is kept apart from the public's)."""
    params = request.GET
    address = sorted((k, v) for k, values in params.lists() if k != "page" for v in values)
    curator = "review" in filterset.filters
    return f"{curator:d}:" + hashlib.sha256(urlencode(address).encode()).hexdigest()


class _Rows:
    """What the paginator slices: each slice reads only that page's rows."""

    def __init__(self, fetch):
        self.fetch = fetch

    def __getitem__(self, bounds: slice) -> list[Row]:
        return self.fetch(bounds.start or 0, bounds.stop)


def filterset_for(request: HttpRequest, cls: type, model: type):
    """One filterset of a class per request: the canonical-address check and the list read the
    same one, so a person typed by name is looked up once."""
    made = request.__dict__.setdefault("_filtersets", {})
    if cls not in made:
        made[cls] = cls(request.GET, queryset=model.objects.all(), request=request)
    return made[cls]


class _CanonicalFilters:
    """A list typed into by hand ("pair=China-Pakistan", "person=Wang Yi") redirects to the same
    list at its canonical address ("pair=cn-pk", "person=wang-yi-cn"), which the facets, the
    chips, the exports and the links shared afterwards all read."""

    filterset_class: type
    model: type

    def get(self, request, *args, **kwargs):
        filterset = filterset_for(request, self.filterset_class, self.model)
        canonical = canonical_filters(filterset, request.GET)
        if canonical is not None:
            return HttpResponseRedirect(request.path + query_string(canonical))
        return super().get(request, *args, **kwargs)


def canonical_filters(filterset, params: QueryDict) -> QueryDict | None:
    """`params` with a typed pair of countries and typed people in their canonical form, or None
    when they are in it already (or cannot be read: the form then says why)."""
    filterset.is_valid()
    data = filterset.form.cleaned_data
    changed = params.copy()
    if data.get("pair") and params.get("pair") != data["pair"]:
        changed["pair"] = data["pair"]
    if "person" in data and params.getlist("person") != data["person"]:
        changed.setlist("person", data["person"])
    return None if changed == params else changed


class MeetingListView(_CanonicalFilters, TemplateView):
    template_name = "archive/meeting_list.html"
    filterset_class = MeetingFilter
    model = Meeting

    def get_context_data(self, **kwargs):
        results = MeetingResults(self.request)
        params = results.params
        page = results.page()
        facets, facets_html = facet_sidebar(results)
        return super().get_context_data(
            filter=results.filterset,
            query=results.query,
            filtered=_filtered(results.filterset),
            sort=results.sort,
            sorts=SORTS,
            page_obj=page,
            pagination=pagination(page, params),
            count=results.counted[0],
            count_exact=results.counted[1],
            rank_window=search.rank_window(),
            facets=list(facets.values()),
            facets_html=facets_html,
            search_form=search_form(results),
            period_html=period_navigation(results),
            chosen=[
                *(
                    {"label": v.label, "url": v.url}
                    for f in facets.values()
                    for v in f.values
                    if v.selected
                ),
                *date_chips(results.filterset, params),
            ],
            per_page=page.paginator.per_page,
            per_page_choices=PER_PAGE_CHOICES,
            page_error=page_error(params),
            respelt=results.respelt(),
            exports=_export_links(params, "meeting"),
            relationship=relationship_of(results.filterset),
            **kwargs,
        )


def search_form(results: MeetingResults) -> str:
    """The list's search form as HTML, cached per archive state and address like its sidebar:
    it shows only what the address asks for (the values, their errors, the chosen options) and
    the country and topic lists of the archive state, and it is most of a page's template nodes."""
    request = results.request

    def compute() -> str:
        return render_to_string(
            "archive/includes/_search_form.html",
            {
                "filter": results.filterset,
                "filter_open": _filters_need_attention(results.filterset, request.GET),
                "per_page_error": per_page_error(request.GET),
                "search_label": "Search readouts",
                "form_action": request.path,
                **order_options(SORTS, results.sort, results.query, per_page_from(request.GET)),
            },
        )

    key = f"search-form:{request.path}:{results.address_key}"
    return cached_aggregate(key, compute, request_state(request))


def period_navigation(results, counted: periods.Counted = periods.MEETINGS) -> str:
    """The list's way through time when it is narrowed to a year or a month (`archive.periods`):
    the periods either side and the months of its year, as HTML cached per archive state and
    address like its sidebar ("" for any other list)."""
    state = request_state(results.request)

    def whole_archive():
        # The unfiltered list's year facet counts meetings: no agreed points by year.
        return archive_years(state) if counted is periods.MEETINGS else None

    def compute() -> str:
        nav = periods.navigation(results, whole_archive, counted)
        if nav is None:
            return ""
        return render_to_string("archive/includes/_period_nav.html", nav)

    key = f"period:{counted.column}:{address_key(results.request, results.filterset)}"
    html = cached_aggregate(key, compute, state)
    return mark_safe(html)  # noqa: S308 - rendered by a template


def facet_sidebar(results: MeetingResults) -> tuple[dict, str]:
    """The facets of a list and their sidebar's HTML, cached per archive state and address (its
    query string without the page): paging through a result, or coming back to it, counts and
    draws them once."""
    request = results.request
    state = request_state(request)
    key = f"sidebar:{FACET_WINDOW}:{results.address_key}"

    def compute() -> tuple[dict, str]:
        facets = meeting_facets(results.facet_scope(), results.params, state=state)
        html = render_to_string(
            "archive/includes/_facets.html",
            {
                "facets": list(facets.values()),
                "histogram": year_histogram(facets["year"]),
                "facets_sampled": results.facets_sampled,
                "facet_window": FACET_WINDOW,
            },
        )
        return facets, html

    return cached_aggregate(key, compute, state)


def _export_links(params: QueryDict, kind: str) -> dict[str, str]:
    rest = query_string(params, page=None, per_page=None)
    links = {
        "csv": reverse(f"archive:{kind}-export-csv") + rest,
        "json": reverse(f"archive:{kind}-export-json") + query_string(params),
    }
    if kind == "meeting":
        links["statements_csv"] = reverse("archive:statement-export-csv") + rest
        links["statements_json"] = reverse("archive:statement-export-json") + rest
        links["atom"] = reverse("archive:feed-list") + query_string(
            params, **dict.fromkeys(feeds.NOT_FILTERS)
        )
    return links


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


class ExportCSVView(View):
    """A filtered list, whole and in its order, as a streamed CSV file named after its filters."""

    results_class: type
    csv_lines: Callable[[QuerySet, str], Iterator[str]]  # a staticmethod of `exports`
    file_kind: str

    def get(self, request):
        results = self.results_class(request)
        response = StreamingHttpResponse(
            self.csv_lines(results.ordered(), _base_url(request)),
            content_type="text/csv; charset=utf-8",
        )
        name = exports.file_name(self.file_kind, results.filterset.applied())
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class MeetingExportCSVView(ExportCSVView):
    results_class = MeetingResults
    csv_lines = staticmethod(exports.meeting_csv_lines)
    file_kind = "meetings"


def _json_page(
    request: HttpRequest, results, page: Page, records: list[dict], url_name: str
) -> JsonResponse:
    """A page of a filtered list in JSON: its records, paging information and the warnings."""
    url = reverse(url_name)

    def url_for_page(number: int) -> str:
        return request.build_absolute_uri(url + query_string(results.params, page=number))

    body = exports.page_envelope(
        page, records, count_exact=results.counted[1], url_for_page=url_for_page
    )
    body["warnings"] = unread_values(results.filterset, request.GET)
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


class MeetingExportJSONView(View):
    """A page of the filtered list as interchange records, with paging information."""

    def get(self, request):
        from ..interchange import records_for_meetings

        results = MeetingResults(request)
        page = results.page()
        order = [m.pk for m in page.object_list]
        records = {r["slug"]: r for r in records_for_meetings(Meeting.objects.filter(pk__in=order))}
        slugs = [m.slug for m in page.object_list]
        found = [records[slug] for slug in slugs if slug in records]
        return _json_page(request, results, page, found, "archive:meeting-export-json")


class MeetingJSONView(View):
    def get(self, request, slug):
        from ..interchange import meeting_to_record, meetings_with_related

        meeting = meetings_with_related(Meeting.objects.all()).filter(slug=slug).first()
        if meeting is None:
            # A script asked for JSON: it gets JSON, not the site's HTML error page.
            return JsonResponse({"error": f"No meeting has the slug '{slug}'."}, status=404)
        return JsonResponse(meeting_to_record(meeting), json_dumps_params={"ensure_ascii": False})


def by_meeting_date(queryset: QuerySet, *, oldest: bool = False) -> QuerySet:
    """Passages of meetings (agreed points, statements) by their meeting's date, newest first
    (or oldest), undated meetings last, each meeting's in reading order."""
    if oldest:
        return queryset.order_by(
            F("meeting__held_on").asc(nulls_last=True), "meeting_id", "position"
        )
    return queryset.order_by(F("meeting__held_on").desc(nulls_last=True), "-meeting_id", "position")


@dataclass
class AgreedPointResults:
    request: HttpRequest

    @cached_property
    def filterset(self) -> AgreedPointFilter:
        return filterset_for(self.request, AgreedPointFilter, AgreedPoint)

    @cached_property
    def params(self) -> QueryDict:
        return link_params(self.request.GET)

    @cached_property
    def query(self) -> search.Query:
        return search.parse_query(self.filterset.cleaned("q") or "")

    @cached_property
    def filtered(self) -> QuerySet:
        return self.filterset.qs.order_by()

    @cached_property
    def counted(self) -> tuple[int, bool]:
        if not self.filterset.applied():
            return tally.totals()["agreed_points"], True
        return passage_count(self.filtered, self.request.GET)

    def ordered(self) -> QuerySet:
        return by_meeting_date(self.filtered, oldest=self.filterset.chosen_sort == "oldest")

    def period_scope(self) -> tuple[QuerySet, bool]:
        """What the months of a year count: the whole result."""
        return self.filtered, False

    def page(self) -> Page:
        rows = exports.agreed_points_for_export(self.ordered())
        paginator = CountedPaginator(rows, per_page_from(self.request.GET), count=self.counted[0])
        return paginator.get_page(page_from(self.request.GET))


class AgreedPointListView(_CanonicalFilters, TemplateView):
    template_name = "archive/agreedpoint_list.html"
    filterset_class = AgreedPointFilter
    model = AgreedPoint

    def get_context_data(self, **kwargs):
        results = AgreedPointResults(self.request)
        params = self.request.GET
        page = results.page()
        highlights = search.highlight_agreed_points(page.object_list, results.query)
        for point in page.object_list:
            point.highlighted = highlights.get(point.pk, "")
        return super().get_context_data(
            filter=results.filterset,
            filter_open=_filters_need_attention(results.filterset, params),
            per_page_error=per_page_error(params),
            chosen=agreed_point_chips(results.filterset, results.params),
            query=results.query,
            filtered=_filtered(results.filterset),
            sort=results.filterset.chosen_sort,
            sorts=AGREED_SORTS,
            page_obj=page,
            pagination=pagination(page, results.params),
            count=results.counted[0],
            count_exact=results.counted[1],
            per_page=page.paginator.per_page,
            per_page_choices=PER_PAGE_CHOICES,
            page_error=page_error(params),
            **order_options(
                AGREED_SORTS,
                results.filterset.chosen_sort,
                results.query,
                page.paginator.per_page,
            ),
            exports=_export_links(results.params, "agreed-point"),
            period_html=period_navigation(results, periods.AGREED_POINTS),
            relationship=relationship_of(results.filterset),
            **kwargs,
        )


class PassageExportJSONView(View):
    """A page of filtered passages (agreed points, statements), each with its meeting, and
    paging information."""

    results_class: type
    record: Callable[[Any, str], dict]  # a staticmethod of `exports`
    url_name: str

    def get(self, request):
        results = self.results_class(request)
        page = results.page()
        base_url = _base_url(request)
        records = [self.record(passage, base_url) for passage in page.object_list]
        return _json_page(request, results, page, records, self.url_name)


class AgreedPointExportJSONView(PassageExportJSONView):
    results_class = AgreedPointResults
    record = staticmethod(exports.agreed_point_record)
    url_name = "archive:agreed-point-export-json"


class AgreedPointExportCSVView(ExportCSVView):
    results_class = AgreedPointResults
    csv_lines = staticmethod(exports.agreed_point_csv_lines)
    file_kind = "agreed-points"
