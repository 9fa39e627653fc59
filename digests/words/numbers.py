"""Numbers, periods and counts written the way a reader expects them.

Every figure the bot shows, in words or on a chart axis, goes through here, so that "83.2%",
"£1.2m" and "Q3 2026/27" look the same in a digest, an answer and an alt text. Units are the five
the framework file allows (`%`, `count`, `days`, `pounds`, `rate`); an unknown unit is an error
rather than a guess, because a number in the wrong unit is worse than no number.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

UNITS = ("%", "count", "days", "pounds", "rate")
FREQUENCIES = ("week", "month", "quarter")

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_ADJECTIVES = {"week": "weekly", "month": "monthly", "quarter": "quarterly"}
NO_DATA = "no data"


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; expected one of {', '.join(UNITS)}")


def _check_frequency(frequency: str) -> None:
    if frequency not in FREQUENCIES:
        expected = ", ".join(FREQUENCIES)
        raise ValueError(f"unknown frequency {frequency!r}; expected one of {expected}")


def _trim(text: str) -> str:
    """Drop a trailing ".0" so that whole numbers read as whole numbers ("85%", not "85.0%")."""
    return text[:-2] if text.endswith(".0") else text


def _number(value: float, decimals: int = 1) -> str:
    """A number with thousands separators: whole numbers plain, others to `decimals` places."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{decimals}f}"


def _pounds(value: float, compact: bool) -> str:
    sign = "-" if value < 0 else ""
    size = abs(value)
    if compact and size >= 1_000_000:
        return f"{sign}£{_trim(f'{size / 1_000_000:.1f}')}m"
    if compact and size >= 1_000:
        return f"{sign}£{_trim(f'{size / 1_000:.1f}')}k"
    if size >= 100 or float(size).is_integer():
        return f"{sign}£{size:,.0f}"
    return f"{sign}£{size:,.2f}"


def format_value(value: float | None, unit: str, *, compact: bool = False) -> str:
    """Write one value in its unit: "83.2%", "1,234", "4.5 days", "£1,200,000", "12.3 per 1,000".

    Percentages and rates always carry one decimal, so that a column of them lines up and a
    reader can tell 85.0% from a rounded 85%. `compact` shortens money ("£1.2m") for tight spaces.
    """
    _check_unit(unit)
    if value is None or _missing(value):
        return NO_DATA
    if unit == "%":
        return f"{value:,.1f}%"
    if unit == "rate":
        return f"{value:,.1f} per 1,000"
    if unit == "pounds":
        return _pounds(value, compact)
    if unit == "days":
        text = _trim(f"{value:,.1f}")
        return f"{text} day" if text == "1" else f"{text} days"
    return _number(value)


def format_target(value: float | None, unit: str) -> str:
    """Write a target as people set it: "85%" rather than "85.0%", "£1.2m" for money."""
    _check_unit(unit)
    if value is None or _missing(value):
        return NO_DATA
    if unit == "%":
        return f"{_trim(f'{value:,.1f}')}%"
    if unit == "rate":
        return f"{_trim(f'{value:,.1f}')} per 1,000"
    return format_value(value, unit, compact=True)


def format_tick(value: float, unit: str) -> str:
    """A short axis label: the unit shows once in the axis title, not on every tick."""
    _check_unit(unit)
    if unit == "%":
        return f"{_trim(f'{value:,.1f}')}%"
    if unit == "pounds":
        return _pounds(value, compact=True)
    return _trim(f"{value:,.1f}")


def axis_label(unit: str) -> str:
    """The y-axis title for a unit, empty where the ticks already say it."""
    _check_unit(unit)
    return {"%": "", "count": "", "days": "days", "pounds": "", "rate": "per 1,000"}[unit]


