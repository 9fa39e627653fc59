"""A funnel plot as a PNG, with the words every reader is owed (Figure API only, no pyplot).

Peers are grey circles with their names, our area a larger blue diamond ("us", named in
the legend); the 95% limits are dashed
and the 99.8% limits solid, around the peer average. Values are drawn in the indicator's unit
(per cent, or per 1,000), so the chart reads like every other chart the bot draws.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from digests import cards
from digests.charts.icons import BLUE, GREY, INK, SOFT_INK
from digests.charts.xmr import LIMIT, figure_png
from digests.peers.funnel import Z95, Z998, Funnel
from digests.peers.words import band_words, dispersion_words
from digests.words.numbers import format_value

LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
             "alpha": 0.85}
"""Behind each name, so a limit or the average line never strikes through it."""


def funnel_chart(found: Funnel, *, title: str, unit: str, scale: float,
                 improvement: str) -> cards.Image:
    """The funnel for one indicator (800 x 450), values multiplied by `scale` for the unit."""
    fig = Figure(figsize=(8, 4.5), dpi=100, facecolor="white", layout="constrained")
    ax = fig.add_subplot()
    sizes = np.array([p.unit.n for p in found.units])
    span = np.linspace(max(1.0, sizes.min() * 0.6), sizes.max() * 1.25, 200)
    for z, style, label in ((Z998, "-", "99.8% limits"), (Z95, "--", "95% limits")):
        low, high = found.limits(span, z)
        ax.plot(span, low * scale, style, color=LIMIT, linewidth=1.1, label=label)
        ax.plot(span, high * scale, style, color=LIMIT, linewidth=1.1)
    ax.axhline(found.target * scale, color=INK, linewidth=1.8, linestyle=":",
               label="Peer average")
    # Peers' names alternate below-left and above-right of their points, in order of size, so
    # that two areas of similar size do not write over each other.
    order = sorted((p.unit.n, i) for i, p in enumerate(found.units) if not p.unit.ours)
    below = {i: k % 2 == 0 for k, (_, i) in enumerate(order)}
    for index, placed in enumerate(found.units):
        area = placed.unit
        if area.ours:
            ax.scatter([area.n], [area.value * scale], s=110, marker="D", color=BLUE,
                       edgecolor=INK, zorder=4, label=area.name)
            ax.annotate("us", (area.n, area.value * scale), textcoords="offset points",
                        xytext=(8, -14), color=INK, fontsize=10, fontweight="bold",
                        bbox=LABEL_BOX, zorder=5)
        else:
            ax.scatter([area.n], [area.value * scale], s=45, marker="o", color=GREY,
                       edgecolor=SOFT_INK, zorder=3)
            ax.annotate(area.name, (area.n, area.value * scale), textcoords="offset points",
                        xytext=(-6, -12) if below[index] else (6, 6),
                        ha="right" if below[index] else "left", color=SOFT_INK, fontsize=8,
                        bbox=LABEL_BOX, zorder=5)
    ax.set_title(f"{title}: how we compare", loc="left", fontsize=12, color=INK)
    ax.set_xlabel("Size (the denominator: people or population counted)")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_ylabel("per cent" if unit == "%" else "per 1,000")
    ax.spines[["top", "right"]].set_visible(False)
    # Below the plot, so it never hides a point.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=4, fontsize=8,
              frameon=False)
    return cards.Image(png=figure_png(fig), alt=_alt(found, title, unit, scale, improvement),
                       title=f"{title}: how we compare")


def _alt(found: Funnel, title: str, unit: str, scale: float, improvement: str) -> str:
    average = format_value(found.target * scale, unit)
    parts = [f"Funnel plot of {title} across {len(found.units)} areas; the peer average is "
             f"{average}."]
    ours = found.ours
    if ours is not None:
        parts.append(f"{ours.unit.name}: {format_value(ours.unit.value * scale, unit)} of "
                     f"{ours.unit.n:,.0f}, {band_words(ours, improvement)}.")
    others = [p for p in found.units if not p.unit.ours and p.band != "within"]
    for placed in others:
        parts.append(f"{placed.unit.name}: {band_words(placed, improvement)}.")
    note = dispersion_words(found)
    if note:
        parts.append(note)
    return " ".join(parts)
