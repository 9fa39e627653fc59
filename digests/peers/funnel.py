"""Funnel plots for proportions with denominators (Spiegelhalter 2005), pure numpy.

Each area's proportion is compared with the peer average `p` (all areas' numerators over all
their denominators, ours included) through limits that narrow as the denominator grows:

    p ± z · sqrt(p(1 − p) / n),   z = 1.96 (95%) and 3.09 (99.8%)

so a small area far from the average may be no more than chance, and a large one close to it
may not be. When the areas vary more than chance alone would make them (over-dispersion: the
winsorised z-scores' mean square φ, times the number of areas k, above the 95% point of χ² on
k − 1 degrees of freedom), the limits are widened the standard way: by default additively,
with the between-area variance τ² estimated by DerSimonian and Laird from the same winsorised
z-scores,

    τ² = (kφ − (k − 1)) / (Σw − Σw² / Σw),   w = 1 / s²,   limits p ± z · sqrt(s² + τ²)

or multiplicatively, p ± z · sqrt(φ) · s. Winsorising sets the z-scores below the 10th and
above the 90th percentile to those percentiles, so one outlier cannot hide itself by inflating φ.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

Z95 = NormalDist().inv_cdf(0.975)
Z998 = NormalDist().inv_cdf(0.999)
WINSOR = 0.10
MIN_FOR_DISPERSION = 3  # fewer areas cannot show that they vary more than chance
METHODS = ("additive", "multiplicative")


@dataclass(frozen=True)
class FunnelUnit:
    """One area: its proportion (0 to 1) and denominator."""

    name: str
    value: float
    n: float
    ours: bool = False


@dataclass(frozen=True)
class Placed:
    """An area on the funnel: its z-score (after any widening) and where it falls."""

    unit: FunnelUnit
    z: float
    band: str  # high_998 | high_95 | within | low_95 | low_998


@dataclass(frozen=True)
class Funnel:
    target: float
    phi: float  # winsorised mean square z-score (1 is what chance alone gives, on average)
    tau2: float  # between-area variance added to each area's own (0 unless additive)
    overdispersed: bool
    method: str  # none | additive | multiplicative
    units: tuple[Placed, ...]

    def limits(self, n: float | np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
        """The (lower, upper) limits at denominator(s) `n` for `z` (Z95 or Z998)."""
        phi = self.phi if self.method == "multiplicative" else 1.0
        return limits(self.target, n, z, tau2=self.tau2, phi=phi)

    @property
    def ours(self) -> Placed | None:
        return next((p for p in self.units if p.unit.ours), None)


def limits(p: float, n: float | np.ndarray, z: float, *, tau2: float = 0.0,
           phi: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """p ± z · sqrt(φ · p(1 − p)/n + τ²): the plain binomial limits when τ² = 0 and φ = 1."""
    size = np.asarray(n, dtype=float)
    half = z * np.sqrt(phi * p * (1 - p) / size + tau2)
    return p - half, p + half


def chi2_quantile(probability: float, df: int) -> float:
    """χ² quantile by the Wilson-Hilferty cube (within 1% from 2 degrees of freedom)."""
    z = NormalDist().inv_cdf(probability)
    a = 2 / (9 * df)
    return float(df * (1 - a + z * math.sqrt(a)) ** 3)


def funnel(units: Sequence[FunnelUnit], *, method: str = "additive",
           adjust: bool = True) -> Funnel:
    """Place each area on the funnel; widen the limits when the areas are over-dispersed
    (and `adjust`). Raises ValueError for no areas, a denominator that is not positive, or an
    average of exactly 0 or 1 (every area the same: there is no spread to draw)."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}")
    if not units:
        raise ValueError("a funnel needs at least one area")
    y = np.array([u.value for u in units], dtype=float)
    n = np.array([u.n for u in units], dtype=float)
    if not (np.isfinite(n).all() and (n > 0).all() and np.isfinite(y).all()):
        raise ValueError("every area needs a finite value and a positive denominator")
    target = float((y * n).sum() / n.sum())
    if not 0 < target < 1:
        raise ValueError("the average is 0 or 1: there is no spread to draw")
    s2 = target * (1 - target) / n
    z = (y - target) / np.sqrt(s2)
    k = len(units)
    phi, tau2, over, used = 1.0, 0.0, False, "none"
    if k >= MIN_FOR_DISPERSION:
        low, high = np.quantile(z, [WINSOR, 1 - WINSOR])
        phi = float(np.mean(np.clip(z, low, high) ** 2))
        over = k * phi > chi2_quantile(0.95, k - 1)
    if over and adjust:
        used = method
        if method == "additive":
            w = 1 / s2
            tau2 = max(0.0, (k * phi - (k - 1)) / float(w.sum() - (w**2).sum() / w.sum()))
            z = (y - target) / np.sqrt(s2 + tau2)
        else:
            z = z / math.sqrt(phi)
    placed = tuple(Placed(u, float(zi), _band(float(zi))) for u, zi in zip(units, z, strict=True))
    return Funnel(target, phi, tau2, over, used, placed)


def _band(z: float) -> str:
    if z > Z998:
        return "high_998"
    if z > Z95:
        return "high_95"
    if z < -Z998:
        return "low_998"
    if z < -Z95:
        return "low_95"
    return "within"