def format_change(delta: float | None, unit: str) -> str:
    """Say how far a value moved: "up 2.1 points" for percentages, "down 35" for counts.

    Percentages move in points, not per cent, because "up 2%" of 80% is ambiguous.
    """
    _check_unit(unit)
    if delta is None or _missing(delta):
        return NO_DATA
    size = abs(delta)
    if round(size, 2 if unit == "pounds" else 1) == 0:
        return "no change"
    direction = "up" if delta > 0 else "down"
    if unit == "%":
        text = _trim(f"{size:,.1f}")
        amount = f"{text} point" if text == "1" else f"{text} points"
    elif unit == "count":
        amount = _number(size)
    else:
        amount = format_value(size, unit)
    return f"{direction} {amount}"


def financial_quarter(day: date) -> tuple[int, int]:
    """The UK financial quarter (April-June is Q1) and the year the financial year starts in."""
    start_year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return quarter, start_year


def format_period(day: date, frequency: str) -> str:
    """Name a period by its start date: "week of 3 Nov 2026", "Oct 2026", "Q3 2026/27"."""
    _check_frequency(frequency)
    if frequency == "week":
        return f"week of {day.day} {day:%b %Y}"
    if frequency == "month":
        return f"{day:%b %Y}"
    quarter, start_year = financial_quarter(day)
    return f"Q{quarter} {start_year}/{(start_year + 1) % 100:02d}"


def frequency_adjective(frequency: str) -> str:
    """ "weekly", "monthly" or "quarterly"."""
    _check_frequency(frequency)
    return _ADJECTIVES[frequency]


