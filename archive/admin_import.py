"""Import from admin: staff upload .txt files (or .jsonl records) or paste text, check the
parse, then confirm.

The same code path as `import_readouts`: `archive.admin_upload` reads and checks the upload as
`archive.sources` reads a file, `archive.importer` parses and stores. The preview writes nothing. The texts wait in the session
between preview and confirmation, are checked again, and are parsed again on confirmation, so
nothing the browser sends back is trusted as the parse. The files of one upload are imported all
or none, as the meetings of one release are.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .admin_upload import MAX_FILES, PASTED, ImportForm, file_label, file_units, is_records
from .import_cache import ImportCache
from .import_entries import capture_key, meeting_texts, stored_captures
from .import_input import (
    ImportFailed,
    Item,
    check_recognisable,
    content_hash,
    entry_from_record,
    resolve_publisher,
)
from .import_run import Unit
from .importer import (
    KEPT_CURATED,
    UNCHANGED,
    UPDATED,
    ImportResult,
    import_items,
    import_text,
    parse_text,
    stored_outcomes,
)
from .interchange import parsed_to_record
from .models import Meeting
from .people import PersonIndex
from .releases import left_out
from .sources import ReadoutFileError, check_size, max_bytes

SESSION_KEY = "archive_import_pending"
ALL_OR_NONE = (
    "Nothing can be imported from this upload: its files and records are imported all or none. "
    "Leave out or correct the ones named above and upload again."
)


def pending_from(form: ImportForm) -> dict[str, Any]:
    data = form.cleaned_data
    published_on = data.get("published_on")
    return {
        "token": secrets.token_urlsafe(16),
        "files": [{"name": name, "text": text} for name, text in data["texts"]],
        "publisher": data.get("publisher") or "",
        "source_url": data.get("source_url") or "",
        "published_on": published_on.isoformat() if published_on else "",
        "update": bool(data.get("update")),
    }


def _published_on(pending: dict[str, Any]):
    from datetime import date

    return date.fromisoformat(pending["published_on"]) if pending.get("published_on") else None


class MeetingImportMixin:
    """Adds the import page to MeetingAdmin: `admin:archive_meeting_import`."""

    change_list_template = "admin/archive/import_change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="archive_meeting_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        if request.method == "POST":
            form = ImportForm(request.POST, request.FILES)
            if form.is_valid():
                return self._preview(request, form)
        else:
            form = ImportForm()
        return self._render(request, "admin/archive/import_form.html", {"form": form})

    def _preview(self, request: HttpRequest, form: ImportForm) -> HttpResponse:
        pending = pending_from(form)
        files = pending["files"]
        units = [unit for file in files for unit in file_units(file)]
        previews: dict[int, dict[str, Any]] = {}
        failures: dict[int, str] = {}
        earlier: dict[str, str] = {}
        for i, unit in enumerate(units):
            try:
                if unit.error is not None:
                    raise ImportFailed(unit.error)
                if unit.record is not None:
                    previews[i] = _preview_of_record(unit.record)
                else:
                    previews[i] = _preview_of(unit.text or "", pending)
            except ImportFailed as error:
                failures[i] = str(error)
                continue
            previews[i]["label"] = unit.label
            previews[i]["record_given"] = unit.record is not None
            # The same text twice in one upload is stored once, as the command line does.
            previews[i]["same_as"] = earlier.setdefault(previews[i]["hash"], unit.label)
        if pending["update"]:
            failures.update(_updates(units, previews, pending))
        if failures:
            for message in _refusals(units, previews, failures):
                form.add_error(None, message)
            if len(files) > 1 or any(is_records(file["name"]) for file in files):
                form.add_error(None, ALL_OR_NONE)
            return self._render(request, "admin/archive/import_form.html", {"form": form})
        request.session[SESSION_KEY] = pending
        _, display = resolve_publisher(pending["publisher"])
        context = {
            "previews": list(previews.values()),
            "files": len(files),
            # Meetings named by file (and a record by its line) rather than counted.
            "labelled": len(files) > 1 or any(is_records(file["name"]) for file in files),
            "publisher": display,
            "pending": pending,
        }
        return self._render(request, "admin/archive/import_preview.html", context)

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(SESSION_KEY)
        if not pending or request.POST.get("token") != pending.get("token"):
            messages.error(request, "That preview has expired; upload or paste the readout again.")
            return HttpResponseRedirect(reverse("admin:archive_meeting_import"))
        files = pending.get("files") or []
        try:
            results = _import_files(files, pending)
        except (ImportFailed, ReadoutFileError) as error:
            del request.session[SESSION_KEY]
            lines = str(error).splitlines()
            # A release's lines name each meeting and say why it is not stored, as the preview
            # and the command line do.
            for line in lines if len(lines) > 1 else [f"Not imported: {error}"]:
                messages.error(request, line)
            if len(files) > 1:
                messages.error(
                    request,
                    f"Nothing was imported: the {len(files)} files of one "
                    "upload are imported all or none.",
                )
            return HttpResponseRedirect(reverse("admin:archive_meeting_import"))
        del request.session[SESSION_KEY]
        for result in results:
            _report(request, result)
        if len(results) == 1:
            target = reverse("admin:archive_meeting_change", args=[results[0].meeting.pk])
        else:
            ids = ",".join(str(result.meeting.pk) for result in results)
            target = f"{reverse('admin:archive_meeting_changelist')}?id__in={ids}"
        return HttpResponseRedirect(target)

    def _render(self, request: HttpRequest, template: str, context: dict) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import readouts",
            "max_bytes": max_bytes(),
            "max_files": MAX_FILES,
            **context,
        }
        return TemplateResponse(request, template, context)


def _import_files(files: list[dict[str, str]], pending: dict[str, Any]) -> list[ImportResult]:
    """Every meeting of every file stored, or none: ImportFailed names the file that failed
    (and, for a release, each of its meetings) in the command line's words."""
    if not files:
        raise ImportFailed("the preview holds no text; upload or paste the readout again")
    cache, results = ImportCache(), []
    with transaction.atomic():
        for file in files:
            if is_records(file["name"]):
                # Its errors name their lines.
                results += _import_records(file, cache, bool(pending.get("update")))
                continue
            try:
                check_size(len(file["text"].encode("utf-8")))
                results += import_text(
                    file["text"],
                    source_name=file_label(file),
                    published_on=_published_on(pending),
                    publisher=pending["publisher"] or None,
                    source_url=pending["source_url"],
                    update=bool(pending.get("update")),
                    cache=cache,
                )
            except (ImportFailed, ReadoutFileError) as error:
                if len(files) == 1 or "\n" in str(error):
                    raise
                raise ImportFailed(f"{file_label(file)}: {error}") from None
    return results


