"""Partners' actions as a shared picture: four counts per partner, by name, never ranked."""

from __future__ import annotations

from datetime import date

from digests.partners.picture import NO_PARTNER, ActionFact, by_partner, feeds, state

START, AS_OF = date(2026, 11, 1), date(2026, 11, 27)


def fact(key: str, partner: str | None, status: str = "open", due: date | None = None,
         done_on: date | None = None, blocked: bool = False,
         outcome: str | None = "Home") -> ActionFact:
    return ActionFact(key, key, partner, outcome, status, due, done_on, blocked)


ACTIONS = [
    fact("a", "Trust", due=date(2026, 12, 1)),  # on time
    fact("b", "Trust", due=date(2026, 11, 20)),  # late
    fact("c", "Council", due=date(2026, 11, 20), blocked=True),  # blocked beats late
    fact("d", "Council", status="done", done_on=date(2026, 11, 5)),  # done in the period
    fact("e", "Council", status="done", done_on=date(2026, 10, 5)),  # done before: not shown
    fact("f", "Age Well", status="dropped", outcome="Well"),  # dropped: not shown
    fact("g", None, due=None, outcome="Well"),
]


def test_each_action_has_one_state() -> None:
    assert [state(a, START, AS_OF) for a in ACTIONS] == [
        "on_time", "late", "blocked", "done", None, None, "on_time"]


def test_rows_by_name_not_by_performance() -> None:
    rows = by_partner(ACTIONS, START, AS_OF)
    assert [(r.partner, r.on_time, r.late, r.blocked, r.done) for r in rows] == [
        ("Council", 0, 0, 1, 1), ("Trust", 1, 1, 0, 0), (NO_PARTNER, 1, 0, 0, 0)]


def test_which_partners_feed_which_outcome() -> None:
    assert feeds(ACTIONS) == {"Home": ["Council", "Trust"], "Well": [NO_PARTNER]}
