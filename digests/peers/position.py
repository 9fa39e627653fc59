"""Our place among peers: rank (1 is best) and quartile, with the improvement direction deciding
what "best" means. Ties share the better rank, so nobody is ranked below an equal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Position:
    rank: int  # 1 is best
    of: int  # how many areas, us included
    quartile: int  # 1 is the best quarter

    @property
    def quartile_words(self) -> str:
        return {1: "top quarter", 2: "second quarter", 3: "third quarter",
                4: "bottom quarter"}[self.quartile]


def position(ours: float, peers: Sequence[float], improvement: str) -> Position:
    """Where `ours` stands among `peers` when higher is better ("increase") or lower is
    ("decrease"); for "neutral" the rank is from the highest down. Quartile from the share of
    the others ranked above us: 0 to a quarter is the top quarter, and so on."""
    higher_is_better = improvement != "decrease"
    better = sum((p > ours) if higher_is_better else (p < ours) for p in peers)
    rank = better + 1
    of = len(peers) + 1
    share = (rank - 1) / (of - 1) if of > 1 else 0.0
    quartile = 1 if share <= 0.25 else 2 if share <= 0.5 else 3 if share <= 0.75 else 4
    return Position(rank, of, quartile)
