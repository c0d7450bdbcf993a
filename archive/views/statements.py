"""Who said what: the statements of the meetings a list's filters keep, as a page (`/said/`),
CSV and JSON.

The addresses read the meeting list's parameters, so a list's address gives its statements, and
two of what was said: `speaker`, which keeps only what the given people said, and `side`, only
what was said for the given countries. Statements follow their meetings by date, newest first,
or as `sort=oldest` or `sort=title` orders the meetings. A search keeps the statements that
have its words themselves (`search.passage_words`), at the meetings whose readouts match it, and
the page marks the words; its relevance ranks meetings, not what was said at them, so they are
read as newest first. Each meeting's statements come in the order its page numbers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.views.generic import TemplateView

from .. import exports, search, search_query, tally
from ..models import Meeting, Statement
from ..statement_filters import StatementFilter
from .agreed import by_meeting_date, meeting_ids_by_date, passages_in_meeting_order
from .chips import (
    every_filter_chips,
    filters_need_attention,
    narrowed_by_filters,
    relationship_of,
    searched_words,
)
from .list_exports import ExportCSVView, PassageExportJSONView
from .lists import export_links
from .meeting_results import CanonicalFiltersMixin, MeetingResults
from .paging import (
    PER_PAGE_CHOICES,
    lazy_page,
    order_options,
    page_error,
    pagination,
    passage_count,
    per_page_error,
)

# Statements with a search's words are counted exactly up to this many ("1,000+" above): the
# 50% word of the 10,000-readout benchmark corpus took 0.72 s to count to 9,686 on SQLite.
WORDS_COUNT_CAP = 1_000

# The orders of what was said: by its meeting's date or title (a search's relevance ranks
# meetings, and is read as newest first).
STATEMENT_SORTS = {"newest": "Newest first", "oldest": "Oldest first", "title": "Title (A–Z)"}


@dataclass
class StatementResults:
    """The statements of one address: what its CSV and its JSON share."""

    request: HttpRequest

    @cached_property
    def meetings(self) -> MeetingResults:
        return MeetingResults(self.request, StatementFilter)

    @property
    def filterset(self) -> StatementFilter:
        return self.meetings.filterset

    @property
    def params(self) -> QueryDict:
        return self.meetings.params

    @cached_property
    def filtered(self) -> QuerySet:
        statements = Statement.objects.all()
        if self.filterset.applied():
            # Without a filter every meeting is kept: counting the statements of all of them
            # through the meetings took twice as long as counting the statements.
            if self.words is None:
                statements = statements.filter(meeting__in=self.meetings.filtered)
            else:
                statements = search.of_meetings(statements, self.meetings.filtered)
        return self.kept(statements).order_by()

    @cached_property
    def words(self) -> Q | None:
        """The search's words in a statement's own text (`search.passage_words`), or None when
        the list has no search, or one whose words are not looked for in statements."""
        return search.passage_words(self.meetings.query)

    def kept(self, statements: QuerySet) -> QuerySet:
        """`statements` narrowed to the speakers and sides asked for, and to those that have the
        search's words."""
        statements = self.filterset.kept_statements(statements)
        return statements if self.words is None else statements.filter(self.words)

    @cached_property
    def counted(self) -> tuple[int, bool]:
        """Without a filter, the archive's running count of statements; otherwise counted up to
        a cap (`passage_count`)."""
        if not self.filterset.applied() and self.filterset.speakers is None:
            return tally.totals()["statements"], True
        if self.words is not None:
            # Each statement of the meetings found is read for the words: a common word's
            # count stops sooner.
            return passage_count(self.filtered, self.request.GET, WORDS_COUNT_CAP)
        return passage_count(self.filtered, self.request.GET)

    @property
    def sort(self) -> str:
        """The chosen order, relevance read as newest first."""
        sort = self.filterset.chosen_sort
        return sort if sort in STATEMENT_SORTS else "newest"

    def ordered(self) -> QuerySet:
        sort = self.sort
        if sort == "title":
            return self.filtered.order_by("meeting__title_key", "meeting_id", "position")
        return by_meeting_date(self.filtered, oldest=sort == "oldest")

    def meeting_order(self) -> QuerySet | None:
        """The ids of the kept meetings in the chosen date order, or None when the statements are
        better sorted themselves (by title, or a few speakers' statements)."""
        sort = self.sort
        if sort == "title" or self.filterset.speakers is not None:
            return None
        meetings = self.meetings.filtered if self.filterset.applied() else Meeting.objects.all()
        return meeting_ids_by_date(meetings, oldest=sort == "oldest")

    def rows(self, start: int, stop: int) -> list[Statement]:
        """The statements at [start, stop) of the chosen order. In date order they are found
        meeting by meeting along the meetings' date index: sorting every statement of the
        result by its meeting's date grew with the archive, for the first page too."""
        meetings = self.meeting_order()
        if meetings is None:
            return list(exports.statements_for_export(self.ordered())[start:stop])
        # The meetings of a side may hold statements of the other sides only: those are passed.
        kept = self.kept(Statement.objects.all())
        return passages_in_meeting_order(meetings, kept, exports.statements_for_export, start, stop)

    def page(self) -> Page:
        return lazy_page(self.request, self.rows, self.counted[0])


class StatementListView(CanonicalFiltersMixin, TemplateView):
    """What was said at the meetings the filters keep, by whom and for which side, each linked
    to its place in its meeting's page."""

    template_name = "archive/statement_list.html"
    filterset_class = StatementFilter
    model = Meeting

    def get_context_data(self, **kwargs):
        results = StatementResults(self.request)
        filterset, params = results.filterset, results.meetings.params
        page = results.page()
        query = results.meetings.query
        texts = {statement.pk: statement.text for statement in page.object_list}
        marked = search.highlight_texts(texts, query)
        names = dict(filterset.filters["country"].extra["choices"]())
        for statement in page.object_list:
            statement.highlighted = marked.get(statement.pk, "")
            side = statement.speaker.country_id if statement.speaker else None
            statement.side_name = names.get(side.lower(), "") if side else ""
        return super().get_context_data(
            filter=filterset,
            filter_open=filters_need_attention(filterset, self.request.GET),
            per_page_error=per_page_error(self.request.GET),
            chosen=every_filter_chips(filterset, params),
            query=query,
            query_words=search_query.described(query),
            searched=searched_words(filterset),
            too_common=filterset.search_too_common,
            filtered=narrowed_by_filters(filterset),
            described=[words for _, _, words in filterset.described()],
            page_obj=page,
            pagination=pagination(page, params),
            count=results.counted[0],
            count_exact=results.counted[1],
            # Whether the statements listed have the search's words themselves, or are all those
            # of the meetings it finds (words beyond ASCII).
            in_statements=results.words is not None,
            page_error=page_error(self.request.GET),
            **order_options(STATEMENT_SORTS, results.sort, query, page.paginator.per_page),
            exports=export_links(params, "statement"),
            relationship=relationship_of(filterset),
            respelt=results.meetings.respelt(),
            other_script=results.meetings.other_script(),
            per_page_choices=PER_PAGE_CHOICES,
            **kwargs,
        )


class StatementExportJSONView(PassageExportJSONView):
    results_class = StatementResults
    record = staticmethod(exports.statement_record)
    url_name = "archive:statement-export-json"


class StatementExportCSVView(ExportCSVView):
    results_class = StatementResults
    csv_lines = staticmethod(exports.statement_csv_lines)
    file_kind = "statements"
