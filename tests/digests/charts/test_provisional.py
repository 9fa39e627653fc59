"""Provisional figures are drawn hollow, keep their colour and shape, and are named in words."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from PIL import Image as PILImage

from digests.charts.icons import POINT_STYLES
from digests.charts.xmr import _build_figure, xmr_chart
from digests.spc import analyse

TITLE = "Still at home 91 days after reablement"


def result_and_last_two() -> tuple[object, list[object]]:
    values = list(80 + np.random.default_rng(3).normal(0, 2, 24))
    dates = pd.date_range("2024-11-01", periods=24, freq="MS")
    return analyse(dates, values), [d.date() for d in dates[-2:]]


def test_provisional_points_are_hollow_in_their_own_colour() -> None:
    result, last_two = result_and_last_two()
    fig = _build_figure(result, title=TITLE, unit="%", frequency="month",  # type: ignore[arg-type]
                        hollow=last_two)
    collections = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    hollow = [c for c in collections if str(c.get_gid()).endswith("-provisional")]
    solid = [c for c in collections if not str(c.get_gid()).endswith("-provisional")]
    assert sum(len(c.get_offsets()) for c in hollow) == 2
    assert sum(len(c.get_offsets()) for c in solid) == 22
    (common,) = hollow
    assert to_hex(tuple(np.asarray(common.get_facecolor())[0])) == "#ffffff"
    assert to_hex(tuple(np.asarray(common.get_edgecolor())[0])) == \
        POINT_STYLES["common_cause"][0].lower()
    assert "Provisional" in fig.axes[0].get_legend_handles_labels()[1] or any(
        "Provisional" in t.get_text() for legend in fig.legends for t in legend.get_texts())


def test_the_alt_text_names_the_provisional_periods() -> None:
    result, last_two = result_and_last_two()
    image = xmr_chart(result, title=TITLE, unit="%", frequency="month",  # type: ignore[arg-type]
                      hollow=last_two)
    assert image.alt.endswith("Provisional figures, drawn hollow: Sep 2026, Oct 2026.")
    assert PILImage.open(io.BytesIO(image.png)).size == (800, 450)
    plain = xmr_chart(result, title=TITLE, unit="%", frequency="month")  # type: ignore[arg-type]
    assert "Provisional" not in plain.alt and plain.png != image.png
