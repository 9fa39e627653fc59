"""MDC-style charts: right colours and shapes, icons, words for screen readers, small PNGs."""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from PIL import Image as PILImage

from digests import cards
from digests.charts.xmr import _build_figure, _build_small_multiples, small_multiples, xmr_chart
from digests.spc import SpcResult, analyse
from tests.paths import ROOT

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TITLE = "Still at home 91 days after reablement"


_STEP = {"week": "W-MON", "month": "MS", "quarter": "QS-APR"}


def analysed(values: Sequence[float], frequency: str = "month", **options: Any) -> SpcResult:
    dates = pd.date_range("2023-11-01", periods=len(values), freq=_STEP[frequency])
    return analyse(dates, values, **options)


def _calm(n: int, seed: int = 3) -> list[float]:
    return list(80 + np.random.default_rng(seed).normal(0, 2, n))


SHIFT = [*_calm(29), 83.0, 82.6, 83.4, 82.5, 83.1, 82.8, 83.0]  # a run of 7+ above the mean
LOW_SHIFT = [*_calm(29), 78.0, 78.6, 77.4, 78.5, 78.1, 77.8, 78.2]


def shift_result(**options: Any) -> SpcResult:
    return analysed(SHIFT, **({"target": 85.0} | options))


def _scatter_colours(fig: Figure) -> dict[str, str]:
    ax = fig.axes[0]
    return {
        str(c.get_gid()): to_hex(tuple(np.asarray(c.get_facecolor())[0]))
        for c in ax.collections
        if isinstance(c, PathCollection)
    }


def _lines(fig: Figure, gid: str) -> list[Line2D]:
    return [line for line in fig.axes[0].lines if line.get_gid() == gid]


# --- the image and its words ------------------------------------------------------------------


def test_xmr_chart_is_a_small_png_with_alt_text() -> None:
    result = shift_result()
    image = xmr_chart(result, title=TITLE, unit="%", frequency="month")
    assert isinstance(image, cards.Image)
    assert image.png.startswith(PNG_SIGNATURE)
    assert len(image.png) < 80_000
    assert image.title == f"{TITLE}: improving"
    assert image.alt == (
        f"Chart of {TITLE}, monthly, Nov 2023 to Oct 2026. Latest 83.0% (Oct 2026). "
        "Improving: seven months in a row above the usual level. Usual range 75.9% to 85.4%. "
        "The target is 85%, and it will sometimes meet the target and sometimes miss it."
    )


def test_alt_text_while_settling_without_limits_or_target() -> None:
    settling = analysed([12, 14, 13, 15, 12, 16, 14, 13], frequency="week")
    alt = xmr_chart(settling, title="Falls", unit="count", frequency="week").alt
    assert "Latest 13 (week of 25 Dec 2023)." in alt
    assert "No real change: the ups and downs are within the usual range of" in alt
    assert alt.endswith("Early days: the usual range is still settling.")
    assert "target" not in alt.lower()
    flat = xmr_chart(analysed([5.0] * 8), title="Falls", unit="count", frequency="month").alt
    assert "every value has been the same" in flat and "Usual range" not in flat
    early = analysed([12, 14, 13])
    alt = xmr_chart(early, title="Falls", unit="count", frequency="month", target=10).alt
    assert "Too early to tell: only three months of data so far" in alt
    assert alt.endswith("The target is 10.")


def test_same_input_same_bytes() -> None:
    first = xmr_chart(shift_result(), title=TITLE, unit="%", frequency="month")
    second = xmr_chart(shift_result(), title=TITLE, unit="%", frequency="month")
    assert first.png == second.png
    assert b"Software" not in first.png and b"matplotlib" not in first.png.lower()


def test_charts_can_be_drawn_from_many_threads_at_once() -> None:
    result = shift_result()
    serial = xmr_chart(result, title=TITLE, unit="%", frequency="month").png

    def draw(_: int) -> bytes:
        return xmr_chart(result, title=TITLE, unit="%", frequency="month").png

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(png == serial for png in pool.map(draw, range(8)))


def test_nothing_to_chart_is_an_error() -> None:
    result = shift_result()
    empty = replace(result, points=result.points.iloc[:0])
    with pytest.raises(ValueError, match="nothing to chart"):
        xmr_chart(empty, title=TITLE, unit="%", frequency="month")
    with pytest.raises(ValueError, match="at least one"):
        small_multiples([])


# --- what is drawn ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "improvement", "kind", "colour"),
    [
        (SHIFT, "increase", "special_cause_improvement", "#00b0f0"),
        (SHIFT, "decrease", "special_cause_concern", "#e46c0a"),
        (SHIFT, "neutral", "special_cause_neutral_high", "#490092"),
        (LOW_SHIFT, "neutral", "special_cause_neutral_low", "#490092"),
    ],
)
def test_point_types_get_mdc_colours(
    values: list[float], improvement: str, kind: str, colour: str
) -> None:
    result = analysed(values, improvement=improvement)
    assert result.points["point_type"].iloc[-1] == kind
    colours = _scatter_colours(_build_figure(result, title=TITLE, unit="%", frequency="month"))
    assert colours[kind] == colour
    assert colours["common_cause"] == "#a6a6a6"
    assert set(colours) == set(result.points["point_type"])


