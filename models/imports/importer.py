"""Import measurements and peer benchmarks from CSV or XLSX.

Validate the whole file first; write nothing if any row is bad (unless told to skip bad rows, in
which case they go to a rejects file beside the input). Re-importing the same rows changes
nothing; a changed value becomes an update whose old value is kept as a revision.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import insert, select, tuple_
from sqlalchemy.orm import Session

from models.base import utcnow
from models.imports.read import read_rows
from models.imports.validate import IndicatorInfo, RowError, ValidRow, validate
from models.limits import text_limit
from models.tables import Benchmark, Indicator, Measurement, MeasurementRevision
from models.text_safety import clean

Progress = Callable[[int, int], None]

MEASUREMENT_COLUMNS = ("indicator", "period", "value")
MEASUREMENT_OPTIONAL = ("numerator", "denominator", "area", "note")
BENCHMARK_COLUMNS = ("indicator", "period", "peer", "value")
BENCHMARK_OPTIONAL = ("denominator",)
_CHUNK = 500
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportReport:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    rejects_file: Path | None = None

    def summary(self) -> str:
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
    source: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate, then stage the good rows in the session if there are no bad ones (or when
    skip_invalid). The caller commits, or rolls back for a dry run; `written` says whether
    committing would change anything the user asked for."""
    required, optional = (
        (BENCHMARK_COLUMNS, BENCHMARK_OPTIONAL) if benchmarks
        else (MEASUREMENT_COLUMNS, MEASUREMENT_OPTIONAL)
    )
    frame = read_rows(path, required, optional)
    indicators = {
        row.key: IndicatorInfo(row.id, row.key, row.unit, row.frequency)
        for row in session.scalars(select(Indicator).where(
            Indicator.partnership_id == partnership_id, Indicator.archived_at.is_(None)))
    }
    valid, errors = validate(frame, indicators, key_column="peer" if benchmarks else "area")
    report = ImportReport(rejected=len(errors), errors=errors)
    if errors and not skip_invalid:
        return report
    if errors and not dry_run:
        report.rejects_file = _write_rejects(path, frame.columns.tolist(), frame, errors)
    apply = _apply_benchmarks if benchmarks else _apply_measurements
    source = (source or path.name)[: text_limit(Measurement.__table__.c.source)]
    apply(session, valid, report, source, progress)
    report.written = not dry_run
    return report


def _apply_measurements(
    session: Session, rows: list[ValidRow], report: ImportReport, source: str,
    progress: Progress | None,
) -> None:
    now = utcnow()
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start:start + _CHUNK]
        keys = [(r.indicator_id, r.period, r.key) for r in chunk]
        existing = {
            (m.indicator_id, m.period, m.area): m
            for m in session.scalars(select(Measurement).where(
                tuple_(Measurement.indicator_id, Measurement.period, Measurement.area).in_(keys)))
        }
        new = []
        for row in chunk:
            found = existing.get((row.indicator_id, row.period, row.key))
            if found is None:
                new.append({
                    "indicator_id": row.indicator_id, "period": row.period, "area": row.key,
                    "value": row.value, "numerator": row.numerator,
                    "denominator": row.denominator, "note": row.note, "source": source,
                    "created_at": now, "updated_at": now,
                })
            elif (found.value, found.numerator, found.denominator, found.note) == (
                row.value, row.numerator, row.denominator, row.note
            ):
                report.unchanged += 1
            else:
                found.revisions.append(MeasurementRevision(
                    value=found.value, numerator=found.numerator,
                    denominator=found.denominator, note=found.note, source=found.source,
                    replaced_at=now, replaced_by_source=source))
                found.value, found.numerator = row.value, row.numerator
                found.denominator, found.note = row.denominator, row.note
                found.source, found.updated_at = source, now
                report.updated += 1
        if new:
            session.execute(insert(Measurement), new)
            report.inserted += len(new)
        session.flush()
        if progress:
            progress(min(start + _CHUNK, len(rows)), len(rows))


def _apply_benchmarks(
    session: Session, rows: list[ValidRow], report: ImportReport, source: str,
    progress: Progress | None,
) -> None:
    now = utcnow()
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start:start + _CHUNK]
        keys = [(r.indicator_id, r.period, r.key) for r in chunk]
        existing = {
            (b.indicator_id, b.period, b.peer): b
            for b in session.scalars(select(Benchmark).where(
                tuple_(Benchmark.indicator_id, Benchmark.period, Benchmark.peer).in_(keys)))
        }
        for row in chunk:
            found = existing.get((row.indicator_id, row.period, row.key))
            if found is None:
                session.add(Benchmark(
                    indicator_id=row.indicator_id, period=row.period, peer=row.key,
                    value=row.value, denominator=row.denominator, updated_at=now))
                report.inserted += 1
            elif (found.value, found.denominator) == (row.value, row.denominator):
                report.unchanged += 1
            else:
                found.value, found.denominator, found.updated_at = row.value, row.denominator, now
                report.updated += 1
        session.flush()
        if progress:
            progress(min(start + _CHUNK, len(rows)), len(rows))


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
