"""How one indicator stands today: its latest value, its SPC verdict and the words for both.

Shared by "ask" and the digests so that the bot says the same thing wherever it is asked. Pure:
takes an indicator's settings and its series, returns a Status.

A Status can also come back from the database without its points (`digests.indicators.kept`):
everything said about it is read from `summary`, `figures` and `plotted`, never from `result`,
so that answering from a kept verdict needs neither numpy nor pandas, which are imported only
by `assess`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from digests.indicators.periods import day_of, next_period, with_gaps
from digests.spc.summary import SpcInputError, SpcSummary
from digests.words import narrative, numbers

if TYPE_CHECKING:
    import pandas as pd

    from digests.spc import SpcResult


@dataclass(frozen=True)
class IndicatorSpec:
    """What the analysis needs to know about an indicator (no database objects)."""

    key: str
    name: str
    unit: str
    frequency: str
    improvement: str
    target: float | None = None
    target_basis: str | None = None
    screen_outliers: bool = True
    fix_after_n_points: int | None = None
    rebases: tuple[date, ...] = ()


@dataclass(frozen=True)
class Status:
    spec: IndicatorSpec
    latest_value: float | None
    latest_period: date | None
    previous_value: float | None
    result: SpcResult | None
    words: narrative.Narrative | None
    latest_quality: str | None = None  # provisional, revised, estimated; None when final
    provisional: tuple[date, ...] = ()  # periods whose figures may still change
    previous_period: date | None = None  # the period of previous_value (the last with a figure)
    # Read from `result` when there is one; kept in its stead when the Status was stored.
    summary: SpcSummary | None = None  # the verdict's figures: mean, limits, icons
    figures: numbers.Style | None = None  # how the measure's figures are written
    plotted: str | None = None  # a digest of every plotted number (points_digest)

    def __post_init__(self) -> None:
        if self.result is not None:
            if self.summary is None:
                object.__setattr__(self, "summary", self.result.summary)
            if self.figures is None:
                object.__setattr__(self, "figures",
                                   narrative.style_of(self.result, self.spec.unit))

    @property
    def has_data(self) -> bool:
        return self.latest_value is not None

    @property
    def points_digest(self) -> str | None:
        """What a chart of this status would show, as a digest (for its cache key); None when
        there is nothing to plot."""
        if self.plotted is not None:
            return self.plotted
        return points_digest(self.result.points) if self.result is not None else None

    @property
    def style(self) -> numbers.Style:
        """How every figure of this measure is written in one message (numbers.Style), so the
        latest value, its change, the usual range and the target share one scale."""
        if self.figures is not None:
            return self.figures
        known = [v for v in (self.latest_value, self.previous_value, self.spec.target)
                 if v is not None]
        return numbers.style_for(self.spec.unit, known)

    @property
    def latest_text(self) -> str:
        if self.latest_value is None or self.latest_period is None:
            return "no data yet"
        value = self.style.value(self.latest_value)
        return f"{value} ({numbers.format_period(self.latest_period, self.spec.frequency)})"

    @property
    def latest_in(self) -> str:
        """ "87.1% in Nov 2026", "60 in the week of 23 Nov 2026": for inside a sentence."""
        if self.latest_value is None or self.latest_period is None:
            return "no data yet"
        value = self.style.value(self.latest_value)
        period = numbers.format_period(self.latest_period, self.spec.frequency)
        return f"{value} in {'the ' if self.spec.frequency == 'week' else ''}{period}"

    @property
    def latest_brief(self) -> str:
        """The latest value with its period named briefly ("Oct", "week of 16 Nov"), for the
        short digests where every word counts."""
        if self.latest_value is None or self.latest_period is None:
            return "no data yet"
        value = self.style.value(self.latest_value)
        period = numbers.format_period(self.latest_period, self.spec.frequency)
        if self.spec.frequency != "quarter":
            period = period.rsplit(" ", 1)[0] if self.spec.frequency == "week" \
                else period.split(" ")[0]
        return f"{value} ({period})"

    @property
    def change_text(self) -> str | None:
        """The move since the previous period, said as a fact, never as a trend."""
        if self.latest_value is None or self.previous_value is None:
            return None
        change = self.style.change(self.latest_value - self.previous_value)
        word = numbers.period_word(self.spec.frequency, 1)
        if self.previous_period is None or self.latest_period is None or next_period(
                self.previous_period, self.spec.frequency) == self.latest_period:
            return f"{change} on the {word} before"
        # never "up 803 on the month before" across a gap: name the period compared with
        period = numbers.format_period(self.previous_period, self.spec.frequency)
        the = "the " if self.spec.frequency == "week" else ""
        return f"{change} on {the}{period}, the last {word} with a figure"

    @property
    def usual_text(self) -> str | None:
        """The usual range, once there is a verdict to go with it."""
        if self.summary is None or self.words is None or self.words.verdict == \
                narrative.TOO_EARLY:
            return None
        return self.style.range(self.summary.lpl, self.summary.upl)

    @property
    def gap_sentence(self) -> str | None:
        """ "No figure for Jan or Feb 2026." when recent periods have none."""
        return self.words.gap_sentence if self.words else None

    @property
    def verdict(self) -> str | None:
        return self.words.verdict if self.words else None

    @property
    def target_text(self) -> str | None:
        if self.spec.target is None:
            return None
        text = self.style.target(self.spec.target)
        if self.spec.target_basis:
            text += f" ({BASIS_WORDS.get(self.spec.target_basis, self.spec.target_basis)})"
        return text


BASIS_WORDS = {
    "peer": "set against similar areas",
    "national": "national standard",
    "ambition": "our ambition",
    "past": "based on our past performance",
}


def points_digest(points: pd.DataFrame) -> str:
    """A digest of the plotted numbers, dates and point types: revised figures change it even
    when no period is added, which is what a kept chart's key must notice."""
    digest = hashlib.sha256()
    for column in ("value", "mean", "lpl", "upl"):
        digest.update(points[column].to_numpy(dtype="float64").tobytes())
    digest.update("|".join(points["point_type"].astype(str)).encode())
    digest.update(points["date"].to_numpy(dtype="datetime64[ns]").tobytes())
    return digest.hexdigest()


