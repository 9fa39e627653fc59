"""Confidence intervals for rates with a denominator (not part of the R reference)."""

from __future__ import annotations

import numpy as np


def wilson_interval(
    numerator: np.ndarray | float,
    denominator: np.ndarray | float,
    z: float = 1.959963984540054,
) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for ``numerator / denominator`` as proportions (0-1).

    A zero, negative or missing denominator gives NaN; the interval stays inside [0, 1] even
    at 0 or 100%, which is why it is preferred to the normal approximation for small counts.
    """
    k = np.asarray(numerator, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(n > 0, n, np.nan)
        p = k / n
        z2 = z * z
        scale = 1.0 + z2 / n
        centre = (p + z2 / (2.0 * n)) / scale
        half = z * np.sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / scale
    return centre - half, centre + half
