"""The meeting list: its page, with the search form, the facets and the way through time.

Every state of a list is its query string, so any view of the archive is a bookmarkable address and
its export is the same address with `.csv` or `.json` (`list_exports`, `statements`); the
agreed-points browser (`agreed`) reads the same parameters. The number of queries per page is
fixed: counts, page rows, three prefetches, five facets, snippets; never one per row.
"""

from __future__ import annotations

from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from .. import feeds, periods, search, search_query
from ..aggregate_cache import cached_aggregate, request_state
from ..facet_rows import archive_years
from ..facets import meeting_facets, year_histogram
from ..filters import SORTS, MeetingFilter
from ..models import Meeting
from . import meeting_results
from .chips import (
    filters_need_attention,
    meeting_list_chips,
    narrowed_by_filters,
    relationship_of,
    searched_words,
)
from .meeting_results import CanonicalFiltersMixin, MeetingResults, address_key
from .paging import (
    PER_PAGE_CHOICES,
    order_options,
    page_error,
    pagination,
    per_page_error,
    per_page_from,
    query_string,
)


class MeetingListView(CanonicalFiltersMixin, TemplateView):
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
            query_words=search_query.described(results.query),
            searched=searched_words(results.filterset),
            too_common=results.filterset.search_too_common,
            filtered=narrowed_by_filters(results.filterset),
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
            chosen=meeting_list_chips(facets, results.filterset, params, results.counted[0]),
            per_page=page.paginator.per_page,
            per_page_choices=PER_PAGE_CHOICES,
            page_error=page_error(params),
            respelt=results.respelt(),
            other_script=results.other_script(),
            exports=export_links(params, "meeting"),
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
                "filter_open": filters_need_attention(results.filterset, request.GET),
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
    window = meeting_results.FACET_WINDOW
    key = f"sidebar:{window}:{results.address_key}"

    def compute() -> tuple[dict, str]:
        facets = meeting_facets(
            results.facet_scope(), results.params, state=state, tallied=results.facet_links()
        )
        html = render_to_string(
            "archive/includes/_facets.html",
            {
                "facets": list(facets.values()),
                "histogram": year_histogram(facets["year"]),
                "facets_sampled": results.facets_sampled,
                "facet_window": window,
            },
        )
        return facets, html

    return cached_aggregate(key, compute, state)


def export_links(params: QueryDict, kind: str) -> dict[str, str]:
    rest = query_string(params, page=None, per_page=None)
    excel = query_string(params, page=None, per_page=None, excel="1")
    links = {
        "csv": reverse(f"archive:{kind}-export-csv") + rest,
        "csv_excel": reverse(f"archive:{kind}-export-csv") + excel,
        "json": reverse(f"archive:{kind}-export-json") + query_string(params),
    }
    if kind == "meeting":
        links["statements_page"] = reverse("archive:statement-list") + rest
        links["statements_csv"] = reverse("archive:statement-export-csv") + rest
        links["statements_csv_excel"] = reverse("archive:statement-export-csv") + excel
        links["statements_json"] = reverse("archive:statement-export-json") + rest
        links["atom"] = reverse("archive:feed-list") + query_string(
            params, **dict.fromkeys(feeds.NOT_FILTERS)
        )
    return links
