"""The admin's upload form: .txt files, .jsonl files of records or a pasted text, each file
read and checked as the command line reads one (`archive.sources`), and the meetings each file
reports (`file_units`), named as the command names them."""

from __future__ import annotations

from django import forms

from .import_input import ImportFailed, check_source_url
from .import_run import RECORD_SIZE_FACTOR, Unit, record_unit, text_units
from .sources import ReadoutFileError, check_size, decode_readout_bytes, max_bytes

# How messages name a pasted text; one of one meeting goes unnamed.
PASTED = "The text"
# The most files one upload takes; their texts wait in the session until confirmed, together at
# most UPLOAD_FACTOR times the limit of one readout (`READOUT_MAX_BYTES`).
MAX_FILES = 20
UPLOAD_FACTOR = 4
# What the form gives every text of an upload; a record carries its own.
GIVEN_FOR_TEXTS = ("publisher", "source_url", "published_on")


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
    update = forms.BooleanField(
        label="Update meetings already stored",
        required=False,
        help_text=(
            "As import_readouts --update: a record replaces the meeting stored from it, a text "
            "stored already is parsed again and its meeting rewritten when the parse changed. "
            "A reviewed meeting that curators edited is kept."
        ),
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
        return list(text_units(file_label(file), file["text"]))
    limit = RECORD_SIZE_FACTOR * max_bytes()
    return [
        record_unit(f"{file['name']}:{number}", line.encode("utf-8"), limit)
        for number, line in enumerate(file["text"].split("\n"), 1)
        if line.strip()
    ]


def file_label(file: dict[str, str]) -> str:
    return file["name"] or PASTED
