"""A year of peer figures for the indicators members compare across areas.

Five fictional comparator areas, as a council's "nearest neighbours" would be. Riverside sits in
the middle on reablement (the peer median is its target), near the bottom on A&E, about average on
emergency admissions and better than every peer on falls, so a member digest has a peer position
worth reading. Peer series are drawn the same way as Riverside's, without its story.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd

from models.demo.framework import indicator_settings
from models.demo.generate import SEED_NAMESPACE, expected_values, observed, standard_draws
from models.demo.series import SERIES
from models.demo.timeline import periods

BENCHMARK_COLUMNS = ["indicator", "period", "peer", "value", "denominator"]

PEERS = ("Northvale", "Eastmere", "Westbrook", "Southford", "Kingsmoor")

PEER_SIZE = (0.85, 1.2, 0.6, 1.35, 0.95)
"""Each peer's population relative to Riverside's, which scales its denominators."""

PEER_LEVELS: dict[str, tuple[float, ...]] = {
    "home-91": (85.2, 82.6, 86.9, 80.4, 84.0),
    "ae-4hr": (76.4, 74.1, 79.2, 73.0, 77.5),
    "emergency-65": (22.6, 25.1, 21.4, 24.6, 23.3),
    "falls-65": (22.3, 24.5, 20.6, 25.8, 22.8),
}
"""Each peer's usual level outside winter, in the indicator's unit, in the order of PEERS."""

MONTHS = 12


def demo_benchmarks(today: date) -> pd.DataFrame:
    """Peer values for the last twelve complete months, aligned with Riverside's own periods."""
    settings = indicator_settings()
    frames = []
    for indicator, levels in PEER_LEVELS.items():
        unit = settings[indicator]["unit"]
        starts = periods("month", today)[-MONTHS:]
        for peer, level, size in zip(PEERS, levels, PEER_SIZE, strict=True):
            base = SERIES[indicator]
            assert base.denominator is not None
            series = replace(
                base, level=level, denominator=base.denominator * size, step=0.0
            )
            key = f"{SEED_NAMESPACE}/benchmark/{indicator}/{peer}"
            draws = standard_draws(key, "month", starts)
            expected = expected_values(series, "month", starts, today)
            value, _, den = observed(unit, series, expected, draws, starts)
            frames.append(
                pd.DataFrame(
                    {
                        "indicator": indicator,
                        "period": pd.Series(starts, dtype=object),
                        "peer": peer,
                        "value": value,
                        "denominator": np.asarray(den, dtype=float),
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)[BENCHMARK_COLUMNS]
