"""The agreed-points browser and its exports: the agreed points of the meetings the meeting list's
filters keep, each read by its own text and topics."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page
from django.db.models import F, QuerySet
from django.http import HttpRequest, QueryDict
from django.views.generic import TemplateView

from .. import exports, periods, search, tally
from ..filters import AGREED_SORTS, AgreedPointFilter
from ..models import AgreedPoint
from .chips import agreed_point_chips, filters_need_attention, narrowed_by_filters, relationship_of
from .list_exports import ExportCSVView, PassageExportJSONView
from .lists import export_links, period_navigation
from .meeting_results import CanonicalFiltersMixin, filterset_for
from .paging import (
    PER_PAGE_CHOICES,
    CountedPaginator,
    link_params,
    order_options,
    page_error,
    page_from,
    pagination,
    passage_count,
    per_page_error,
    per_page_from,
)


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


class AgreedPointListView(CanonicalFiltersMixin, TemplateView):
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
            filter_open=filters_need_attention(results.filterset, params),
            per_page_error=per_page_error(params),
            chosen=agreed_point_chips(results.filterset, results.params),
            query=results.query,
            filtered=narrowed_by_filters(results.filterset),
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
            exports=export_links(results.params, "agreed-point"),
            period_html=period_navigation(results, periods.AGREED_POINTS),
            relationship=relationship_of(results.filterset),
            **kwargs,
        )


class AgreedPointExportJSONView(PassageExportJSONView):
    results_class = AgreedPointResults
    record = staticmethod(exports.agreed_point_record)
    url_name = "archive:agreed-point-export-json"


class AgreedPointExportCSVView(ExportCSVView):
    results_class = AgreedPointResults
    csv_lines = staticmethod(exports.agreed_point_csv_lines)
    file_kind = "agreed-points"
