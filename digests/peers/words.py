"""Peer position in plain words: rank and quartile, and what the funnel says about us.

"Better" and "worse" follow the indicator's improvement direction; for a neutral one the funnel
says only "higher" or "lower". A point inside the limits is said to be within what chance gives
an area of our size, never "average", because a funnel cannot say that two areas are alike.
"""

from __future__ import annotations

from digests.peers.funnel import Funnel, Placed
from digests.peers.position import Position

SCALES = {"%": 100.0, "rate": 1000.0}
"""What a value is out of, for the units that are proportions with a denominator."""


def scale_for(unit: str) -> float | None:
    """The scale of a proportion in this unit, or None when the unit is not a proportion."""
    return SCALES.get(unit)


def rank_words(where: Position) -> str:
    """"3rd of 6 (second quarter)"."""
    return f"{ordinal(where.rank)} of {where.of}, best first ({where.quartile_words})"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def band_words(placed: Placed, improvement: str) -> str:
    """What the funnel says about one area."""
    if placed.band == "within":
        return "within what chance alone gives an area of this size"
    high = placed.band.startswith("high")
    if improvement == "neutral":
        side = "higher" if high else "lower"
    else:
        good = high == (improvement == "increase")
        side = "better" if good else "worse"
    strength = "well beyond" if placed.band.endswith("998") else "beyond"
    level = "99.8%" if placed.band.endswith("998") else "95%"
    return f"{side} than the peer average, {strength} what chance explains ({level} limits)"


def dispersion_words(found: Funnel) -> str | None:
    """A note when the limits were widened because areas vary more than chance."""
    if found.method == "none":
        return None
    return ("The areas vary more than chance alone would make them, so the limits are widened "
            "to allow for it.")
