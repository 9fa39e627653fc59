"""The order lists are shown in: by outcome (as the framework file lists them), then by the
order measures were added, so the same measure sits in the same place in every message."""

from __future__ import annotations

from collections.abc import Iterable

from models.tables import Indicator, Outcome


def outcome_rank(outcome: Outcome | None) -> tuple[int, int]:
    """Outcomes in the order they were first loaded (the file's order); none last."""
    return (0, outcome.id) if outcome is not None else (1, 0)


def by_outcome(indicators: Iterable[Indicator]) -> list[Indicator]:
    """Measures grouped by the outcome they serve, in file order within each."""
    return sorted(indicators, key=lambda i: (outcome_rank(i.top_outcome), i.id))


def outcomes_in_order(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return sorted(outcomes, key=outcome_rank)
