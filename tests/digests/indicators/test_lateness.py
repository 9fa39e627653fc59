"""When a figure is late, and the words for it."""

from __future__ import annotations

from datetime import date

import pytest

from digests.indicators.lateness import expected_period, lateness


@pytest.mark.parametrize(("latest", "frequency", "as_of", "days", "words"), [
    # October is due 10 days after it ends: by 10 November; on the 22nd it is 12 days late.
    (date(2026, 9, 1), "month", date(2026, 11, 22), None,
     "the October figure is 12 days late"),
    (date(2026, 9, 1), "month", date(2026, 11, 11), None, "the October figure is 1 day late"),
    (date(2026, 8, 1), "month", date(2026, 11, 22), None,
     "2 figures are late, from September on (43 days for the first)"),
    (date(2026, 9, 1), "month", date(2026, 11, 22), 20, "the October figure is 2 days late"),
    (date(2026, 11, 2), "week", date(2026, 11, 27), None,
     "the figure for the week of 9 Nov is 2 days late"),
    (date(2026, 4, 1), "quarter", date(2026, 11, 27), None,
     "the Jul to Sep figure is 48 days late"),
    (None, "month", date(2026, 11, 27), None,
     "no figures have arrived yet: the October figure is 17 days late"),
    (date(2025, 8, 1), "month", date(2026, 11, 27), None,
     "14 figures are late, from September 2025 on (413 days for the first)"),
])
def test_late_figures_are_named_with_how_late(
    latest: date | None, frequency: str, as_of: date, days: int | None, words: str
) -> None:
    found = lateness(latest, frequency, as_of, days)
    assert found is not None and found.words(as_of) == words


@pytest.mark.parametrize(("latest", "frequency", "as_of", "days"), [
    (date(2026, 10, 1), "month", date(2026, 11, 22), None),
    (date(2026, 9, 1), "month", date(2026, 11, 10), None),  # due today: not late yet
    (date(2026, 9, 1), "month", date(2026, 11, 22), 30),
    (date(2026, 11, 9), "week", date(2026, 11, 27), None),
    (date(2026, 7, 1), "quarter", date(2026, 11, 27), None),
])
def test_figures_on_time_are_not_late(
    latest: date, frequency: str, as_of: date, days: int | None
) -> None:
    assert lateness(latest, frequency, as_of, days) is None


def test_expected_period_respects_late_after_days() -> None:
    assert expected_period("month", date(2026, 11, 10)) == date(2026, 9, 1)
    assert expected_period("month", date(2026, 11, 11)) == date(2026, 10, 1)
    assert expected_period("month", date(2026, 11, 1), 0) == date(2026, 10, 1)
