"""Compose and render digests for 1,000 synthetic teams x 8 indicators x 156 weeks.

Prints wall time and peak memory. Teams draw their 8 indicators from a shared pool, as teams in a
partnership do; the run is repeated for a larger pool to show that the cost follows the number
of distinct indicators (each assessed and drawn once), not teams x indicators.

    python -m bench.bench_digests [--teams 1000] [--pools 60,240]
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import date, timedelta

import numpy as np
import pandas as pd

from bot.slack.render import digest_blocks, validate_blocks
from digests.charts.panels import PanelBook
from digests.digest.compose import compose
from digests.digest.data import ActionRecord, IndicatorRecord, OutcomeRecord, PartnershipData
from digests.indicators.status import IndicatorSpec, assess

AS_OF = date(2026, 11, 27)
WEEKS = 156
PER_TEAM = 8
UNITS = ("%", "count", "days", "rate")


def synthetic(pool: int, teams: int, seed: int = 11) -> PartnershipData:
    rng = np.random.default_rng(seed)
    first = AS_OF - timedelta(days=AS_OF.weekday()) - timedelta(weeks=WEEKS)
    periods = [first + timedelta(weeks=k) for k in range(WEEKS)]
    winter = np.array([1.0 if p.month in (12, 1, 2) else 0.0 for p in periods])
    outcomes = [OutcomeRecord(f"o{k}", f"Outcome {k}", f"People in the area are better off, "
                              f"number {k}.") for k in range(5)]
    team_keys = [f"team-{t:04d}" for t in range(teams)]
    members: dict[int, list[str]] = {i: [] for i in range(pool)}
    for team in team_keys:
        for i in rng.choice(pool, PER_TEAM, replace=False):
            members[int(i)].append(team)
    indicators = []
    for i in range(pool):
        unit = UNITS[i % len(UNITS)]
        level = {"%": 80.0, "count": 400.0, "days": 12.0, "rate": 24.0}[unit]
        noise = rng.normal(0, level * 0.03, WEEKS) + winter * level * 0.02
        step = np.where(np.arange(WEEKS) > WEEKS - 12, level * 0.06 * (i % 3 == 0), 0.0)
        values = np.round(level + noise + step, 1)
        series = pd.DataFrame({"period": periods, "value": values,
                               "numerator": np.nan, "denominator": np.nan})
        spec = IndicatorSpec(key=f"ind-{i:04d}", name=f"Indicator {i} of the partnership",
                             unit=unit, frequency="week",
                             improvement=("increase", "decrease", "neutral")[i % 3],
                             target=level * 1.05 if i % 4 == 0 else None, target_basis="peer")
        indicators.append(IndicatorRecord(spec, series, f"o{i % 5}", "Sam Example", 2.0,
                                          tuple(members[i])))
    actions = [ActionRecord(f"a{t}", f"Action for {team}", "Sam Example",
                            AS_OF + timedelta(days=int(rng.integers(-10, 10))), "open",
                            (team,)) for t, team in enumerate(team_keys)]
    return PartnershipData(name="Benchmark partnership", timezone="Europe/London",
                           outcomes=outcomes, indicators=indicators, actions=actions,
                           new_ideas=[], idea_updates=[], changes=[],
                           team_names={t: t.replace("-", " ").title() for t in team_keys})


def run(pool: int, teams: int) -> None:
    data = synthetic(pool, teams)
    start = time.perf_counter()
    statuses = {i.spec.key: assess(i.spec, i.series) for i in data.indicators}
    assessed = time.perf_counter()
    book = PanelBook()

    def chart_for(keys: object) -> object:
        return book.grid([statuses[k] for k in keys])  # type: ignore[attr-defined]

    total_bytes = 0
    for team in data.team_names:
        digest = compose(data, statuses, team, "frontline", AS_OF, chart_for)  # type: ignore[arg-type]
        blocks = digest_blocks(digest, image_file_ids={0: "__CHART__"})
        assert not validate_blocks(blocks)
        image = digest.cards[0].image
        total_bytes += len(image.png) if image else 0
    done = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pool {pool:4d} indicators, {teams} teams x {PER_TEAM} x {WEEKS} weeks: "
          f"{done - start:6.2f} s wall (assess {assessed - start:.2f} s, "
          f"{book.drawn} panels drawn, compose+render+charts {done - assessed:.2f} s); "
          f"{total_bytes / teams / 1024:.0f} KB chart per team; peak RSS {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=1000)
    parser.add_argument("--pools", default="60,240")
    args = parser.parse_args()
    for pool in (int(p) for p in args.pools.split(",")):
        run(pool, args.teams)


if __name__ == "__main__":
    main()
