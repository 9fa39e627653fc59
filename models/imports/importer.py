"""Import measurements and peer benchmarks from CSV or XLSX (or rows a SQL source returned).

Validate the whole file first; write nothing if any row is bad (unless told to skip bad rows, in
which case they go to a rejects file beside the input). Re-importing the same rows changes
nothing; a changed value becomes an update whose old value is kept as a revision. A value far
outside everything seen before is held back as doubtful until confirmed (`confirm`).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.imports.doubt import MIN_HISTORY, Usual, far_outside_reason
from models.imports.read import read_rows
from models.imports.upsert import Counts, apply_benchmarks, apply_measurements
from models.imports.validate import IndicatorInfo, RowError, ValidRow, validate
from models.limits import text_limit
from models.tables import Indicator, Measurement, Partnership
from models.text_safety import clean

Progress = Callable[[int, int], None]

MEASUREMENT_COLUMNS = ("indicator", "period", "value")
MEASUREMENT_OPTIONAL = ("numerator", "denominator", "area", "note")
MEASUREMENT_EXTRA = ("quality",)  # allowed, and kept only when the file has it
BENCHMARK_COLUMNS = ("indicator", "period", "peer", "value")
BENCHMARK_OPTIONAL = ("denominator",)
CONFIRM_HINT = "import again with --confirm"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportReport(Counts):
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    rejects_file: Path | None = None
    dry_run: bool = False
    # What the reader noticed and the person should know ("only the first sheet was read").
    notes: list[str] = field(default_factory=list)
    # How many bad rows are only doubtful: far outside everything seen before, fine if confirmed.
    doubtful: int = 0

    def summary(self) -> str:
        if self.dry_run:
            return (f"would insert {self.inserted}, would update {self.updated}, "
                    f"{self.unchanged} unchanged, {self.rejected} rejected")
        return (f"{self.inserted} inserted, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.rejected} rejected")


def import_file(
    session: Session,
    path: Path,
    partnership_id: int,
    *,
    benchmarks: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    confirm: bool = False,
    source: str | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate, then stage the good rows in the session if there are no bad ones (or when
    skip_invalid). The caller commits, or rolls back for a dry run; `written` says whether
    committing would change anything the user asked for. `today` (default: the partnership's
    local date now) is when every period must have ended by."""
    required, optional = (
        (BENCHMARK_COLUMNS, BENCHMARK_OPTIONAL) if benchmarks
        else (MEASUREMENT_COLUMNS, MEASUREMENT_OPTIONAL)
    )
    frame = read_rows(path, required, optional, () if benchmarks else MEASUREMENT_EXTRA)
    report = import_frame(session, frame, partnership_id, benchmarks=benchmarks,
                          skip_invalid=skip_invalid, dry_run=dry_run, confirm=confirm,
                          source=source or path.name, today=today, progress=progress)
    if report.errors and skip_invalid and not dry_run:
        report.rejects_file = _write_rejects(path, frame.columns.tolist(), frame, report.errors)
    return report


def import_frame(
    session: Session,
    frame: pd.DataFrame,
    partnership_id: int,
    *,
    source: str,
    benchmarks: bool = False,
    skip_invalid: bool = False,
    dry_run: bool = False,
    confirm: bool = False,
    confirm_hint: str = CONFIRM_HINT,
    today: date | None = None,
    recorded_by: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate rows of text (columns as `read_rows` gives them, with a `line` column) exactly
    as a file's, then stage the good ones: the one path every figure comes in by."""
    indicators = {
        row.key: IndicatorInfo(row.id, row.key, row.unit, row.frequency)
        for row in session.scalars(select(Indicator).where(
            Indicator.partnership_id == partnership_id, Indicator.archived_at.is_(None)))
    }
    day = today or local_today(session, partnership_id)
    valid, errors = validate(frame, indicators, key_column="peer" if benchmarks else "area",
                             today=day)
    doubtful: list[RowError] = []
    if not benchmarks and not confirm:
        units = {info.id: info.unit for info in indicators.values()}
        doubtful = far_outside(session, valid, units, confirm_hint)
        held = {e.line for e in doubtful}
        valid = [row for row in valid if row.line not in held]
        errors = sorted([*errors, *doubtful], key=lambda e: e.line)
    report = ImportReport(rejected=len(errors), errors=errors, dry_run=dry_run,
                          notes=list(frame.attrs.get("notes", [])), doubtful=len(doubtful))
    if errors and not skip_invalid:
        return report
    apply = apply_benchmarks if benchmarks else apply_measurements
    source = source[: text_limit(Measurement.__table__.c.source)]
    apply(session, valid, report, source, progress, recorded_by=recorded_by)
    report.written = not dry_run
    return report


def far_outside(session: Session, rows: list[ValidRow], units: dict[int, str],
                confirm_hint: str) -> list[RowError]:
    """Rows whose value is far outside everything else seen for their indicator and area: the
    stored figures of other periods and the other rows given now."""
    groups: dict[tuple[int, str], list[ValidRow]] = defaultdict(list)
    for row in rows:
        groups[(row.indicator_id, row.key)].append(row)
    found: list[RowError] = []
    for (indicator_id, area), group in groups.items():
        periods = {row.period for row in group}
        stored = [value for period, value in session.execute(
            select(Measurement.period, Measurement.value).where(
                Measurement.indicator_id == indicator_id, Measurement.area == area))
            if period not in periods]
        values = sorted([*stored, *(row.value for row in group)])
        for row in group:
            seen = usual_without(values, row.value)
            if seen is not None and seen.far_outside(row.value):
                found.append(RowError(row.line, far_outside_reason(
                    row.value, seen, units[indicator_id], confirm_hint), doubtful=True))
    return found


def usual_without(values: list[float], value: float) -> Usual | None:
    """The range of sorted `values` once `value` (one of them) is left out, in constant time."""
    if len(values) - 1 < MIN_HISTORY:
        return None
    low = values[1] if value == values[0] else values[0]
    high = values[-2] if value == values[-1] else values[-1]
    return Usual(low, high, len(values) - 1)


def local_today(session: Session, partnership_id: int) -> date:
    partnership = session.get(Partnership, partnership_id)
    zone = ZoneInfo(partnership.timezone if partnership else "Europe/London")
    return datetime.now(zone).date()


def _write_rejects(path: Path, columns: list[str], frame: object, errors: list[RowError]) -> Path:
    """Bad rows, as they were, with the line number and reason, for fixing and re-importing.

    The file will be opened in Excel, so no cell may start like a formula (CSV injection): a
    cell such as `=HYPERLINK(...)` from the input is written as `'=HYPERLINK(...)`, as text.
    """
    import pandas as pd

    assert isinstance(frame, pd.DataFrame)
    reasons = {e.line: e.reason for e in errors}
    bad = frame[frame["line"].isin(list(reasons))]
    target = path.with_name(f"{path.stem}.rejects.csv")
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        data_columns = [c for c in columns if c != "line"]
        writer.writerow([*data_columns, "line", "reason"])
        for record in bad.to_dict("records"):
            cells = [*(record[c] for c in data_columns), record["line"],
                     reasons[int(record["line"])]]
            writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return target


def spreadsheet_safe(value: object) -> str:
    """A cell a spreadsheet shows as text: hidden characters removed, and a leading
    = + - @ tab or carriage return (which would start a formula) escaped with an apostrophe."""
    text = clean(str(value), multiline=True)
    raw = str(value)
    if raw.startswith(_FORMULA_STARTS) or text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text
