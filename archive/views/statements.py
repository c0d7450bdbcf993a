"""Who said what, as CSV and JSON: the statements of the meetings a list's filters keep.

`/statements.csv` and `/statements.json` read the meeting list's parameters, so a list's address
gives its statements, and `speaker`, which keeps only what the given people said. Statements
follow their meetings by date, newest first, or as `sort=oldest` or `sort=title` orders the
meetings; a search's relevance ranks meetings, not what was said at them, and is read as newest
first. Each meeting's statements come in the order its page numbers them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict

from .. import exports, tally
from ..filters import StatementFilter
from ..models import Meeting, Statement
from .agreed import by_meeting_date, meeting_ids_by_date, passages_in_meeting_order
from .list_exports import ExportCSVView, PassageExportJSONView
from .meeting_results import MeetingResults
from .paging import lazy_page, passage_count


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
            statements = statements.filter(meeting__in=self.meetings.filtered)
        speakers = self.filterset.speakers
        if speakers is not None:
            statements = statements.filter(speaker__person__slug__in=speakers)
        return statements.order_by()

    @cached_property
    def counted(self) -> tuple[int, bool]:
        """Without a filter, the archive's running count of statements; otherwise counted up to
        a cap (`passage_count`)."""
        if not self.filterset.applied() and self.filterset.speakers is None:
            return tally.totals()["statements"], True
        return passage_count(self.filtered, self.request.GET)

    def ordered(self) -> QuerySet:
        sort = self.filterset.chosen_sort
        if sort == "title":
            return self.filtered.order_by("meeting__title_key", "meeting_id", "position")
        return by_meeting_date(self.filtered, oldest=sort == "oldest")

    def meeting_order(self) -> QuerySet | None:
        """The ids of the kept meetings in the chosen date order, or None when the statements are
        better sorted themselves (by title, or a few speakers' statements)."""
        sort = self.filterset.chosen_sort
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
        return passages_in_meeting_order(
            meetings, Statement.objects.all(), exports.statements_for_export, start, stop
        )

    def page(self) -> Page:
        return lazy_page(self.request, self.rows, self.counted[0])


class StatementExportJSONView(PassageExportJSONView):
    results_class = StatementResults
    record = staticmethod(exports.statement_record)
    url_name = "archive:statement-export-json"


class StatementExportCSVView(ExportCSVView):
    results_class = StatementResults
    csv_lines = staticmethod(exports.statement_csv_lines)
    file_kind = "statements"
