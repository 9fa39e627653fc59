"""analyse_many against analyse and against a slow, line-by-line model of the R reference.

The model below mirrors NHSRplotthedots v0.2.2 (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R)
loop for loop, with exact Fraction means, so the vectorised engine is checked against an
independent reading of the reference, not only against itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from digests.spc import SpcSummary, analyse, analyse_many
from tests.digests.spc.contract import POINT_COLUMNS, SPECIAL_CAUSE_TYPES

NAN = float("nan")


def _r_mean(xs: list[float]) -> float:
    kept = [x for x in xs if not math.isnan(x)]
    if not kept:
        return NAN
    return float(sum(map(Fraction, kept), Fraction(0)) / len(kept))


def _sign(x: float) -> int:
    return 0 if math.isnan(x) or x == 0 else (1 if x > 0 else -1)


def _part_of(ends: list[int]) -> list[bool]:
    n = len(ends)
    return [any(ends[j] != 0 for j in range(i, min(n, i + 7))) for i in range(n)]


def _model_group(
    y: list[float], fix_after: int | None, screen: bool, direction: int
) -> tuple[list[float], list[bool], list[bool], list[int], list[str], list[str]]:
    n = len(y)
    fix_y = [v if fix_after is None or i < fix_after else NAN for i, v in enumerate(y)]
    mean = _r_mean(fix_y)
    mr = [NAN] + [abs(fix_y[i] - fix_y[i - 1]) for i in range(1, n)]
    amr = _r_mean(mr)
    if screen:
        mr = [m if m < 3.267 * amr else NAN for m in mr]
    amr = _r_mean(mr)
    lpl, upl = mean - 2.66 * amr, mean + 2.66 * amr
    close_k = 2 * (2.66 / 3)
    nlpl, nupl = mean - close_k * amr, mean + close_k * amr
    outside = [(v > upl) or (v < lpl) for v in y]
    rtm = [_sign(v - mean) for v in y]
    close = [not o and (v < nlpl or v > nupl) for v, o in zip(y, outside, strict=True)]

    padded = [0] * 6 + rtm
    run_end = [
        int(all(padded[i] == padded[i - k] for k in range(1, 7)) and padded[i] != 0)
        for i in range(6, n + 6)
    ]
    trend_end = [0] * n
    for i in range(6, n):
        d = [y[j + 1] - y[j] for j in range(i - 6, i)]
        if any(math.isnan(x) for x in d):
            continue  # R stops with an error here when the other steps agree; we break the trend
        signs = {_sign(x) for x in d}
        if signs == {1}:
            trend_end[i] = 1
        elif signs == {-1}:
            trend_end[i] = -1
    in_trend = _part_of(trend_end)
    in_run = _part_of(run_end)
    cp = [0, 0, *[int(c) for c in close], 0, 0]
    rp = [0, 0, *rtm, 0, 0]
    two = [
        any(
            sum(cp[i + a : i + a + 3]) >= 2 and abs(sum(rp[i + a : i + a + 3])) == 3
            for a in (0, 1, 2)
        )
        for i in range(n)
    ]
    in_two = [t and c for t, c in zip(two, close, strict=True)]
    sdy = [0] + [_sign(y[i] - y[i - 1]) for i in range(1, n)]
    nxt = [_sign(y[i + 1] - y[i]) for i in range(n - 1)] + [sdy[-1]]
    sdy = [nxt[i] if in_trend[i] and i + 1 < n and in_trend[i + 1] else sdy[i] for i in range(n)]
    labels = []
    for i in range(n):
        side = "Above" if rtm[i] > 0 else "Below"
        if outside[i]:
            labels.append("Above UCL" if rtm[i] == 1 else "Below LCL")
        elif in_trend[i]:
            labels.append(
                "7 Point Trend (Increasing)" if sdy[i] == 1 else "7 Point Trend (Decreasing)"
            )
        elif in_two[i]:
            labels.append(f"2 in 3 {side} CL")
        elif in_run[i]:
            labels.append(f"7 Points {side} CL")
        else:
            labels.append("Common Cause")
    types = []
    for label in labels:
        v = (
            1
            if ("Above" in label or "Increasing" in label)
            else (-1 if ("Below" in label or "Decreasing" in label) else 0)
        )
        if direction == 0:
            types.append(
                {1: "special_cause_neutral_high", -1: "special_cause_neutral_low"}.get(
                    v, "common_cause"
                )
            )
        else:
            types.append(
                {1: "special_cause_improvement", -1: "special_cause_concern"}.get(
                    v * direction, "common_cause"
                )
            )
    return [mean, lpl, upl], outside, close, rtm, labels, types


VARIATION = {
    (1, "special_cause_improvement"): "improvement_high",
    (1, "special_cause_concern"): "concern_low",
    (-1, "special_cause_improvement"): "improvement_low",
    (-1, "special_cause_concern"): "concern_high",
    (0, "special_cause_neutral_high"): "neutral_high",
    (0, "special_cause_neutral_low"): "neutral_low",
}
DIRECTION = {"increase": 1, "neutral": 0, "decrease": -1}


def _model(
    values: list[float],
    rebase_rows: set[int],
    improvement: str,
    target: float | None,
    fix_after: int | None,
    screen: bool,
) -> pd.DataFrame:
    """The reference, one series in date order: per-point columns plus icons on every row."""
    direction = DIRECTION[improvement]
    groups = np.cumsum([1 if i in rebase_rows else 0 for i in range(len(values))])
    rows = []
    for g in sorted(set(groups.tolist())):
        idx = [i for i in range(len(values)) if groups[i] == g]
        y = [values[i] for i in idx]
        (mean, lpl, upl), outside, close, rtm, labels, types = _model_group(
            y, fix_after, screen, direction
        )
        for k in range(len(idx)):
            rows.append(
                (
                    int(g),
                    mean,
                    lpl,
                    upl,
                    outside[k],
                    close[k],
                    rtm[k],
                    labels[k],
                    types[k],
                    len(idx) < 13,
                )
            )
    frame = pd.DataFrame(
        rows,
        columns=POINT_COLUMNS[2:],
    )
    last = frame.iloc[-1]
    icon = VARIATION.get((direction, last["point_type"]), "common_cause")
    assurance = None
    if target is not None and direction != 0:
        if target > last["upl"]:
            assurance = "fail" if direction == 1 else "pass"
        elif target < last["lpl"]:
            assurance = "pass" if direction == 1 else "fail"
        else:
            assurance = "inconsistent"
    frame.attrs = {"variation_icon": icon, "assurance_icon": assurance}
    return frame


def _random_values(rng: np.random.Generator, n: int) -> list[float]:
    kind = rng.integers(0, 8)
    if kind == 0:  # one decimal, with a level shift
        v = np.round(rng.normal(50, 5, n), 1)
        v[rng.integers(0, n + 1) :] += rng.choice([0, 8, -8])
    elif kind == 1:  # few distinct integers: ties, constant runs, points on the mean
        v = rng.integers(1, 4, n).astype(float)
    elif kind == 2:  # rising or falling stretches with ties
        v = np.cumsum(rng.choice([-1.0, 0.0, 1.0, 1.0, 2.0], n)) * rng.choice([1, -1])
    elif kind == 3:  # constant, with the odd outlier
        v = np.full(n, 3.0)
        v[rng.random(n) < 0.1] = 9.0
    elif kind == 4:  # symmetric about a round mean
        v = rng.choice([-2.0, -1.0, 0.0, 1.0, 2.0], n) + 10
    elif kind == 5:  # wide range, two decimals, outliers
        v = np.round(rng.normal(0, 1, n) * 10.0 ** rng.integers(-2, 3), 2)
        v[rng.random(n) < 0.05] *= 20
    elif kind == 6:  # percentages near a limit
        v = np.round(rng.normal(92, 2, n), 1)
    else:  # long rising or falling stretches, broken by the odd tie
        v = np.cumsum(rng.choice([1.0, 1.0, 1.0, 1.0, 1.5, 0.0, -1.0], n)) * rng.choice([1, -1])
    v = v.astype(float)
    v[rng.random(n) < rng.choice([0.0, 0.0, 0.05, 0.2])] = np.nan
    return v.tolist()


@dataclass(frozen=True)
class Spec:
    """One random series and its options."""

    series: str
    improvement: str
    target: float | None
    fix_after: int | None
    screen: bool
    values: list[float]
    rebase_rows: set[int]
    dates: pd.DatetimeIndex


def _random_spec(rng: np.random.Generator, number: int) -> Spec:
    n = int(rng.choice([1, 2, 3, 6, 7, 8, 12, 13]) if rng.random() < 0.2 else rng.integers(14, 60))
    days = np.sort(rng.choice(np.arange(400), size=n, replace=False))
    values = _random_values(rng, n)
    known = [v for v in values if not math.isnan(v)]
    rebase_rows: set[int] = set()
    if rng.random() < 0.4:
        rebase_rows = {int(i) for i in rng.choice(n, size=int(rng.integers(0, 3)))}
    target = None
    if rng.random() < 0.6:
        target = float(np.round((np.mean(known) if known else 0.0) + rng.normal(0, 5), 1))
    return Spec(
        series=f"s{number:04d}",
        improvement=str(rng.choice(["increase", "decrease", "neutral"])),
        target=target,
        fix_after=None if rng.random() < 0.7 else int(rng.choice([12, 13, 20])),
        screen=bool(rng.random() < 0.8),
        values=values,
        rebase_rows=rebase_rows,
        dates=pd.Timestamp("2022-01-03") + pd.to_timedelta(days * 7, unit="D"),
    )


def _random_frame(seed: int, count: int) -> tuple[pd.DataFrame, list[Spec]]:
    rng = np.random.default_rng(seed)
    parts, specs = [], []
    for number in range(count):
        spec = _random_spec(rng, number)
        specs.append(spec)
        n = len(spec.values)
        shuffle = rng.permutation(n)  # rows arrive in any order
        part = {
            "series": spec.series,
            "date": spec.dates[shuffle],
            "value": np.asarray(spec.values)[shuffle],
            "improvement": spec.improvement,
            "target": np.nan if spec.target is None else spec.target,
            "fix_after_n_points": np.nan if spec.fix_after is None else float(spec.fix_after),
            "screen_outliers": spec.screen,
            "rebase": np.isin(np.arange(n), sorted(spec.rebase_rows))[shuffle],
        }
        parts.append(pd.DataFrame(part))
    frame = pd.concat(parts, ignore_index=True)
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True), specs


def _same_summary(a: SpcSummary, b: SpcSummary) -> None:
    for name in SpcSummary.__dataclass_fields__:
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, float) and math.isnan(x):
            assert isinstance(y, float) and math.isnan(y), name
        else:
            assert x == y, (name, x, y)


def test_many_equals_one_by_one_and_the_reference_model() -> None:
    frame, specs = _random_frame(seed=20240611, count=1000)
    many = analyse_many(frame)
    assert list(many.summary.index) == [s.series for s in specs]
    ones, models = [], []
    for spec in specs:
        one = analyse(
            spec.dates[::-1],
            spec.values[::-1],
            improvement=spec.improvement,
            target=spec.target,
            rebase=[spec.dates[i] for i in spec.rebase_rows],
            fix_after_n_points=spec.fix_after,
            screen_outliers=spec.screen,
        )
        _same_summary(many.result(spec.series).summary, one.summary)
        ones.append(one.points.assign(series=spec.series))
        model = _model(
            spec.values,
            spec.rebase_rows,
            spec.improvement,
            spec.target,
            spec.fix_after,
            spec.screen,
        )
        assert one.summary.variation_icon == model.attrs["variation_icon"], spec.series
        assert one.summary.assurance_icon == model.attrs["assurance_icon"], spec.series
        models.append(model)
    pd.testing.assert_frame_equal(
        pd.concat(ones, ignore_index=True)[many.points.columns], many.points, check_exact=True
    )
    columns = list(models[0].columns)
    pd.testing.assert_frame_equal(
        many.points[columns].astype({"special_cause_type": object, "point_type": object}),
        pd.concat(models, ignore_index=True).astype(
            {"special_cause_type": object, "point_type": object}
        ),
        check_exact=True,
        check_dtype=False,
    )
    # The random series do exercise every rule and icon.
    assert set(many.points["special_cause_type"]) == SPECIAL_CAUSE_TYPES
    assert set(many.summary["assurance_icon"].dropna()) == {"pass", "fail", "inconsistent"}
    assert len(set(many.summary["variation_icon"])) == 7
