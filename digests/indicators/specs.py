"""From an indicator row to what the analysis needs: the one place an IndicatorSpec is built.

Answers and digests must analyse an indicator with the same settings, or the bot would say one
thing in a channel and another in the digest; so both build the spec here.
"""

from __future__ import annotations

from digests.indicators.settings import SpcDefaults
from digests.indicators.status import IndicatorSpec
from models.tables import Indicator


def spec_of(indicator: Indicator, defaults: SpcDefaults) -> IndicatorSpec:
    """The indicator's own SPC settings, falling back to the partnership's."""
    return IndicatorSpec(
        key=indicator.key,
        name=indicator.name,
        unit=indicator.unit,
        frequency=indicator.frequency,
        improvement=indicator.improvement,
        target=indicator.target,
        target_basis=indicator.target_basis,
        screen_outliers=defaults.screen_outliers if indicator.screen_outliers is None
        else indicator.screen_outliers,
        fix_after_n_points=indicator.fix_after_n_points or defaults.fix_after_n_points,
        rebases=tuple(r.date for r in indicator.rebases),
    )
