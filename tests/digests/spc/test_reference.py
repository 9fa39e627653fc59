"""The expectations of NHSRplotthedots v0.2.2's own tests and vignettes, as our tests.

Sources (in nhs-r-community/NHSRplotthedots at 050b07d): tests/testthat/test-*.R, their
_snaps/*.md, and vignettes/*.Rmd. Those tests draw data with ``set.seed(123); rnorm(...)``, so a
small re-implementation of R's default generator (Mersenne-Twister seeded by ``set.seed``,
normals by inversion with Wichura's AS241) reproduces their exact inputs here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from digests.spc import SpcInputError, analyse, analyse_many
from digests.spc.core import (
    SPECIAL_CAUSE_TYPES,
    assurance_icons,
    run_rule,
    special_causes,
    steps,
    trend_rule,
    two_in_three_windows,
)
from tests.paths import SHARED_DATA

AE_CSV = SHARED_DATA / "ae_attendances.csv"


# -- R's rnorm ------------------------------------------------------------------------------------


def _qnorm(p: float) -> float:
    """AS241 (Wichura 1988), the branches reached by |z| < 5.3."""
    q = p - 0.5
    if abs(q) <= 0.425:
        r = 0.180625 - q * q
        num = (
            (
                (
                    (
                        (
                            (r * 2509.0809287301226727 + 33430.575583588128105) * r
                            + 67265.770927008700853
                        )
                        * r
                        + 45921.953931549871457
                    )
                    * r
                    + 13731.693765509461125
                )
                * r
                + 1971.5909503065514427
            )
            * r
            + 133.14166789178437745
        ) * r + 3.387132872796366608
        den = (
            (
                (
                    (
                        (
                            (r * 5226.495278852545925 + 28729.085735721942674) * r
                            + 39307.89580009271061
                        )
                        * r
                        + 21213.794301586595867
                    )
                    * r
                    + 5394.1960214247511077
                )
                * r
                + 687.1870074920579083
            )
            * r
            + 42.313330701600911252
        ) * r + 1.0
        return q * num / den
    r = math.sqrt(-math.log((0.5 - p + 0.5) if q > 0 else p))
    assert r <= 5, "far tail not needed by these tests"
    r -= 1.6
    num = (
        (
            (
                (
                    (
                        (r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r
                        + 0.24178072517745061177
                    )
                    * r
                    + 1.27045825245236838258
                )
                * r
                + 3.64784832476320460504
            )
            * r
            + 5.7694972214606914055
        )
        * r
        + 4.6303378461565452959
    ) * r + 1.42343711074968357734
    den = (
        (
            (
                (
                    (
                        (r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r
                        + 0.0151986665636164571966
                    )
                    * r
                    + 0.14810397642748007459
                )
                * r
                + 0.68976733498510000455
            )
            * r
            + 1.6763848301838038494
        )
        * r
        + 2.05319162663775882187
    ) * r + 1.0
    return -num / den if q < 0 else num / den


class RRandom:
    """``set.seed(seed)`` then ``rnorm``, as R >= 3.6 does by default."""

    def __init__(self, seed: int) -> None:
        s = seed & 0xFFFFFFFF
        for _ in range(50):
            s = (69069 * s + 1) & 0xFFFFFFFF
        words = []
        for _ in range(625):
            s = (69069 * s + 1) & 0xFFFFFFFF
            words.append(s)
        self._bits = np.random.MT19937()
        key = np.array(words[1:], dtype=np.uint32)  # words[0] is the position, reset to 624
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": 624}}

    def _unif(self) -> float:
        return float(self._bits.random_raw()) * 2.3283064365386963e-10

    def rnorm(self, n: int, mean: float = 0.0) -> list[float]:
        big = 134217728
        out = []
        for _ in range(n):
            u = int(big * self._unif()) + self._unif()
            out.append(mean + _qnorm(u / big))
        return out


def _days(n: int, start: str = "2020-01-02") -> pd.DatetimeIndex:
    return pd.date_range(start, periods=n, freq="D")


def test_the_generator_reproduces_the_snapshot_inputs() -> None:
    y = RRandom(123).rnorm(20)
    assert [round(v, 8) for v in y[:4]] == [-0.56047565, -0.23017749, 1.55870831, 0.07050839]


# -- test-ptd_spc_standard.R and its snapshot --------------------------------------------------


def test_limits_with_and_without_screening_match_the_snapshot() -> None:
    y = RRandom(123).rnorm(20)
    r1 = analyse(_days(20), y)
    assert f"{r1.summary.mean:.7g} {r1.summary.lpl:.6g} {r1.summary.upl:.7g}" == (
        "0.1416238 -3.01138 3.294627"
    )
    assert r1.points["relative_to_mean"].tolist()[:15] == [
        -1,
        -1,
        1,
        -1,
        -1,
        1,
        1,
        -1,
        -1,
        -1,
        1,
        1,
        1,
        -1,
        -1,
    ]
    assert not r1.points["outside_limits"][:8].any()  # the snapshot shows 8 values
    assert not r1.points["close_to_limits"][:8].any()

    y[14] = 10
    r2 = analyse(_days(20), y)
    assert f"{r2.summary.mean:.7g} {r2.summary.lpl:.7g} {r2.summary.upl:.7g}" == (
        "0.6694159 -2.383666 3.722497"
    )
    assert r2.points["relative_to_mean"].tolist()[:14] == [
        -1,
        -1,
        1,
        -1,
        -1,
        1,
        -1,
        -1,
        -1,
        -1,
        1,
        -1,
        -1,
        -1,
    ]
    r3 = analyse(_days(20), y, screen_outliers=False)
    assert f"{r3.summary.mean:.7g} {r3.summary.lpl:.7g} {r3.summary.upl:.7g}" == (
        "0.6694159 -4.596625 5.935457"
    )
    lows = {r1.summary.lpl, r2.summary.lpl, r3.summary.lpl}
    highs = {r1.summary.upl, r2.summary.upl, r3.summary.upl}
    assert len(lows) == 3 and len(highs) == 3
    assert r3.summary.upl - r3.summary.lpl > r2.summary.upl - r2.summary.lpl


def test_rebase_group_and_fix_after_n_points() -> None:
    y = RRandom(123).rnorm(20)
    days = _days(20)
    assert analyse(days, y).points["rebase_group"].tolist() == [0] * 20
    rebased = analyse(days, y, rebase=[days[10]])
    assert rebased.points["rebase_group"].tolist() == [0] * 10 + [1] * 10
    fixed = analyse(days, y, fix_after_n_points=12)
    assert fixed.summary.lpl != analyse(days, y).summary.lpl
    assert fixed.summary.upl != analyse(days, y).summary.upl


def test_two_close_points_on_opposite_sides_are_common_cause() -> None:
    data = [1.0, -1.0] * 8
    data[14], data[15] = 5.5, -5.5
    result = analyse(_days(16, "2020-01-02"), data)
    assert result.points["point_type"].tolist()[-2:] == ["common_cause", "common_cause"]


# -- test-ptd_calculate_point_type.R -----------------------------------------------------------


def _first(n: int) -> np.ndarray:
    first = np.zeros(n, dtype=bool)
    first[:1] = True
    return first


def _run(rtm: list[int]) -> list[bool]:
    return run_rule(np.array(rtm, dtype=np.int8), _first(len(rtm))).tolist()


def _trend(y: list[float]) -> list[bool]:
    arr = np.array(y, dtype=float)
    return trend_rule(steps(arr, _first(arr.size)), _first(arr.size))[0].tolist()


def _windows(close: list[int], rtm: list[int]) -> list[int]:
    c = np.array(close, dtype=bool)
    return (
        two_in_three_windows(c, np.array(rtm, dtype=np.int8), np.zeros(c.size, int))
        .astype(int)
        .tolist()
    )


def test_seven_points_one_side_of_the_mean() -> None:
    assert _run([]) == []
    assert _run([1] * 6) == [False] * 6
    assert _run([1] * 6 + [-1]) == [False] * 7
    assert _run([1] * 8 + [-1]) == [True] * 8 + [False]
    assert _run([-1] * 8 + [1]) == [True] * 8 + [False]


def test_seven_point_trends() -> None:
    assert _trend([]) == []
    assert _trend([1, 2, 3, 4, 5, 6]) == [False] * 6
    assert _trend([1, 2, 3, 3, 4, 5, 6]) == [False] * 7  # a tie breaks it
    assert _trend([1, 2, 3, 4, 5, 6, 7]) == [True] * 7
    assert _trend([2, 1, 2, 3, 4, 5, 6, 7, 3]) == [False] + [True] * 7 + [False]
    assert _trend([7, 6, 5, 4, 3, 2, 1]) == [True] * 7
    assert _trend([2, 7, 6, 5, 4, 3, 2, 1, 3]) == [False] + [True] * 7 + [False]


def test_two_in_three() -> None:
    assert _windows([], []) == []
    assert _windows([0, 0, 0], [0, 0, 0]) == [0, 0, 0]
    for close in ([1, 0, 1], [0, 1, 1], [1, 1, 0]):
        assert _windows(close, [1, 1, 1]) == [1, 1, 1]
        assert _windows(close, [1, -1, 1]) == [0, 0, 0]
    assert _windows([0, 0, 1, 0, 1, 0, 0], [1] * 7) == [0, 0, 1, 1, 1, 0, 0]
    assert _windows([0, 0, 1, 1, 0, 0, 0], [1] * 7) == [0, 1, 1, 1, 1, 0, 0]
    assert _windows([0, 0, 1, 0, 1, 0, 0], [1, -1] * 3 + [1]) == [0] * 7
    assert _windows([0, 0, 1, 1, 0, 0, 0], [-1, 1] * 3 + [-1]) == [0] * 7
    # "part of": only the close points of a qualifying window are flagged
    for close, part in (
        ([1, 0, 0, 1], [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),
        ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
    ):
        windows = _windows(close, [1] * len(close))
        assert [w & c for w, c in zip(windows, close, strict=True)] == part


def test_special_cause_precedence() -> None:
    codes = special_causes(
        outside=np.array([0, 0, 0, 0, 0, 1, 1, 0], dtype=bool),
        rtm=np.array([1] * 4 + [-1] * 4, dtype=np.int8),
        in_trend=np.array([1, 1, 0, 0, 0, 0, 0, 0], dtype=bool),
        trend_up=np.array([1, 1, 0, 0, 0, 0, 0, 0], dtype=bool),
        in_two_of_three=np.array([0, 0, 0, 0, 1, 0, 0, 0], dtype=bool),
        in_run=np.array([0, 0, 1, 1, 0, 0, 0, 0], dtype=bool),
    )
    assert [SPECIAL_CAUSE_TYPES[c] for c in codes] == [
        "7 Point Trend (Increasing)",
        "7 Point Trend (Increasing)",
        "7 Points Above CL",
        "7 Points Above CL",
        "2 in 3 Below CL",
        "Below LCL",
        "Below LCL",
        "Common Cause",
    ]


# -- test-ptd_calculate_assurance_type.R -------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        (1, ["fail", "pass", "inconsistent"]),
        (-1, ["pass", "fail", "inconsistent"]),
        (0, [None, None, None]),
    ],
)
def test_assurance(direction: int, expected: list[str | None]) -> None:
    icons = assurance_icons(
        np.full(3, direction), np.full(3, 4.0), np.array([1.0, 5.0, 1.0]), np.array([3.0, 7.0, 5.0])
    )
    assert icons.tolist() == expected
    assert assurance_icons(
        np.array([1]), np.array([np.nan]), np.array([1.0]), np.array([3.0])
    ).tolist() == [None]


def test_assurance_uses_the_limits_of_the_latest_group() -> None:
    # Groups with narrow limits around 2, 4 and 6: a target of 4 is above, inside, below them.
    low, mid, high = [1.9, 2.1] * 7, [3.9, 4.1] * 7, [5.9, 6.1] * 7
    days = _days(42)
    rebase = [days[14], days[28]]
    for order, icon in (
        (low + high + mid, "inconsistent"),
        (mid + high + low, "pass"),
        (low + mid + high, "fail"),
    ):
        summary = analyse(days, order, "decrease", target=4.0, rebase=rebase).summary
        assert summary.assurance_icon == icon


# -- test-ptd_add_short_group_warnings.R (with the package's default threshold of 13) -----------


def test_short_group_warnings() -> None:
    assert analyse(_days(11), range(11)).points["short_group_warning"].all()
    assert analyse(_days(12), range(12)).points["short_group_warning"].all()
    assert not analyse(_days(13), range(13)).points["short_group_warning"].any()
    days = _days(40)
    frame = pd.DataFrame(
        {
            "series": ["a"] * 40 + ["b"] * 40,
            "date": list(days) * 2,
            "value": np.arange(80.0) % 7,
            "rebase": [i in (35,) for i in range(40)] + [i in (20,) for i in range(40)],
        }
    )
    flags = analyse_many(frame).points["short_group_warning"].tolist()
    assert flags == [False] * 35 + [True] * 5 + [False] * 40


# -- test-ptd_add_rebase_column.R --------------------------------------------------------------


def test_rebase_dates_per_series() -> None:
    days = _days(10, "2020-01-02")
    both = analyse(days, range(10), rebase=["2020-01-03", "2020-01-08"])
    assert both.points["rebase_group"].tolist() == [0, 1, 1, 1, 1, 1, 2, 2, 2, 2]
    frame = pd.DataFrame(
        {
            "series": ["a"] * 10 + ["b"] * 10,
            "date": list(days) * 2,
            "value": range(20),
            "rebase": [d == pd.Timestamp("2020-01-03") for d in days]
            + [d == pd.Timestamp("2020-01-08") for d in days],
        }
    )
    groups = analyse_many(frame).points["rebase_group"].tolist()
    assert groups == [0] + [1] * 9 + [0] * 6 + [1] * 4


# -- test-geom_ptd_icon.R and the summary snapshot of test-ptd_spc.R ---------------------------


def test_icons() -> None:
    rng = RRandom(123)
    y = rng.rnorm(24)
    days = _days(24)
    assert analyse(days, y).summary.variation_icon == "common_cause"
    s2 = analyse(days, y, target=0.5).summary
    assert (s2.variation_icon, s2.assurance_icon) == ("common_cause", "inconsistent")
    frame = pd.DataFrame({"series": [0] * 12 + [1] * 12, "date": days, "value": y, "target": 0.5})
    summary = analyse_many(frame).summary
    assert summary["variation_icon"].tolist() == ["common_cause"] * 2
    assert summary["assurance_icon"].tolist() == ["inconsistent"] * 2

    high = y[:12] + rng.rnorm(12, 5.0)
    for improvement, icons in (
        ("increase", ("improvement_high", "pass")),
        ("decrease", ("concern_high", "fail")),
    ):
        s = analyse(days, high, improvement, target=-3).summary
        assert (s.variation_icon, s.assurance_icon) == icons
    low = y[:12] + rng.rnorm(12, -5.0)
    low_icons: tuple[tuple[str, tuple[str, str | None]], ...] = (
        ("increase", ("concern_low", "fail")),
        ("decrease", ("improvement_low", "pass")),
        ("neutral", ("neutral_low", None)),
    )
    for improvement, expected in low_icons:
        s = analyse(days, low, improvement, target=3).summary
        assert (s.variation_icon, s.assurance_icon) == expected


def test_summary_per_facet_matches_the_snapshot() -> None:
    y = RRandom(123).rnorm(20)
    frame = pd.DataFrame({"series": [0] * 10 + [1] * 10, "date": _days(20), "value": y})
    summary = analyse_many(frame).summary
    shown = [
        f"{m:.3g} {lo:.3g} {up:.3g}"
        for m, lo, up in summary[["mean", "lpl", "upl"]].itertuples(index=False)
    ]
    assert shown == ["0.0746 -2.6 2.75", "0.209 -3.28 3.7"]
    assert summary["n_latest_group"].tolist() == [10, 10]
    assert (summary["latest_point_type"] == "common_cause").all()


# -- validation (test-ptd_validate_spc_options.R, test-ptd_spc_options.R) ------------------------


def test_validation() -> None:
    with pytest.raises(SpcInputError, match="more than one value dated"):
        analyse(["2020-01-01", "2020-01-01"], [1, 2])
    with pytest.raises(SpcInputError, match="dates, not numbers"):
        analyse([1, 2], [1, 2])
    with pytest.raises(SpcInputError, match="could not be read as dates"):
        analyse(["a", "b"], [1, 2])
    with pytest.raises(SpcInputError, match="must be numbers"):
        analyse(["2020-01-01"], ["a"])
    with pytest.raises(SpcInputError, match="at least 12"):
        analyse(_days(20), range(20), fix_after_n_points=11)
    with pytest.raises(SpcInputError, match="whole number"):
        analyse(_days(20), range(20), fix_after_n_points="a")  # type: ignore[arg-type]
    with pytest.raises(SpcInputError, match="improvement"):
        analyse(_days(3), range(3), improvement="up")
    with pytest.raises(SpcInputError, match="target"):
        analyse(_days(3), range(3), target="a")  # type: ignore[arg-type]
    analyse(_days(20), range(20), fix_after_n_points=12)


# -- vignettes ------------------------------------------------------------------------------------


def test_deviations_vignette_screening() -> None:
    data = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]
    days = _days(18, "2021-03-22")
    screened = analyse(days, data).summary
    assert [round(v, 2) for v in (screened.upl, screened.mean, screened.lpl)] == [4.6, 1.94, -0.72]
    excel = analyse(days, data, screen_outliers=False).summary
    assert [round(v, 2) for v in (excel.upl, excel.mean, excel.lpl)] == [6.95, 1.94, -3.06]
    types = analyse(days, data).points["point_type"].tolist()
    assert types == ["common_cause"] * 4 + ["special_cause_improvement"] + ["common_cause"] * 13


@pytest.mark.skipif(not AE_CSV.exists(), reason="shared A&E data not present")
def test_ae_vignettes() -> None:
    ae = pd.read_csv(AE_CSV, dtype={"type": str}, parse_dates=["period"])
    rrk = ae[(ae["org_code"] == "RRK") & (ae["type"] == "1") & (ae["period"] < "2018-04-01")]
    result = analyse(rrk["period"], rrk["breaches"], improvement="decrease")
    blue = np.flatnonzero(result.points["point_type"] == "special_cause_improvement")
    assert blue.tolist() == list(range(10, 18))  # "8 sequential points coloured in blue"

    total = ae.groupby("period", as_index=False)["attendances"].sum()
    plain = analyse(total["period"], total["attendances"])
    assert (plain.points["point_type"] == "common_cause").all()  # "36 grey ... points"
    rebased = analyse(total["period"], total["attendances"], rebase=["2017-04-01", "2018-04-01"])
    assert rebased.points["rebase_group"].value_counts().tolist() == [12, 12, 12]
    assert (rebased.points["point_type"] == "common_cause").all()
    assert rebased.points["short_group_warning"].all()  # the trial-limits caption
