"""The demo partnership: a valid framework file, believable data, and a story that always holds.

A newcomer's first minutes with goldthread are spent on this data, on whatever day they run it, so
the story (one change that worked, one thing getting worse, one target out of reach, the rest no
real change) is checked with the real variation engine on several days across a year.
"""

from __future__ import annotations

import re
import tomllib
from datetime import UTC, date, timedelta
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
import pytest

from models.demo import (
    DEMO_ANCHOR,
    DEMO_PEOPLE_DEFAULT,
    demo_benchmarks,
    demo_changes,
    demo_framework_text,
    demo_measurements,
    demo_suggestions,
)
from models.demo.generate import stable_seed
from models.demo.series import SERIES
from models.demo.timeline import add_months, last_complete_period

TODAY = DEMO_ANCHOR
STORY_DAYS = [date(2026, 11, 27), date(2027, 1, 20), date(2027, 5, 12), date(2027, 8, 30)]
"""Four days across a year, one in the depth of winter: the demo runs on whatever day it is."""

IMPROVING, WORSENING, FAILING = "home-91", "days-to-care", "ae-4hr"

DESIGN_KEYS = {
    "partnership": {"name", "timezone", "max_indicators"},
    "partners": {"id", "name"},
    "people": {"id", "name", "email", "slack_id", "role", "partner", "teams"},
    "teams": {"id", "name", "partner", "audience", "slack_channel", "teams_channel", "digest"},
    "outcomes": {"id", "title", "plain"},
    "objectives": {"id", "outcome", "title", "budget"},
    "indicators": {
        "id", "name", "aliases", "objective", "outcome", "kind", "unit", "improvement",
        "frequency", "target", "target_basis", "owner", "teams", "cost_hours", "national_code",
    },
    "accountabilities": {"id", "action", "owner", "objective", "indicator", "due", "status"},
}
"""Exactly the keys DESIGN.md shows: the demo must not lean on anything a reader cannot see."""


@pytest.fixture(scope="module")
def framework() -> dict[str, Any]:
    return tomllib.loads(demo_framework_text(TODAY))


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return demo_measurements(TODAY)


def ids(framework: dict[str, Any], table: str) -> set[str]:
    return {item["id"] for item in framework[table]}


# -- the framework file ----------------------------------------------------------------------


def test_framework_uses_only_the_design_tables_and_keys(framework: dict[str, Any]) -> None:
    assert set(framework) == set(DESIGN_KEYS)
    for table, allowed in DESIGN_KEYS.items():
        items = [framework[table]] if table == "partnership" else framework[table]
        for item in items:
            assert set(item) <= allowed, (table, set(item) - allowed)


def test_every_reference_resolves(framework: dict[str, Any]) -> None:
    people, teams, partners = (ids(framework, t) for t in ("people", "teams", "partners"))
    outcomes, objectives = ids(framework, "outcomes"), ids(framework, "objectives")
    indicators = ids(framework, "indicators")
    for person in framework["people"]:
        assert person["partner"] in partners and set(person["teams"]) <= teams
    assert {team["partner"] for team in framework["teams"]} <= partners
    assert {item["outcome"] for item in framework["objectives"]} <= outcomes
    for item in framework["indicators"]:
        assert (item.get("objective") in objectives) != (item.get("outcome") in outcomes)
        assert item["owner"] in people and set(item["teams"]) <= teams
    links = {"objective": objectives, "indicator": indicators}
    for action in framework["accountabilities"]:
        linked = [key for key in links if key in action]
        assert action["owner"] in people and linked, action["id"]
        assert all(action[key] in links[key] for key in linked), action["id"]
    for table in DESIGN_KEYS:
        if table != "partnership":
            assert len(ids(framework, table)) == len(framework[table]), f"duplicate {table} id"


