"""Import from admin: staff upload .txt files (or .jsonl records) or paste text, check the
parse, then confirm.

The same code path as `import_readouts`: `archive.sources` reads and checks the upload,
`archive.importer` parses and stores. The preview writes nothing. The texts wait in the session
between preview and confirmation, are checked again, and are parsed again on confirmation, so
nothing the browser sends back is trusted as the parse. The files of one upload are imported all
or none, as the meetings of one release are.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .import_rows import capture_key, meeting_texts, stored_captures
from .import_run import RECORD_SIZE_FACTOR, Unit, record_unit, text_units
from .importer import (
    ImportCache,
    ImportFailed,
    ImportResult,
    Item,
    check_recognisable,
    check_source_url,
    content_hash,
    entry_from_record,
    import_items,
    import_text,
    parse_text,
    resolve_publisher,
)
from .interchange import parsed_to_record
from .models import Meeting
from .people import PersonIndex
from .releases import left_out
from .sources import ReadoutFileError, check_size, decode_readout_bytes, max_bytes

SESSION_KEY = "archive_import_pending"
# How messages name a pasted text; one of one meeting goes unnamed.
PASTED = "The text"
# The most files one upload takes; their texts wait in the session until confirmed, together at
# most UPLOAD_FACTOR times the limit of one readout (`READOUT_MAX_BYTES`).
MAX_FILES = 20
UPLOAD_FACTOR = 4
# What the form gives every text of an upload; a record carries its own.
GIVEN_FOR_TEXTS = ("publisher", "source_url", "published_on")
ALL_OR_NONE = (
    "Nothing can be imported from this upload: its files and records are imported all or none. "
    "Leave out or correct the ones named above and upload again."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked as a FileField checks one."""

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, (list, tuple)):
            return [one(item, initial) for item in data]
        return [one(data, initial)] if data else []


class ImportForm(forms.Form):
    upload = MultipleFileField(
        label="Readout files",
        required=False,
        help_text=(
            f"One or more .txt files (up to {MAX_FILES}), each in UTF-8 "
            "(or UTF-16 with a byte order mark), or .jsonl files of records."
        ),
        # An empty file is refused with its name, as any other unreadable file (clean_upload).
        allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": ".txt,.jsonl,text/plain"}),
    )
    text = forms.CharField(
        label="…or paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
    )
    publisher = forms.CharField(
        label="Publisher",
        required=False,
        max_length=200,
        help_text='Optional: a key such as "cn-mfa" or a name; found from the text otherwise.',
    )
    source_url = forms.CharField(
        label="Source URL", required=False, max_length=500, help_text="Optional; http or https."
    )
    published_on = forms.DateField(
        label="Published on",
        required=False,
        # ISO only: "12/11/2025" is 11 December to some and 12 November to others.
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Write the date as YYYY-MM-DD, e.g. 2025-11-12."},
        help_text='Optional (YYYY-MM-DD): resolves "today" in texts that print no date.',
    )

    def clean_upload(self) -> list[tuple[str, str]]:
        """Each uploaded file's (name, text); every file that cannot be read is named."""
        uploads = self.cleaned_data.get("upload") or []
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(
                f"{len(uploads)} files chosen; at most {MAX_FILES} are imported here at a time. "
                "Upload fewer, or import a folder with manage.py import_readouts PATH."
            )
        files, errors = [], []
        for upload in uploads:
            try:
                files.append((upload.name, self._read(upload)))
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        total, limit = sum(len(text.encode("utf-8")) for _, text in files), upload_limit()
        if total > limit:
            raise forms.ValidationError(
                f"The {len(files)} files hold {total:,} bytes together; one upload takes at most "
                f"{limit:,} bytes. Upload fewer at a time."
            )
        return files

    @staticmethod
    def _read(upload) -> str:
        # The content decides, as on the command line: a PDF, a word processor's file or any
        # other binary file is refused for what it is, whatever its name says.
        try:
            if is_records(upload.name):
                # A file of records holds many readouts: bounded as one upload is.
                if upload.size > upload_limit():
                    raise ReadoutFileError(
                        f"file is too large ({upload.size:,} bytes; the limit for one upload "
                        f"is {upload_limit():,} bytes)"
                    )
                return decode_records(upload.read())
            check_size(upload.size)
            return decode_readout_bytes(upload.read())
        except ReadoutFileError as error:
            raise forms.ValidationError(f"{upload.name}: {error}") from None

    def clean_source_url(self):
        try:
            return check_source_url(self.cleaned_data.get("source_url", ""))
        except ImportFailed as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        data = super().clean()
        uploaded, pasted = data.get("upload"), data.get("text") or ""
        if self.errors:
            return data
        if uploaded and pasted.strip():
            raise forms.ValidationError("Upload files or paste text, not both.")
        if not uploaded and not pasted.strip():
            raise forms.ValidationError("Upload a .txt file or paste the readout's text.")
        records = [name for name, _ in uploaded if is_records(name)]
        given = [self.fields[name].label for name in GIVEN_FOR_TEXTS if data.get(name)]
        if records and given:
            raise forms.ValidationError(
                f"{records[0]}: a record carries its own publisher, source URL and publication "
                f"date; leave {' and '.join(given)} empty, or upload the .txt files apart."
            )
        if len(uploaded) > 1 and data.get("source_url"):
            raise forms.ValidationError(
                "A source URL belongs to one readout: upload that file on its own to give it."
            )
        if not uploaded:
            try:
                check_size(len(pasted.encode("utf-8")))
            except ReadoutFileError as error:
                raise forms.ValidationError(f"The text is too long: {error}.") from None
        # A message about an uploaded text names the file, as the command line does.
        data["texts"] = uploaded or [("", pasted)]
        return data


