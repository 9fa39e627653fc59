"""Funnel limits match the standard formula, p ± z·sqrt(p(1−p)/n), and are widened the standard
way (Spiegelhalter's winsorised φ, τ² by DerSimonian and Laird) only when areas vary more than
chance."""

from __future__ import annotations

import math

import numpy as np
import pytest

from digests.peers import Z95, Z998, FunnelUnit, funnel, limits
from digests.peers.funnel import chi2_quantile

CLOSE = [FunnelUnit("Northvale", 0.80, 520), FunnelUnit("Eastmere", 0.83, 740),
         FunnelUnit("Westbrook", 0.815, 380), FunnelUnit("Southford", 0.79, 830),
         FunnelUnit("Kingsmoor", 0.81, 590), FunnelUnit("Riverside", 0.82, 620, ours=True)]


def test_z_values_are_the_two_sided_95_and_998_points() -> None:
    assert pytest.approx(1.959964, abs=1e-6) == Z95
    assert pytest.approx(3.090232, abs=1e-6) == Z998


@pytest.mark.parametrize("n", [50, 200, 620, 5000])
def test_limits_match_the_formula(n: int) -> None:
    found = funnel(CLOSE)
    p = sum(u.value * u.n for u in CLOSE) / sum(u.n for u in CLOSE)
    assert found.target == pytest.approx(p)
    for z in (Z95, Z998):
        low, high = found.limits(n, z)
        half = z * math.sqrt(p * (1 - p) / n)
        assert (float(low), float(high)) == pytest.approx((p - half, p + half), abs=1e-12)


def test_areas_within_chance_need_no_widening() -> None:
    found = funnel(CLOSE)
    assert not found.overdispersed and found.method == "none" and found.tau2 == 0
    assert found.ours is not None and found.ours.band == "within"


def test_a_small_area_far_from_the_average_may_be_chance() -> None:
    small = [*CLOSE, FunnelUnit("Tiny", 0.92, 40)]
    tiny = next(p for p in funnel(small).units if p.unit.name == "Tiny")
    p = funnel(small).target
    assert p + Z95 * math.sqrt(p * (1 - p) / 40) > 0.92  # inside its limits
    assert tiny.band == "within"


SPREAD = [FunnelUnit("A", 0.70, 900), FunnelUnit("B", 0.78, 1100), FunnelUnit("C", 0.86, 800),
          FunnelUnit("D", 0.74, 1000), FunnelUnit("E", 0.90, 950), FunnelUnit("F", 0.82, 1200),
          FunnelUnit("G", 0.95, 700, ours=True)]


def test_overdispersion_is_detected_and_tau2_is_dersimonian_laird_on_winsorised_z() -> None:
    found = funnel(SPREAD)
    y = np.array([u.value for u in SPREAD])
    n = np.array([u.n for u in SPREAD])
    p = float((y * n).sum() / n.sum())
    s2 = p * (1 - p) / n
    z = (y - p) / np.sqrt(s2)
    lo, hi = np.quantile(z, [0.1, 0.9])
    phi = float(np.mean(np.clip(z, lo, hi) ** 2))
    k = len(SPREAD)
    assert found.phi == pytest.approx(phi)
    assert found.overdispersed and k * phi > chi2_quantile(0.95, k - 1)
    w = 1 / s2
    tau2 = (k * phi - (k - 1)) / (w.sum() - (w**2).sum() / w.sum())
    assert found.method == "additive" and found.tau2 == pytest.approx(tau2)
    low, high = found.limits(1000, Z95)
    half = Z95 * math.sqrt(p * (1 - p) / 1000 + tau2)
    assert (float(low), float(high)) == pytest.approx((p - half, p + half))
    # without the widening the best area would look far beyond chance; with it, less so
    plain = funnel(SPREAD, adjust=False)
    assert plain.ours is not None and found.ours is not None
    assert plain.ours.band == "high_998" and abs(found.ours.z) < abs(plain.ours.z)


def test_multiplicative_widening_scales_by_root_phi() -> None:
    found = funnel(SPREAD, method="multiplicative")
    p = found.target
    low, high = found.limits(1000, Z998)
    half = Z998 * math.sqrt(found.phi) * math.sqrt(p * (1 - p) / 1000)
    assert (float(low), float(high)) == pytest.approx((p - half, p + half))


def test_chi2_quantile_is_close_to_the_tables() -> None:
    for df, exact in ((2, 5.991465), (5, 11.070498), (10, 18.307038), (30, 43.772972)):
        assert chi2_quantile(0.95, df) == pytest.approx(exact, rel=0.01)


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError):
        funnel([])
    with pytest.raises(ValueError):
        funnel([FunnelUnit("A", 0.5, 0)])
    with pytest.raises(ValueError):
        funnel([FunnelUnit("A", 1.0, 10), FunnelUnit("B", 1.0, 20)])


def test_plain_limits_function() -> None:
    low, high = limits(0.3, np.array([100.0, 400.0]), Z95)
    assert high[0] - low[0] == pytest.approx(2 * high[1] - 2 * low[1])  # 4x n, half width