def test_the_framework_is_a_small_balanced_set(framework: dict[str, Any]) -> None:
    indicators = framework["indicators"]
    assert 12 <= len(indicators) <= framework["partnership"]["max_indicators"] == 15
    assert {i["kind"] for i in indicators} == {"outcome", "process", "experience", "cost"}
    assert {i["frequency"] for i in indicators} == {"week", "month"}
    assert all(i["owner"] and i["cost_hours"] > 0 for i in indicators)
    outcome_of = {o["id"]: o["outcome"] for o in framework["objectives"]}
    for outcome in ids(framework, "outcomes"):
        measures = [
            i for i in indicators
            if outcome in (i.get("outcome"), outcome_of.get(i.get("objective")))
        ]
        assert len(measures) >= 2 and len({i["kind"] for i in measures}) >= 2, outcome
    targeted = [i for i in indicators if "target" in i]
    assert len(indicators) // 2 - 1 <= len(targeted) <= len(indicators) // 2 + 2
    assert all("target_basis" in i for i in targeted)
    assert {i["target_basis"] for i in targeted} == {"peer", "national", "ambition", "past"}
    assert all(o.get("budget", 0) > 0 for o in framework["objectives"])


def test_people_and_teams_cover_every_role_and_audience(framework: dict[str, Any]) -> None:
    people = {p["id"]: p for p in framework["people"]}
    assert 10 <= len(people) <= 14
    assert {p["role"] for p in people.values()} == {"staff", "manager", "member", "admin"}
    assert people[DEMO_PEOPLE_DEFAULT]["role"] == "manager"
    assert all(re.fullmatch(r"U0[A-Z0-9]+", p["slack_id"]) for p in people.values())
    assert all(re.fullmatch(r"[a-z.]+@[a-z-]+\.example", p["email"]) for p in people.values())
    teams = framework["teams"]
    assert len(teams) >= 5
    assert {t["audience"] for t in teams} == {"frontline", "manager", "member"}
    assert all(re.fullmatch(r"C0[A-Z0-9]+", t["slack_channel"]) for t in teams)
    assert all(re.fullmatch(r"(mon|tue|wed|thu|fri) \d\d:\d\d", t["digest"]) for t in teams)


def test_accountabilities_include_overdue_and_done(framework: dict[str, Any]) -> None:
    actions = framework["accountabilities"]
    assert len(actions) >= 12
    overdue = [a for a in actions if a["status"] == "open" and a["due"] < TODAY]
    assert len(overdue) >= 3
    assert sum(a["status"] == "done" for a in actions) >= 3
    assert any(a["status"] == "open" and a["due"] >= TODAY for a in actions)


def test_due_dates_move_with_today_and_nothing_else_changes() -> None:
    anchor_text = demo_framework_text(DEMO_ANCHOR)
    assert "# anchor: 2026-11-27" in anchor_text
    later = DEMO_ANCHOR + timedelta(days=100)
    moved = demo_framework_text(later)
    dues = re.compile(r"^due = (\S+)$", re.MULTILINE)
    before = [date.fromisoformat(d) for d in dues.findall(anchor_text)]
    after = [date.fromisoformat(d) for d in dues.findall(moved)]
    assert len(before) >= 12 and after == [d + timedelta(days=100) for d in before]
    assert dues.sub("due = X", anchor_text) == dues.sub("due = X", moved)
    overdue = [a for a in tomllib.loads(moved)["accountabilities"]
               if a["status"] == "open" and a["due"] < later]
    assert len(overdue) >= 3


# -- the measurements ------------------------------------------------------------------------


def test_same_day_gives_byte_identical_data() -> None:
    first, second = demo_measurements(TODAY), demo_measurements(TODAY)
    assert first.to_csv(index=False) == second.to_csv(index=False)
    assert demo_benchmarks(TODAY).equals(demo_benchmarks(TODAY))
    assert demo_changes(TODAY) == demo_changes(TODAY)
    assert demo_suggestions(TODAY) == demo_suggestions(TODAY)


