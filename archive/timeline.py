"""Meetings per year as an SVG bar chart, drawn on the server so it shows without JavaScript.

Bar sizes are SVG attributes, not CSS, so the strict Content-Security-Policy (no inline styles)
does not get in the way. Colours come from classes in archive.css, with attribute fallbacks.

The chart shrinks to fit a phone, and its text with it: decades of years drawn at 12 units come
out 4-5 pixels high on a 390-pixel screen. A chart that shrinks there also carries year labels for
phones (`timeline-narrow`), drawn large enough to come out at LABEL_PX on the narrowest phone and
only on every second, fifth or tenth year, as many as have room; archive.css shows them instead of
the desktop's labels and counts on a narrow screen. The counts are in the table below the chart.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from math import ceil

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MIN_SLOT, MAX_SLOT = 30, 72  # horizontal room per year: wide for a few years, narrow for decades
CHART_WIDTH = 640
PLOT_HEIGHT = 120
TOP = 20  # room for the count above the tallest bar
BOTTOM = 24  # room for the year labels
LEFT = 8
MAX_YEAR_LABELS = 14
MAX_COUNT_LABELS = 30
# The chart's room on the narrowest phone commonly met (375 pixels, less the page's margins) and
# the height its year labels should have there, in pixels.
PHONE_WIDTH = 343
LABEL_PX = 12
# Years between two labels on a phone: round numbers, the first that leaves room between them.
PHONE_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


@dataclass(frozen=True)
class TimelineBar:
    year: int
    count: int
    x: int
    y: int
    width: int
    height: int
    show_year: bool


def fill_years(counts: Mapping[int, int]) -> list[tuple[int, int]]:
    """(year, count) for every year from the first to the last, quiet years included as 0."""
    years = [year for year, count in counts.items() if year is not None and count]
    if not years:
        return []
    return [(year, int(counts.get(year, 0))) for year in range(min(years), max(years) + 1)]


def layout_bars(counts: Mapping[int, int]) -> list[TimelineBar]:
    series = fill_years(counts)
    if not series:
        return []
    tallest = max(count for _, count in series)
    step = ceil(len(series) / MAX_YEAR_LABELS)
    slot = slot_width(len(series))
    bar_width = round(slot * 0.68)
    bars = []
    for index, (year, count) in enumerate(series):
        # A year with one meeting next to a year with hundreds still gets a visible sliver.
        height = max(2, round(PLOT_HEIGHT * count / tallest)) if count else 0
        show_year = index % step == 0 or index == len(series) - 1
        x = LEFT + index * slot + (slot - bar_width) // 2
        y = TOP + PLOT_HEIGHT - height
        bars.append(TimelineBar(year, count, x, y, bar_width, height, show_year))
    return bars


def slot_width(years: int) -> int:
    return max(MIN_SLOT, min(MAX_SLOT, CHART_WIDTH // max(years, 1)))


def chart_width(years: int) -> int:
    return LEFT * 2 + years * slot_width(years)


@dataclass(frozen=True)
class PhoneLabels:
    """Year labels for a phone: their size in the chart's units and the years between them."""

    font_size: int
    step: int

    def shows(self, year: int) -> bool:
        return year % self.step == 0


def phone_labels(years: int) -> PhoneLabels | None:
    """The labels a chart of `years` years needs on a phone, or None when it does not shrink
    there (its own labels are then as large as on a desktop)."""
    width = chart_width(years)
    if width <= PHONE_WIDTH:
        return None
    font_size = ceil(LABEL_PX * width / PHONE_WIDTH)
    # Four digits take about 2.4 times the font size; a font size more keeps them apart.
    room = 3.4 * font_size
    slot = slot_width(years)
    step = next((s for s in PHONE_YEAR_STEPS if s * slot >= room), PHONE_YEAR_STEPS[-1])
    return PhoneLabels(font_size, step)


def _meetings(count: int) -> str:
    return f"{count} meeting" if count == 1 else f"{count:,} meetings"


