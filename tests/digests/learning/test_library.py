"""The library of what worked: found by any of its words, a typo forgiven, what worked first."""

from __future__ import annotations

from digests.learning.library import LearningRecord, search


def record(key: str, title: str, verdict: str, note: str | None = None,
           partner: str = "Riverside Council") -> LearningRecord:
    return LearningRecord(key, title, None, "Still at home 91 days", partner, verdict,
                          f"{verdict} because", None, note, "2 Feb 2026")


RECORDS = [
    record("a", "Weekend reablement slots", "worked", "Friday discharges start next day"),
    record("b", "Weekend pharmacy", "no_effect"),
    record("c", "Night sitting service", "worse", partner="Age Well"),
]


def test_every_word_must_match_and_typos_are_forgiven() -> None:
    assert [r.change_key for r in search(RECORDS, "weekent reablement")] == ["a"]
    assert [r.change_key for r in search(RECORDS, "friday")] == ["a"]  # the learning note
    assert [r.change_key for r in search(RECORDS, "age well")] == ["c"]  # the partner
    assert search(RECORDS, "housing") == []


def test_what_worked_comes_first_then_what_made_things_worse() -> None:
    assert [r.change_key for r in search(RECORDS, "")] == ["a", "c", "b"]
    assert [r.change_key for r in search(RECORDS, "what worked at the weekend")] == ["a", "b"]