def test_seeds_are_the_same_on_every_machine_and_run() -> None:
    """A SHA-256 of the id, not Python's `hash()`, which changes with PYTHONHASHSEED."""
    assert stable_seed("riverside-31/home-91") == 6146132546165300921
    assert stable_seed("a", "b") != stable_seed("ab")


def test_every_indicator_has_three_years_of_aligned_periods(
    framework: dict[str, Any], data: pd.DataFrame
) -> None:
    columns = ["indicator", "period", "value", "numerator", "denominator", "note"]
    assert list(data.columns) == columns
    assert list(data["indicator"].unique()) == [i["id"] for i in framework["indicators"]]
    for item in framework["indicators"]:
        starts = list(data.loc[data["indicator"] == item["id"], "period"])
        assert all(type(start) is date for start in starts)
        assert starts[-1] == last_complete_period(item["frequency"], TODAY) < TODAY
        if item["frequency"] == "week":
            assert len(starts) == 156 and all(s.weekday() == 0 for s in starts)
            assert all(b - a == timedelta(weeks=1) for a, b in pairwise(starts))
        else:
            assert len(starts) == 36 and all(s.day == 1 for s in starts)
            assert all(add_months(a, 1) == b for a, b in pairwise(starts))


def test_history_ends_with_the_last_complete_period() -> None:
    monday = date(2026, 11, 30)
    assert last_complete_period("week", monday) == date(2026, 11, 23)
    assert last_complete_period("week", monday - timedelta(days=1)) == date(2026, 11, 16)
    assert last_complete_period("month", date(2026, 12, 1)) == date(2026, 11, 1)
    assert last_complete_period("month", date(2026, 1, 31)) == date(2025, 12, 1)


def test_values_are_in_range_and_rounded_as_recorded(
    framework: dict[str, Any], data: pd.DataFrame
) -> None:
    unit = {i["id"]: i["unit"] for i in framework["indicators"]}
    assert not data["value"].isna().any()
    for indicator, rows in data.groupby("indicator"):
        value, num, den = rows["value"], rows["numerator"], rows["denominator"]
        kind = unit[str(indicator)]
        if kind in ("%", "rate"):
            assert (num >= 0).all() and (num <= den).all() and (den > 0).all()
            assert (num == num.round()).all() and (den == den.round()).all()
            assert np.allclose(value, (SERIES[str(indicator)].scale * num / den).round(1))
            if kind == "%":
                assert value.between(0, 100).all()
        else:
            assert num.isna().all() and den.isna().all()
            assert (value >= 0).all()
        if kind in ("count", "pounds"):
            assert (value == value.round()).all()
        if kind in ("days", "rate"):
            assert (value == value.round(1)).all()


def test_each_week_keeps_its_numbers_from_one_run_to_the_next() -> None:
    """The importer only adds new periods: outside the story, history must not be redrawn."""
    now, next_week = demo_measurements(TODAY), demo_measurements(TODAY + timedelta(weeks=1))
    story = {IMPROVING, WORSENING}
    merged = now.merge(next_week, on=["indicator", "period"], suffixes=("", "_next"))
    quiet = merged[~merged["indicator"].isin(story)]
    assert len(quiet) > 700
    assert (quiet["value"] == quiet["value_next"]).all()


# -- the story -------------------------------------------------------------------------------


def test_the_story_in_plain_numbers(data: pd.DataFrame) -> None:
    def series(indicator: str) -> pd.Series:
        return data.loc[data["indicator"] == indicator, "value"].reset_index(drop=True)

    home = series(IMPROVING)
    assert 4 <= home[-9:].mean() - home[:-9].mean() <= 6
    days = series(WORSENING)
    assert days[-5:].mean() - days[:-10].mean() > 3
    assert 69 <= series(FAILING).mean() <= 73
    notes = data.dropna(subset=["note"])
    assert set(notes["indicator"]) == {IMPROVING, WORSENING}