def describe(counts: Mapping[int, int]) -> str:
    """A sentence saying what the chart shows, for screen readers and the chart's description."""
    series = fill_years(counts)
    if not series:
        return "No dated meetings."
    total = sum(count for _, count in series)
    dated = "dated meeting" if total == 1 else "dated meetings"
    busiest_year, busiest = max(series, key=lambda item: (item[1], -item[0]))
    first, last = series[0][0], series[-1][0]
    span = f"in {first}" if first == last else f"from {first} to {last}"
    if first == last:
        return f"{total:,} {dated} {span}."
    if sum(1 for _, count in series if count == busiest) > 1:
        return f"{total:,} {dated} {span}; at most {busiest:,} in a year."
    return f"{total:,} {dated} {span}; the busiest year was {busiest_year} ({_meetings(busiest)})."


def year_links(counts: Mapping[int, int], year_url: str) -> dict[int, str]:
    """{year: `year_url` + the year} of every year with meetings ({} without `year_url`)."""
    if not year_url:
        return {}
    return {year: f"{year_url}{year}" for year, count in counts.items() if year and count}


def render_timeline_svg(
    counts: Mapping[int, int],
    *,
    title: str,
    chart_id: str,
    year_url: str = "",
    links: Mapping[int, str] | None = None,
) -> SafeString:
    """An accessible SVG bar chart of `counts` (year -> meetings), or "" when nothing is dated.
    With `links` ({year: address}), or `year_url` (a year with meetings links to `year_url` + the
    year), the chart is a group of those links rather than one image."""
    bars = layout_bars(counts)
    if not bars:
        return mark_safe("")
    links = year_links(counts, year_url) if links is None else links
    width = chart_width(len(bars))
    phone = phone_labels(len(bars))
    height = TOP + PLOT_HEIGHT + max(BOTTOM, phone.font_size + 6 if phone else 0)
    # On a chart with labels for phones, the desktop's text is marked to give way to them.
    wide = " timeline-wide" if phone else ""
    cid = escape(chart_id)
    parts = [
        f'<svg class="timeline-chart" role="{"group" if links else "img"}" '
        f'aria-labelledby="{cid}-title {cid}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(describe(counts))}</desc>',
        f'<line class="timeline-axis" x1="0" x2="{width}" y1="{TOP + PLOT_HEIGHT}" '
        f'y2="{TOP + PLOT_HEIGHT}" stroke="#5c6670" stroke-width="1"/>',
    ]
    label_counts = len(bars) <= MAX_COUNT_LABELS
    for bar in bars:
        centre = bar.x + bar.width // 2
        linked = bool(bar.count and links.get(bar.year))
        named = f"<title>{bar.year}: {_meetings(bar.count)}</title>"
        if linked:
            # Named by its title; out of the tab order (the table below the chart has the same
            # links for the keyboard).
            parts.append(f'<a href="{escape(links[bar.year])}" tabindex="-1">{named}')
            named = ""
        parts.append(
            f'<g class="timeline-year">{named}'
            f'<rect class="timeline-bar" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
            f'height="{bar.height}" fill="#1d5fa8"/>'
        )
        if label_counts and bar.count:
            parts.append(
                f'<text class="timeline-count{wide}" x="{centre}" y="{bar.y - 5}" '
                f'text-anchor="middle" font-size="12" fill="#1f2328">{bar.count}</text>'
            )
        if bar.show_year:
            parts.append(
                f'<text class="timeline-label{wide}" x="{centre}" y="{TOP + PLOT_HEIGHT + 18}" '
                f'text-anchor="middle" font-size="12" fill="#1f2328">{bar.year}</text>'
            )
        if phone and phone.shows(bar.year):
            # Kept inside the chart: a year at either end would lose a digit.
            half = ceil(1.2 * phone.font_size)
            x = min(max(centre, half), width - half)
            parts.append(
                f'<text class="timeline-label timeline-narrow" x="{x}" y="{height - 6}" '
                f'text-anchor="middle" font-size="{phone.font_size}" fill="#1f2328">'
                f"{bar.year}</text>"
            )
        parts.append("</g></a>" if linked else "</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only
