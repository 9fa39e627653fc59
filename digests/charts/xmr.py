"""Making Data Count style XmR charts as small PNGs, with the words every reader is owed.

Charts use matplotlib's object-oriented API only: the bot draws from worker threads and pyplot's
global figure state is not thread-safe, so `matplotlib.pyplot` is never imported here. Each point
is coloured *and* shaped by what the variation engine says about it, so the chart reads in
greyscale and for colour-blind readers. Output is deterministic for the same input (no software
or date stamp in the PNG), so a chart can be cached and deduplicated by its bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

from matplotlib import dates as mdates
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from digests import cards
from digests.charts.chart_words import (
    alt_text,
    hollow_alt,
    icons_for,
    latest_words,
    require_points,
)
from digests.charts.icons import POINT_STYLES, SOFT_INK, draw_heading, draw_legend
from digests.words.narrative import Narrative, describe
from digests.words.numbers import (
    axis_label,
    format_period,
    format_target,
    format_tick,
    format_value,
)

if TYPE_CHECKING:
    from digests.spc import SpcResult

Panel: TypeAlias = "tuple[SpcResult, str, str, str, float | None]"
"""One small-multiple panel: (result, title, unit, frequency, target)."""

JOIN = "#d0d0d0"
MEAN = "#404040"
LIMIT = "#808080"
TARGET = "#c00000"
TARGET_DASHES = (0, (7, 2, 1.5, 2))
SHORT_SPAN_DAYS = 93  # under about a quarter, date locators fall back to days and hours


def xmr_chart(
    result: SpcResult, *, title: str, unit: str, frequency: str, target: float | None = None,
    hollow: Sequence[date] = (),
) -> cards.Image:
    """One indicator's XmR chart as a PNG (800 x 450) with alt text that stands in for it.

    `title` is the indicator's name; the chart's heading adds the verdict. `target` defaults to
    the one the analysis was given. Points of the periods in `hollow` (provisional figures)
    are drawn hollow, and the alt text names them.
    """
    said = describe(result, name=title, unit=unit, frequency=frequency)
    target = result.summary.target if target is None else target
    fig = _xmr_figure(result, said, title=title, unit=unit, frequency=frequency, target=target,
                      hollow=hollow)
    alt = alt_text(result, said, title, unit, frequency, target) + hollow_alt(hollow, frequency)
    return cards.Image(png=figure_png(fig), alt=alt, title=f"{title}: {said.verdict}")


def small_multiples(items: Sequence[Panel], *, columns: int = 2) -> cards.Image:
    """Several indicators, one compact panel each, sharing one legend; for digests."""
    fig = _build_small_multiples(items, columns=columns)
    lines = []
    for result, name, unit, frequency, _target in items:
        said = describe(result, name=name, unit=unit, frequency=frequency)
        lines.append(f"{name}: {said.verdict}, {latest_words(result, unit, frequency)}.")
    alt = f"Charts of {len(items)} indicators. " + " ".join(lines)
    return cards.Image(png=figure_png(fig), alt=alt, title="How the indicators are doing")


def _build_figure(
    result: SpcResult, *, title: str, unit: str, frequency: str, target: float | None = None,
    hollow: Sequence[date] = (),
) -> Figure:
    """The XmR chart as a Figure, before it becomes bytes (tests inspect its artists)."""
    said = describe(result, name=title, unit=unit, frequency=frequency)
    target = result.summary.target if target is None else target
    return _xmr_figure(result, said, title=title, unit=unit, frequency=frequency, target=target,
                       hollow=hollow)


def _xmr_figure(
    result: SpcResult, said: Narrative, *, title: str, unit: str, frequency: str,
    target: float | None, hollow: Sequence[date] = (),
) -> Figure:
    require_points(result)
    fig = Figure(figsize=(8, 4.5), dpi=100, facecolor="white",
                 layout=ConstrainedLayoutEngine(w_pad=0.08, h_pad=0.06))
    ax = fig.add_subplot()
    draw_series(ax, result, unit, frequency, target, compact=False, hollow=hollow)
    subtitle = " ".join(filter(None, [said.reason, said.settling_sentence, said.gap_sentence]))
    draw_heading(fig, ax, icons_for(result), f"{title}: {said.verdict}", subtitle, large=True,
                 width=7.3)
    handles, labels = ax.get_legend_handles_labels()
    draw_legend(fig, dict(zip(labels, handles, strict=True)), max_columns=6)
    return fig


def _build_small_multiples(items: Sequence[Panel], *, columns: int = 2) -> Figure:
    if not items:
        raise ValueError("small_multiples needs at least one indicator")
    rows = math.ceil(len(items) / columns)
    fig = Figure(figsize=(8, 2.3 * rows + 0.5), dpi=100, layout="constrained",
                 facecolor="white")
    axes = fig.subplots(rows, columns, squeeze=False).ravel()
    entries: dict[str, Any] = {}
    for ax, (result, name, unit, frequency, target) in zip(axes, items, strict=False):
        require_points(result)
        said = describe(result, name=name, unit=unit, frequency=frequency)
        target = result.summary.target if target is None else target
        draw_series(ax, result, unit, frequency, target, compact=True)
        subtitle = f"{said.verdict.capitalize()} · {latest_words(result, unit, frequency)}"
        draw_heading(fig, ax, icons_for(result), name, subtitle, large=False,
                     width=8 / columns - 0.55)
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    for ax in axes[len(items):]:
        ax.set_axis_off()
    draw_legend(fig, entries, max_columns=5)
    return fig


def draw_series(
    ax: Axes, result: SpcResult, unit: str, frequency: str, target: float | None, *,
    compact: bool, hollow: Sequence[date] = (),
) -> None:
    """Points, joining line, mean and limits per rebase group, target, axes furniture.
    Points of the periods in `hollow` (provisional) keep their colour and shape, unfilled."""
    points = result.points
    dates = mdates.date2num(points["date"].to_numpy())
    values = points["value"].to_numpy(dtype=float)
    ax.plot(dates, values, color=JOIN, linewidth=1.0, zorder=1)
    size = 18 if compact else 34
    drawn: set[str] = set()
    unfilled = points["date"].dt.date.isin(set(hollow)).to_numpy()
    for kind, (colour, marker, words) in POINT_STYLES.items():
        mask = (points["point_type"] == kind).to_numpy()
        if not mask.any():
            continue
        special = kind != "common_cause"
        solid = mask & ~unfilled
        ax.scatter(dates[solid], values[solid], s=size * (1.5 if special else 1.0), c=colour,
                   marker=marker, edgecolors="white", linewidths=0.5, zorder=3 + special,
                   label=None if words in drawn else words, gid=kind)
        drawn.add(words)
        if (mask & unfilled).any():
            ax.scatter(dates[mask & unfilled], values[mask & unfilled],
                       s=size * (1.5 if special else 1.0), facecolors="white",
                       edgecolors=colour, marker=marker, linewidths=1.4, zorder=4 + special,
                       label=None if "Provisional" in drawn else "Provisional",
                       gid=f"{kind}-provisional")
            drawn.add("Provisional")
    groups = points["rebase_group"].to_numpy()
    for number, group_id in enumerate(dict.fromkeys(groups)):
        rows = groups == group_id
        span = [dates[rows][0], dates[rows][-1]]
        first = points[rows].iloc[0]
        label = number == 0
        ax.plot(span, [first["mean"]] * 2, color=MEAN, linewidth=1.3, zorder=2,
                label="Average" if label else None, gid="mean")
        for edge in ("lpl", "upl"):
            if math.isfinite(float(first[edge])):
                ax.plot(span, [first[edge]] * 2, color=LIMIT, linewidth=1.0, linestyle="--",
                        zorder=2, label="Usual range" if label and edge == "upl" else None,
                        gid=edge)
        if number > 0:
            ax.axvline(span[0], color=LIMIT, linewidth=0.8, linestyle=":", zorder=1,
                       label="Change made" if number == 1 else None, gid="rebase")
    if target is not None:
        # Panels share one legend, so there the value is left to each panel's alt text.
        words = "Target" if compact else f"Target {format_target(target, unit)}"
        ax.axhline(target, color=TARGET, linewidth=1.4, linestyle=TARGET_DASHES, zorder=2,
                   label=words, gid="target")
    _latest_label(ax, dates, values, unit, compact)
    _style_axes(ax, dates, unit, frequency, compact)


def _latest_label(ax: Axes, dates: Any, values: Any, unit: str, compact: bool) -> None:
    """Write the latest value beside the last point: the number people ask for first."""
    if not math.isfinite(values[-1]):
        return
    # "per 1,000" is on the axis already; beside the point it would crowd the plot.
    text = format_value(values[-1], unit, compact=True).removesuffix(" per 1,000")
    ax.annotate(text, (dates[-1], values[-1]), xytext=(7, 0), textcoords="offset points",
                va="center", ha="left", fontsize=8 if compact else 9.5, color="#222222",
                fontweight="bold", zorder=6,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})


def _style_axes(ax: Axes, dates: Any, unit: str, frequency: str, compact: bool) -> None:
    first, last = float(dates[0]), float(dates[-1])
    width = max(last - first, 30.0)
    # Room on the right for the latest value's label.
    ax.set_xlim(first - 0.03 * width, last + (0.16 if compact else 0.11) * width)
    _date_ticks(ax, dates, frequency, compact)
    ax.margins(y=0.1)
    # Round steps only (1, 2, 2.5, 5): the default also allows 8, giving ticks like 4.8, 5.6.
    ax.yaxis.set_major_locator(MaxNLocator(nbins=4 if compact else 6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: format_tick(v, unit)))
    ax.set_ylabel(axis_label(unit), color=SOFT_INK, fontsize=9)
    ax.tick_params(labelsize=8 if compact else 9, colors=SOFT_INK, length=3)
    ax.grid(axis="y", color="#ececec", linewidth=0.8, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color("#bbbbbb")


def _date_ticks(ax: Axes, dates: Any, frequency: str, compact: bool) -> None:
    """Ticks only where the data reaches: a "2027" tick in the label margin reads as a forecast."""
    first, last = float(dates[0]), float(dates[-1])
    if last - first < SHORT_SPAN_DAYS:  # a handful of points: label them by their period
        step = max(1, math.ceil(len(dates) / 5))
        ax.set_xticks(list(dates[::step]))
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda v, _pos: _tick_period(mdates.num2date(v).date(), frequency)))
        return
    locator = mdates.AutoDateLocator(minticks=3, maxticks=6 if compact else 8)
    # Two to three years of months would otherwise overflow the month steps (and warn).
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
    ticks = locator.tick_values(mdates.num2date(first), mdates.num2date(last))
    ax.set_xticks([t for t in ticks if first <= t <= last])
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _tick_period(day: date, frequency: str) -> str:
    return f"{day.day} {day:%b}" if frequency == "week" else format_period(day, frequency)


def figure_png(fig: Figure) -> bytes:
    """Render, then store as a 256-colour palette PNG: a third of the size, and no visible change.

    Median cut without dithering keeps the few flat colours exact (the MDC blue is still #00b0f0)
    and only merges anti-aliasing shades. Pillow writes no date or software chunk, so the same
    figure always gives the same bytes.
    """
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgb = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")
    palette = rgb.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="png", optimize=True)
    return buffer.getvalue()
