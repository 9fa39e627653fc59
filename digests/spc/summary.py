"""The verdict types of the variation engine that need neither numpy nor pandas.

A verdict kept in the database (see `digests.indicators.kept`) comes back as an SpcSummary
without its points, so that answering a question about unchanged data imports no numpy or
pandas at all: that is most of a chat command's start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Improvement = Literal["increase", "decrease", "neutral"]


class SpcInputError(ValueError):
    """The data or options cannot be analysed; the message says what to fix."""


@dataclass(frozen=True)
class SpcSummary:
    """The verdict on one series, read from its latest point and latest rebase group."""

    variation_icon: str
    assurance_icon: str | None
    mean: float
    lpl: float
    upl: float
    n_latest_group: int
    latest_special_cause_type: str
    latest_point_type: str
    improvement: str
    target: float | None
    warnings: tuple[str, ...]
