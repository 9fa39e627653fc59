"""A kept status says exactly what a fresh analysis says, and is never used once what it was
made from has changed (issue 9: `goldthread ask` answers from it without numpy or pandas)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from digests.cards import Image
from digests.charts.answers import AnswerCharts, chart_key
from digests.indicators import kept
from digests.indicators.kept import KeptStatuses, fingerprint, from_json, to_json
from digests.indicators.periods import next_period
from digests.indicators.status import IndicatorSpec, Status, assess
from digests.words import numbers

IMPROVING = IndicatorSpec("home-91", "Still at home 91 days after reablement", "%",
                          "month", "increase", target=85.0, target_basis="peer")
WEEKLY = IndicatorSpec("delayed-discharges", "Delayed discharges", "count", "week", "decrease")
MONEY = IndicatorSpec("spend", "Agency spend", "pounds", "month", "decrease", target=950_000.0)
NEUTRAL = IndicatorSpec("referrals", "Referrals", "count", "month", "neutral")


def periods(start: date, frequency: str, n: int) -> list[date]:
    found = [start]
    while len(found) < n:
        found.append(next_period(found[-1], frequency))
    return found


def improving() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    days = periods(date(2023, 8, 1), "month", 39)
    values = [round((80.0 if k < 30 else 85.0) + rng.normal(0, 1.2), 1) for k in range(39)]
    quality = [None] * 37 + ["provisional", "provisional"]
    return pd.DataFrame({"period": days, "value": values, "quality": quality})


def weekly_with_a_gap() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    days = periods(date(2026, 1, 5), "week", 40)
    frame = pd.DataFrame({"period": days,
                          "value": [float(round(40 + rng.normal(0, 3))) for _ in days]})
    return frame.drop(index=[37, 38]).reset_index(drop=True)


def money() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    days = periods(date(2024, 4, 1), "month", 30)
    # spend coming down from over £1m: its figures are written in millions because of the
    # earlier months, which only the points (not the latest two figures) know about
    return pd.DataFrame({"period": days, "value": [
        round(1_300_000 - 14_000 * k + rng.normal(0, 20_000), 2) for k in range(len(days))]})


def too_few() -> pd.DataFrame:
    return pd.DataFrame({"period": periods(date(2026, 6, 1), "month", 4),
                         "value": [120.0, 131.0, 118.0, 125.0]})


def no_data() -> pd.DataFrame:
    return pd.DataFrame({"period": [], "value": []})


CASES = [(IMPROVING, improving), (WEEKLY, weekly_with_a_gap), (MONEY, money),
         (NEUTRAL, too_few), (WEEKLY, no_data)]

SAID = ("has_data", "latest_text", "latest_in", "latest_brief", "change_text", "usual_text",
        "gap_sentence", "verdict", "target_text", "style", "summary", "words", "points_digest",
        "latest_value", "latest_period", "previous_value", "previous_period", "latest_quality",
        "provisional")


@pytest.mark.parametrize(("spec", "series"), CASES,
                         ids=["improving", "weekly-gap", "money", "too-early", "no-data"])
def test_a_kept_status_says_what_the_fresh_one_says(
        spec: IndicatorSpec, series: Callable[[], pd.DataFrame]) -> None:
    fresh = assess(spec, series())
    back = from_json(spec, to_json(fresh))
    assert back is not None and back.result is None
    for name in SAID:
        assert getattr(back, name) == getattr(fresh, name), name
    assert chart_key(back, spec.name, spec.unit, spec.frequency, spec.target) == \
        chart_key(fresh, spec.name, spec.unit, spec.frequency, spec.target)


def test_the_cases_cover_what_a_kept_status_must_carry() -> None:
    """Guards the test above: each thing it compares is really there in some case."""
    made = [assess(spec, series()) for spec, series in CASES]
    assert {s.verdict for s in made} >= {"improving", "no real change", "too early to tell",
                                         None}
    assert any(s.gap_sentence for s in made) and any(s.provisional for s in made)
    assert any(s.style != numbers.style_for(s.spec.unit, [
        v for v in (s.latest_value, s.previous_value, s.spec.target) if v is not None])
        for s in made)  # the style comes from every point, not just the figures kept
    assert any(s.summary is not None and s.summary.target is not None for s in made)


@pytest.mark.parametrize("body", ["", "not json", "{}", "[1, 2]",
                                  json.dumps({"latest_value": 1})])
def test_a_body_that_is_not_a_kept_status_is_not_trusted(body: str) -> None:
    assert from_json(WEEKLY, body) is None


def test_a_kept_status_of_another_layout_is_not_trusted() -> None:
    good = json.loads(to_json(assess(IMPROVING, improving())))
    extra = {**good, "words": {**good["words"], "mood": "sunny"}}
    missing = {**good, "summary": {k: v for k, v in good["summary"].items() if k != "upl"}}
    assert from_json(IMPROVING, json.dumps(good)) is not None
    assert from_json(IMPROVING, json.dumps(extra)) is None
    assert from_json(IMPROVING, json.dumps(missing)) is None


def _spoiled(change: Callable[[dict], None]) -> str:
    body = json.loads(to_json(assess(IMPROVING, improving())))
    change(body)
    return json.dumps(body)


@pytest.mark.parametrize("change", [
    lambda b: b.update(latest_value="x"),  # a text where a figure belongs
    lambda b: b.update(latest_value=True),  # JSON's true is not a figure
    lambda b: b.update(previous_value=[1]),
    lambda b: b.update(latest_period=20261001),
    lambda b: b.update(provisional="2026-10-01"),  # a text, not a list of days
    lambda b: b.update(provisional=[1]),
    lambda b: b.update(plotted=7),
    lambda b: b.update(mood="sunny"),  # an unknown key at the top
    lambda b: b.pop("plotted"),
    lambda b: b.update(figures=["%", "", "1"]),  # decimals as a text
    lambda b: b.update(figures=["%", ""]),
    lambda b: b.update(figures=["furlongs", "", 1]),  # no such unit
    lambda b: b["summary"].update(mean="80.1"),
    lambda b: b["summary"].update(n_latest_group=9.5),
    lambda b: b["summary"].update(warnings="none"),
    lambda b: b["summary"].update(target=None, mean=None),
    lambda b: b["words"].update(verdict=None),
    lambda b: b["words"].update(headline=["x"]),
    lambda b: b.update(words=["not", "a", "dict"]),
], ids=lambda c: "")
def test_a_kept_status_with_a_value_of_the_wrong_kind_is_not_trusted(
        change: Callable[[dict], None]) -> None:
    # it would be read, then fail mid-answer; refused, the status is analysed again instead
    assert from_json(IMPROVING, _spoiled(change)) is None


def test_a_kept_status_survives_the_checks_with_every_kind_of_value() -> None:
    for spec, series in CASES:
        status = assess(spec, series())
        back = from_json(spec, to_json(status))
        assert back is not None
        assert back.summary == status.summary and back.words == status.words
        assert isinstance(back.provisional, tuple)
        if back.summary is not None:
            assert isinstance(back.summary.warnings, tuple)


def test_the_fingerprint_changes_with_the_data_and_the_settings() -> None:
    measured = (39, "2026-11-02 10:00:00", "2026-10-01")
    base = fingerprint(IMPROVING, measured)
    assert fingerprint(IMPROVING, measured) == base
    assert fingerprint(IMPROVING, (39, "2026-11-03 09:00:00", "2026-10-01")) != base
    assert fingerprint(IMPROVING, (40, "2026-11-02 10:00:00", "2026-11-01")) != base
    for changed in (IndicatorSpec(**{**IMPROVING.__dict__, "target": 86.0}),
                    IndicatorSpec(**{**IMPROVING.__dict__, "rebases": (date(2026, 1, 1),)}),
                    IndicatorSpec(**{**IMPROVING.__dict__, "name": "Home at 91 days"})):
        assert fingerprint(changed, measured) != base


def test_the_fingerprint_changes_with_the_analysis_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An upgrade that rewords a verdict must not answer from words kept by the old code."""
    copy = tmp_path / "digests"
    shutil.copytree(kept.DIGESTS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(kept, "DIGESTS", copy)
    kept.analysis_code.cache_clear()
    try:
        before = fingerprint(WEEKLY, (1,))
        narrative = copy / "words" / "narrative.py"
        narrative.write_text(narrative.read_text() + "\n# reworded\n")
        kept.analysis_code.cache_clear()
        assert fingerprint(WEEKLY, (1,)) != before
    finally:
        kept.analysis_code.cache_clear()


class Shelf:
    """The database's part, as a dict: what was put, by indicator."""

    def __init__(self) -> None:
        self.rows: dict[int, tuple[str, str]] = {}

    def get(self, indicator_id: int, key: str) -> str | None:
        row = self.rows.get(indicator_id)
        return row[1] if row is not None and row[0] == key else None

    def put(self, indicator_id: int, key: str, body: str) -> None:
        self.rows[indicator_id] = (key, body)


def never() -> pd.DataFrame:
    raise AssertionError("the series was read although a kept status matched")


def test_a_second_process_answers_from_the_shelf_without_reading_the_series() -> None:
    shelf = Shelf()
    measured = (39, "2026-11-02", "2026-10-01")
    first = KeptStatuses(shelf).status(7, IMPROVING, measured, improving)
    assert first.result is not None and 7 in shelf.rows
    second = KeptStatuses(shelf).status(7, IMPROVING, measured, never)
    assert second.result is None and second.words == first.words
    # new data: the kept row no longer matches, so it is analysed again and replaced
    revised = improving()
    revised.loc[revised.index[-1], "value"] = 70.0
    third = KeptStatuses(shelf).status(7, IMPROVING, (39, "2026-11-03", "2026-10-01"),
                                       lambda: revised)
    assert third.result is not None and third.latest_value == 70.0
    assert from_json(IMPROVING, shelf.rows[7][1]) is not None
    assert len(shelf.rows) == 1


def test_analysed_gives_the_points_of_a_kept_status_and_keeps_them() -> None:
    shelf = Shelf()
    measured = (40, "2026-11-16", "2026-11-16")
    KeptStatuses(shelf).status(3, WEEKLY, measured, weekly_with_a_gap)
    statuses = KeptStatuses(shelf)
    lean = statuses.status(3, WEEKLY, measured, never)
    full = statuses.analysed(3, WEEKLY, measured, weekly_with_a_gap)
    assert lean.result is None and full.result is not None
    assert statuses.status(3, WEEKLY, measured, never) is full


class ChartShelf:
    def __init__(self) -> None:
        self.charts: dict[str, tuple[bytes, str]] = {}

    def get(self, key: str) -> tuple[bytes, str] | None:
        return self.charts.get(key)

    def put(self, key: str, png: bytes, alt: str) -> None:
        self.charts[key] = (png, alt)


def draw(charts: AnswerCharts, status: Status,
         analysed: Callable[[], Status] | None = None) -> Image | None:
    spec = status.spec
    return charts.chart(status, title=spec.name, unit=spec.unit, frequency=spec.frequency,
                        target=spec.target, analysed=analysed)


def test_a_kept_status_finds_its_chart_and_draws_only_when_none_is_kept() -> None:
    fresh = assess(IMPROVING, improving())
    lean = from_json(IMPROVING, to_json(fresh))
    assert lean is not None
    shelf = ChartShelf()
    drawn = draw(AnswerCharts(shelf=shelf), fresh)
    assert drawn is not None and drawn.png.startswith(b"\x89PNG") and len(shelf.charts) == 1

    def no_points() -> Status:
        raise AssertionError("analysed again although the chart was kept")

    found = draw(AnswerCharts(shelf=shelf), lean, no_points)
    assert found is not None and found.png == drawn.png and found.alt == drawn.alt
    # nothing kept: the points are asked for, once, and the drawing is the same chart
    asked: list[int] = []

    def points() -> Status:
        asked.append(1)
        return fresh

    redrawn = draw(AnswerCharts(shelf=ChartShelf()), lean, points)
    assert asked == [1] and redrawn is not None and redrawn.alt == drawn.alt
    assert draw(AnswerCharts(), lean) is None  # no points and no way to get them: no chart
    assert draw(AnswerCharts(), assess(WEEKLY, no_data())) is None
