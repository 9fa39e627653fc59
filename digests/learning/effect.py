"""How big a change's effect was, and how sure we can be: the difference of the means after and
before, with a 95% interval (Welch's, which does not assume the two spells vary alike).

No SciPy: the t quantile comes from Hill's algorithm, within 0.0005 of the tables from one
degree of freedom up (tests check it), far finer than anyone reads an interval.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

CONFIDENCE = 0.95


@dataclass(frozen=True)
class Effect:
    """after mean - before mean, and its interval (low, high); NaN where it cannot be had."""

    estimate: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        """The interval leaves out zero: the difference is unlikely to be chance alone."""
        return bool(self.low > 0 or self.high < 0)


def t_quantile(probability: float, df: float) -> float:
    """The `probability` quantile (above one half) of Student's t with `df` degrees of freedom,
    fractional ones included, by Hill's algorithm (CACM 396, 1970), as R's qt starts from."""
    if df <= 0 or math.isnan(df) or not 0.5 <= probability < 1:
        return math.nan
    if math.isinf(df):
        return NormalDist().inv_cdf(probability)
    two_sided = 2 * (1 - probability)
    if df == 1:
        return 1 / math.tan(two_sided * math.pi / 2)
    if df == 2:
        return math.sqrt(2 / (two_sided * (2 - two_sided)) - 2)
    a = 1 / (df - 0.5)
    b = 48 / (a * a)
    c = ((20700 * a / b - 98) * a - 16) * a + 96.36
    d = ((94.5 / (b + c) - 3) / b + 1) * math.sqrt(a * math.pi / 2) * df
    y = (d * two_sided) ** (2 / df)
    if y > 0.05 + a:  # the normal expansion
        x = NormalDist().inv_cdf(0.5 * two_sided)
        y = x * x
        if df < 5:
            c += 0.3 * (df - 4.5) * (x + 0.6)
        c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c
        y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x
        y = math.expm1(a * y * y)
    else:
        y = ((1 / (((df + 6) / (df * y) - 0.089 * d - 0.822) * (df + 2) * 3)
              + 0.5 / (df + 4)) * y - 1) * (df + 1) / (df + 2) + 1 / y
    return math.sqrt(df * y)


def mean_difference(before: np.ndarray, after: np.ndarray) -> Effect:
    """The difference of means with a Welch 95% interval; the interval is NaN with fewer than
    two points on either side (there is no spread to judge it by)."""
    before = before[~np.isnan(before)]
    after = after[~np.isnan(after)]
    if before.size == 0 or after.size == 0:
        return Effect(math.nan, math.nan, math.nan)
    estimate = float(after.mean() - before.mean())
    if before.size < 2 or after.size < 2:
        return Effect(estimate, math.nan, math.nan)
    va = float(after.var(ddof=1)) / after.size
    vb = float(before.var(ddof=1)) / before.size
    se = math.sqrt(va + vb)
    if se == 0:
        return Effect(estimate, estimate, estimate)
    df = (va + vb) ** 2 / (va**2 / (after.size - 1) + vb**2 / (before.size - 1))
    half = t_quantile(1 - (1 - CONFIDENCE) / 2, df) * se
    return Effect(estimate, estimate - half, estimate + half)
