"""Draw the example charts in docs/images/ from the real variation engine.

Run from the repository root: `.venv/bin/python docs/make_examples.py`. The series are made up
(seeded, so every run draws the same PNGs) except the A&E panels of the small multiple, which use
NHS England's published four-hour figures in shared/data/ae_attendances.csv. Look at the PNGs
after changing digests/charts/xmr.py: a test can count colours, only a person can see overlaps.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from digests import cards
from digests.charts.funnel import funnel_chart
from digests.charts.xmr import small_multiples, xmr_chart
from digests.peers import FunnelUnit, funnel
from digests.spc import SpcResult, analyse

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
AE_FILE = ROOT.parent / "shared" / "data" / "ae_attendances.csv"
AE_TRUSTS = {"RQM": "Chelsea and Westminster", "RJZ": "King's College", "RDU": "Frimley",
             "RW6": "Pennine Acute"}


def _dates(n: int, frequency: str, end: str) -> pd.DatetimeIndex:
    step = {"week": "W-MON", "month": "MS", "quarter": "QS-APR"}[frequency]
    return pd.date_range(end=end, periods=n, freq=step)


def _noise(seed: int, n: int, sd: float) -> np.ndarray:
    return np.random.default_rng(seed).normal(0, sd, n)


def shift() -> SpcResult:
    """Reablement success steps up after weekend slots open: a run above the mean."""
    values = np.r_[80 + _noise(11, 27, 2.0), 84 + _noise(12, 9, 0.8)].round(1)
    return analyse(_dates(36, "month", "2026-10-01"), values, target=85.0)


def trend() -> SpcResult:
    """Days to first visit fall week after week once triage moves to the hospital ward."""
    values = np.r_[6.0 + _noise(21, 30, 0.35), np.linspace(6.2, 5.3, 8)].round(2)
    return analyse(_dates(38, "week", "2026-11-02"), values, improvement="decrease", target=5.5)


def astronomical() -> SpcResult:
    """Falls admissions spike in one icy month: a single point far above the limits."""
    values = np.r_[120 + _noise(31, 35, 8.0), 168].round()
    return analyse(_dates(36, "month", "2026-10-01"), values, improvement="decrease")


def rebase() -> SpcResult:
    """Care packages start faster after a new brokerage team; the limits are re-drawn."""
    values = np.r_[72 + _noise(41, 18, 2.5), 83 + _noise(42, 18, 2.0)].round(1)
    dates = _dates(36, "month", "2026-10-01")
    return analyse(dates, values, target=90.0, rebase=[dates[18]])


def ae_four_hours() -> list[tuple[SpcResult, str, str, str, float | None]]:
    """Four-hour A&E performance of a few major emergency departments, April 2016 to March 2019."""
    data = pd.read_csv(AE_FILE, dtype={"type": str}, parse_dates=["period"])
    data = data[(data["type"] == "1") & data["org_code"].isin(AE_TRUSTS)]
    panels: list[tuple[SpcResult, str, str, str, float | None]] = []
    for code, name in AE_TRUSTS.items():
        trust = data[data["org_code"] == code].sort_values("period")
        seen_in_time = 100 * (1 - trust["breaches"] / trust["attendances"])
        result = analyse(trust["period"], seen_in_time, target=95.0)
        panels.append((result, f"A&E within four hours: {name}", "%", "month", 95.0))
    return panels


def peers_funnel() -> cards.Image:
    """Six areas' reablement success (made-up figures): ours the highest, within chance."""
    areas = [FunnelUnit("Northvale", 0.847, 527), FunnelUnit("Eastmere", 0.836, 685),
             FunnelUnit("Westbrook", 0.827, 365), FunnelUnit("Southford", 0.810, 809),
             FunnelUnit("Kingsmoor", 0.841, 615), FunnelUnit("Riverside", 0.853, 618, ours=True)]
    return funnel_chart(funnel(areas), title="Still at home 91 days after reablement", unit="%",
                        scale=100, improvement="increase")


def _save(name: str, image: cards.Image) -> None:
    path = IMAGES / name
    path.write_bytes(image.png)
    print(f"{path.relative_to(ROOT)} ({len(image.png) / 1000:.0f} KB): {image.alt}\n")


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    charts = [
        ("spc-shift.png", shift(), "Still at home 91 days after reablement", "%", "month"),
        ("spc-trend.png", trend(), "Days from referral to first visit", "days", "week"),
        ("spc-astronomical.png", astronomical(), "Emergency admissions after a fall", "count",
         "month"),
        ("spc-rebase.png", rebase(), "Care packages started within 7 days", "%", "month"),
    ]
    for file, result, title, unit, frequency in charts:
        _save(file, xmr_chart(result, title=title, unit=unit, frequency=frequency))
    panels = [(result, title, unit, frequency, result.summary.target)
              for _file, result, title, unit, frequency in charts]
    _save("small-multiples.png", small_multiples(panels + ae_four_hours()))
    _save("funnel.png", peers_funnel())


if __name__ == "__main__":
    main()
