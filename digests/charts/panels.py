"""Digest charts built from cached panels, so 1,000 teams sharing an indicator draw it once.

A digest's image is a grid of small panels, one per indicator, with one legend. Each panel is
drawn once per (indicator, latest period, data) and kept; a team's grid is then pasted together
from the cached panels, which costs milliseconds instead of a full matplotlib render.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PIL import Image

from digests import cards
from digests.charts.chart_words import icons_for, latest_words, require_points
from digests.charts.icons import POINT_STYLES, draw_heading, draw_legend
from digests.charts.series import series_of
from digests.charts.xmr import draw_series, figure_png
from digests.indicators.status import Status
from digests.lru import Lru
from digests.words.narrative import describe

PANEL_SIZE = (4.0, 2.3)  # inches at 100 dpi: two columns make an 800-pixel-wide image
STYLE = "panel-v1"  # bump when the look changes, so cached panels are redrawn
PANELS_KEPT = 4096  # distinct (indicator, period, data): a big partnership's several weeks


@dataclass(frozen=True)
class Panel:
    image: Image.Image  # palette mode, on the shared palette, ready to paste
    labels: tuple[str, ...]
    alt: str

    @property
    def png(self) -> bytes:
        return _encode(self.image)


PanelStore = Callable[[str, Callable[[], Panel]], Panel]


def panel_key(status: Status) -> str:
    """(indicator, latest period, style) plus a digest of the data, since figures get revised."""
    points = status.result.points if status.result is not None else None
    digest = hashlib.sha256()
    if points is not None:
        for column in ("value", "mean", "lpl", "upl"):
            digest.update(points[column].to_numpy(dtype="float64").tobytes())
        digest.update("|".join(points["point_type"]).encode())
        digest.update(points["date"].to_numpy(dtype="datetime64[ns]").tobytes())
    digest.update(repr((status.spec.name, status.spec.unit, status.spec.target)).encode())
    return f"{status.spec.key}:{status.latest_period}:{STYLE}:{digest.hexdigest()[:16]}"


def draw_panel(status: Status) -> Panel:
    result = status.result
    assert result is not None
    require_points(result)
    spec = status.spec
    fig = Figure(figsize=PANEL_SIZE, dpi=100, layout="constrained", facecolor="white")
    ax = fig.add_subplot()
    said = describe(result, name=spec.name, unit=spec.unit, frequency=spec.frequency)
    draw_series(ax, result, spec.unit, spec.frequency, spec.target, compact=True)
    subtitle = f"{said.verdict.capitalize()} · {latest_words(result, spec.unit, spec.frequency)}"
    draw_heading(fig, ax, icons_for(result), spec.name, subtitle, large=False,
                 width=PANEL_SIZE[0] - 0.55)
    labels = tuple(dict.fromkeys(ax.get_legend_handles_labels()[1]))
    alt = f"{spec.name}: {said.verdict}, {latest_words(result, spec.unit, spec.frequency)}."
    return Panel(_on_palette(fig), labels, alt)


class PanelBook:
    """Panels in memory (thread-safe), optionally backed by a shared store (the database)."""

    def __init__(self, store: PanelStore | None = None, keep: int = PANELS_KEPT) -> None:
        self._panels: Lru[str, Panel] = Lru(keep)
        self._legends: Lru[tuple[str, ...], Image.Image] = Lru(64)
        self._store = store
        self.drawn = 0

    def panel(self, status: Status) -> Panel:
        def draw() -> Panel:
            self.drawn += 1
            return draw_panel(status)

        key = panel_key(status)
        return self._panels.get_or_make(
            key, lambda: self._store(key, draw) if self._store else draw())

    def grid(self, statuses: Sequence[Status], *, columns: int = 2) -> cards.Image | None:
        """One image of the indicators that have data, with a shared legend and alt text."""
        drawable = [s for s in statuses if s.result is not None and len(s.result.points)]
        if not drawable:
            return None
        panels = [self.panel(s) for s in drawable]
        labels = tuple(sorted({label for p in panels for label in p.labels}))
        legend = self._legends.get_or_make(labels, lambda: _legend_png(labels))
        png = _paste([p.image for p in panels], legend, columns)
        alt = f"Charts of {len(panels)} indicators. " + " ".join(p.alt for p in panels)
        series = tuple(series_of(s.result, name=s.spec.name, unit=s.spec.unit,
                                 frequency=s.spec.frequency, words=p.alt)
                       for s, p in zip(drawable, panels, strict=True) if s.result is not None)
        return cards.Image(png=png, alt=alt, title="How the indicators are doing",
                           series=series)


def _legend_png(labels: tuple[str, ...]) -> Image.Image:
    fig = Figure(figsize=(PANEL_SIZE[0] * 2, 0.45), dpi=100, facecolor="white")
    entries = {label: _proxy(label) for label in labels}
    draw_legend(fig, entries, max_columns=7)
    return _on_palette(fig)


def _proxy(label: str) -> Line2D:
    """A legend key like the one the panel drew for `label`."""
    for colour, marker, words in POINT_STYLES.values():
        if words == label:
            return Line2D([], [], linestyle="none", marker=marker, markersize=7,
                          markerfacecolor=colour, markeredgecolor="white")
    styles: dict[str, tuple[str, Any]] = {
        "Average": ("#404040", "-"), "Usual range": ("#808080", "--"),
        "Change made": ("#808080", ":"), "Target": ("#c00000", "-.")}
    colour, style = styles.get(label, ("#808080", "-"))
    return Line2D([], [], color=colour, linestyle=style, linewidth=1.4)


def _paste(images: list[Image.Image], key: Image.Image, columns: int) -> bytes:
    """Paste palette images that share one palette: a byte copy, no colour work per team."""
    width, height = images[0].size
    rows = math.ceil(len(images) / columns)
    canvas = Image.new("P", (max(width * columns, key.width), height * rows + key.height), 0)
    canvas.putpalette(_palette())
    for index, image in enumerate(images):
        canvas.paste(image, ((index % columns) * width, (index // columns) * height))
    canvas.paste(key, ((canvas.width - key.width) // 2, height * rows))
    return _encode(canvas)


def _encode(image: Image.Image) -> bytes:
    """Fast deflate: a team's grid is made per digest, and level 1 is ~4x faster than the
    default for a few more kilobytes on flat-coloured charts."""
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _on_palette(fig: Figure) -> Image.Image:
    """Render a figure and map it onto the shared palette (no dithering: flat colours stay flat)."""
    rgb = Image.open(io.BytesIO(figure_png(fig))).convert("RGB")
    reference = Image.new("P", (1, 1))
    reference.putpalette(_palette())
    return rgb.quantize(palette=reference, dither=Image.Dither.NONE)


@cache
def _palette() -> list[int]:
    """256 colours: white first, the chart's own colours exact, and ramps from white to each
    (the shades anti-aliasing makes), so every panel can share one palette."""
    inks = ["#ffffff", *(c for c, _m, _w in POINT_STYLES.values()), "#404040", "#808080",
            "#c00000", "#222222", "#505050", "#d0d0d0", "#ececec", "#bbbbbb"]
    colours = [(int(ink[1:3], 16), int(ink[3:5], 16), int(ink[5:7], 16))
               for ink in dict.fromkeys(inks)]
    greys = [(v, v, v) for v in range(0, 256, 4)]
    ramps = []
    for r, g, b in colours[1:6]:
        for step in range(1, 24):
            t = step / 24
            ramps.append((round(255 + (r - 255) * t), round(255 + (g - 255) * t),
                          round(255 + (b - 255) * t)))
    unique = list(dict.fromkeys([*colours, *greys, *ramps]))[:256]
    unique += [(255, 255, 255)] * (256 - len(unique))
    return [channel for colour in unique for channel in colour]
