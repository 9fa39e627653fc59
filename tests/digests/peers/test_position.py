"""Rank and quartile among peers, best first in the improvement direction."""

from __future__ import annotations

import pytest

from digests.peers import position
from digests.peers.funnel import FunnelUnit, Placed
from digests.peers.words import band_words, ordinal


@pytest.mark.parametrize(("ours", "improvement", "rank", "quartile"), [
    (90.0, "increase", 1, 1), (84.0, "increase", 3, 2), (70.0, "increase", 6, 4),
    (70.0, "decrease", 1, 1), (90.0, "decrease", 6, 4), (85.0, "increase", 1, 1),
    (83.0, "increase", 3, 2)])
def test_rank_and_quartile(ours: float, improvement: str, rank: int, quartile: int) -> None:
    where = position(ours, [85.0, 85.0, 82.0, 80.0, 75.0], improvement)
    assert (where.rank, where.of, where.quartile) == (rank, 6, quartile)


def test_ties_share_the_better_rank() -> None:
    assert position(85.0, [85.0, 85.0], "increase").rank == 1


def test_words() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"]
    high = Placed(FunnelUnit("Us", 0.9, 100), 3.5, "high_998")
    assert band_words(high, "increase").startswith("better than the peer average, well beyond")
    assert band_words(high, "decrease").startswith("worse than")
    assert band_words(high, "neutral").startswith("higher than")
