"""A filtered list as CSV (whole, streamed) and as JSON (a page, with its paging information), and
one meeting as JSON."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views import View

from .. import exports
from ..filter_messages import Information
from ..models import Meeting
from .meeting_results import MeetingResults
from .paging import query_string, unread_values


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


NOT_EXPORTED = (
    "No CSV file was made: the address has values that would be ignored or match nothing, as"
    " said below. Correct or remove them and ask again."
)


# `excel=1`: the CSV starts with a UTF-8 byte order mark, without which Excel reads a file as the
# computer's own code page and garbles every name that is not ASCII ("TÃ¼rkiye"). Tools that read
# UTF-8 (Python, R, pandas, LibreOffice) get the file without it, as they expect.
EXCEL = "excel"
BYTE_ORDER_MARK = "\ufeff"
EXCEL_UNREAD = "“{}” is not read: write excel=1 for a file Excel opens, or leave it out."


def for_excel(params) -> tuple[bool, list[str]]:
    """Whether the CSV asked for is Excel's (`excel=1`), and what is said of a value other than
    1, 0 or empty."""
    value = params.get(EXCEL, "")
    if value in ("", "0", "1"):
        return value == "1", []
    return False, [f"{EXCEL}: " + EXCEL_UNREAD.format(value)]


def unusable_values(filterset) -> list[str]:
    """What the list says of the values it ignored or that match nothing, each after its
    parameter ("country: No country has the code “zz”: nothing matches it."); notes that only tell
    how a value was read are left out."""
    return [
        f"{name}: {message}"
        for name, messages in filterset.said.items()
        for message in messages
        if not isinstance(message, Information)
    ]


class ExportCSVView(View):
    """A filtered list, whole and in its order, as a streamed CSV file named after its filters.

    A file saved to disk shows none of the messages the page gives beside its form, so an address
    with a value the list ignored (a malformed date: the file would hold every meeting) or one
    that matches nothing (an unknown country: an empty file) makes no file: a 400 answers with
    those messages instead. The page and its size, which a CSV does not have, are no filters."""

    results_class: type
    csv_lines: Callable[[QuerySet, str], Iterator[str]]  # a staticmethod of `exports`
    file_kind: str

    def get(self, request):
        results = self.results_class(request)
        excel, unread = for_excel(request.GET)
        unusable = unusable_values(results.filterset) + unread
        if unusable:
            return HttpResponse(
                "\n".join([NOT_EXPORTED, "", *unusable, ""]),
                content_type="text/plain; charset=utf-8",
                status=400,
            )
        lines = self.csv_lines(results.ordered(), base_url(request))
        response = StreamingHttpResponse(
            itertools.chain([BYTE_ORDER_MARK], lines) if excel else lines,
            content_type="text/csv; charset=utf-8",
        )
        name = exports.file_name(self.file_kind, results.filterset.applied())
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class MeetingExportCSVView(ExportCSVView):
    results_class = MeetingResults
    csv_lines = staticmethod(exports.meeting_csv_lines)
    file_kind = "meetings"


def json_page(
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
        return json_page(request, results, page, found, "archive:meeting-export-json")


class MeetingJSONView(View):
    def get(self, request, slug):
        from ..interchange import meeting_to_record, meetings_with_related

        meeting = meetings_with_related(Meeting.objects.all()).filter(slug=slug).first()
        if meeting is None:
            # A script asked for JSON: it gets JSON, not the site's HTML error page.
            return JsonResponse({"error": f"No meeting has the slug '{slug}'."}, status=404)
        return JsonResponse(meeting_to_record(meeting), json_dumps_params={"ensure_ascii": False})


class PassageExportJSONView(View):
    """A page of filtered passages (agreed points, statements), each with its meeting, and
    paging information."""

    results_class: type
    record: Callable[[Any, str], dict]  # a staticmethod of `exports`
    url_name: str

    def get(self, request):
        results = self.results_class(request)
        page = results.page()
        site = base_url(request)
        records = [self.record(passage, site) for passage in page.object_list]
        return json_page(request, results, page, records, self.url_name)
