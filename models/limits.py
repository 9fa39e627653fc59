"""What a value must fit before it reaches the database, read from the ORM columns themselves.

`check` and the importer test every value against these, so a 10,000-character title or a
budget beyond the column's precision gets a sentence with its line number instead of a database
error half-way through a load. The limits come from the column definitions, never a copy, so
they cannot drift when a column changes.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import BigInteger, Float, Integer, Numeric, SmallInteger

# Text columns have no length of their own; a sentence a person writes gets a generous one.
TEXT_LIMIT = 2000


def text_limit(column: Any) -> int:
    """The most characters the column holds: its String length, else TEXT_LIMIT."""
    length = getattr(column.type, "length", None)
    return int(length) if length else TEXT_LIMIT


def too_long(name: str, value: str, limit: int) -> str | None:
    """ "title is 10,000 characters; the limit is 300", or None when it fits."""
    if len(value) <= limit:
        return None
    return f"{name} is {len(value):,} characters; the limit is {limit:,}"


def number_problem(name: str, value: float, column: Any) -> str | None:
    """Why the number does not fit the column (not finite, or out of its range), or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{name} is {value}, which is not a finite number"
    shown = _number(value)
    kind = column.type
    if isinstance(kind, Float):
        return None
    if isinstance(kind, Integer):
        bits = 15 if isinstance(kind, SmallInteger) else 63 if isinstance(kind, BigInteger) else 31
        low, high = -(2**bits), 2**bits - 1
        if not low <= value <= high:
            return f"{name} is {shown}; it must be between {low:,} and {high:,}"
        return None
    if isinstance(kind, Numeric) and kind.precision is not None:
        bound = 10 ** (kind.precision - (kind.scale or 0))
        if abs(value) >= bound:
            return f"{name} is {shown}; it must be less than {bound:,}"
    return None


def _number(value: float) -> str:
    """1,000,000,000,000,000 rather than 1e+15 or 1000000000000000.0, where it is exact."""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 2**53):
        return f"{int(value):,}"
    return f"{value:,g}"