def upload_limit() -> int:
    return UPLOAD_FACTOR * max_bytes()


def is_records(name: str) -> bool:
    return name.lower().endswith(".jsonl")


def decode_records(data: bytes) -> str:
    """A .jsonl file's text; each line is read as a record later, and named by its number."""
    if not data.strip():
        raise ReadoutFileError("no records in the file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadoutFileError(
            f"not UTF-8 text (invalid byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None


def file_units(file: dict[str, str]) -> list[Unit]:
    """The meetings of an uploaded file: a text's (a release has several), or a .jsonl file's
    records, one a line, named "FILE:LINE" as on the command line."""
    if not is_records(file["name"]):
        return list(text_units(_label(file), file["text"]))
    limit = RECORD_SIZE_FACTOR * max_bytes()
    return [
        record_unit(f"{file['name']}:{number}", line.encode("utf-8"), limit)
        for number, line in enumerate(file["text"].split("\n"), 1)
        if line.strip()
    ]


def pending_from(form: ImportForm) -> dict[str, Any]:
    data = form.cleaned_data
    published_on = data.get("published_on")
    return {
        "token": secrets.token_urlsafe(16),
        "files": [{"name": name, "text": text} for name, text in data["texts"]],
        "publisher": data.get("publisher") or "",
        "source_url": data.get("source_url") or "",
        "published_on": published_on.isoformat() if published_on else "",
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
            # The same text twice in one upload is stored once, as the command line does.
            previews[i]["same_as"] = earlier.setdefault(previews[i]["hash"], unit.label)
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


def _label(file: dict[str, str]) -> str:
    return file["name"] or PASTED


def _import_files(files: list[dict[str, str]], pending: dict[str, Any]) -> list[ImportResult]:
    """Every meeting of every file stored, or none: ImportFailed names the file that failed
    (and, for a release, each of its meetings) in the command line's words."""
    if not files:
        raise ImportFailed("the preview holds no text; upload or paste the readout again")
    cache, results = ImportCache(), []
    with transaction.atomic():
        for file in files:
            if is_records(file["name"]):
                results += _import_records(file, cache)  # its errors name their lines
                continue
            try:
                check_size(len(file["text"].encode("utf-8")))
                results += import_text(
                    file["text"],
                    source_name=_label(file),
                    published_on=_published_on(pending),
                    publisher=pending["publisher"] or None,
                    source_url=pending["source_url"],
                    cache=cache,
                )
            except (ImportFailed, ReadoutFileError) as error:
                if len(files) == 1 or "\n" in str(error):
                    raise
                raise ImportFailed(f"{_label(file)}: {error}") from None
    return results


def _import_records(file: dict[str, str], cache: ImportCache) -> list[ImportResult]:
    """A .jsonl file's records, read again from the text that waited in the session."""
    units = file_units(file)
    unread = next((unit for unit in units if unit.error is not None), None)
    if unread is not None:
        raise ImportFailed(f"{unread.label}: {unread.error}")
    items = [Item(unit.label, record=unit.record) for unit in units]
    outcomes = import_items(items, cache=cache)
    for item, outcome in zip(items, outcomes, strict=True):
        if isinstance(outcome, ImportFailed):
            raise ImportFailed(f"{item.source_name}: {outcome}")
    return outcomes  # type: ignore[return-value]


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
    outcomes = {i: failures.get(i) or previews[i]["stored"] is None for i in range(len(units))}
    reasons = {**failures, **left_out(units, outcomes, would=True)}
    return [
        reasons[i] if units[i].label == PASTED else f"{units[i].label}: {reasons[i]}"
        for i in sorted(reasons)
    ]


def _report(request: HttpRequest, result: ImportResult) -> None:
    meeting = result.meeting
    if result.status == "unchanged":
        messages.warning(request, f"This text is already in the archive: “{meeting}”.")
    elif result.needs_review:
        messages.warning(request, f"Imported “{meeting}”; it needs review: {result.review_reason}")
    else:
        messages.success(request, f"Imported “{meeting}”.")
