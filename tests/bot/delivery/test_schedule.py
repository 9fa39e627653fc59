"""Digest times in the partnership's zone, through both DST changes, and outside London."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.schedule import (
    ScheduleError,
    due_period,
    iso_week,
    local_to_utc,
    occurrence,
    parse_schedule,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_parse_schedule() -> None:
    assert parse_schedule("mon 09:00") == (0, time(9, 0))
    assert parse_schedule(" Sun 23:59 ") == (6, time(23, 59))


@pytest.mark.parametrize("bad", ["monday 09:00", "mon 9:00", "mon 24:00", "mon", "09:00 mon",
                                 "mon 09:00:00", ""])
def test_parse_schedule_rejects_what_framework_check_rejects(bad: str) -> None:
    with pytest.raises(ScheduleError, match="mon 09:00"):
        parse_schedule(bad)


def test_london_winter_is_utc() -> None:
    assert occurrence("mon 09:00", LONDON, date(2026, 11, 25)) == utc(2026, 11, 23, 9, 0)


def test_london_summer_is_an_hour_ahead() -> None:
    assert occurrence("mon 09:00", LONDON, date(2026, 7, 1)) == utc(2026, 6, 29, 8, 0)


def test_week_of_may_be_any_day_of_the_iso_week() -> None:
    weekdays = [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]
    assert {occurrence("fri 08:00", LONDON, d) for d in weekdays} == {utc(2026, 11, 27, 8)}


def test_spring_forward_gap_moves_to_first_valid_minute() -> None:
    # 29 Mar 2026: clocks go 01:00 GMT -> 02:00 BST; 01:30 does not exist locally.
    when = occurrence("sun 01:30", LONDON, date(2026, 3, 29))
    assert when == utc(2026, 3, 29, 1, 0)
    assert when.astimezone(LONDON).strftime("%H:%M %Z") == "02:00 BST"


def test_fall_back_ambiguous_time_uses_first_occurrence() -> None:
    # 25 Oct 2026: 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
    when = occurrence("sun 01:30", LONDON, date(2026, 10, 25))
    assert when == utc(2026, 10, 25, 0, 30)
    assert when.astimezone(LONDON).strftime("%H:%M %Z") == "01:30 BST"


def test_monday_after_each_change() -> None:
    assert occurrence("mon 09:00", LONDON, date(2026, 3, 30)) == utc(2026, 3, 30, 8, 0)
    assert occurrence("mon 09:00", LONDON, date(2026, 10, 26)) == utc(2026, 10, 26, 9, 0)
    # ...and the week before each change is still on the old offset.
    assert occurrence("mon 09:00", LONDON, date(2026, 3, 23)) == utc(2026, 3, 23, 9, 0)
    assert occurrence("mon 09:00", LONDON, date(2026, 10, 19)) == utc(2026, 10, 19, 8, 0)


def test_new_york_changes_on_its_own_dates() -> None:
    # US DST 2026: 8 March to 1 November. London is still on GMT on 9 March.
    assert occurrence("mon 09:00", NEW_YORK, date(2026, 3, 2)) == utc(2026, 3, 2, 14, 0)
    assert occurrence("mon 09:00", NEW_YORK, date(2026, 3, 9)) == utc(2026, 3, 9, 13, 0)
    assert occurrence("sun 02:30", NEW_YORK, date(2026, 3, 8)) == utc(2026, 3, 8, 7, 0)  # 03:00
    assert occurrence("sun 01:30", NEW_YORK, date(2026, 11, 1)) == utc(2026, 11, 1, 5, 30)  # EDT


def test_local_to_utc_refuses_aware_input() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_to_utc(utc(2026, 1, 1), LONDON)


def test_iso_week_uses_the_iso_year() -> None:
    assert iso_week(date(2026, 11, 23)) == "2026-W48"
    assert iso_week(date(2027, 1, 1)) == "2026-W53"
    assert iso_week(date(2024, 12, 30)) == "2025-W01"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2026, 11, 23, 8, 59), None),  # a minute early
        (utc(2026, 11, 23, 9, 0), "2026-W48"),  # on time
        (utc(2026, 11, 23, 23, 59), "2026-W48"),  # bot came back late the same day
        (utc(2026, 11, 24, 0, 0), None),  # a day late: skipped
        (utc(2026, 11, 27, 12, 0), None),  # later in the week
        (utc(2026, 11, 22, 12, 0), None),  # the Sunday before
    ],
)
def test_due_period_same_local_day_only(now: datetime, expected: str | None) -> None:
    assert due_period("mon 09:00", LONDON, now) == expected


def test_due_period_uses_the_local_day_not_the_utc_day() -> None:
    # Monday 23:30 in New York is already Tuesday in UTC; still Monday's digest day locally.
    assert due_period("mon 09:00", NEW_YORK, utc(2026, 11, 24, 4, 30)) == "2026-W48"
    assert due_period("mon 09:00", NEW_YORK, utc(2026, 11, 24, 5, 0)) is None
    # Monday 00:30 in London summer is still Sunday 23:30 UTC.
    assert due_period("mon 00:30", LONDON, utc(2026, 6, 28, 23, 30)) == "2026-W27"


def test_due_period_in_dst_change_weeks() -> None:
    assert due_period("sun 01:30", LONDON, utc(2026, 3, 29, 0, 59)) is None
    assert due_period("sun 01:30", LONDON, utc(2026, 3, 29, 1, 0)) == "2026-W13"
    assert due_period("sun 01:30", LONDON, utc(2026, 10, 25, 0, 29)) is None
    assert due_period("sun 01:30", LONDON, utc(2026, 10, 25, 0, 30)) == "2026-W43"
    # The second 01:30 (GMT) is the same day and the same period: one key, one digest.
    assert due_period("sun 01:30", LONDON, utc(2026, 10, 25, 1, 30)) == "2026-W43"
    assert due_period("mon 09:00", LONDON, utc(2026, 3, 30, 7, 59)) is None
    assert due_period("mon 09:00", LONDON, utc(2026, 3, 30, 8, 0)) == "2026-W14"
    assert due_period("mon 09:00", LONDON, utc(2026, 10, 26, 8, 59)) is None
    assert due_period("mon 09:00", LONDON, utc(2026, 10, 26, 9, 0)) == "2026-W44"


def test_due_period_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        due_period("mon 09:00", LONDON, datetime(2026, 11, 23, 9, 0))
