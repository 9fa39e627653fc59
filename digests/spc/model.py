"""The public types of the variation engine (re-exported by ``digests.spc``)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from digests.spc.summary import Improvement, SpcInputError, SpcSummary

__all__ = ["Improvement", "SpcInputError", "SpcManyResult", "SpcResult", "SpcSummary"]

@dataclass(frozen=True)
class SpcResult:
    """One row per input point (sorted by date) and the summary of the series."""

    points: pd.DataFrame
    summary: SpcSummary


@dataclass(frozen=True)
class SpcManyResult:
    """Points of all series (sorted by series, then date) and one summary row per series."""

    points: pd.DataFrame
    summary: pd.DataFrame
    _bounds: np.ndarray | None = field(default=None, repr=False, compare=False)

    def result(self, series: Any) -> SpcResult:
        """The result for one series, exactly as ``analyse`` gives it."""
        try:
            i = self.summary.index.get_loc(series)
        except (KeyError, TypeError):
            raise KeyError(f"no series {series!r}") from None
        if not isinstance(i, int):
            raise KeyError(f"series {series!r} appears more than once in the summary")
        if self._bounds is None:
            rows = self.points[self.points["series"] == series]
        else:
            rows = self.points.iloc[self._bounds[i] : self._bounds[i + 1]]
        if "series" in rows.columns:
            rows = rows.drop(columns="series").reset_index(drop=True)
        row = self.summary.iloc[i]
        assurance = row["assurance_icon"]
        target = float(row["target"])
        summary = SpcSummary(
            variation_icon=str(row["variation_icon"]),
            assurance_icon=None if pd.isna(assurance) else str(assurance),
            mean=float(row["mean"]),
            lpl=float(row["lpl"]),
            upl=float(row["upl"]),
            n_latest_group=int(row["n_latest_group"]),
            latest_special_cause_type=str(row["latest_special_cause_type"]),
            latest_point_type=str(row["latest_point_type"]),
            improvement=str(row["improvement"]),
            target=None if math.isnan(target) else target,
            warnings=tuple(row["warnings"]),
        )
        return SpcResult(points=rows, summary=summary)
