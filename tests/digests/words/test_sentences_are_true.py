"""Every sentence is true of its numbers (issue 11, item 5): thousands of generated series
(stable, shifts, trends, spikes, rebases, targets, gaps), each said through `assess` as answers
and digests say it, and each phrase checked against its definition in
`digests.words.definitions` (docs/spc.md) from the numbers alone, not from the narrative's
own helpers. Seeded, so a failure is repeatable; bounded well under a minute."""

from __future__ import annotations

import math
import re
from datetime import date
from itertools import pairwise

import numpy as np
import pandas as pd
import pytest

from digests.indicators.periods import next_period
from digests.indicators.status import IndicatorSpec, Status, assess
from digests.words.definitions import FAR_SIGMA, GAP_WINDOW, RECENT

SERIES = 2000
WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10}


def generate(rng: np.random.Generator) -> tuple[IndicatorSpec, pd.DataFrame]:
    n = int(rng.integers(8, 40))
    level, spread = float(rng.uniform(40, 90)), float(rng.uniform(0.5, 4))
    values = level + rng.normal(0, spread, n)
    kind = rng.choice(["stable", "shift", "trend", "spike", "rebase", "late-spike", "improved"])
    at = int(rng.integers(3, n - 1))
    rebases: tuple[date, ...] = ()
    days = [date(2023, 1, 1)]
    while len(days) < n:
        days.append(next_period(days[-1], "month"))
    if kind in ("shift", "rebase"):
        values[at:] += float(rng.choice([-1, 1]) * rng.uniform(1, 5) * spread)
        if kind == "rebase":
            rebases = (days[at],)
    elif kind == "trend":
        values[at:] += np.arange(n - at) * float(rng.uniform(-1, 1) * spread)
    elif kind == "spike":
        values[at] += float(rng.choice([-1, 1]) * rng.uniform(2, 7) * spread)
    elif kind == "late-spike":
        values[-1] += float(rng.choice([-1, 1]) * rng.uniform(2.5, 4) * spread)
    fixed = None
    if kind == "improved":  # limits fixed on the first 12; the work got better since
        fixed, n_better = 12, int(rng.integers(3, 6))
        values = values[:max(n, 16)] if n >= 16 else np.concatenate(
            [values, level + rng.normal(0, spread, 16 - n)])
        n = len(values)
        while len(days) < n:
            days.append(next_period(days[-1], "month"))
        values[-n_better:] = level + 6 * spread + rng.normal(0, spread / 4, n_better)
    values = np.round(values, 1)
    frame = pd.DataFrame({"period": days, "value": values})
    gaps = int(rng.integers(0, 4)) if rng.random() < 0.4 else 0
    if gaps:
        drop = rng.choice(np.arange(1, n - 1), size=min(gaps, n - 2), replace=False)
        frame = frame.drop(index=drop).reset_index(drop=True)
    target = float(np.round(level + rng.normal(0, 2 * spread), 0)) if rng.random() < 0.6 \
        else None
    improvement = str(rng.choice(["increase", "decrease", "neutral"], p=[0.45, 0.45, 0.1]))
    if kind == "improved":
        improvement, target = "increase", float(np.round(level + 4.5 * spread, 1))
    spec = IndicatorSpec("m", "Measure", "%", "month", improvement, target=target,
                         rebases=rebases, fix_after_n_points=fixed)
    return spec, frame


