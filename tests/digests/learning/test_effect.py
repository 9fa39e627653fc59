"""The size of an effect with its 95% interval (Welch), without SciPy."""

from __future__ import annotations

import math

import numpy as np
import pytest

from digests.learning import mean_difference, t_quantile

# Student's t, 97.5% point, from the standard tables
T975 = {1: 12.706205, 2: 4.302653, 3: 3.182446, 4: 2.776445, 5: 2.570582, 10: 2.228139,
        20: 2.085963, 30: 2.042272, 120: 1.979930}


@pytest.mark.parametrize(("df", "exact"), sorted(T975.items()))
def test_t_quantile_matches_the_tables(df: int, exact: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(exact, abs=0.0005)


def test_welch_interval_by_hand() -> None:
    before = np.array([10.0, 12.0, 11.0, 13.0, 9.0, 11.0])
    after = np.array([14.0, 15.0, 13.0, 16.0])
    found = mean_difference(before, after)
    va, vb = after.var(ddof=1) / 4, before.var(ddof=1) / 6
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 5)
    half = t_quantile(0.975, df) * math.sqrt(va + vb)
    assert found.estimate == pytest.approx(3.5)
    assert (found.low, found.high) == pytest.approx((3.5 - half, 3.5 + half))
    assert found.clear


def test_one_point_has_an_estimate_but_no_interval() -> None:
    found = mean_difference(np.array([1.0, 2.0, 3.0]), np.array([5.0]))
    assert found.estimate == 3.0 and math.isnan(found.low) and not found.clear
