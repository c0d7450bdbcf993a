"""The agreed-points browser and its exports: the agreed points of the meetings the meeting list's
filters keep, each read by its own text and topics."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page
from django.db.models import F, QuerySet
from django.http import HttpRequest, QueryDict
from django.views.generic import TemplateView

from .. import exports, periods, search, search_query, tally
from ..filters import AGREED_SORTS, AgreedPointFilter, MeetingFilter
from ..models import AgreedPoint, Meeting
from .chips import (
    every_filter_chips,
    filters_need_attention,
    narrowed_by_filters,
    relationship_of,
    searched_words,
)
from .list_exports import ExportCSVView, PassageExportJSONView
from .lists import export_links, period_navigation
from .meeting_results import CanonicalFiltersMixin, filterset_for, other_script, respelt_search
from .paging import (
    PER_PAGE_CHOICES,
    lazy_page,
    link_params,
    order_options,
    page_error,
    pagination,
    passage_count,
    per_page_error,
)


def by_meeting_date(queryset: QuerySet, *, oldest: bool = False) -> QuerySet:
    """Passages of meetings (agreed points, statements) by their meeting's date, newest first
    (or oldest), undated meetings last, each meeting's in reading order."""
    if oldest:
        return queryset.order_by(
            F("meeting__held_on").asc(nulls_last=True), "meeting_id", "position"
        )
    return queryset.order_by(F("meeting__held_on").desc(nulls_last=True), "-meeting_id", "position")


# The most meetings read in one batch: a deep page reads many batches, each one statement with
# an IN list of that many ids (SQLite takes at most 32,766 parameters in one statement).
LARGEST_BATCH = 4_000


def ids_in_meeting_order(
    meetings: QuerySet,
    passages: QuerySet,
    start: int,
    stop: int,
    batch: int = 50,
    largest: int = LARGEST_BATCH,
) -> list[int]:
    """The ids at [start, stop) of `passages` ordered as `meetings` (meeting ids, in order) and
    each meeting's by position: the meetings are read in batches, each larger than the last (up
    to `largest`), until the passages of those read reach `stop`."""
    ids: list[int] = []
    passed = offset = 0
    while passed < stop:
        chunk = list(meetings[offset : offset + batch])
        if not chunk:
            break
        offset, batch = offset + len(chunk), min(batch * 2, largest)
        rows = passages.filter(meeting_id__in=chunk).order_by("position")
        by_meeting: dict[int, list[int]] = {pk: [] for pk in chunk}
        for meeting_id, pk in rows.values_list("meeting_id", "pk"):
            by_meeting[meeting_id].append(pk)
        ordered = [pk for pks in by_meeting.values() for pk in pks]
        ids += ordered[max(0, start - passed) : max(0, stop - passed)]
        passed += len(ordered)
    return ids


def meeting_ids_by_date(meetings: QuerySet, *, oldest: bool = False) -> QuerySet:
    """The ids of `meetings` in the order `by_meeting_date` gives their passages."""
    if oldest:
        return meetings.order_by(F("held_on").asc(nulls_last=True), "id").values_list(
            "pk", flat=True
        )
    return meetings.order_by(F("held_on").desc(nulls_last=True), "-id").values_list("pk", flat=True)


def passages_in_meeting_order(
    meetings: QuerySet, passages: QuerySet, for_export, start: int, stop: int
) -> list:
    """The passages at [start, stop) of `by_meeting_date`'s order, found meeting by meeting
    along the meetings' date index (`meetings`, their ids in order), each as `for_export` reads
    it: sorting every passage by its meeting's date grew with the archive, for the first page
    too."""
    ids = ids_in_meeting_order(meetings, passages, start, stop)
    found = for_export(passages.model.objects.filter(pk__in=ids).order_by()).in_bulk()
    return [found[pk] for pk in ids]


# The agreed-points browser's filters that keep whole meetings, and mean there what they mean on
# the meeting list.
MEETING_FILTERS = frozenset(
    {"country", "pair", "person", "kind", "publisher", "date_from", "date_to", "year"}
)


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
    def query(self) -> search_query.Query:
        return search_query.parse_query(self.filterset.cleaned("q") or "")

    @cached_property
    def filtered(self) -> QuerySet:
        return self.filterset.qs.order_by()

    @cached_property
    def counted(self) -> tuple[int, bool]:
        if not self.filterset.applied():
            return tally.totals()["agreed_points"], True
        tallied = self.filterset.counted()
        if tallied is not None:
            return tallied, True
        return passage_count(self.filtered, self.request.GET)

    def ordered(self) -> QuerySet:
        return by_meeting_date(self.filtered, oldest=self.filterset.chosen_sort == "oldest")

    def period_scope(self) -> tuple[QuerySet, bool]:
        """What the months of a year count: the whole result."""
        return self.filtered, False

    def kept_meetings(self) -> QuerySet | None:
        """The meetings whose agreed points the list keeps, all of each, when every filter it
        applies is a filter of meetings (`MEETING_FILTERS`); None when a search or a topic, which
        read each point's own text and topics, keeps some."""
        names = {name for name, _ in self.filterset.applied()}
        if not names <= MEETING_FILTERS:
            return None
        if not names:
            return Meeting.objects.all()
        params = QueryDict(mutable=True)
        for name in names:
            params.setlist(name, self.request.GET.getlist(name))
        return MeetingFilter(params, queryset=Meeting.objects.all(), request=self.request).qs

    def rows(self, start: int, stop: int) -> list[AgreedPoint]:
        """The agreed points at [start, stop) of the chosen order. Those of whole meetings are
        found meeting by meeting (`passages_in_meeting_order`), the meetings read as the
        meeting list reads them; a search or a topic, which may keep few of a meeting's points,
        sorts what it keeps."""
        meetings = self.kept_meetings()
        if meetings is None:
            return list(exports.agreed_points_for_export(self.ordered())[start:stop])
        in_order = meeting_ids_by_date(meetings, oldest=self.filterset.chosen_sort == "oldest")
        return passages_in_meeting_order(
            in_order, AgreedPoint.objects.all(), exports.agreed_points_for_export, start, stop
        )

    def page(self) -> Page:
        return lazy_page(self.request, self.rows, self.counted[0])

    def respelt(self) -> dict[str, str] | None:
        """A search that found nothing with a misspelt name respelt ("maritme" as "Maritime"),
        when that finds agreed points with the same filters."""
        return respelt_search(self, self._finds)

    def other_script(self) -> dict | None:
        """A search that found nothing in another script than Latin (`other_script`)."""
        return other_script(self, self._finds)

    def _finds(self, text: str) -> bool:
        data = self.request.GET.copy()
        data["q"] = text
        found = AgreedPointFilter(data, queryset=AgreedPoint.objects.all(), request=self.request)
        return found.qs.exists()


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
            chosen=every_filter_chips(results.filterset, results.params),
            query=results.query,
            query_words=search_query.described(results.query),
            searched=searched_words(results.filterset),
            too_common=results.filterset.search_too_common,
            filtered=narrowed_by_filters(results.filterset),
            # The lede says what the list holds as the chips and a feed's title say it.
            described=[words for _, _, words in results.filterset.described()],
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
            respelt=results.respelt(),
            other_script=results.other_script(),
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