def story_verdicts(today: date) -> dict[str, Any]:
    """Each indicator's summary from the variation engine, as the bot would show it today."""
    spc = pytest.importorskip("digests.spc")
    settings = {i["id"]: i for i in tomllib.loads(demo_framework_text(today))["indicators"]}
    verdicts = {}
    for indicator, rows in demo_measurements(today).groupby("indicator", sort=False):
        item = settings[str(indicator)]
        result = spc.analyse(
            rows["period"], rows["value"], improvement=item["improvement"],
            target=item.get("target"),
        )
        verdicts[str(indicator)] = result.summary
    return verdicts


def assert_story(verdicts: dict[str, Any]) -> None:
    assert verdicts[IMPROVING].variation_icon == "improvement_high"
    assert verdicts[WORSENING].variation_icon == "concern_high"
    assert verdicts[FAILING].assurance_icon == "fail"
    assert [k for k, v in verdicts.items() if v.assurance_icon == "fail"] == [FAILING]
    others = [v.variation_icon for k, v in verdicts.items()
              if k not in (IMPROVING, WORSENING, FAILING)]
    assert sum(icon == "common_cause" for icon in others) >= len(others) - 2, others


@pytest.mark.parametrize("today", STORY_DAYS, ids=str)
def test_the_variation_engine_tells_the_story(today: date) -> None:
    assert_story(story_verdicts(today))


def test_on_the_anchor_day_only_the_story_is_news() -> None:
    verdicts = story_verdicts(DEMO_ANCHOR)
    news = {k for k, v in verdicts.items() if v.variation_icon != "common_cause"}
    assert news == {IMPROVING, WORSENING}


@pytest.mark.slow
def test_the_story_holds_every_week_for_two_years() -> None:
    for week in range(104):
        today = DEMO_ANCHOR + timedelta(weeks=week, days=week % 7)
        try:
            assert_story(story_verdicts(today))
        except AssertionError as error:
            raise AssertionError(f"the demo story breaks on {today}") from error


# -- changes, ideas and peers ----------------------------------------------------------------


def test_changes_point_at_real_indicators_and_people(framework: dict[str, Any]) -> None:
    changes = demo_changes(TODAY)
    assert {c["expected"] for c in changes} <= {"increase", "decrease"}
    for change in changes:
        assert set(change) == {"id", "title", "description", "started", "indicators",
                               "expected", "owner"}
        assert set(change["indicators"]) <= ids(framework, "indicators")
        assert change["owner"] in ids(framework, "people") and change["started"] < TODAY
    weekend = next(c for c in changes if IMPROVING in c["indicators"])
    assert 260 <= (TODAY - weekend["started"]).days <= 310


def test_ideas_cover_every_status_and_anonymity(framework: dict[str, Any]) -> None:
    ideas = demo_suggestions(TODAY)
    assert 5 <= len(ideas) <= 8
    assert {i["status"] for i in ideas} == {"new", "under_review", "accepted", "not_now", "done"}
    assert sum(i["anonymous"] for i in ideas) >= 2
    people = {p["id"]: p for p in framework["people"]}
    for idea in ideas:
        assert idea["team"] in ids(framework, "teams")
        assert idea["created"].tzinfo is UTC and idea["created"].date() < TODAY
        if idea["anonymous"]:
            assert idea["person"] is None
        else:
            assert idea["team"] in people[idea["person"]]["teams"]
        assert (idea["reason"] is None) == (idea["status"] == "new")


def test_benchmarks_cover_the_last_twelve_months(data: pd.DataFrame) -> None:
    peers = demo_benchmarks(TODAY)
    assert list(peers.columns) == ["indicator", "period", "peer", "value", "denominator"]
    assert 3 <= peers["indicator"].nunique() <= 4 and 4 <= peers["peer"].nunique() <= 6
    months = sorted(set(data.loc[data["indicator"] == FAILING, "period"]))[-12:]
    for _, rows in peers.groupby(["indicator", "peer"]):
        assert list(rows["period"]) == months
    assert (peers["denominator"] > 0).all() and peers["value"].between(0, 1000).all()