def check(status: Status) -> list[str]:
    """What is false in what `status` says (empty when every sentence holds)."""
    assert status.words is not None and status.result is not None
    text = status.words.text
    change = status.change_text or ""
    points, summary = status.result.points, status.result.summary
    group = points[points["rebase_group"] == points["rebase_group"].iloc[-1]]
    values = [float(v) for v in points["value"]]
    latest = values[-1]
    known = [v for v in values[:-1] if not math.isnan(v)]
    lpl, upl, mean = summary.lpl, summary.upl, summary.mean
    wrong = []

    def claim(phrase: str, holds: bool) -> None:
        if phrase in text and not holds:
            wrong.append(phrase)

    sigma = abs(upl - mean) / 3 if math.isfinite(upl) and math.isfinite(mean) else math.nan
    claim("far outside the usual range",
          (latest > upl and latest - upl >= FAR_SIGMA * sigma)
          or (latest < lpl and lpl - latest >= FAR_SIGMA * sigma))
    claim("above the usual range", latest > upl)
    claim("below the usual range", latest < lpl)
    claim("Above the usual range", latest > upl)
    claim("Below the usual range", latest < lpl)
    claim("highest on record", all(latest > v for v in known))
    claim("lowest on record", all(latest < v for v in known))
    before = group.iloc[-1 - RECENT:-1]
    claim("back within the usual range", lpl <= latest <= upl
          and bool(before["outside_limits"].fillna(False).astype(bool).any()))
    claim("latest value is within the usual range", lpl <= latest <= upl)
    claim("the ups and downs are within", lpl <= latest <= upl)
    group_values = [float(v) for v in group["value"]]
    for count, side in re.findall(r"(\w+) months in a row (above|below) the usual level", text) \
            + [(c, s) for s, c in re.findall(r"(Above|Below) the usual level for (\w+) months",
                                             text)]:
        n = WORDS.get(count.lower()) or int(count)
        tail = group_values[-n:]
        ok = all(v > mean for v in tail) if side.lower() == "above" else \
            all(v < mean for v in tail)
        if len(tail) < n or not ok:
            wrong.append(f"{n} in a row {side}")
    for way, count in re.findall(r"(Rising|Falling) for (\w+) months in a row", text):
        n = WORDS.get(count.lower()) or int(count)
        tail = group_values[-n:]
        steps = [b > a if way == "Rising" else b < a for a, b in pairwise(tail)]
        if len(tail) < n or not all(steps):
            wrong.append(f"{way} for {n}")
    target = summary.target
    if target is not None:
        up = summary.improvement == "increase"
        claim("reliably meeting the target", (lpl >= target) if up else (upl <= target))
        claim("will not meet the target without a change", (upl < target) if up
              else (lpl > target))
        recent = values[-RECENT:]
        met = [(v >= target) if up else (v <= target) for v in recent]
        if "will not meet the target without a change" in text and all(met) and \
                not any(math.isnan(v) for v in recent):
            claim("will not meet the target without a change", "met it" in text)
    tail = values[-GAP_WINDOW:]
    if any(math.isnan(v) for v in tail) != ("No figure for" in text):
        wrong.append("No figure for")
    if "on the month before" in change and status.previous_period is not None:
        assert status.latest_period is not None
        if next_period(status.previous_period, "month") != status.latest_period:
            wrong.append("on the month before (across a gap)")
    return wrong


@pytest.mark.parametrize("seed", [11, 2026])
def test_every_sentence_holds_over_generated_series(seed: int) -> None:
    rng = np.random.default_rng(seed)
    falsehoods = []
    said: set[str] = set()
    for _ in range(SERIES // 2):
        spec, frame = generate(rng)
        status = assess(spec, frame)
        if status.words is None:
            continue
        said |= {p for p in ("far outside", "back within", "on record", "in a row",
                             "Rising", "Falling", "No figure", "met it", "reliably meeting",
                             "will not meet", "the last month with a figure")
                 if p in status.words.text or p in (status.change_text or "")}
        wrong = check(status)
        if wrong:
            falsehoods.append((wrong, status.words.text, [round(v, 1) for v in
                               frame["value"]], spec.target, spec.improvement))
    assert falsehoods[:5] == []
    # the generator reaches every kind of sentence, so the checks above are not idle
    assert said >= {"far outside", "back within", "on record", "in a row", "No figure",
                    "reliably meeting", "will not meet", "the last month with a figure",
                    "met it"}, said
