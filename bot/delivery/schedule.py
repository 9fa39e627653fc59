"""When is a team's digest due? Pure time maths, no database and no clock of its own.

A schedule is a weekday and a local wall-clock time ("mon 09:00") in the partnership's time zone.
Everything here takes and returns aware UTC datetimes; the local zone is used only to find the
wall-clock moment, because people read "Monday 9 o'clock" and the database stores UTC.

Two DST rules, both chosen so a digest is never skipped and never sent twice:

- A local time that does not exist (the spring-forward gap, e.g. 01:30 on 29 March 2026 in
  London) moves forward to the first valid minute after the gap (02:00 BST). Moving forward, not
  back, means a digest never goes out before the time people were told.
- A local time that happens twice (the autumn fall-back, e.g. 01:30 on 25 October 2026 in London)
  uses its first occurrence (fold=0, 01:30 BST). The period key is per ISO week, so the second
  01:30 cannot trigger a second digest anyway.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SCHEDULE = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)$")
# The longest gap any zone has jumped (Samoa skipped 30 December 2011 entirely) is a day.
_MAX_GAP = timedelta(hours=25)


class ScheduleError(ValueError):
    """A digest schedule that is not '<weekday> HH:MM'; the message shows the expected form."""


def parse_schedule(schedule: str) -> tuple[int, time]:
    """'mon 09:00' -> (0, time(9, 0)); weekday 0 is Monday, as in `date.weekday()`.

    The same form `framework check` accepts, so a file that passed the check always parses.
    """
    found = _SCHEDULE.match(schedule.strip().lower())
    if found is None:
        raise ScheduleError(
            f"digest schedule {schedule!r} is not a weekday and a 24-hour time like 'mon 09:00'"
        )
    day, hour, minute = found.groups()
    return WEEKDAYS.index(day), time(int(hour), int(minute))


def iso_week(day: date) -> str:
    """The period key of a weekly digest: '2026-W48'. ISO years keep 29 Dec-3 Jan honest."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def local_to_utc(wall: datetime, tz: ZoneInfo) -> datetime:
    """A naive local wall-clock time -> aware UTC, applying the two DST rules of this module."""
    if wall.tzinfo is not None:
        raise ValueError("local_to_utc takes a naive wall-clock time")
    candidate = wall
    while not _exists(candidate, tz):
        candidate += timedelta(minutes=1)
        if candidate - wall > _MAX_GAP:  # pragma: no cover - no real zone does this
            raise ValueError(f"{wall} has no valid local time nearby in {tz.key}")
    return candidate.replace(tzinfo=tz, fold=0).astimezone(UTC)


def _exists(wall: datetime, tz: ZoneInfo) -> bool:
    """A wall time exists if it survives a round trip through UTC unchanged."""
    aware = wall.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


def occurrence(schedule: str, tz: ZoneInfo, week_of: date) -> datetime:
    """The digest time (aware, UTC) in the ISO week containing `week_of`, in zone `tz`."""
    weekday, at = parse_schedule(schedule)
    monday = week_of - timedelta(days=week_of.weekday())
    return local_to_utc(datetime.combine(monday + timedelta(days=weekday), at), tz)


def due_period(schedule: str, tz: ZoneInfo, now_utc: datetime) -> str | None:
    """The period key if this week's digest is due at `now_utc`, else None.

    Due means this week's occurrence has passed AND it is still the same local day. A digest
    missed while the bot was down goes out when it comes back that day, once (the outbox key
    makes it once). A day late it is skipped: a Monday digest arriving on Wednesday says "this
    week" about a week that is half over, next to newer figures, and misleads more than it helps.
    """
    if now_utc.tzinfo is None:
        raise ValueError("due_period needs an aware datetime")
    today = now_utc.astimezone(tz).date()
    when = occurrence(schedule, tz, today)
    if when <= now_utc and when.astimezone(tz).date() == today:
        return iso_week(today)
    return None
