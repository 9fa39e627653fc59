"""``goldthread spc FILE.csv``, driven through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli.spc import spc
from tests.digests.spc.contract import POINT_COLUMNS

ROWS = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def write(tmp_path: Path, text: str, name: str = "data.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def series_csv(tmp_path: Path) -> str:
    lines = ["date,value"] + [
        f"2021-03-{d:02d},{v}" for d, v in zip(range(1, 19), ROWS, strict=True)
    ]
    return write(tmp_path, "\n".join(lines) + "\n")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(spc, list(args))
    return result.exit_code, result.output


def test_table(tmp_path: Path) -> None:
    code, out = run(series_csv(tmp_path))
    assert code == 0, out
    assert "2021-03-05" in out and "Above UCL" in out
    assert "variation: common_cause" in out and "mean 1.94444" in out


def test_json_for_one_series(tmp_path: Path) -> None:
    code, out = run(series_csv(tmp_path), "--json", "--target", "5")
    assert code == 0, out
    body = json.loads(out)
    assert set(body["summary"]) == {
        "variation_icon",
        "assurance_icon",
        "mean",
        "lpl",
        "upl",
        "warnings",
    }
    assert body["summary"]["assurance_icon"] == "fail"
    assert [round(body["summary"][k], 2) for k in ("upl", "mean", "lpl")] == [4.6, 1.94, -0.72]
    point = body["points"][4]
    assert point["date"] == "2021-03-05"
    assert point["special_cause_type"] == "Above UCL"
    assert point["point_type"] == "special_cause_improvement"
    assert set(point) == set(POINT_COLUMNS)


def test_options_reach_the_engine(tmp_path: Path) -> None:
    path = series_csv(tmp_path)
    _, out = run(path, "--json", "--no-screen-outliers")
    assert round(json.loads(out)["summary"]["upl"], 2) == 6.95
    _, out = run(path, "--json", "--improvement", "decrease")
    assert json.loads(out)["points"][4]["point_type"] == "special_cause_concern"
    _, out = run(path, "--json", "--rebase", "2021-03-10", "--rebase", "2021-03-15")
    assert [p["rebase_group"] for p in json.loads(out)["points"]][8:15] == [0, 1, 1, 1, 1, 1, 2]
    _, out = run(path, "--json", "--fix-after", "12")
    assert json.loads(out)["summary"]["mean"] == pytest.approx(sum(ROWS[:12]) / 12)


def test_missing_values_are_null(tmp_path: Path) -> None:
    path = write(tmp_path, "date,value\n2024-01-01,1\n2024-02-01,\n2024-03-01,NA\n")
    code, out = run(path, "--json")
    assert code == 0, out
    body = json.loads(out)
    assert [p["value"] for p in body["points"]] == [1.0, None, None]
    assert body["summary"]["lpl"] is None


def test_many_series(tmp_path: Path) -> None:
    lines = ["series,date,value"]
    lines += [f"b,2021-03-{d:02d},{v}" for d, v in zip(range(1, 19), ROWS, strict=True)]
    lines += [f"a,2021-03-{d:02d},{v * 2}" for d, v in zip(range(1, 19), ROWS, strict=True)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    code, out = run(path, "--json")
    assert code == 0, out
    body = json.loads(out)
    assert [b["series"] for b in body] == ["a", "b"]
    assert body[0]["summary"]["mean"] == pytest.approx(2 * body[1]["summary"]["mean"])
    code, out = run(path)
    assert code == 0 and "Variation by series" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date,value\n2024-01-01,1\n2024-02-01,lots\n", "line 3: value 'lots' is not a number"),
        ("date,value\n2024-01-01,1\n2024-01-01,2\n", "line 3: date 2024-01-01 appears twice"),
        ("day,value\n2024-01-01,1\n", "line 1: no date column"),
        ("date,value\n2024-01-01,1\n2024-13-01,2\n", "line 3: '2024-13-01' is not a date"),
        ("date,value\n", "has no data rows"),
        ("series,date,value\na,2024-01-01,1\n,2024-02-01,1\n", "line 3: the series name is empty"),
    ],
)
def test_bad_input_names_the_line(tmp_path: Path, text: str, message: str) -> None:
    code, out = run(write(tmp_path, text))
    assert code == 2
    assert message in out


def test_bad_options(tmp_path: Path) -> None:
    code, out = run(series_csv(tmp_path), "--fix-after", "11")
    assert code == 2 and "at least 12" in out
    code, out = run(series_csv(tmp_path), "--rebase", "soon")
    assert code == 2 and "--rebase" in out
