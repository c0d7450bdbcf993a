"""Reading readout files: finding them, checking them and decoding them to text.

Shared by the import command and the admin upload, so both refuse the same bad input with the same
one-line message. Nothing here touches the database.
"""

from __future__ import annotations

import codecs
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

TEXT_SUFFIXES = (".txt",)
RECORD_SUFFIXES = (".jsonl",)
READABLE_SUFFIXES = TEXT_SUFFIXES + RECORD_SUFFIXES

# Control characters other than tab, line feed, form feed and carriage return. Text has almost
# none; executables, images and archives are full of them.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x0B, 0x7F}
_CONTROL_TABLE = bytes(sorted(_CONTROL_BYTES))
_BINARY_SHARE = 0.10


class ReadoutFileError(Exception):
    """A file that cannot be read as a readout; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class InputFile:
    """A file to import, by its path as the user gave it or as found under a folder or glob
    (used in every message about it).

    An import holds one per file for the whole run, so it is one string in a small object (a
    100,000-file folder took 69 MB as `Path` objects with a display string beside each)."""

    path: str

    @property
    def display(self) -> str:
        return self.path

    @property
    def is_records(self) -> bool:
        return os.path.splitext(self.path)[1].lower() in RECORD_SUFFIXES


def max_bytes() -> int:
    return int(getattr(settings, "READOUT_MAX_BYTES", 1024 * 1024))


def check_size(size: int) -> None:
    limit = max_bytes()
    if size > limit:
        raise ReadoutFileError(f"file is too large ({size:,} bytes; the limit is {limit:,} bytes)")


def decode_readout_bytes(data: bytes) -> str:
    """The text of a readout file: UTF-8, with or without a byte order mark, or UTF-16 with one
    (what Windows Notepad saves as "Unicode").

    Raises ReadoutFileError for an empty file, a binary file or bytes that are neither.
    """
    check_size(len(data))
    if not data.strip():
        raise ReadoutFileError("empty file" if not data else "empty file (only whitespace)")
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return _decode_utf16(data)
    if data[:5] == b"%PDF-":
        raise ReadoutFileError("a PDF file, not text; copy its text into a .txt file or paste it")
    if b"\x00" in data:
        raise ReadoutFileError("binary file, not text (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if _looks_binary(data):
            raise ReadoutFileError("binary file, not text (mostly control bytes)") from None
        bad = data[error.start]
        raise ReadoutFileError(
            f"not UTF-8 text (invalid byte 0x{bad:02x} at offset {error.start}); "
            "save the file as UTF-8 and try again"
        ) from None
    if _looks_binary(data):
        raise ReadoutFileError("binary file, not text (mostly control characters)")
    if not text.strip():
        raise ReadoutFileError("empty file (only whitespace)")
    return text


def _decode_utf16(data: bytes) -> str:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError:
        raise ReadoutFileError("not valid UTF-16 text, though it opens like it") from None
    if not text.strip():
        raise ReadoutFileError("empty file (only whitespace)")
    if "\x00" in text:
        raise ReadoutFileError("binary file, not text (contains NUL characters)")
    if _looks_binary(text.encode("utf-8")):
        raise ReadoutFileError("binary file, not text (mostly control characters)")
    return text


def read_readout_file(path: str | os.PathLike[str]) -> str:
    """Read and decode one readout file, checking its size before reading it.

    One open, one `fstat` of what was opened and one read of one byte more than its size (a
    file that grew since is read on, up to one byte past the limit); anything but a regular
    file is refused (`_open_regular_file`). Read with `os.read`, not through a buffered file
    object: about half the time for a small file, and the import's writing process reads every
    file.
    """
    descriptor, size = _open_regular_file(path)
    try:
        check_size(size)
        data = os.read(descriptor, size + 1)
        if len(data) > size:
            data = _read_on(descriptor, data)
    except OSError as error:
        raise ReadoutFileError(f"cannot read the file ({error.strerror or error})") from None
    finally:
        os.close(descriptor)
    return decode_readout_bytes(data)


def _open_regular_file(path: str | os.PathLike[str]) -> tuple[int, int]:
    """A descriptor of `path` opened for reading, and the file's size. Opened without blocking,
    so that anything but a regular file (a named pipe, a device, a folder) is refused as "not a
    regular file" instead of waited on."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ReadoutFileError("no such file") from None
    except IsADirectoryError:
        raise ReadoutFileError("not a regular file") from None
    except OSError as error:
        raise ReadoutFileError(f"cannot read the file ({error.strerror or error})") from None
    try:
        found = os.fstat(descriptor)
    except OSError as error:
        os.close(descriptor)
        raise ReadoutFileError(f"cannot read the file ({error.strerror or error})") from None
    if not stat.S_ISREG(found.st_mode):
        os.close(descriptor)
        raise ReadoutFileError("not a regular file")
    return descriptor, found.st_size


