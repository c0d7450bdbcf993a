"""The server-drawn meetings-per-year chart: a pure function from counts to accessible SVG."""

import re

import pytest

from archive.timeline import (
    MAX_YEAR_LABELS,
    PLOT_HEIGHT,
    describe,
    fill_years,
    layout_bars,
    render_timeline_svg,
)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({}, []),  # nothing dated: no chart
        ({2020: 0}, []),  # only empty years: no chart
        ({2021: 3}, [(2021, 3)]),
        ({2019: 1, 2022: 2}, [(2019, 1), (2020, 0), (2021, 0), (2022, 2)]),  # gaps filled
        ({2022: 2, 2019: 1}, [(2019, 1), (2020, 0), (2021, 0), (2022, 2)]),  # any key order
    ],
)
def test_fill_years(counts, expected):
    assert fill_years(counts) == expected


def test_bar_heights_are_proportional_and_small_counts_stay_visible():
    bars = {bar.year: bar for bar in layout_bars({2020: 100, 2021: 0, 2022: 50, 2023: 1})}
    assert bars[2020].height == PLOT_HEIGHT
    assert bars[2021].height == 0
    assert bars[2022].height == PLOT_HEIGHT // 2
    assert bars[2023].height >= 2  # one meeting next to a hundred is still seen
    # Bars stand on one baseline.
    assert {bar.y + bar.height for bar in bars.values()} == {bars[2020].y + PLOT_HEIGHT}


def test_year_labels_thin_out_over_decades():
    bars = layout_bars(dict.fromkeys(range(1950, 2025), 1))
    labelled = [bar for bar in bars if bar.show_year]
    assert len(labelled) <= MAX_YEAR_LABELS + 1
    assert labelled[0].year == 1950 and labelled[-1].year == 2024


def test_svg_is_accessible():
    svg = str(render_timeline_svg({2021: 2, 2023: 5}, title="Meetings per year", chart_id="t"))
    assert svg.startswith('<svg class="timeline-chart" role="img" aria-labelledby="t-title t-desc"')
    assert '<title id="t-title">Meetings per year</title>' in svg
    assert '<desc id="t-desc">7 dated meetings from 2021 to 2023;' in svg
    assert len(re.findall(r"<rect ", svg)) == 3
    assert ">2021</text>" in svg and ">2022</text>" in svg and ">5</text>" in svg
    assert "<title>2022: 0 meetings</title>" in svg
    # Sizes are SVG attributes, never inline CSS, so the Content-Security-Policy allows them.
    assert "style=" not in svg


def test_svg_escapes_the_title():
    svg = str(render_timeline_svg({2021: 1}, title="<script>x</script>", chart_id='a"b'))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'aria-labelledby="a&quot;b-title' in svg


def test_no_dated_meetings_draws_nothing():
    assert str(render_timeline_svg({}, title="t", chart_id="t")) == ""


@pytest.mark.parametrize(
    ("counts", "sentence"),
    [
        ({}, "No dated meetings."),
        ({2022: 1}, "1 dated meeting in 2022."),
        (
            {2020: 1, 2022: 3},
            "4 dated meetings from 2020 to 2022; the busiest year was 2022 (3 meetings).",
        ),
        ({2020: 2, 2021: 2, 2022: 1}, "5 dated meetings from 2020 to 2022; at most 2 in a year."),
    ],
)
def test_describe(counts, sentence):
    assert describe(counts) == sentence


def test_description_groups_thousands():
    assert describe({2020: 1500, 2021: 10}) == (
        "1,510 dated meetings from 2020 to 2021; the busiest year was 2020 (1,500 meetings)."
    )


def _texts(svg: str, cls: str) -> list[tuple[int, int, str]]:
    """(x, font size, text) of each <text> whose class is exactly `cls`."""
    return [
        (int(x), int(size), text)
        for x, size, text in re.findall(
            rf'<text class="{cls}" x="(\d+)"[^>]*font-size="(\d+)"[^>]*>([^<]*)</text>', svg
        )
    ]


def test_a_chart_that_shrinks_on_a_phone_has_year_labels_drawn_for_it():
    from archive.timeline import LABEL_PX, PHONE_WIDTH

    svg = str(render_timeline_svg(dict.fromkeys(range(1996, 2026), 3), title="t", chart_id="t"))
    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))
    narrow = _texts(svg, "timeline-label timeline-narrow")
    # every fifth year, large enough to come out at LABEL_PX on the narrowest phone
    assert [text for _, _, text in narrow] == ["2000", "2005", "2010", "2015", "2020", "2025"]
    assert all(size * PHONE_WIDTH / width >= LABEL_PX for _, size, _ in narrow)
    # far enough apart for four digits and a space
    assert all(b[0] - a[0] >= 3 * a[1] for a, b in zip(narrow, narrow[1:], strict=False))
    assert all(2.4 * size / 2 <= x <= width - 2.4 * size / 2 for x, size, _ in narrow)
    # the desktop's labels and counts give way to them on a phone (archive.css)
    assert _texts(svg, "timeline-label timeline-wide") and _texts(
        svg, "timeline-count timeline-wide"
    )


def test_a_chart_that_fits_a_phone_keeps_its_own_labels():
    svg = str(render_timeline_svg({2021: 2, 2022: 1, 2023: 5}, title="t", chart_id="t"))
    assert "timeline-narrow" not in svg and "timeline-wide" not in svg
    assert [text for _, _, text in _texts(svg, "timeline-label")] == ["2021", "2022", "2023"]