def test_point_types_also_differ_in_shape() -> None:
    result = analysed(SHIFT)  # common cause, improvement and one concern point
    fig = _build_figure(result, title=TITLE, unit="%", frequency="month")
    shapes = {
        str(c.get_gid()): np.asarray(c.get_paths()[0].vertices).round(3).tobytes()
        for c in fig.axes[0].collections
        if isinstance(c, PathCollection)
    }
    assert len(shapes) == len(set(shapes.values())) == 3
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[:3] == ["Usual ups and downs", "Improving", "Getting worse"]


def test_mean_solid_limits_dashed_and_broken_at_each_rebase() -> None:
    values = [*_calm(15), *(v + 6 for v in _calm(14, seed=4))]
    result = analysed(values, rebase=[pd.Timestamp("2025-02-01")])
    fig = _build_figure(result, title=TITLE, unit="%", frequency="month")
    means, uppers = _lines(fig, "mean"), _lines(fig, "upl")
    assert len(means) == 2 and len(uppers) == 2 and len(_lines(fig, "lpl")) == 2
    assert all(line.get_linestyle() == "-" for line in means)
    assert all(line.get_linestyle() == "--" for line in uppers)
    # each group's limits span its own dates only, so the line breaks between groups
    first, second = (np.asarray(line.get_xydata()) for line in uppers)
    assert first[-1, 0] < second[0, 0]
    assert first[0, 1] < second[0, 1]
    assert len(_lines(fig, "rebase")) == 1


def test_target_line_is_labelled() -> None:
    fig = _build_figure(shift_result(), title=TITLE, unit="%", frequency="month")
    (target,) = _lines(fig, "target")
    assert target.get_label() == "Target 85%"
    assert to_hex(target.get_color()) == "#c00000"
    assert "Target 85%" in [t.get_text() for t in fig.legends[0].get_texts()]
    # a target given to the chart wins over none in the analysis
    fig = _build_figure(analysed(SHIFT), title=TITLE, unit="%", frequency="month", target=90)
    assert [line.get_label() for line in _lines(fig, "target")] == ["Target 90%"]
    no_target = _build_figure(analysed(SHIFT), title=TITLE, unit="%", frequency="month")
    assert not _lines(no_target, "target")


def test_y_axis_speaks_the_unit() -> None:
    result = analysed([1_200_000 + 10_000 * (i % 5) for i in range(12)])
    fig = _build_figure(result, title="Spend", unit="pounds", frequency="month")
    formatter = fig.axes[0].yaxis.get_major_formatter()
    assert formatter(1_250_000, 0) == "£1.2m"
    days = _build_figure(analysed([4.5, 5.0] * 6, frequency="week"), title="Wait", unit="days",
                         frequency="week")
    assert days.axes[0].get_ylabel() == "days"


def icons_for(fig: Figure) -> dict[str, tuple[str, str]]:
    """Each icon drawn on the figure: its name, disc colour and mark (squiggle drawn as "~")."""
    marks = {str(t.get_gid()): t.get_text() for t in fig.texts}
    marks |= {str(a.get_gid()): "~" for a in fig.artists if isinstance(a, Line2D)}
    return {
        str(a.get_gid()): (to_hex(a.get_facecolor()), marks[str(a.get_gid())])
        for a in fig.artists
        if isinstance(a, Circle)
    }


@pytest.mark.parametrize(
    ("values", "options", "icons"),
    [
        (SHIFT, {"target": 70.0},
         {"variation:improvement_high": ("#00b0f0", "H"), "assurance:pass": ("#00b0f0", "P")}),
        (SHIFT, {"improvement": "decrease", "target": 75.0},
         {"variation:concern_high": ("#e46c0a", "H"), "assurance:fail": ("#e46c0a", "F")}),
        (LOW_SHIFT, {}, {"variation:concern_low": ("#e46c0a", "L")}),
        (SHIFT, {"improvement": "neutral", "target": 80.0},
         {"variation:neutral_high": ("#490092", "↑")}),
        (_calm(30), {"target": 80.0},
         {"variation:common_cause": ("#7f7f7f", "~"), "assurance:inconsistent": ("#7f7f7f", "?")}),
    ],
)
def test_icons_are_drawn_by_us(
    values: list[float], options: dict[str, Any], icons: dict[str, Any]
) -> None:
    result = analysed(values, **options)
    fig = _build_figure(result, title=TITLE, unit="%", frequency="month")
    assert icons_for(fig) == icons


def test_no_icons_while_too_early_to_tell() -> None:
    fig = _build_figure(analysed([12.0, 14, 30]), title="Falls", unit="count", frequency="month")
    assert icons_for(fig) == {}
    assert fig.axes[0].get_title(loc="left").startswith("Falls: too early to tell")


