"""Validate every row of a measurements or benchmarks file before anything is written.

The whole file is checked at once and every bad row gets its line number and a reason a person
can act on; the caller decides whether to stop (the default) or import the good rows. Text cells
lose hidden characters (controls, terminal escapes, bidirectional overrides) and must fit their
column; an indicator id holding one is refused rather than silently changed.

Doubtful data is caught here too (`models.imports.doubt`): a period that has not ended yet, and
a value that disagrees with its own numerator and denominator (the Excel percentage cell that
holds 0.27 beside 54/200), each refused with the likely fix.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
from rapidfuzz import process

from models.imports.doubt import fraction_mismatch, not_ended
from models.limits import text_limit, too_long
from models.tables import Benchmark, Measurement
from models.tables.measurements import QUALITIES
from models.text_safety import clean, one_line, show, unprintable

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
# A semicolon-separated file writes 1.234,5 (or 1 234,5) for 1,234.5.
_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}([. \u00a0\u202f]\d{3})+(,\d+)?$")
# The longest text each column holds, read from the tables themselves.
LIMITS = {
    "area": text_limit(Measurement.__table__.c.area),
    "peer": text_limit(Benchmark.__table__.c.peer),
    "note": text_limit(Measurement.__table__.c.note),
}


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    key: str
    unit: str
    frequency: str


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str
    doubtful: bool = False  # only far outside what was seen before: fine once confirmed

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", one_line(self.reason))  # it quotes the file


@dataclass(frozen=True)
class ValidRow:
    line: int
    indicator_id: int
    period: date
    key: str  # area for measurements, peer for benchmarks
    value: float
    numerator: float | None
    denominator: float | None
    note: str | None
    quality: str | None = None


def validate(
    frame: pd.DataFrame, indicators: dict[str, IndicatorInfo], *, key_column: str,
    today: date,
) -> tuple[list[ValidRow], list[RowError]]:
    """Check each row; `key_column` is "area" for measurements and "peer" for benchmarks;
    `today` (the partnership's local date) is when periods must have ended by. A frame whose
    `attrs["decimal_comma"]` is set (a semicolon-separated file) writes 83,2 for 83.2."""
    valid: list[ValidRow] = []
    errors: list[RowError] = []
    first_seen: dict[tuple[str, date, str], int] = {}
    has_numerator = "numerator" in frame.columns
    comma = bool(frame.attrs.get("decimal_comma"))
    for row in frame.itertuples(index=False):
        line = int(str(row.line))
        reasons: list[str] = []
        name = str(row.indicator)
        info = indicators.get(name)
        hidden = unprintable(name)
        if hidden:
            reasons.append(f'indicator "{show(name, 40)}" holds a character that cannot be seen '
                           f"or printed ({', '.join(hidden)}); retype it")
        elif info is None:
            reasons.append(_unknown_indicator(name, indicators))
        period = _parse_date(str(row.period))
        if period is None:
            reasons.append(f'period "{_show(row.period)}" is not a date like 2026-10-01')
        elif info is not None and not aligned(period, info.frequency):
            reasons.append(_misaligned(period, info.frequency))
        elif info is not None and (late := not_ended(period, info.frequency, today)):
            reasons.append(late)
        value = parse_number(str(row.value), decimal_comma=comma)
        if value is None:
            reasons.append(f'value "{_show(row.value)}" is not a number')
        elif info is not None:
            reasons += _range_problems(value, info.unit)
        numerator = parse_number(str(row.numerator), decimal_comma=comma) \
            if has_numerator else None
        denominator = parse_number(str(row.denominator), decimal_comma=comma) \
            if "denominator" in frame.columns else None
        fraction = _fraction_problems(row, numerator, denominator, has_numerator)
        reasons += fraction
        if not fraction and value is not None and info is not None and \
                numerator is not None and denominator is not None and \
                (mismatch := fraction_mismatch(value, numerator, denominator, info.unit)):
            reasons.append(mismatch)
        quality = _quality(str(getattr(row, "quality", "") or ""), reasons)
        key = clean(str(getattr(row, key_column) or "")).strip()
        note = clean(str(getattr(row, "note", "") or ""), multiline=True).strip() or None
        if key_column == "peer" and not key:
            reasons.append("peer is empty; name the comparator area")
        reasons += [r for r in (too_long(key_column, key, LIMITS[key_column]),
                                too_long("note", note or "", LIMITS["note"])) if r]
        if period is not None and not reasons:
            identity = (str(row.indicator), period, key)
            if identity in first_seen:
                reasons.append(f"duplicate row: same indicator, period and {key_column} as "
                               f"line {first_seen[identity]}")
            else:
                first_seen[identity] = line
        if reasons:
            errors.append(RowError(line, "; ".join(reasons)))
            continue
        assert info is not None and period is not None and value is not None
        valid.append(ValidRow(line, info.id, period, key, value, numerator, denominator, note,
                              quality))
    return valid, errors


def _quality(text: str, reasons: list[str]) -> str | None:
    """provisional, revised, estimated, or empty (final); anything else is a bad row."""
    word = text.strip().lower()
    if not word:
        return None
    if word in QUALITIES:
        return word
    reasons.append(f'quality "{_show(text)}" is not one of {", ".join(QUALITIES)} '
                   "(leave it empty for a final figure)")
    return None


def aligned(period: date, frequency: str) -> bool:
    """Periods are named by the day they start: Monday weeks, first-of-month, calendar quarters."""
    if frequency == "week":
        return period.weekday() == 0
    if frequency == "month":
        return period.day == 1
    return period.day == 1 and period.month in (1, 4, 7, 10)


def parse_number(text: str, *, decimal_comma: bool = False) -> float | None:
    """A finite number; allows 1,234.5 grouping, a trailing % and a leading £ (and 1.234,5 or
    83,2 when the file writes decimals with a comma)."""
    cleaned = text.strip().removesuffix("%").removeprefix("£").strip()
    if decimal_comma:
        if _GROUPED_COMMA.match(cleaned):
            cleaned = re.sub(r"[. \u00a0\u202f]", "", cleaned)
        if cleaned.count(",") == 1 and "." not in cleaned:
            cleaned = cleaned.replace(",", ".")
    elif _GROUPED.match(cleaned):
        cleaned = cleaned.replace(",", "")
    if not _NUMBER.match(cleaned):
        return None
    number = float(cleaned)
    return number if math.isfinite(number) else None


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10]) if len(text.strip()) in (8, 10) else None
    except ValueError:
        return None


def _misaligned(period: date, frequency: str) -> str:
    expected = {
        "week": "a Monday (weeks start on Monday)",
        "month": "the first day of a month",
        "quarter": "the first day of a quarter (1 Jan, 1 Apr, 1 Jul or 1 Oct)",
    }[frequency]
    return f"period {period.isoformat()} is not {expected} for this {frequency}ly indicator"


def _range_problems(value: float, unit: str) -> list[str]:
    if unit == "%" and not 0 <= value <= 100:
        return [f"value {value:g} is outside 0 to 100 for a percentage"]
    if unit in {"count", "days", "rate"} and value < 0:
        return [f"value {value:g} is negative, which a {unit} cannot be"]
    return []


def _fraction_problems(
    row: object, numerator: float | None, denominator: float | None, has_numerator: bool
) -> list[str]:
    reasons = []
    num_text = str(getattr(row, "numerator", "") or "")
    den_text = str(getattr(row, "denominator", "") or "")
    if num_text and numerator is None:
        reasons.append(f'numerator "{_show(num_text)}" is not a number')
    if den_text and denominator is None:
        reasons.append(f'denominator "{_show(den_text)}" is not a number')
    if has_numerator and (numerator is None) != (denominator is None) and not reasons:
        reasons.append("give both numerator and denominator, or neither")
    if denominator is not None and denominator <= 0:
        reasons.append("denominator must be more than 0")
    if numerator is not None and numerator < 0:
        reasons.append("numerator cannot be negative")
    if numerator is not None and denominator is not None and numerator > denominator:
        reasons.append(f"numerator {numerator:g} is larger than denominator {denominator:g}")
    return reasons


def _unknown_indicator(name: str, indicators: dict[str, IndicatorInfo]) -> str:
    if not name:
        return "indicator is empty"
    match = process.extractOne(name, list(indicators), score_cutoff=70)
    hint = f' (did you mean "{match[0]}"?)' if match else ""
    return f'unknown indicator "{_show(name)}"{hint}'


def _show(value: object, limit: int = 40) -> str:
    return show(value, limit)
