"""Numbers and periods as readers see them."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from digests.words.numbers import (
    axis_label,
    count_periods,
    financial_quarter,
    format_change,
    format_period,
    format_range,
    format_target,
    format_tick,
    format_value,
    frequency_adjective,
    number_word,
    period_word,
    span_words,
)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (83.2, "%", "83.2%"),
        (85, "%", "85.0%"),
        (1234, "count", "1,234"),
        (1234.0, "count", "1,234"),
        (12.345, "count", "12.3"),
        (0, "count", "0"),
        (4.5, "days", "4.5 days"),
        (1, "days", "1 day"),
        (3.0, "days", "3 days"),
        (1_200_000, "pounds", "£1,200,000"),
        (12.5, "pounds", "£12.50"),
        (-1500, "pounds", "-£1,500"),
        (12.3, "rate", "12.3 per 1,000"),
        (12, "rate", "12.0 per 1,000"),
        (-2.5, "%", "-2.5%"),
    ],
)
def test_format_value(value: float, unit: str, expected: str) -> None:
    assert format_value(value, unit) == expected


def test_compact_pounds() -> None:
    assert format_value(1_200_000, "pounds", compact=True) == "£1.2m"
    assert format_value(2_000_000, "pounds", compact=True) == "£2m"
    assert format_value(45_000, "pounds", compact=True) == "£45k"
    assert format_value(950, "pounds", compact=True) == "£950"


@pytest.mark.parametrize("missing", [None, math.nan, float("nan")])
@pytest.mark.parametrize("unit", ["%", "count", "days", "pounds", "rate"])
def test_missing_values_say_no_data(missing: float | None, unit: str) -> None:
    assert format_value(missing, unit) == "no data"
    assert format_change(missing, unit) == "no data"
    assert format_target(missing, unit) == "no data"


def test_unknown_unit_is_an_error_not_a_guess() -> None:
    with pytest.raises(ValueError, match="unknown unit"):
        format_value(1, "furlongs")


def test_targets_read_as_people_set_them() -> None:
    assert format_target(85, "%") == "85%"
    assert format_target(92.5, "%") == "92.5%"
    assert format_target(1_200_000, "pounds") == "£1.2m"
    assert format_target(10, "rate") == "10 per 1,000"
    assert format_target(3, "days") == "3 days"


def test_ticks_and_axis_labels_say_the_unit_once() -> None:
    assert format_tick(80, "%") == "80%"
    assert format_tick(82.5, "%") == "82.5%"
    assert format_tick(1_500_000, "pounds") == "£1.5m"
    assert format_tick(12000, "count") == "12,000"
    assert format_tick(4.5, "days") == "4.5"
    assert axis_label("days") == "days"
    assert axis_label("rate") == "per 1,000"
    assert axis_label("%") == ""


def test_ranges() -> None:
    assert format_range(78.1, 88.0, "%") == "78.1% to 88.0%"
    assert format_range(2, 4.5, "days") == "2 to 4.5 days"
    assert format_range(12, 15.62, "rate") == "12.0 to 15.6 per 1,000"
    assert format_range(900, 1250, "count") == "900 to 1,250"
    assert format_range(1_251_552, 2_720_511, "pounds") == "£1.3m to £2.7m"


@pytest.mark.parametrize(
    ("delta", "unit", "expected"),
    [
        (2.1, "%", "up 2.1 points"),
        (-1.0, "%", "down 1 point"),
        (-35, "count", "down 35"),
        (1.5, "days", "up 1.5 days"),
        (-1, "days", "down 1 day"),
        (1200, "pounds", "up £1,200"),
        (-0.4, "rate", "down 0.4 per 1,000"),
        (0, "%", "no change"),
        (0.04, "%", "no change"),
        (0.001, "pounds", "no change"),
    ],
)
def test_format_change(delta: float, unit: str, expected: str) -> None:
    assert format_change(delta, unit) == expected


@pytest.mark.parametrize(
    ("day", "quarter", "year"),
    [
        (date(2026, 4, 1), 1, 2026),
        (date(2026, 6, 30), 1, 2026),
        (date(2026, 7, 1), 2, 2026),
        (date(2026, 10, 1), 3, 2026),
        (date(2026, 12, 31), 3, 2026),
        (date(2027, 1, 1), 4, 2026),
        (date(2027, 3, 31), 4, 2026),
    ],
)
def test_uk_financial_quarters_start_in_april(day: date, quarter: int, year: int) -> None:
    assert financial_quarter(day) == (quarter, year)


def test_format_period() -> None:
    assert format_period(date(2026, 11, 3), "week") == "week of 3 Nov 2026"
    assert format_period(date(2026, 10, 1), "month") == "Oct 2026"
    assert format_period(date(2026, 10, 1), "quarter") == "Q3 2026/27"
    assert format_period(date(2027, 2, 1), "quarter") == "Q4 2026/27"
    assert format_period(date(1999, 4, 1), "quarter") == "Q1 1999/00"
    # pandas hands out Timestamps; they are dates too
    assert format_period(pd.Timestamp("2026-10-01"), "month") == "Oct 2026"
    with pytest.raises(ValueError, match="unknown frequency"):
        format_period(date(2026, 1, 1), "fortnight")


def test_period_words() -> None:
    assert period_word("week") == "weeks"
    assert period_word("month", 1) == "month"
    assert period_word("quarter", 3) == "quarters"
    assert number_word(7) == "seven"
    assert number_word(14) == "14"
    assert count_periods(7, "week") == "seven weeks"
    assert count_periods(1, "month") == "one month"
    assert count_periods(13, "quarter") == "13 quarters"
    assert frequency_adjective("month") == "monthly"


@pytest.mark.parametrize(
    ("n", "frequency", "expected"),
    [
        (9, "month", "nine months"),
        (23, "month", "23 months"),
        (24, "month", "two years"),
        (30, "month", "over two years"),
        (36, "month", "three years"),
        (104, "week", "two years"),
        (105, "week", "two years"),
        (130, "week", "over two years"),
        (20, "week", "20 weeks"),
        (8, "quarter", "two years"),
        (7, "quarter", "seven quarters"),
    ],
)
def test_span_words(n: int, frequency: str, expected: str) -> None:
    assert span_words(n, frequency) == expected