def assess(spec: IndicatorSpec, series: pd.DataFrame) -> Status:
    """The status of one indicator from its series (columns period, value[, numerator, ...])."""
    import pandas as pd  # here, not at the top: a kept Status needs no pandas (see above)

    clean = series.dropna(subset=["value"]).sort_values("period")
    if clean.empty:
        return Status(spec, None, None, None, None, None)
    latest = clean.iloc[-1]
    previous = clean.iloc[-2]["value"] if len(clean) > 1 else None
    result = _analyse(spec, clean, with_gaps(clean, spec.frequency))
    figures = narrative.style_of(result, spec.unit) if result is not None else None
    words = (
        narrative.describe(result, name=spec.name, unit=spec.unit, frequency=spec.frequency,
                           style=figures)
        if result is not None else None
    )
    quality = clean["quality"] if "quality" in clean else pd.Series([None] * len(clean))
    flagged = [day_of(p) for p, q in zip(clean["period"], quality, strict=True)
               if q == "provisional"]
    latest_quality = quality.iloc[-1]
    return Status(
        spec=spec,
        latest_value=float(latest["value"]),
        latest_period=day_of(latest["period"]),
        previous_value=float(previous) if previous is not None else None,
        result=result,
        words=words,
        latest_quality=str(latest_quality) if isinstance(latest_quality, str) else None,
        provisional=tuple(flagged),
        previous_period=day_of(clean.iloc[-2]["period"]) if len(clean) > 1 else None,
        figures=figures,
    )


def _analyse(spec: IndicatorSpec, clean: pd.DataFrame, full: pd.DataFrame) -> SpcResult | None:
    """The analysis over every period from the first to the latest, a missing one as a point
    with no value (`full`); counts give intervals when every figure has them (`clean`)."""
    import pandas as pd

    from digests.spc import analyse
    has_counts = (
        "numerator" in clean and "denominator" in clean
        and clean["numerator"].notna().all() and clean["denominator"].notna().all()
        and len(clean) > 0
    )
    try:
        return analyse(
            pd.to_datetime(full["period"]),
            full["value"].astype(float),
            improvement=spec.improvement,
            target=spec.target if spec.improvement != "neutral" else None,
            rebase=tuple(pd.Timestamp(d) for d in spec.rebases),
            fix_after_n_points=spec.fix_after_n_points,
            screen_outliers=spec.screen_outliers,
            numerators=full["numerator"].astype(float) if has_counts else None,
            denominators=full["denominator"].astype(float) if has_counts else None,
        )
    except SpcInputError:
        return None