def test_a_single_point_is_labelled_by_its_period() -> None:
    fig = _build_figure(analysed([5.0]), title="Falls", unit="count", frequency="month")
    fig.canvas.draw()  # tick labels are filled in at draw time
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Nov 2023"]
    image = xmr_chart(analysed([5.0]), title="Falls", unit="count", frequency="month")
    assert image.alt.startswith("Chart of Falls, monthly, Nov 2023. Latest 5 (Nov 2023).")


def test_missing_latest_value_is_said_once() -> None:
    result = analysed([5.0, 6, 5, 7, 6, 5, 6, 5, float("nan")])
    alt = xmr_chart(result, title="Falls", unit="count", frequency="month").alt
    assert "Latest" not in alt
    assert alt.count("no value yet for Jul 2024") == 1
    assert "Falls: no real change, no value yet for Jul 2024." in small_multiples(
        [(result, "Falls", "count", "month", None)]).alt


def test_latest_value_is_written_beside_the_last_point() -> None:
    fig = _build_figure(analysed(SHIFT), title=TITLE, unit="%", frequency="month")
    assert [t.get_text() for t in fig.axes[0].texts if t.get_text().endswith("%")] == ["83.0%"]
    rate = _build_figure(analysed([12.0, 13.5] * 5), title="Falls", unit="rate",
                         frequency="month")
    assert "13.5" in [t.get_text() for t in rate.axes[0].texts]


def test_palette_png_keeps_the_mdc_colours_exact() -> None:
    png = xmr_chart(shift_result(), title=TITLE, unit="%", frequency="month").png
    with PILImage.open(io.BytesIO(png)) as image:
        assert image.mode == "P"
        pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    colours = {"#{:02x}{:02x}{:02x}".format(*rgb) for rgb in np.unique(pixels, axis=0)}
    assert {"#a6a6a6", "#00b0f0", "#e46c0a", "#ffffff"} <= colours


def test_legend_reads_left_to_right_in_a_fixed_order() -> None:
    fig = _build_small_multiples(_panels(), columns=2)
    legend = fig.legends[0]
    shown = [t.get_text() for t in legend.get_texts()]
    rows = math.ceil(len([s for s in shown if s]) / 5)
    columns = len(shown) // rows
    # matplotlib lists entries column by column; read them back row by row
    by_rows = [shown[c * rows + r] for r in range(rows) for c in range(columns)]
    assert [s for s in by_rows if s] == [
        "Usual ups and downs", "Improving", "Getting worse", "Average", "Usual range", "Target",
    ]


# --- small multiples --------------------------------------------------------------------------


def _panels() -> list[tuple[SpcResult, str, str, str, float | None]]:
    concern = analysed(LOW_SHIFT, target=75.0)
    counts = analysed([400 + 30 * np.sin(i) for i in range(36)])
    money = analysed([1_000_000 + 50_000 * np.cos(i) for i in range(36)], improvement="decrease")
    return [
        (shift_result(), TITLE, "%", "month", 85.0),
        (concern, "People seen within two hours", "%", "month", 75.0),
        (counts, "Falls at home", "count", "month", None),
        (money, "Spend on residential care", "pounds", "month", None),
    ] * 2


def test_small_multiples_png_and_alt() -> None:
    image = small_multiples(_panels())
    assert image.png.startswith(PNG_SIGNATURE)
    assert len(image.png) < 200_000
    assert image.alt.startswith("Charts of 8 indicators. ")
    assert f"{TITLE}: improving, latest 83.0% (Oct 2026)." in image.alt
    assert "People seen within two hours: getting worse, latest 78.2% (Oct 2026)." in image.alt
    assert "Falls at home: no real change, latest" in image.alt
    assert image.alt.count("Spend on residential care: ") == 2


def test_small_multiples_share_one_legend_and_scheme() -> None:
    fig = _build_small_multiples(_panels(), columns=2)
    visible = [ax for ax in fig.axes if ax.axison]
    assert len(visible) == 8
    assert len(fig.legends) == 1
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(labels) == len(set(labels))
    assert {"Improving", "Getting worse", "Target"} <= set(labels)
    odd = _build_small_multiples(_panels()[:3], columns=2)
    assert len([ax for ax in odd.axes if ax.axison]) == 3


def test_pyplot_is_never_imported() -> None:
    code = (
        "import sys\n"
        "from tests.digests.charts.test_xmr import shift_result\n"
        "from digests.charts.xmr import small_multiples, xmr_chart\n"
        "xmr_chart(shift_result(), title='x', unit='%', frequency='month')\n"
        "small_multiples([(shift_result(), 'x', '%', 'month', None)])\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, cwd=ROOT)
    assert run.returncode == 0, run.stderr


def test_no_module_of_ours_imports_pyplot() -> None:
    """The same check as the repository's hook, so it fails here first."""
    imports = re.compile(r"^\s*(import matplotlib\.pyplot|from matplotlib import pyplot)", re.M)
    for path in sorted(ROOT.glob("[bdhm]*/**/*.py")):
        if ".venv" not in path.parts:
            assert not imports.search(path.read_text(encoding="utf-8")), path