def _import_records(
    file: dict[str, str], cache: ImportCache, update: bool = False
) -> list[ImportResult]:
    """A .jsonl file's records, read again from the text that waited in the session."""
    units = file_units(file)
    unread = next((unit for unit in units if unit.error is not None), None)
    if unread is not None:
        raise ImportFailed(f"{unread.label}: {unread.error}")
    items = [Item(unit.label, record=unit.record) for unit in units]
    outcomes = import_items(items, update=update, cache=cache)
    for item, outcome in zip(items, outcomes, strict=True):
        if isinstance(outcome, ImportFailed):
            raise ImportFailed(f"{item.source_name}: {outcome}")
    return outcomes  # type: ignore[return-value]


def _updates(
    units: list[Unit], previews: dict[int, dict[str, Any]], pending: dict[str, Any]
) -> dict[int, str]:
    """With "Update meetings already stored": marks each stored meeting's preview with what
    saving does to it, as `import_readouts --update` would (`updates`, or `kept` for curators'
    edits); the reasons a stored text no longer imports, by index."""
    # The same text twice in one upload is stored (and updated) once, with the first.
    stored = [
        i
        for i, preview in previews.items()
        if preview["stored"] is not None and preview["same_as"] == preview["label"]
    ]
    items = [
        Item(units[i].label, record=units[i].record)
        if units[i].record is not None
        else Item(
            units[i].label,
            text=units[i].text,
            published_on=_published_on(pending),
            publisher=pending["publisher"] or None,
            source_url=pending["source_url"],
        )
        for i in stored
    ]
    notes: dict[int, str] = {}
    outcomes = stored_outcomes(items, update=True, cache=ImportCache(), notes=notes)
    failures = {}
    for n, i in enumerate(stored):
        outcome = outcomes.get(n)
        if isinstance(outcome, ImportFailed):
            failures[i] = str(outcome)
        previews[i]["updates"] = outcome == UPDATED
        previews[i]["kept"] = n in notes
    return failures


