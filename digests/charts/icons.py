"""The key to a Making Data Count chart: point styles, the two icons, the heading and the legend.

Managers who know the NHS Making Data Count charts look for the two icons in the corner first:
variation (is something unusual happening, and is it good or bad?) and assurance (will we meet the
target?). We draw them as discs in the MDC colours with a letter or arrow, rather than shipping the
NHS image files, so they scale with the chart and cost nothing in PNG size. The letters and the
point shapes carry the meaning too, for readers who cannot tell blue from orange.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.transforms import Affine2DBase, ScaledTranslation, Transform

GREY = "#a6a6a6"
BLUE = "#00b0f0"
ORANGE = "#e46c0a"
PURPLE = "#490092"
# A darker grey for the disc than for the points: white on #a6a6a6 is too faint to read.
ICON_GREY = "#7f7f7f"
INK = "#222222"
SOFT_INK = "#505050"

# point_type -> (colour, marker, legend words); the words echo the verdicts
POINT_STYLES: dict[str, tuple[str, str, str]] = {
    "common_cause": (GREY, "o", "Usual ups and downs"),
    "special_cause_improvement": (BLUE, "^", "Improving"),
    "special_cause_concern": (ORANGE, "s", "Getting worse"),
    "special_cause_neutral_high": (PURPLE, "D", "Changed"),
    "special_cause_neutral_low": (PURPLE, "D", "Changed"),
}
LEGEND_ORDER = ["Usual ups and downs", "Improving", "Getting worse", "Changed", "Provisional",
                "Average",
                "Usual range", "Target", "Change made"]

# variation icon -> (disc colour, mark); "~" is the common-cause squiggle drawn as a line
VARIATION: dict[str, tuple[str, str]] = {
    "common_cause": (ICON_GREY, "~"),
    "improvement_high": (BLUE, "H"),
    "improvement_low": (BLUE, "L"),
    "concern_high": (ORANGE, "H"),
    "concern_low": (ORANGE, "L"),
    "neutral_high": (PURPLE, "↑"),
    "neutral_low": (PURPLE, "↓"),
}
ASSURANCE: dict[str, tuple[str, str]] = {
    "pass": (BLUE, "P"),
    "fail": (ORANGE, "F"),
    "inconsistent": (ICON_GREY, "?"),
}


def draw_heading(
    fig: Figure,
    ax: Axes,
    icons: tuple[str, str | None] | None,
    title: str,
    subtitle: str,
    *,
    large: bool,
    width: float,
) -> None:
    """A bold title over a quieter subtitle, aligned with the plot, and the icons beside them.

    The title carries blank lines where the subtitle sits, so the layout engine keeps room for
    both; the icons sit in that band, above the plot, where data can never hide them. Text is
    wrapped to the plot's `width` (inches) less the icons, at DejaVu Sans's average letter width
    (0.62 em bold, 0.55 em regular), so it never runs under them. `icons` is (variation,
    assurance), or None to draw none.
    """
    size, sub_size, diameter = (13.0, 9.5, 0.36) if large else (9.5, 8.5, 0.27)
    count = 0 if icons is None else 1 + (icons[1] is not None)
    room = width - count * diameter * 1.25 - 0.1
    title = textwrap.fill(title, int(room / (0.62 * size / 72)))
    subtitle = textwrap.fill(subtitle, int(room / (0.55 * sub_size / 72)))
    pad = 6.0
    blank = "\n " * (subtitle.count("\n") + 1)
    ax.set_title(title + blank, loc="left", fontsize=size, fontweight="bold", color=INK, pad=pad)
    base = ax.transAxes + ScaledTranslation(0, pad / 72, fig.dpi_scale_trans)
    ax.text(0, 1, subtitle, transform=base, va="baseline", fontsize=sub_size, color=SOFT_INK)
    if icons is not None:
        draw_icons(fig, (1.0, 1.0), ax.transAxes, *icons, diameter=diameter,
                   offset=(0.0, 0.06 + diameter))


def draw_icons(
    fig: Figure,
    anchor: tuple[float, float],
    coords: Transform,
    variation: str,
    assurance: str | None,
    *,
    diameter: float = 0.42,
    offset: tuple[float, float] = (0.0, 0.0),
) -> None:
    """Draw the variation icon, then the assurance icon, with their top-right corner at `anchor`.

    `anchor` is in `coords` (figure or axes fraction); `offset` and sizes are in inches from
    there, so the discs stay round whatever the figure's shape.
    """
    icons = [(f"variation:{variation}", *VARIATION[variation])]
    if assurance is not None:
        icons.append((f"assurance:{assurance}", *ASSURANCE[assurance]))
    # Axes and figure fractions are affine, as ScaledTranslation needs.
    assert isinstance(coords, Affine2DBase)
    place = fig.dpi_scale_trans + ScaledTranslation(anchor[0], anchor[1], coords)
    radius, gap = diameter / 2, diameter * 0.25
    for i, (name, colour, mark) in enumerate(reversed(icons)):
        x = offset[0] - radius - i * (diameter + gap)
        _disc(fig, place, (x, offset[1] - radius), radius, colour, mark, name)


def _disc(
    fig: Figure,
    place: Transform,
    centre: tuple[float, float],
    r: float,
    colour: str,
    mark: str,
    name: str,
) -> None:
    """One icon; `name` (e.g. "assurance:pass") is set as the gid of its parts for tests."""
    x, y = centre
    fig.add_artist(Circle(centre, r, transform=place, facecolor=colour, edgecolor="white",
                          linewidth=1.0, zorder=10, gid=name))
    if mark == "~":  # common cause: a flat wobble, as on the MDC icon
        xs = [x + r * f for f in (-0.55, -0.3, -0.05, 0.2, 0.45, 0.6)]
        ys = [y + r * f for f in (0.0, 0.22, -0.18, 0.2, -0.12, 0.05)]
        fig.add_artist(Line2D(xs, ys, transform=place, color="white", linewidth=1.6,
                              solid_capstyle="round", zorder=11, gid=name))
        return
    fig.text(x, y, mark, transform=place, ha="center", va="center", color="white",
             fontsize=r * 72 * 1.15, fontweight="bold", zorder=11, gid=name)


def draw_legend(fig: Figure, entries: dict[str, Any], *, max_columns: int) -> None:
    """One legend under the plot, in a fixed order that reads left to right, row by row."""
    labels = sorted(entries, key=_legend_rank)
    rows = math.ceil(len(labels) / max_columns)
    columns = math.ceil(len(labels) / rows)
    grid = labels + [""] * (rows * columns - len(labels))
    # matplotlib fills a legend column by column; hand it the grid transposed.
    order = [grid[row * columns + column] for column in range(columns) for row in range(rows)]
    blank = Line2D([], [], linestyle="none")
    handles = [_legend_handle(entries[label]) if label else blank for label in order]
    fig.legend(handles, order, loc="outside lower center", ncols=columns, fontsize=8.5,
               frameon=False, handlelength=2.2, columnspacing=1.4)


def _legend_rank(label: str) -> int:
    """Points first, then lines; "Target 85%" ranks as "Target"."""
    return next(i for i, start in enumerate(LEGEND_ORDER) if label.startswith(start))


def _legend_handle(handle: Any) -> Any:
    """A scatter's legend key, remade as a marker of one fixed size, whatever the panel size."""
    if isinstance(handle, Line2D):
        return handle
    gid = str(handle.get_gid())
    if gid.endswith("-provisional"):  # a provisional figure: a hollow grey circle
        return Line2D([], [], linestyle="none", marker="o", markersize=7,
                      markerfacecolor="white", markeredgecolor=SOFT_INK, markeredgewidth=1.4)
    colour, marker, _words = POINT_STYLES[gid]
    return Line2D([], [], linestyle="none", marker=marker, markersize=7,
                  markerfacecolor=colour, markeredgecolor="white", markeredgewidth=0.5)
