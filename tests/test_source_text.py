"""The source text as HTML with statements and agreed points marked: every input gives safe HTML."""

import re

import pytest

from archive.source_text import SourceSpanRef, mark_source_text, usable_spans


def span(start, end, anchor):
    kind = "agreed point" if anchor.startswith("a") else "statement"
    return SourceSpanRef(start, end, anchor, f"{kind} {int(anchor[1:]) + 1}")


def marked(text, *spans):
    return str(mark_source_text(text, spans))


def test_spans_are_wrapped_and_linked_back():
    html = marked("Hello world. Bye.", span(0, 12, "s0"))
    assert html == (
        '<mark id="src-s0" class="span span-statement">Hello world.</mark>'
        '<a class="span-ref" href="#s0" aria-label="Go to statement 1">S1</a> Bye.'
    )


def test_every_piece_is_escaped():
    html = marked("<b>x</b> & <script>y</script>", span(11, 29, "a0"))
    assert "<b>" not in html and "<script>" not in html
    assert html.startswith("&lt;b&gt;x&lt;/b&gt; &amp; ")
    assert (
        '<mark id="src-a0" class="span span-agreed">&lt;script&gt;y&lt;/script&gt;</mark>' in html
    )


@pytest.mark.parametrize(
    ("spans", "kept"),
    [
        ([span(0, 5, "s0"), span(6, 11, "s1")], ["s0", "s1"]),  # side by side
        ([span(0, 11, "s0"), span(0, 11, "a0")], ["s0", "a0"]),  # the same text: nested
        ([span(0, 11, "s0"), span(6, 11, "a0")], ["s0", "a0"]),  # contained: nested
        ([span(0, 8, "s0"), span(6, 11, "s1")], ["s0"]),  # crossing: the later one is dropped
        ([span(3, 2, "s0"), span(5, 5, "s1")], []),  # reversed and empty
        ([span(-1, 4, "s0"), span(8, 99, "s1")], []),  # off either end of the text
        ([span(6, 11, "s1"), span(0, 5, "s0")], ["s0", "s1"]),  # any input order
    ],
)
def test_usable_spans(spans, kept):
    assert [s.anchor for s in usable_spans(spans, len("Hello world"))] == kept


def test_nested_spans_make_well_formed_html():
    html = marked("Both agreed. More.", span(0, 18, "s0"), span(0, 12, "a0"), span(5, 11, "a1"))
    assert html.count("<mark") == html.count("</mark>") == 3
    # Tags close in the reverse order they open.
    stack = []
    for closing, name in re.findall(r"<(/?)(mark)\b", html):
        if closing:
            assert stack.pop() == name
        else:
            stack.append(name)
    assert stack == []
    assert re.sub(r"<[^>]+>|[SA]\d", "", html) == "Both agreed. More."


def test_text_without_spans_is_only_escaped():
    assert marked("a < b") == "a &lt; b"