def _preview_of(text: str, pending: dict[str, Any]) -> dict[str, Any]:
    """What one meeting of the text would be stored as; ImportFailed if it cannot be."""
    parsed = parse_text(
        text, published_on=_published_on(pending), publisher=pending["publisher"] or None
    )
    check_recognisable(parsed)
    record = parsed_to_record(parsed)
    digest = content_hash(text)
    stored = Meeting.objects.filter(content_hash=digest).first()
    _, display = resolve_publisher(pending["publisher"])
    key = capture_key(
        meeting_texts(parsed)[0], parsed.held_on, display or record["publisher"] or ""
    )
    similar = None if stored or key is None else stored_captures([parsed]).get(key)
    if similar:
        record["warnings"].append(similar)  # as the import will warn
    return _shown(record, digest, stored)


def _preview_of_record(record: dict[str, Any]) -> dict[str, Any]:
    """What a record would be stored as, taken as it stands; ImportFailed if it is malformed."""
    entry = entry_from_record(record)
    stored = Meeting.objects.filter(content_hash=entry.content_hash).first()
    shown = parsed_to_record(entry.parsed)
    shown["warnings"] = list(record.get("warnings") or [])
    # The publisher the record names, as the import stores it (not only one of its known keys).
    shown["publisher"] = entry.publisher or None
    preview = _shown(shown, entry.content_hash, stored)
    if entry.review_status is not None:
        # The record's own status stands, as the import keeps it.
        preview["needs_review"] = entry.review_status == Meeting.ReviewStatus.NEEDS_REVIEW
    return preview


def _shown(record: dict[str, Any], digest: str, stored: Meeting | None) -> dict[str, Any]:
    """A meeting's preview: its record, the person records its names link to, its statements
    with their speakers' roles."""
    participants = record["participants"]
    people = PersonIndex()
    for participant in participants:
        participant["links_to"] = (
            people.candidates(participant["name"], participant["country"])
            if participant["name"]
            else []
        )
    statements = [
        {**s, "speaker_role": participants[s["speaker_index"]]["role"]}
        if s["speaker_index"] is not None
        else s
        for s in record["statements"]
    ]
    return {
        "record": record,
        "statements": statements,
        "stored": stored,
        "hash": digest,
        "needs_review": bool(record["warnings"]),
    }


def _refusals(
    units: list[Unit], previews: dict[int, dict[str, Any]], failures: dict[int, str]
) -> list[str]:
    """Why the text cannot be imported: a line for each meeting that fails, and for each that
    the import would leave out with it (`archive.releases`), named as the import names them."""
    # A stored meeting the import would rewrite leaves its release out as a new one does.
    outcomes = {
        i: failures.get(i) or previews[i]["stored"] is None or previews[i].get("updates", False)
        for i in range(len(units))
    }
    reasons = {**failures, **left_out(units, outcomes, would=True)}
    return [
        reasons[i] if units[i].label == PASTED else f"{units[i].label}: {reasons[i]}"
        for i in sorted(reasons)
    ]


def _report(request: HttpRequest, result: ImportResult) -> None:
    meeting = result.meeting
    if result.status == UNCHANGED:
        kept = " Curators' edits to it are kept." if KEPT_CURATED in result.warnings else ""
        messages.warning(request, f"This text is already in the archive: “{meeting}”.{kept}")
    elif result.status == UPDATED:
        review = f"; it needs review: {result.review_reason}" if result.needs_review else "."
        messages.success(request, f"Updated “{meeting}”{review}")
    elif result.needs_review:
        messages.warning(request, f"Imported “{meeting}”; it needs review: {result.review_reason}")
    else:
        messages.success(request, f"Imported “{meeting}”.")
