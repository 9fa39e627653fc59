"""Cost of measurement (hours a year, use, candidates to retire) and national frameworks."""

from __future__ import annotations

import pytest

from digests.indicators.cost import CostRecord, Usage, hours_a_year, retire_candidates
from digests.indicators.national import by_framework, framework_of, same_framework


@pytest.mark.parametrize(("hours", "frequency", "year"), [
    (6, "month", 72), (2, "week", 104), (10, "quarter", 40), (None, "month", None)])
def test_hours_a_year(hours: float | None, frequency: str, year: float | None) -> None:
    assert hours_a_year(hours, frequency) == year


def test_costly_and_unused_are_candidates_shown_alone_is_not_use() -> None:
    records = [CostRecord("a", "A", "week", 2, Usage(shown=30)),
               CostRecord("b", "B", "month", 6, Usage(asked=1)),
               CostRecord("c", "C", "month", 1, Usage()),
               CostRecord("d", "D", "month", 3, Usage(acted=1)),
               CostRecord("e", "E", "month", 4, Usage())]
    assert [r.key for r in retire_candidates(records)] == ["a", "e"]  # 104 h, then 48 h
    assert [r.key for r in retire_candidates(records, min_hours=0)] == ["a", "e", "c"]


def test_frameworks_by_first_word_exactly() -> None:
    assert [framework_of(c) for c in ("ASCOF 2B", "BCF: emergency", "H-CLIC prevention",
                                      "NHS A&E 4-hour", "", None)] == [
        "ASCOF", "BCF", "H-CLIC", "NHS", None, None]
    assert same_framework("ASCOF 2B", "ascof") and not same_framework("ASCOF 2B", "ASC")
    groups = by_framework([("ASCOF 2B", 1), ("PHOF C29", 2), ("ascof 3B", 3), (None, 4)])
    assert groups == {"ASCOF": [1, 3], "PHOF": [2]}
