"""Read CSV and XLSX data files into text columns that remember each row's line number.

Everything is read as text so that validation, not the reader, decides what a bad number or date
is, and can say so with the line number a person sees in their spreadsheet. A file that is not a
table at all (binary, UTF-16, broken quotes, one enormous line) is refused as a whole with a
DataFileError that says what it looks like and what to do, never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from models.text_safety import show

# A data row is a few hundred characters; a note may run to a couple of thousand.
MAX_LINE = 1_000_000
# A "CSV" with this many control characters, and this share of them, is binary data (random
# bytes are about 11% controls; a real CSV has none, or a stray one in a note).
_BINARY_CONTROLS, _BINARY_SHARE = 16, 0.05
_UTF16_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE,
               codecs.BOM_UTF16_BE)


class DataFileError(Exception):
    """The file as a whole cannot be read (wrong type, missing columns, not a table)."""


def read_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...],
              extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """A frame of stripped strings with a `line` column, from a .csv or .xlsx file.

    Missing `optional` columns are added empty; `extra` columns are allowed but kept only when
    the file has them. `attrs["notes"]` says what the person should know about how it was read
    (a semicolon-separated file; only the first of several sheets), and
    `attrs["decimal_comma"]` whether numbers are written 83,2.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame = _read_csv(path)
    elif suffix in {".xlsx", ".xlsm"}:
        frame = _read_xlsx(path)
    else:
        raise DataFileError(f"{path.name}: use a .csv or .xlsx file (got '{suffix or 'none'}')")
    attrs = dict(frame.attrs)
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    repeated = [c for c, n in Counter(frame.columns).items() if n > 1 and c != "line"]
    if repeated:
        raise DataFileError(
            f"{path.name}: line 1: column {_names(repeated)} appears more than once; keep one")
    allowed = (*optional, *extra)
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise DataFileError(
            f"{path.name}: line 1: missing column(s) {', '.join(missing)}; "
            f"the header must name {', '.join(required)}"
            + (f" and may add {', '.join(allowed)}" if allowed else "")
            + (". Is this a file of measurements? Then leave out --benchmarks"
               if "peer" in missing else "")
        )
    unknown = [c for c in frame.columns if c not in required + allowed and c != "line"]
    if "peer" in unknown:
        raise DataFileError(
            f"{path.name}: line 1: this looks like a file of peer benchmarks (it has a "
            '"peer" column); import it with --benchmarks')
    if unknown:
        raise DataFileError(
            f"{path.name}: line 1: unknown column(s) {_names(unknown)}; "
            f"allowed: {', '.join(required + allowed)}"
        )
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    chosen = frame[["line", *required, *optional, *(c for c in extra if c in frame.columns)]]
    chosen.attrs.update(attrs)
    return chosen


def _names(columns: list[str], most: int = 6) -> str:
    shown = ", ".join(f'"{show(c, 40)}"' for c in columns[:most])
    return shown + (f" and {len(columns) - most:,} more" if len(columns) > most else "")


def _decode(path: Path, raw: bytes) -> str:
    """The file's text, or a DataFileError naming what it is instead."""
    if raw.startswith(_UTF16_BOMS):
        raise DataFileError(
            f'{path.name}: the file is saved as UTF-16 ("Unicode Text"); save it from Excel '
            'as "CSV UTF-8 (Comma delimited)"')
    if raw.startswith(b"PK\x03\x04"):
        raise DataFileError(
            f"{path.name}: this is an Excel workbook (or another zip file), not CSV; "
            "give it the .xlsx extension")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise DataFileError(
            f"{path.name}: line {line}: the file holds a NUL byte, so it is not a text file; "
            'export the sheet as "CSV UTF-8"')
    longest, line = _longest_line(raw)
    if longest > MAX_LINE:
        raise DataFileError(
            f"{path.name}: line {line}: the line is {longest:,} characters long; the limit is "
            f"{MAX_LINE:,}. Is this a CSV file of measurements?")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    sample = text[:65536]
    controls = sum(1 for c in sample if c < " " and c not in "\t\r\n")
    if controls >= _BINARY_CONTROLS and controls / len(sample) > _BINARY_SHARE:
        raise DataFileError(
            f"{path.name}: the file does not look like text (binary data?); "
            'export the sheet as "CSV UTF-8"')
    return text


def _longest_line(raw: bytes) -> tuple[int, int]:
    """The length of the longest line and its number, without copying the file."""
    longest, at, start, number = 0, 1, 0, 1
    while True:
        end = raw.find(b"\n", start)
        length = (len(raw) if end < 0 else end) - start
        if length > longest:
            longest, at = length, number
        if end < 0:
            return longest, at
        start, number = end + 1, number + 1


def _read_csv(path: Path) -> pd.DataFrame:
    text = _decode(path, path.read_bytes())
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        try:
            header = next(reader)
        except StopIteration:
            raise DataFileError(f"{path.name}: the file is empty") from None
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                lines.append(reader.line_num)
                rows.append(row + [""] * (len(header) - len(row)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataFileError(
            f"{path.name}: line {start}: not valid CSV ({show(exc, 80)}); check the quotes "
            'around cells: a cell that holds a comma or a quote must be in "double quotes"'
        ) from None
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
    if delimiter == ";":
        frame.attrs["decimal_comma"] = True
        frame.attrs["notes"] = [
            f"{path.name}: read as semicolon-separated, with decimal commas (83,2 is 83.2), "
            "as Excel saves CSV in much of Europe"]
    return frame


def _delimiter(text: str) -> str:
    """";" when the header is separated by semicolons (Excel's CSV where the decimal mark is a
    comma), else ",". The header decides: its names never hold either character."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _read_xlsx(path: Path) -> pd.DataFrame:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise DataFileError(f"{path.name}: not a readable Excel workbook "
                            f"({show(exc, 80)})") from None
    try:
        sheets = [str(sheet.title) for sheet in workbook.worksheets]
        header, rows, lines = _sheet_rows(path, workbook.worksheets[0])
    except DataFileError:
        raise
    except Exception as exc:  # a broken sheet inside a readable zip fails in many ways too
        raise DataFileError(f"{path.name}: not a readable Excel workbook "
                            f"({show(exc, 80)})") from None
    finally:
        workbook.close()
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    frame.insert(0, "line", lines)
    if len(sheets) > 1:
        others = ", ".join(f'"{show(name, 40)}"' for name in sheets[1:6])
        more = f" and {len(sheets) - 6} more" if len(sheets) > 6 else ""
        frame.attrs["notes"] = [
            f'{path.name}: only the first sheet, "{show(sheets[0], 40)}", was read; the '
            f"workbook also has {others}{more}. Put every row on the first sheet, or save "
            "each sheet as its own file"]
    return frame


def _sheet_rows(path: Path, sheet: Any) -> tuple[list[str], list[list[str]], list[int]]:
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
    return header, rows, lines


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
