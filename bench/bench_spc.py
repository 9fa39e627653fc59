"""How fast is the variation engine? Prints figures; asserts nothing about time.

    python -m bench.bench_spc [--series 10000] [--points 60] [--sample 300]

Builds seeded, realistic monthly series (stable, level shifts, trends, outliers, percentages near
a target, a few rebases and missing values), then times ``analyse_many`` on all of them (best of
3), a loop of ``analyse`` over a sample (extrapolated), and, when the optional ``abspc`` package
is installed, the same sample through abspc, for speed only: abspc uses other rules (runs of 8,
trends of 6, 3/1.128), so its answers are not expected to match.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from digests.spc import analyse, analyse_many


def build(series: int, points: int, seed: int = 2024) -> pd.DataFrame:
    """A long frame of ``series`` x ``points`` monthly values with per-series options."""
    rng = np.random.default_rng(seed)
    t = np.arange(points)
    kind = rng.integers(0, 5, series)
    level = rng.uniform(20, 500, series)[:, None]
    noise = rng.normal(0, 1, (series, points)) * level * 0.05
    values = level + noise
    shift_at = rng.integers(10, points, series)[:, None]
    values += np.where((kind == 1)[:, None] & (t >= shift_at), level * 0.15, 0.0)
    values += np.where((kind == 2)[:, None], level * 0.01 * t, 0.0)
    spikes = (kind == 3)[:, None] & (rng.random((series, points)) < 0.04)
    values = np.where(spikes, values * 1.6, values)
    percent = np.clip(rng.normal(92, 2.5, (series, points)), 0, 100)
    values = np.where((kind == 4)[:, None], percent, values)
    values = np.round(values, 1)
    values[rng.random((series, points)) < 0.002] = np.nan

    names = np.array([f"S{i:05d}" for i in range(series)])
    dates = pd.date_range("2020-01-01", periods=points, freq="MS").to_numpy()
    rebase = np.zeros((series, points), dtype=bool)
    rebased = rng.random(series) < 0.1
    rebase[rebased, rng.integers(12, points, rebased.sum())] = True
    improvement = rng.choice(np.array(["increase", "decrease", "neutral"]), series)
    target = np.where(rng.random(series) < 0.5, np.nanmean(values, axis=1) * 1.05, np.nan)
    fix_after = np.where(rng.random(series) < 0.1, 24.0, np.nan)
    per_series = {"improvement": improvement, "target": target, "fix_after_n_points": fix_after}
    return pd.DataFrame(
        {
            "series": np.repeat(names, points),
            "date": np.tile(dates, series),
            "value": values.ravel(),
            "rebase": rebase.ravel(),
            **{k: np.repeat(v, points) for k, v in per_series.items()},
        }
    )


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, float]:
    """Best wall and CPU time of ``runs`` calls.

    The best run is the one least disturbed by other users of the machine; CPU time shows the
    work itself when the cores are shared.
    """
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def one_by_one(frame: pd.DataFrame, names: list[str]) -> None:
    for _, rows in frame[frame["series"].isin(names)].groupby("series"):
        first = rows.iloc[0]
        analyse(
            rows["date"],
            rows["value"],
            improvement=first["improvement"],
            target=None if np.isnan(first["target"]) else float(first["target"]),
            rebase=rows.loc[rows["rebase"], "date"],
            fix_after_n_points=None
            if np.isnan(first["fix_after_n_points"])
            else int(first["fix_after_n_points"]),
        )


def with_abspc(frame: pd.DataFrame, names: list[str]) -> None:
    import abspc

    for _, rows in frame[frame["series"].isin(names)].groupby("series"):
        data = pd.DataFrame({"value": rows["value"].to_numpy()}).dropna()
        first = rows.iloc[0]
        direction = "low" if first["improvement"] == "decrease" else "high"
        limits = abspc.calculate_control_limits(data, chart_type="XmR")
        flagged = abspc.detect_special_causes(limits)
        abspc.determine_variation_type(flagged, improvement_direction=direction)
        target = None if np.isnan(first["target"]) else float(first["target"])
        abspc.determine_assurance_type(flagged, target, improvement_direction=direction)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=60)
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()

    frame = build(args.series, args.points)
    total = args.series
    print(f"{total:,} series x {args.points} points = {len(frame):,} rows")
    analyse_many(frame)  # warm up: first-touch memory and lazy imports
    many, many_cpu = best_of(3, lambda: analyse_many(frame))
    print(f"analyse_many, all rules and icons, best of 3: {many:.3f} s (CPU {many_cpu:.3f} s)")

    result = analyse_many(frame)
    icons = result.summary["variation_icon"].value_counts().to_dict()
    print(f"  variation icons: {icons}")

    names = sorted(frame["series"].unique())[: args.sample]
    loop, _ = best_of(1, lambda: one_by_one(frame, names))
    print(
        f"analyse one series at a time: {loop:.3f} s for {len(names)} series, "
        f"extrapolated to {loop / len(names) * total:.1f} s for {total:,}"
    )
    try:
        import abspc  # noqa: F401
    except ImportError:
        print("abspc: unavailable (pip install abspc to compare)")
        return
    theirs, _ = best_of(1, lambda: with_abspc(frame, names))
    print(
        f"abspc (other rules, speed only): {theirs:.3f} s for {len(names)} series, "
        f"extrapolated to {theirs / len(names) * total:.1f} s for {total:,}"
    )


if __name__ == "__main__":
    main()
