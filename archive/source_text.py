"""The source text of a readout as HTML, with every statement and agreed point marked where it stands.

Each span becomes `<mark id="src-s3">` (or `src-a2` for an agreed point), so a plain link to
`#src-s3` scrolls the reader to the passage and CSS `:target` highlights it: no script needed.
Offsets come from the parser and from curators' edits, so they are not trusted: spans that run off
the text, are empty or cross another span are left unmarked rather than breaking the page.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class SourceSpanRef:
    """One passage to mark: `anchor` is the statement's or agreed point's own anchor ("s3", "a0")."""

    start: int
    end: int
    anchor: str
    label: str

    @property
    def kind(self) -> str:
        return "agreed" if self.anchor.startswith("a") else "statement"

    @property
    def short_label(self) -> str:
        """ "S4" for statement 4, "A1" for agreed point 1: small enough to sit inside the text."""
        return self.label[0].upper() + self.label.rsplit(" ", 1)[-1]


def _in_reading_order(spans: Iterable[SourceSpanRef]) -> list[SourceSpanRef]:
    # Outer spans before the spans they contain; a statement before an agreed point on the same text.
    return sorted(spans, key=lambda s: (s.start, -s.end, s.kind != "statement", s.anchor))


def usable_spans(spans: Iterable[SourceSpanRef], text_length: int) -> list[SourceSpanRef]:
    """The spans that can be marked, in reading order.

    A span must lie inside the text and not be empty. Spans may nest (an agreed point is often the
    same sentence as a joint statement, or part of one), but a span that crosses the end of an
    enclosing span cannot become well-formed HTML and is left unmarked.
    """
    placed: list[SourceSpanRef] = []
    open_spans: list[SourceSpanRef] = []
    for span in _in_reading_order(spans):
        if span.start < 0 or span.end > text_length or span.start >= span.end:
            continue
        while open_spans and open_spans[-1].end <= span.start:
            open_spans.pop()
        if open_spans and span.end > open_spans[-1].end:
            continue
        placed.append(span)
        open_spans.append(span)
    return placed


def _open(span: SourceSpanRef) -> str:
    return f'<mark id="src-{escape(span.anchor)}" class="span span-{span.kind}">'


def _close(span: SourceSpanRef) -> str:
    return (
        f'</mark><a class="span-ref" href="#{escape(span.anchor)}" '
        f'aria-label="Go to {escape(span.label)}">{escape(span.short_label)}</a>'
    )


def mark_source_text(text: str, spans: Iterable[SourceSpanRef]) -> SafeString:
    """HTML for `text` with each usable span wrapped in a `<mark>` and linked back to its entry."""
    pieces: list[str] = []
    cursor = 0
    open_spans: list[SourceSpanRef] = []

    def close_until(position: int) -> None:
        nonlocal cursor
        while open_spans and open_spans[-1].end <= position:
            span = open_spans.pop()
            pieces.append(escape(text[cursor : span.end]) + _close(span))
            cursor = span.end

    for span in usable_spans(spans, len(text)):
        close_until(span.start)
        pieces.append(escape(text[cursor : span.start]) + _open(span))
        cursor = span.start
        open_spans.append(span)
    close_until(len(text))
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text above is escaped


def spans_for_meeting(statements: Iterable, agreed_points: Iterable) -> list[SourceSpanRef]:
    """Span references for a meeting's statements and agreed points (model instances or alikes)."""
    refs = [
        SourceSpanRef(s.start_offset, s.end_offset, s.anchor, f"statement {_number(s)}")
        for s in statements
    ]
    refs += [
        SourceSpanRef(a.start_offset, a.end_offset, a.anchor, f"agreed point {_number(a)}")
        for a in agreed_points
    ]
    return refs


def _number(item) -> int:
    # The meeting page numbers entries 1, 2, 3 in reading order whatever their stored positions.
    return getattr(item, "number", item.position + 1)
