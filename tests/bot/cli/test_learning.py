"""Changes from the command line, judged: a real step change, no change and a change the wrong
way get "it worked", "no clear effect yet" and "it made things worse"; a rebase without a
reason is refused; `framework review` lists what costs much and is never used."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from bot.cli import main
from models.db import make_engine, session_factory
from models.tables import ChangeEvaluation, Rebase
from tests.handlers.conftest import monthly
from tests.paths import FIXTURES

EXTRA = """
[[indicators]]
id = "{key}"
name = "{name}"
objective = "reablement"
kind = "outcome"
unit = "%"
improvement = "increase"
frequency = "month"
owner = "amina"
teams = ["reablement"]
cost_hours = {hours}
"""
SERIES = {"stepped": ("People home within a week", +7.0, 2),
          "steady": ("People who rated the service good", 0.0, 3),
          "slipped": ("People seen on the day promised", -7.0, 40)}


def run(args: list[str], url: str) -> Result:
    return CliRunner().invoke(main, args, env={"GOLDTHREAD_DATABASE_URL": url,
                                               "GOLDTHREAD_CONFIG": ""})


@pytest.fixture
def partnership(database_url: str, tmp_path: Path) -> str:
    """The test framework with three more measures, each with 36 months of figures: 24 before
    January 2025 and 12 from it, stepped up, unchanged, and slipped down."""
    text = (FIXTURES / "framework_good.toml").read_text(encoding="utf-8") + "".join(
        EXTRA.format(key=k, name=name, hours=hours) for k, (name, _, hours) in SERIES.items())
    framework = tmp_path / "framework.toml"
    framework.write_text(text, encoding="utf-8")
    assert run(["init"], database_url).exit_code == 0
    loaded = run(["framework", "load", str(framework)], database_url)
    assert loaded.exit_code == 0, loaded.output
    periods = monthly(36, date(2025, 12, 1))  # January 2023 to December 2025
    lines = ["indicator,period,value"]
    wobble = np.tile([-0.9, 0.4, 1.1, -0.6, 0.2, -0.3], 6)
    for key, (_, shift, _) in SERIES.items():
        for k, period in enumerate(periods):
            value = 70 + wobble[k] + (shift if k >= 24 else 0.0)
            lines.append(f"{key},{period.isoformat()},{value:.1f}")
    data = tmp_path / "data.csv"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    imported = run(["import", str(data)], database_url)
    assert imported.exit_code == 0, imported.output
    return database_url


def test_three_series_three_verdicts(partnership: str) -> None:
    for key in SERIES:
        added = run(["change", "add", "--indicator", key, "--from", "2025-01-01",
                     "--expect", "increase", "--what", f"New way of working for {key}",
                     "--by", "amina"], partnership)
        assert added.exit_code == 0, added.output
        assert added.output.startswith(f"Change recorded: new-way-of-working-for-{key}")
    listed = run(["learning", "list", "--as-of", "2025-12-15"], partnership)
    assert listed.exit_code == 0, listed.output
    verdicts = {line.split(":")[0]: line for line in listed.output.splitlines()[1:]
                if not line.startswith(" ")}
    assert ": it worked: up 7 points" in verdicts["new-way-of-working-for-stepped"]
    assert ": no clear effect yet" in verdicts["new-way-of-working-for-steady"]
    assert ": it made things worse: down 7 points" in verdicts["new-way-of-working-for-slipped"]
    found = json.loads(run(["learning", "list", "--as-of", "2025-12-15", "--json", "--search",
                            "stepped"], partnership).output)
    assert [(r["change"], r["verdict"]) for r in found] == [
        ("new-way-of-working-for-stepped", "worked")]
    reviewed = run(["learning", "review", "--as-of", "2025-12-15"], partnership)
    assert reviewed.output.startswith("3 new evaluation(s) kept"), reviewed.output
    with session_factory(make_engine(partnership))() as session:
        kept = {e.verdict for e in session.scalars(select(ChangeEvaluation))}
    assert kept == {"worked", "no_effect", "worse"}


def test_one_change_on_two_measures_is_judged_on_each(partnership: str) -> None:
    added = run(["change", "add", "--indicator", "stepped", "--indicator", "slipped",
                 "--indicator", "stepped", "--from", "2025-01-01", "--expect", "increase",
                 "--what", "One team for both", "--by", "amina"], partnership)
    assert added.exit_code == 0, added.output
    assert ("expecting People home within a week and People seen on the day promised to rise"
            in " ".join(added.output.split()))
    found = json.loads(run(["learning", "list", "--as-of", "2025-12-15", "--json"],
                           partnership).output)
    assert sorted((r["indicator"], r["verdict"]) for r in found) == [
        ("People home within a week", "worked"), ("People seen on the day promised", "worse")]
    refused = run(["change", "add", "--indicator", "stepped", "--indicator", "no-such",
                   "--from", "2025-01-01", "--expect", "increase", "--what", "Another"],
                  partnership)
    assert refused.exit_code == 1 and "I don't know the measure" in refused.output
    assert len(json.loads(run(["learning", "list", "--json"], partnership).output)) == 2


def test_a_rebase_without_a_reason_is_refused(partnership: str) -> None:
    key = "new-way-of-working-for-stepped"
    run(["change", "add", "--indicator", "stepped", "--from", "2025-01-01", "--expect",
         "increase", "--what", "New way of working for stepped"], partnership)
    refused = run(["change", "rebase", key, "--reason", "  ", "--by", "amina"], partnership)
    assert refused.exit_code == 1 and "A rebase needs a reason" in refused.output
    missing = run(["change", "rebase", key, "--by", "amina"], partnership)
    assert missing.exit_code == 2 and "--reason" in missing.output
    with session_factory(make_engine(partnership))() as session:
        assert session.scalars(select(Rebase)).all() == []
    done = run(["change", "rebase", key, "--reason", "The new way is here to stay", "--by",
                "amina"], partnership)
    assert done.exit_code == 0 and "Limits recalculated from 1 Jan 2025" in done.output
    unknown = run(["change", "note", key, "--text", "x", "--by", "nobody"], partnership)
    assert unknown.exit_code == 1 and "no person 'nobody'" in unknown.output


def test_bad_change_input_exits_1_and_stores_nothing(partnership: str) -> None:
    refused = run(["change", "add", "--indicator", "no-such", "--from", "2025-01-01",
                   "--expect", "increase", "--what", "x"], partnership)
    assert refused.exit_code == 1 and "I don't know the measure" in refused.output
    listed = run(["learning", "list"], partnership)
    assert "No changes recorded yet." in listed.output


def test_framework_review_lists_costly_unused_measures(partnership: str) -> None:
    reviewed = run(["framework", "review", "--as-of", "2025-12-15"], partnership)
    assert reviewed.exit_code == 0, reviewed.output
    lines = reviewed.output.splitlines()
    assert lines[0].split() == ["indicator", "hours/yr", "asked", "shown", "acted"]
    assert lines[1].split() == ["slipped", "480", "0", "0", "0"]  # 40 hours a month
    # two actions serve delayed discharges (one directly, one through its objective)
    assert lines[2].split() == ["delayed-discharges", "104", "0", "0", "2"]
    assert "Total: about 716 staff hours a year." in reviewed.output
    retire = reviewed.output.split("Candidates to retire")[1]
    assert "slipped: People seen on the day promised, 480 hours a year" in retire
    assert "delayed-discharges" not in retire
    # asking about a measure, or recording a change to it, is using it; --min-hours sets the bar
    run(["ask", "how are we doing on people seen on the day promised"], partnership)
    run(["change", "add", "--indicator", "steady", "--from", "2025-01-01", "--expect",
         "increase", "--what", "Ask people at the door"], partnership)
    again = run(["framework", "review", "--min-hours", "30"], partnership).output
    retire = again.split("Candidates to retire")[1]
    assert [line.split(":")[0].strip() for line in retire.splitlines()[1:]] == ["home-91"]
