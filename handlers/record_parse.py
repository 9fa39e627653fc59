"""Reading `/perf record <indicator> <value> [for <period>] [provisional|revised|estimated]
[note: <text>]`, and the periods people type. Pure: words in, an Entry or a reason out.

Periods are read the ways the bot writes them and the ways people say them: "Oct 2026",
"October", "2026-10", "2026-10-01", "week of 16 Nov", "16 Nov 2026", "Q3 2026/27", "Jul to
Sep". A month or day without a year is the most recent one that has begun. Whether the period
is right for the indicator (a Monday, the first of a month, ended) is the importer's rule, so it
is checked there, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from models.periods import add_months

QUALITIES = ("provisional", "revised", "estimated")
CONFIRM = "confirm"
CANCEL = "cancel"
USAGE = ("/perf record <indicator> <value> [for <period>], for example: /perf record home-91 "
         "84.2 for Oct 2026 (add provisional or estimated if it may change)")
_MONTHS = {name: n for n, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1)
    for name in names}
_NOTE = re.compile(r"\s+note\s*:\s*", re.IGNORECASE)
_YEAR = r"(\d{4})"


@dataclass(frozen=True)
class Entry:
    """One figure someone asked to record, as they gave it."""

    indicator: str
    value: str
    period: str | None = None  # None: the period that is due
    quality: str | None = None
    note: str | None = None
    confirm: bool = False  # they have seen and confirmed a correction or an unusual value

    def as_command(self, period: date, *, confirm: bool) -> str:
        """The words that record this entry again (what a confirmation button sends)."""
        parts = ["record", self.indicator, self.value, "for", period.isoformat()]
        parts += [self.quality] if self.quality else []
        parts += [CONFIRM] if confirm else []
        return " ".join(parts) + (f" note: {self.note}" if self.note else "")


def parse_entry(text: str) -> Entry | None:
    """The entry in the words after `record`, or None when they are not one."""
    pieces = _NOTE.split(f" {text.strip()}", maxsplit=1)
    head = pieces[0]
    note = pieces[1].strip() if len(pieces) > 1 and pieces[1].strip() else None
    words = head.split()
    confirm = bool(words) and words[-1].lower().lstrip("-") == CONFIRM
    if confirm:
        words.pop()
    quality = words[-1].lower() if words and words[-1].lower() in QUALITIES else None
    if quality:
        words.pop()
    period = None
    lowered = [w.lower() for w in words]
    if "for" in lowered[2:]:
        at = len(lowered) - 1 - lowered[::-1].index("for")
        period, words = " ".join(words[at + 1:]) or None, words[:at]
    if len(words) < 2:
        return None
    return Entry(" ".join(words[:-1]), words[-1], period, quality, note, confirm)


class WrongKindOfPeriod(ValueError):
    """The words name a quarter for an indicator with a figure each week or month: taking the
    quarter's first month would store a figure against a guess."""


def parse_period(text: str, frequency: str, today: date) -> date | None:
    """The start of the period the words name, or None when they name none. A quarter for a
    weekly or monthly indicator raises WrongKindOfPeriod."""
    words = " ".join(text.lower().replace(",", " ").replace("–", " to ").split())
    words = words.removeprefix("the ").removeprefix("week of ").removeprefix("w/c ")
    if (iso := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", words)):
        return _date(int(iso[1]), int(iso[2]), int(iso[3] or 1))
    if (quarter := re.fullmatch(rf"q([1-4])\s+{_YEAR}(?:/\d{{2}})?", words)):
        # UK financial quarters, as the bot writes them: Q1 is April to June.
        _quarterly(text, frequency)
        return add_months(date(int(quarter[2]), 4, 1), 3 * (int(quarter[1]) - 1))
    if (span := re.fullmatch(rf"([a-z]+)\s+to\s+[a-z]+(?:\s+{_YEAR})?", words)):
        _quarterly(text, frequency)
        return _month(span[1], span[2], today, frequency)
    if (dated := re.fullmatch(rf"(\d{{1,2}})\s+([a-z]+)(?:\s+{_YEAR})?", words)):
        number = _MONTHS.get(dated[2])
        if number is None:
            return None
        year = int(dated[3]) if dated[3] else today.year
        found = _date(year, number, int(dated[1]))
        if found is not None and dated[3] is None and found > today:
            found = _date(year - 1, number, int(dated[1]))
        return found
    if (named := re.fullmatch(rf"([a-z]+)(?:\s+{_YEAR})?", words)):
        return _month(named[1], named[2], today, frequency)
    return None


def _quarterly(text: str, frequency: str) -> None:
    if frequency != "quarter":
        raise WrongKindOfPeriod(f'"{text}" is a quarter, and this measure has a figure each '
                                f"{frequency}: give the {frequency}")


def _month(name: str, year: str | None, today: date, frequency: str) -> date | None:
    month = _MONTHS.get(name)
    if month is None:
        return None
    if year:
        return date(int(year), month, 1)
    # No year: the most recent such month that has begun (if it has not ended, the importer's
    # rule says so; guessing last year's would record a figure in the wrong year).
    found = date(today.year, month, 1)
    return found if found <= today else date(today.year - 1, month, 1)


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
