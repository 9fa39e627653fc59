"""Read CSV and XLSX data files into text columns that remember each row's line number.

Everything is read as text so that validation, not the reader, decides what a bad number or date
is, and can say so with the line number a person sees in their spreadsheet.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pandas as pd


class DataFileError(Exception):
    """The file as a whole cannot be read (wrong type, missing columns, not a table)."""


def read_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> pd.DataFrame:
    """A frame of stripped strings with a `line` column, from a .csv or .xlsx file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = _read_csv(path)
    elif suffix in {".xlsx", ".xlsm"}:
        frame = _read_xlsx(path)
    else:
        raise DataFileError(f"{path.name}: use a .csv or .xlsx file (got '{suffix or 'none'}')")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(
            f"{path.name}: line 1: missing column(s) {', '.join(missing)}; "
            f"the header must name {', '.join(required)}"
            + (f" and may add {', '.join(optional)}" if optional else "")
        )
    unknown = [c for c in frame.columns if c not in required + optional and c != "line"]
    if unknown:
        raise DataFileError(
            f"{path.name}: line 1: unknown column(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(required + optional)}"
        )
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    return frame[["line", *required, *optional]]


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataFileError(f"{path.name}: the file is empty") from None
    rows: list[list[str]] = []
    lines: list[int] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        lines.append(reader.line_num)
        rows.append((row + [""] * len(header))[: len(header)] if len(row) <= len(header) else row)
    width = len(header)
    too_long = [line for line, row in zip(lines, rows, strict=True) if len(row) > width]
    if too_long:
        raise DataFileError(
            f"{path.name}: line {too_long[0]}: more cells than the header has columns "
            f"(is there an unquoted comma?)"
        )
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame = frame.apply(lambda col: col.str.strip())
    frame.insert(0, "line", lines)
    return frame


def _read_xlsx(path: Path) -> pd.DataFrame:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise DataFileError(f"{path.name}: not a readable Excel workbook ({exc})") from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        header = [str(c or "").strip() for c in next(iterator)]
    except StopIteration:
        raise DataFileError(f"{path.name}: the first sheet is empty") from None
    rows: list[list[str]] = []
    lines: list[int] = []
    for number, row in enumerate(iterator, start=2):
        cells = [_cell_text(c) for c in row[: len(header)]]
        if not any(cells):
            continue
        rows.append(cells + [""] * (len(header) - len(cells)))
        lines.append(number)
    workbook.close()
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame.insert(0, "line", lines)
    return frame


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
