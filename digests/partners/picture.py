"""Mutual accountability: each partner's actions and the outcomes they feed, as a shared picture.

This is deliberately not a league table. Partners are listed by name, never ranked; each row
counts the same four things (on time, late, blocked, done in the period) so that a partner with
blocked actions reads as a partner to help, and the outcome map shows how every partner's work
feeds the outcomes they share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

NO_PARTNER = "No partner named"


@dataclass(frozen=True)
class ActionFact:
    key: str
    action: str
    partner: str | None
    outcome: str | None
    status: str  # open | done | dropped
    due: date | None
    done_on: date | None = None  # when it was marked done (local date)
    blocked: bool = False  # the latest word on it is a request for help


@dataclass(frozen=True)
class PartnerRow:
    partner: str
    on_time: int = 0
    late: int = 0
    blocked: int = 0
    done: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.blocked + self.done


def state(action: ActionFact, start: date, as_of: date) -> str | None:
    """"done" (in the period), "blocked", "late", "on_time", or None (done before the period,
    or dropped: not part of this period's picture)."""
    if action.status == "done":
        return "done" if action.done_on is not None and start <= action.done_on <= as_of \
            else None
    if action.status != "open":
        return None
    if action.blocked:
        return "blocked"
    if action.due is not None and action.due < as_of:
        return "late"
    return "on_time"


def by_partner(actions: Iterable[ActionFact], start: date, as_of: date) -> list[PartnerRow]:
    """One row per partner with actions in the picture, by name."""
    counts: dict[str, dict[str, int]] = {}
    for action in actions:
        found = state(action, start, as_of)
        if found is None:
            continue
        row = counts.setdefault(action.partner or NO_PARTNER, {})
        row[found] = row.get(found, 0) + 1
    return [PartnerRow(name, **values) for name, values in
            sorted(counts.items(), key=lambda item: (item[0] == NO_PARTNER, item[0]))]


def feeds(actions: Iterable[ActionFact]) -> dict[str, list[str]]:
    """For each outcome, the partners whose open or recently done actions feed it."""
    found: dict[str, set[str]] = {}
    for action in actions:
        if action.outcome is None or action.status == "dropped":
            continue
        found.setdefault(action.outcome, set()).add(action.partner or NO_PARTNER)
    return {outcome: sorted(partners) for outcome, partners in sorted(found.items())}