def open_records_file(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a .jsonl file to be read line by line, refusing what cannot be one: anything but a
    regular file (a named pipe is refused, not waited on) and a file whose opening is binary
    or UTF-16 (one message for the file, not one for every "line" of it)."""
    descriptor, _ = _open_regular_file(path)
    try:
        stream = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    try:
        _check_records_opening(stream.read(8192))
        stream.seek(0)
    except OSError as error:
        stream.close()
        raise ReadoutFileError(f"cannot read the file ({error.strerror or error})") from None
    except BaseException:
        stream.close()
        raise
    return stream


def _check_records_opening(head: bytes) -> None:
    # JSON text holds no raw control character but tab, line feed and carriage return, so a
    # NUL or a run of control bytes is never a record.
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        raise ReadoutFileError("UTF-16 text; save the .jsonl file as UTF-8 and try again")
    if head[:5] == b"%PDF-":
        raise ReadoutFileError("a PDF file, not JSON lines")
    if b"\x00" in head:
        raise ReadoutFileError("binary file, not text (contains NUL bytes)")
    if _looks_binary(head):
        raise ReadoutFileError("binary file, not text (mostly control bytes)")


def _read_on(descriptor: int, data: bytes) -> bytes:
    """The rest of a file that was longer than its size said, up to one byte past the limit."""
    chunks, size, limit = [data], len(data), max_bytes()
    while size <= limit and (chunk := os.read(descriptor, min(1 << 16, limit + 1 - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def find_input_files(patterns: Iterable[str]) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """The files named by `patterns` (files, folders searched recursively, globs), in order.

    Folders and globs contribute only `.txt` and `.jsonl` files, so a README beside the readouts is
    skipped; a file named explicitly is always taken. Returns the files and (pattern, problem)
    pairs for patterns that name nothing: no such path, or a glob or folder with no readable
    file.
    """
    files: list[InputFile] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(path: str, key: str | None = None) -> None:
        key = key or os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(InputFile(path))

    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found_any = False
            for found, key in _walk(path):
                found_any = True
                add(found, key)
            # As with a glob that matches nothing: a mistyped or emptied folder is not a
            # successful import of nothing.
            if not found_any:
                problems.append((pattern, "no .txt or .jsonl files in this folder"))
        elif path.exists() or path.is_symlink():
            add(pattern)
        elif glob.has_magic(pattern):
            readable = _glob_files(pattern)
            if not readable:
                problems.append((pattern, "no .txt or .jsonl files match"))
            for found, key in readable:
                add(found, key)
        else:
            problems.append((pattern, "no such file or directory"))
    return files, problems


def _glob_files(pattern: str) -> list[tuple[str, str]]:
    """The readable files a glob matches, then those under the folders it matches, each with its
    key (see `_walk`): one `lstat` a match, and a real path worked out once per folder."""
    files: list[tuple[str, str]] = []
    folders: list[Path] = []
    real_folders: dict[str, str] = {}
    for match in sorted(glob.glob(pattern, recursive=True)):
        try:
            mode = os.lstat(match).st_mode
        except OSError:
            continue
        if stat.S_ISLNK(mode):
            if os.path.isdir(match):
                folders.append(Path(match))
            elif _readable_name(match) and os.path.isfile(match):
                files.append((str(Path(match)), os.path.realpath(match)))
        elif stat.S_ISDIR(mode):
            folders.append(Path(match))
        elif stat.S_ISREG(mode) and _readable_name(match):
            folder, name = os.path.split(match)
            if folder not in real_folders:
                real_folders[folder] = os.path.realpath(folder or os.curdir)
            files.append((str(Path(match)), os.path.join(real_folders[folder], name)))
    for folder in folders:
        files.extend(_walk(folder))
    return files


def _walk(folder: Path) -> Iterator[tuple[str, str]]:
    """The readable files under `folder` (hidden ones and links to folders left out), each
    folder's files in name order before its subfolders in name order; each with the key that
    tells when two names are one file (its real path).

    Names are classified from the folder listing (`os.scandir`), without a `stat` of each file,
    and the real path of a file that is not a link is its folder's real path and its name: the
    walk does not follow links to folders, so every folder below `folder` is real.
    """
    yield from _walk_real(str(folder), os.path.realpath(folder))


def _walk_real(folder: str, real: str) -> Iterator[tuple[str, str]]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(
                (entry for entry in listing if not entry.name.startswith(".")),
                key=lambda entry: entry.name,
            )
    except OSError:
        return  # an unreadable folder contributes nothing, as with os.walk
    folders = []
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.name)
            elif _readable_name(entry.name) and entry.is_file():
                key = (
                    os.path.realpath(entry.path)
                    if entry.is_symlink()
                    else os.path.join(real, entry.name)
                )
                yield str(Path(entry.path)), key
        except OSError:
            continue
    for name in folders:
        yield from _walk_real(os.path.join(folder, name), os.path.join(real, name))


def _readable_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in READABLE_SUFFIXES


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    # Deleting the control bytes and comparing lengths counts them without a Python loop.
    control = len(sample) - len(sample.translate(None, _CONTROL_TABLE))
    return control > len(sample) * _BINARY_SHARE