def number_word(n: int) -> str:
    """Small counts in words ("seven"), larger ones in figures ("14"), as style guides ask."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def period_word(frequency: str, n: int = 2) -> str:
    """The period noun for a count of `n`: "week" for one, "weeks" for any other number."""
    _check_frequency(frequency)
    return frequency if n == 1 else f"{frequency}s"


def count_periods(n: int, frequency: str) -> str:
    """A number of periods in words: "seven weeks", "one month", "14 quarters"."""
    return f"{number_word(n)} {period_word(frequency, n)}"


def span_words(n_periods: int, frequency: str) -> str:
    """How long `n_periods` periods last, rounded down to what a reader pictures.

    Short spans stay in the data's own periods ("nine months"); long ones turn into years
    ("two years", "over three years") because "the highest in 37 months" makes people count.
    """
    _check_frequency(frequency)
    per_year = {"week": 52, "month": 12, "quarter": 4}[frequency]
    if n_periods < 2 * per_year:
        return count_periods(n_periods, frequency)
    years, rest = divmod(n_periods, per_year)
    # Weeks never fall exactly on a year, so allow a week either side of it.
    exact = rest == 0 or (frequency == "week" and rest <= 1)
    return f"{'' if exact else 'over '}{number_word(years)} years"


def format_range(low: float | None, high: float | None, unit: str) -> str:
    """A range with its unit said once where it trails: "78.1% to 88.0%", "2 to 4.5 days".

    Money ranges are compact ("£1.3m to £2.7m"): limits are estimates, and pennies would
    pretend otherwise.
    """
    if unit in ("days", "rate") and not (low is None or _missing(low)):
        bare = _trim(f"{low:,.1f}") if unit == "days" else f"{low:,.1f}"
        return f"{bare} to {format_value(high, unit)}"
    def short(value: float | None) -> str:
        return format_value(value, unit, compact=unit == "pounds")

    return f"{short(low)} to {short(high)}"


class Style:
    """One way of writing every figure of one measure in one message: the same scale and the
    same decimals for its latest value, its change, its usual range, its target and its
    peers, so "£1,192,622" never sits beside "£983.5k to £1.4m".

    Percentages, rates and days always have one decimal (85.0%, so a set target reads like the
    figures it is compared with); counts are whole when the counts are; money is in pounds
    under £10,000, in thousands (£984k) under £1m and in millions with two decimals (£1.19m)
    above, decided by the largest figure of the measure, so its range and target follow suit.
    """

    def __init__(self, unit: str, scale: str = "", decimals: int = 1) -> None:
        _check_unit(unit)
        self.unit, self.scale, self.decimals = unit, scale, decimals

    def __repr__(self) -> str:
        return f"Style({self.unit!r}, {self.scale!r}, {self.decimals})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Style) and (self.unit, self.scale, self.decimals) == (
            other.unit, other.scale, other.decimals)

    def __hash__(self) -> int:
        return hash((self.unit, self.scale, self.decimals))

    def bare(self, value: float) -> str:
        """The number alone, at this style's decimals and scale (no unit words)."""
        if self.unit == "pounds":
            size = abs(value) / {"": 1, "k": 1_000, "m": 1_000_000}[self.scale]
            sign = "-" if value < 0 and round(size, self.decimals) != 0 else ""
            return f"{sign}£{size:,.{self.decimals}f}{self.scale}"
        text = f"{value:,.{self.decimals}f}"
        return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text

    def value(self, value: float | None) -> str:
        """ "87.1%", "15.8 days", "570", "£1.19m", "24.3 per 1,000"."""
        if value is None or _missing(value):
            return NO_DATA
        text = self.bare(value)
        if self.unit == "%":
            return f"{text}%"
        if self.unit == "rate":
            return f"{text} per 1,000"
        if self.unit == "days":
            return f"{text} day" if text in ("1", "1.0") else f"{text} days"
        return text

    def target(self, value: float | None) -> str:
        """A target as people set it, in this style's scale: "85%" (a whole percentage or rate
        keeps no ".0"), "£1.20m" beside "£1.19m", "15.0 days"."""
        if value is None or _missing(value):
            return NO_DATA
        if self.unit in ("%", "rate") and float(value).is_integer():
            return Style(self.unit, self.scale, 0).value(value)
        return self.value(value)

    def range(self, low: float | None, high: float | None) -> str:
        """ "76.9% to 87.0%", "8.7 to 15.0 days", "£0.98m to £1.40m": the unit said once
        where it trails (days, rates), on both ends where it leads (£) or sticks (%)."""
        if self.unit == "count" and self.decimals == 0 and not all(
                v is None or _missing(v) or float(v).is_integer() for v in (low, high)):
            # whole counts, fractional limits: "7.9 to 19.3", so a count of 20 is plainly
            # above it (rounded, "8 to 20" would seem to hold it)
            return Style(self.unit, "", 1).range(low, high)
        if self.unit in ("days", "rate") and not (low is None or _missing(low)):
            return f"{self.bare(low)} to {self.value(high)}"
        return f"{self.value(low)} to {self.value(high)}"

    def change(self, delta: float | None) -> str:
        """ "up 1.2 points", "down 35", "up 0.5 days", "down £0.05m", or "no change" when the
        move does not show at this style's decimals."""
        if delta is None or _missing(delta):
            return NO_DATA
        size = abs(delta)
        shown = self.bare(size)
        if float(shown.strip("£km").replace(",", "")) == 0:
            return "no change"
        direction = "up" if delta > 0 else "down"
        if self.unit == "%":
            return f"{direction} {shown} point{'' if shown in ('1', '1.0') else 's'}"
        return f"{direction} {self.value(size)}"


def style_for(unit: str, figures: Iterable[float | None],
              others: Iterable[float | None] = ()) -> Style:
    """The style for a measure whose data are `figures`, shown with `others` (its limits,
    target and peers): they decide the money scale; the data decide whole counts."""
    _check_unit(unit)
    data = [abs(float(v)) for v in figures if v is not None and not _missing(v)]
    rest = [abs(float(v)) for v in others if v is not None and not _missing(v)]
    if unit == "pounds":
        top = max([*data, *rest], default=0.0)
        if top >= 999_500:
            return Style(unit, "m", 2)
        if top >= 10_000:
            return Style(unit, "k", 0)
        whole = all(v.is_integer() or v >= 100 for v in data)
        return Style(unit, "", 0 if whole else 2)
    if unit == "count":
        return Style(unit, "", 0 if all(v.is_integer() for v in data) else 1)
    return Style(unit, "", 1)
