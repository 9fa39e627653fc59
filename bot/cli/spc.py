"""``goldthread spc FILE.csv``: the variation engine on a plain CSV, for analysts.

The CSV is read here, row by row, so that every problem is reported with its line number; the
numbers are then handed to ``digests.spc.engine`` unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import click
import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from digests.spc import SpcInputError, SpcResult, analyse, analyse_many

_MISSING = {"", "na", "nan", "null", "none"}
_SUMMARY_KEYS = ("variation_icon", "assurance_icon", "mean", "lpl", "upl", "warnings")


def _date(text: str, line: int) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise click.UsageError(f"line {line}: {text!r} is not a date (use YYYY-MM-DD)") from None


def _number(text: str | None, line: int, column: str) -> float:
    if text is None or text.strip().lower() in _MISSING:
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise click.UsageError(f"line {line}: {column} {text!r} is not a number") from None
    if math.isinf(value):
        raise click.UsageError(f"line {line}: {column} {text!r} is not a finite number")
    return value


def read_csv(path: Path) -> pd.DataFrame:
    """Rows of date, value and the optional series, numerator, denominator columns."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        fields = [(f or "").strip().lower() for f in reader.fieldnames or []]
        reader.fieldnames = fields
        absent = [c for c in ("date", "value") if c not in fields]
        if absent:
            found = ", ".join(f for f in fields if f) or "nothing"
            raise click.UsageError(f"line 1: no {' or '.join(absent)} column (found: {found})")
        has_series = "series" in fields
        has_ratio = "numerator" in fields and "denominator" in fields
        rows: list[dict[str, Any]] = []
        seen: dict[tuple[str, dt.datetime], int] = {}
        for row in reader:
            line = reader.line_num
            series = (row.get("series") or "").strip() if has_series else ""
            if has_series and not series:
                raise click.UsageError(f"line {line}: the series name is empty")
            if not (row.get("date") or "").strip():
                raise click.UsageError(f"line {line}: the date is empty")
            day = _date(row["date"], line)
            if (series, day) in seen:
                where = f" for series {series!r}" if has_series else ""
                raise click.UsageError(
                    f"line {line}: date {row['date'].strip()} appears twice{where} "
                    f"(first on line {seen[series, day]})"
                )
            seen[series, day] = line
            record = {"series": series, "date": day, "value": _number(row["value"], line, "value")}
            if has_ratio:
                for column in ("numerator", "denominator"):
                    record[column] = _number(row[column], line, column)
            rows.append(record)
    if not rows:
        raise click.UsageError(f"{path.name} has no data rows")
    frame = pd.DataFrame(rows)
    return frame if has_series else frame.drop(columns="series")


def _plain(value: Any) -> Any:
    """JSON-ready: NaN becomes null, numpy scalars become Python ones, dates become ISO text."""
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.date().isoformat() if stamp == stamp.normalize() else stamp.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, tuple):
        return list(value)
    return value


def as_json(result: SpcResult) -> dict[str, Any]:
    points = [
        {k: _plain(v) for k, v in row.items()} for row in result.points.to_dict(orient="records")
    ]
    summary = {k: _plain(getattr(result.summary, k)) for k in _SUMMARY_KEYS}
    return {"points": points, "summary": summary}


def _fmt(value: float) -> str:
    return "" if math.isnan(value) else f"{value:.6g}"


def _show_points(console: Console, result: SpcResult, title: str) -> None:
    table = Table(title=title)
    for heading in ("date", "value", "mean", "lower", "upper", "special cause", "point"):
        table.add_column(heading, justify="right" if heading in {"value", "mean"} else "left")
    for row in result.points.to_dict(orient="records"):
        table.add_row(
            _plain(row["date"]),
            *(_fmt(row[k]) for k in ("value", "mean", "lpl", "upl")),
            str(row["special_cause_type"]),
            str(row["point_type"]).removeprefix("special_cause_").replace("_", " "),
        )
    console.print(table)
    s = result.summary
    console.print(
        f"variation: {s.variation_icon}   assurance: {s.assurance_icon or '-'}   "
        f"mean {_fmt(s.mean)}, limits {_fmt(s.lpl)} to {_fmt(s.upl)} "
        f"({s.n_latest_group} points in the latest group)"
    )
    for warning in s.warnings:
        console.print(f"note: {warning}")


def _show_many(console: Console, summary: pd.DataFrame) -> None:
    table = Table(title="Variation by series")
    for heading in ("series", "mean", "lower", "upper", "latest", "variation", "assurance"):
        table.add_column(heading)
    for name, row in summary.iterrows():
        table.add_row(
            str(name),
            _fmt(row["mean"]),
            _fmt(row["lpl"]),
            _fmt(row["upl"]),
            row["latest_special_cause_type"],
            row["variation_icon"],
            row["assurance_icon"] if isinstance(row["assurance_icon"], str) else "-",
        )
    console.print(table)


@click.command(name="spc")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--improvement",
    type=click.Choice(["increase", "decrease", "neutral"]),
    default="increase",
    show_default=True,
    help="Which way is better.",
)
@click.option("--target", type=float, default=None, help="Target, for the assurance icon.")
@click.option(
    "--rebase",
    multiple=True,
    metavar="DATE",
    help="Start a new group of limits on this date (repeatable).",
)
@click.option(
    "--fix-after",
    type=int,
    default=None,
    metavar="N",
    help="Set the limits from the first N points of each group (N >= 12).",
)
@click.option(
    "--no-screen-outliers",
    is_flag=True,
    help="Keep outlying moving ranges, as the Excel tool does.",
)
@click.option("--json", "json_out", is_flag=True, help="Print JSON instead of a table.")
def spc(
    file: Path,
    improvement: str,
    target: float | None,
    rebase: tuple[str, ...],
    fix_after: int | None,
    no_screen_outliers: bool,
    json_out: bool,
) -> None:
    """Show special-cause variation in a CSV of date,value rows (optional series column)."""
    frame = read_csv(file)
    try:
        rebase_days = [dt.datetime.fromisoformat(text.strip()) for text in rebase]
    except ValueError as exc:
        raise click.BadParameter(
            f"not a date (use YYYY-MM-DD): {exc}", param_hint="--rebase"
        ) from None
    options: dict[str, Any] = {
        "improvement": improvement,
        "target": target,
        "fix_after_n_points": fix_after,
        "screen_outliers": not no_screen_outliers,
    }
    console = Console()
    try:
        if "series" not in frame.columns:
            ratio = "numerator" in frame.columns
            result = analyse(
                frame["date"],
                frame["value"],
                rebase=rebase_days,
                **options,
                numerators=frame["numerator"] if ratio else None,
                denominators=frame["denominator"] if ratio else None,
            )
            if json_out:
                click.echo(json.dumps(as_json(result), allow_nan=False))
            else:
                _show_points(console, result, file.name)
            return
        frame["rebase"] = frame["date"].isin(rebase_days)
        for name, value in options.items():
            frame[name] = np.nan if value is None else value
        many = analyse_many(frame)
    except SpcInputError as exc:
        raise click.UsageError(str(exc)) from None
    if json_out:
        body = [
            {"series": _plain(name), **as_json(many.result(name))} for name in many.summary.index
        ]
        click.echo(json.dumps(body, allow_nan=False))
    else:
        _show_many(console, many.summary)
