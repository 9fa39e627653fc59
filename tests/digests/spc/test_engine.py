"""analyse(): the SPC.md rules one by one, each edge case of SPC.md §11, and the exact mean."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digests.spc import SpcInputError, analyse, analyse_many, wilson_interval
from digests.spc.core import LIMIT, LIMIT_CLOSE
from digests.spc.mean import segment_means
from digests.spc.run import WARN_EARLY, WARN_MISSING, WARN_NO_LIMITS, WARN_SHORT
from tests.digests.spc.contract import POINT_COLUMNS

# Alternating wide swings: a background with wide limits, no runs and no trends.
PAD = [4.0, 0.0, 8.0, 0.0, 8.0, 0.0, 8.0, 4.0]


def days(n: int) -> pd.DatetimeIndex:
    return pd.date_range("2024-01-01", periods=n, freq="MS")


def labels(values: list[float], **options: object) -> list[str]:
    return analyse(days(len(values)), values, **options).points["special_cause_type"].tolist()  # type: ignore[arg-type]


def exact_mean(values: list[float]) -> float:
    return float(sum(map(Fraction, values), Fraction(0)) / len(values))


# -- shape ----------------------------------------------------------------------------------------


def test_columns_and_types() -> None:
    result = analyse(days(3), [1, 2, 3])
    assert list(result.points.columns) == POINT_COLUMNS
    dtypes = result.points.dtypes.astype(str).to_dict()
    assert dtypes["date"] == "datetime64[ns]"
    assert dtypes["rebase_group"] == dtypes["relative_to_mean"] == "int64"
    assert {dtypes[c] for c in ("value", "mean", "lpl", "upl")} == {"float64"}
    assert {dtypes[c] for c in ("outside_limits", "close_to_limits", "short_group_warning")} == {
        "bool"
    }
    assert isinstance(result.points["special_cause_type"].iloc[0], str)
    assert result.summary.improvement == "increase"
    assert result.summary.target is None


# -- the rules ------------------------------------------------------------------------------------


def test_limits_use_2_66_and_two_sigma_uses_2_times_2_66_over_3() -> None:
    # Twelve fixed points 0,1,0,1...: mean 0.5 and mean moving range 1, both exact.
    base = [0.0, 1.0] * 6
    upl, lpl = 0.5 + LIMIT * 1.0, 0.5 - LIMIT * 1.0
    nupl, nlpl = 0.5 + LIMIT_CLOSE * 1.0, 0.5 - LIMIT_CLOSE * 1.0
    assert LIMIT_CLOSE == 2 * (2.66 / 3)
    probes = [
        upl,
        math.nextafter(upl, math.inf),
        lpl,
        math.nextafter(lpl, -math.inf),
        nupl,
        math.nextafter(nupl, math.inf),
        nlpl,
        math.nextafter(nlpl, -math.inf),
    ]
    points = analyse(days(20), base + probes, fix_after_n_points=12).points.iloc[12:]
    assert (points["upl"] == upl).all() and (points["lpl"] == lpl).all()
    assert points["outside_limits"].tolist() == [False, True, False, True] + [False] * 4
    assert points["close_to_limits"].tolist() == [
        True,
        False,
        True,
        False,
        False,
        True,
        False,
        True,
    ]


def test_a_point_on_the_mean_breaks_a_run() -> None:
    values = [8.0, 9.0] * 3 + [8.0] + [12.0, 11.0, 12.0, 10.0, 11.0, 12.0, 11.0, 12.0]
    points = analyse(days(15), values).points
    assert points["mean"].iloc[0] == 10.0
    assert points["relative_to_mean"].tolist()[10] == 0
    assert points["special_cause_type"].tolist() == ["7 Points Below CL"] * 7 + ["Common Cause"] * 8
    # The same with 10.5 instead of 10 (mean 10.033...) makes a run of 8 above.
    values[10] = 10.5
    assert labels(values)[10] == "7 Points Above CL"


def test_a_point_on_the_mean_spoils_a_two_in_three_window() -> None:
    values = [1.0, -1.0] * 12
    values[17:20] = [7.75, 0.0, 7.75]
    values[1] = values[3] = -9.25  # keep the mean at exactly 0
    points = analyse(days(24), values).points
    assert points["mean"].iloc[0] == 0.0
    assert points["close_to_limits"].tolist()[17:20] == [True, False, True]
    assert points["relative_to_mean"].tolist()[18] == 0
    assert points["special_cause_type"].tolist()[17:20] == ["Common Cause"] * 3
    values[18] = 1e-9  # now all three are above the mean
    assert labels(values)[17:20] == ["2 in 3 Above CL", "Common Cause", "2 in 3 Above CL"]


def test_beyond_the_limit_is_not_close_for_two_in_three() -> None:
    values = [1.0, -1.0] * 10
    values[15:17] = [4.6, 9.0]  # a zone point and one beyond the limit
    points = analyse(days(20), values).points
    assert points["outside_limits"].tolist()[16]
    assert points["special_cause_type"].tolist()[15:17] == ["Common Cause", "Above UCL"]


def test_a_tie_breaks_a_trend() -> None:
    assert "7 Point Trend (Increasing)" not in labels([*PAD, 1, 2, 3, 3, 4, 5, 6])
    assert labels([*PAD, 1, 2, 3, 4, 5, 6, 7])[8:] == ["7 Point Trend (Increasing)"] * 7


def test_a_shared_peak_reads_decreasing() -> None:
    got = labels([*PAD, 1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1])[8:]
    assert got == ["7 Point Trend (Increasing)"] * 6 + ["7 Point Trend (Decreasing)"] * 7


def test_a_tie_at_the_peak_labels_the_rising_end_decreasing() -> None:
    got = labels([*PAD, 1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1])[8:]
    assert got == ["7 Point Trend (Increasing)"] * 6 + ["7 Point Trend (Decreasing)"] * 8


def test_a_limit_beats_a_trend_and_a_trend_may_cross_the_mean() -> None:
    values = [10.0, 12.0] * 10 + [10.1, 10.5, 11.0, 11.5, 12.0, 12.5, 30.0]
    points = analyse(days(27), values).points
    mean = points["mean"].iloc[0]
    assert points["value"].iloc[20] < mean < points["value"].iloc[25]
    assert points["special_cause_type"].tolist()[20:] == ["7 Point Trend (Increasing)"] * 6 + [
        "Above UCL"
    ]


def test_point_types_follow_the_improvement_direction() -> None:
    values = [1.0, 2.0] * 8 + [9.0]
    for improvement, point_type, icon in (
        ("increase", "special_cause_improvement", "improvement_high"),
        ("decrease", "special_cause_concern", "concern_high"),
        ("neutral", "special_cause_neutral_high", "neutral_high"),
    ):
        result = analyse(days(17), values, improvement)
        assert result.points["point_type"].iloc[-1] == point_type
        assert result.summary.variation_icon == icon
        assert result.summary.latest_special_cause_type == "Above UCL"


def test_assurance_comparisons_are_strict() -> None:
    values = [1.0, 2.0, 1.5, 2.5] * 4
    summary = analyse(days(16), values).summary
    at_limit = analyse(days(16), values, target=summary.upl).summary
    assert at_limit.assurance_icon == "inconsistent"
    beyond = analyse(days(16), values, target=math.nextafter(summary.upl, math.inf)).summary
    assert beyond.assurance_icon == "fail"
    assert analyse(days(16), values, "decrease", target=summary.lpl - 1).summary.assurance_icon == (
        "fail"
    )
    assert analyse(days(16), values, "neutral", target=100).summary.assurance_icon is None


# -- SPC.md §11 edge cases ------------------------------------------------------------------------


@pytest.mark.parametrize("target", [None, 5.0])
def test_constant_series_screened_has_no_limits(target: float | None) -> None:
    result = analyse(days(20), [5.0] * 20, target=target)
    assert result.points["lpl"].isna().all() and result.points["upl"].isna().all()
    assert (result.points["special_cause_type"] == "Common Cause").all()
    assert result.summary.assurance_icon == (None if target is None else "inconsistent")
    assert WARN_NO_LIMITS in result.summary.warnings


def test_constant_series_unscreened_has_limits_on_the_mean() -> None:
    result = analyse(days(20), [5.0] * 20, screen_outliers=False)
    assert (result.points["lpl"] == 5.0).all() and (result.points["upl"] == 5.0).all()
    assert (result.points["point_type"] == "common_cause").all()


def test_one_and_two_points() -> None:
    one = analyse(days(1), [3.0])
    assert one.summary.mean == 3.0 and math.isnan(one.summary.lpl) and math.isnan(one.summary.upl)
    assert one.points["short_group_warning"].all()
    assert set(one.summary.warnings) == {WARN_SHORT, WARN_NO_LIMITS, WARN_EARLY}
    two = analyse(days(2), [1.0, 3.0])
    assert (two.summary.lpl, two.summary.mean, two.summary.upl) == (2 - 2.66 * 2, 2.0, 2 + 2.66 * 2)
    assert two.points["short_group_warning"].all()


def test_a_missing_value_is_left_out_of_the_mean_and_its_moving_ranges() -> None:
    values = [1.0, 2.0, np.nan, 4.0, 3.0, 2.0]
    result = analyse(days(6), values)
    kept = [1.0, 2.0, 4.0, 3.0, 2.0]
    assert result.summary.mean == exact_mean(kept)
    amr = (1.0 + 1.0 + 1.0) / 3  # |2-1|, |3-4|, |2-3|: the two next to the gap are missing
    assert result.summary.upl == exact_mean(kept) + 2.66 * amr
    missing = result.points.iloc[2]
    assert missing["special_cause_type"] == "Common Cause"
    assert missing["relative_to_mean"] == 0 and not missing["outside_limits"]
    assert WARN_MISSING in result.summary.warnings


def test_a_missing_value_inside_a_rising_stretch_breaks_the_trend() -> None:
    # R stops with an error here; we treat the gap like a tie.
    got = labels([*PAD, 1, 2, 3, np.nan, 5, 6, 7, 8])
    assert not any("Trend" in label for label in got)


def test_unsorted_input_is_sorted_by_date() -> None:
    d = days(5)
    result = analyse(d[[3, 0, 4, 1, 2]], [4.0, 1.0, 5.0, 2.0, 3.0])
    assert result.points["date"].tolist() == list(d)
    assert result.points["value"].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]


def test_an_earlier_signal_does_not_set_the_icon() -> None:
    result = analyse(days(17), [9.0] + [1.0, 2.0] * 8)
    assert result.points["special_cause_type"].iloc[0] == "Above UCL"
    assert result.summary.variation_icon == "common_cause"


def test_rebase_makes_short_groups_with_their_own_limits() -> None:
    values = [1.0, 2.0] * 10 + [11.0, 12.0, 11.0, 12.0, 11.0]
    d = days(25)
    result = analyse(d, values, rebase=[d[20], pd.Timestamp("1999-01-01")])
    groups = result.points.groupby("rebase_group")
    assert groups.size().tolist() == [20, 5]
    assert groups["mean"].first().tolist() == [1.5, 11.4]
    assert result.points["short_group_warning"].tolist() == [False] * 20 + [True] * 5
    assert result.summary.n_latest_group == 5
    assert set(result.summary.warnings) == {WARN_SHORT, WARN_EARLY}
    first = analyse(d[:1], [1.0], rebase=[d[0]])
    assert first.points["rebase_group"].tolist() == [1]


def test_fix_after_n_points_applies_inside_each_group() -> None:
    rng = np.random.default_rng(5)
    values = np.round(rng.normal(10, 1, 40), 1).tolist()
    d = days(40)
    result = analyse(d, values, rebase=[d[15]], fix_after_n_points=12)
    for group, start in ((0, 0), (1, 15)):
        alone = analyse(d[start : start + 12], values[start : start + 12]).summary
        rows = result.points[result.points["rebase_group"] == group]
        assert (rows["mean"] == alone.mean).all()
        assert (rows["lpl"] == alone.lpl).all() and (rows["upl"] == alone.upl).all()


# -- the mean (SPC.md §4.5) -----------------------------------------------------------------------


def test_a_value_on_the_mean_is_on_the_mean() -> None:
    assert (0.1 + 0.2 + 0.3) / 3 != 0.2 and math.fsum([0.1, 0.2, 0.3]) / 3 != 0.2
    result = analyse(days(3), [0.1, 0.2, 0.3])
    assert result.summary.mean == 0.2
    assert result.points["relative_to_mean"].tolist() == [-1, 0, 1]


def _vector(rng: np.random.Generator) -> np.ndarray:
    n = int(rng.integers(1, 25))
    kind = rng.integers(0, 6)
    if kind == 0:
        return np.round(rng.normal(50, 20, n), 1)
    if kind == 1:
        return np.round(rng.normal(0, 1, n), 2)
    if kind == 2:
        return rng.normal(0, 1, n) * 10.0 ** rng.integers(-12, 12, n)
    if kind == 3:
        return rng.integers(-(2**53), 2**53, n).astype(float) * 2.0 ** float(rng.integers(-80, 40))
    if kind == 4:
        half = np.round(rng.normal(0, 5, n), 1)
        return np.concatenate([half, -half[::-1], [0.1]])
    return rng.normal(0, 1, n) * 10.0 ** rng.integers(-300, 300, n)


def test_segment_means_are_correctly_rounded_on_20000_random_vectors() -> None:
    rng = np.random.default_rng(4_5)
    vectors = [_vector(rng) for _ in range(20_000)]
    lengths = np.array([v.size for v in vectors])
    got = segment_means(np.concatenate(vectors), np.cumsum(lengths) - lengths)
    expected = np.array([exact_mean(v.tolist()) for v in vectors])
    assert np.array_equal(got, expected)
    naive = np.array([v.sum() / v.size for v in vectors])
    assert (naive != expected).mean() > 0.2  # the test data do expose naive means


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=12),
        min_size=1,
        max_size=6,
    )
)
def test_segment_means_match_fractions(segments: list[list[float]]) -> None:
    lengths = np.array([len(s) for s in segments])
    flat = np.array([x for s in segments for x in s], dtype=float)
    got = segment_means(flat, np.cumsum(lengths) - lengths)
    for value, segment in zip(got, segments, strict=True):
        if segment:
            assert value == exact_mean(segment)
        else:
            assert math.isnan(value)


# -- rates ----------------------------------------------------------------------------------------


def test_wilson_interval() -> None:
    low, high = wilson_interval(np.array([0, 5, 10, 3]), np.array([10, 10, 10, 0]))
    assert np.round(low[:3], 4).tolist() == [0.0, 0.2366, 0.7225]
    assert np.round(high[:3], 4).tolist() == [0.2775, 0.7634, 1.0]
    assert math.isnan(low[3]) and math.isnan(high[3])


def test_intervals_follow_the_scale_of_the_values() -> None:
    num, den = [50, 60, 55, 58], [100, 100, 100, 100]
    as_share = analyse(days(4), [0.5, 0.6, 0.55, 0.58], numerators=num, denominators=den)
    as_percent = analyse(days(4), [50, 60, 55, 58], numerators=num, denominators=den)
    assert list(as_share.points.columns[-4:]) == ["numerator", "denominator", "ci_low", "ci_high"]
    low, high = wilson_interval(np.array(num), np.array(den))
    assert np.allclose(as_share.points["ci_low"], low)
    assert np.allclose(as_percent.points["ci_high"], high * 100)


# -- validation -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: analyse(days(2), [True, False]), "not true/false"),
        (lambda: analyse(days(2), [1.0, math.inf]), "infinite"),
        (lambda: analyse(days(2), [1.0]), "one date per value"),
        (lambda: analyse([], []), "no values"),
        (lambda: analyse(days(2), [1, 2], numerators=[1, 1]), "both numerators and denominators"),
        (lambda: analyse(days(2), [1, 2], numerators=[3, 1], denominators=[2, 2]), "larger"),
        (lambda: analyse(days(2), [1, 2], screen_outliers="no"), "True or False"),  # type: ignore[arg-type]
        (lambda: analyse(days(20), range(20), fix_after_n_points=12.5), "whole number"),  # type: ignore[arg-type]
        (lambda: analyse(["2024-01-01", None], [1, 2]), "missing date"),
    ],
)
def test_bad_input_is_refused(call: object, message: str) -> None:
    with pytest.raises(SpcInputError, match=message):
        call()  # type: ignore[operator]


def test_bad_frames_are_refused() -> None:
    good = pd.DataFrame({"series": ["a", "a", "b"], "date": days(3), "value": [1, 2, 3]})
    with pytest.raises(SpcInputError, match="no column 'value'"):
        analyse_many(good.drop(columns="value"))
    with pytest.raises(SpcInputError, match=r"more than one value dated 2024-01-01.*'b'"):
        analyse_many(
            good.assign(date=[days(3)[0], days(3)[1], days(3)[0]]).pipe(
                lambda f: pd.concat([f, f.iloc[[2]]])
            )
        )
    with pytest.raises(SpcInputError, match=r"target must be the same on every row.*'a'"):
        analyse_many(good.assign(target=[1.0, 2.0, 3.0]))
    with pytest.raises(SpcInputError, match=r"improvement must be.*'up'"):
        analyse_many(good.assign(improvement=["up", "up", "increase"]))
    with pytest.raises(SpcInputError, match=r"series 'b'.*at least 12"):
        analyse_many(good.assign(fix_after_n_points=[np.nan, np.nan, 5]))
    with pytest.raises(SpcInputError, match="missing name"):
        analyse_many(good.assign(series=["a", None, "b"]))  # type: ignore[list-item]
    with pytest.raises(KeyError):
        analyse_many(good).result("zzz")


def test_many_series_with_rates_pick_their_own_scale() -> None:
    frame = pd.DataFrame(
        {
            "series": ["share"] * 4 + ["percent"] * 4,
            "date": list(days(4)) * 2,
            "value": [0.5, 0.6, 0.55, 0.58, 50, 60, 55, 58],
            "numerator": [50, 60, 55, 58] * 2,
            "denominator": [100] * 8,
        }
    )
    many = analyse_many(frame)
    low, _ = wilson_interval(np.array([50, 60, 55, 58]), np.array([100] * 4))
    assert np.allclose(many.result("share").points["ci_low"], low)
    assert np.allclose(many.result("percent").points["ci_low"], low * 100)
