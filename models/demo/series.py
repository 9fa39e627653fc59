"""How each demo indicator behaves: its usual level, its noise and its part in the story.

Units, frequencies and directions come from the framework file; this module adds only what a real
series would have and a framework cannot say: how big the numbers are, how much they wobble, who
feels winter, and the three plot lines of the demo:

* `home-91` steps up 5 points when weekend reablement slots start (a change that worked). A month
  of about 620 people carries some 1.6 points of sampling noise, so a smaller step would not
  reliably show as a run above the mean;
* `days-to-care` creeps up over the last ten weeks after a home-care provider hands back its hours
  (something getting worse);
* `ae-4hr` runs around 71% against a 78% target, so far below that it cannot hit the target without
  a change (failing assurance).

Everything else is honest common-cause noise: sampling noise from the counts plus a little
operational noise, with winter pressure where a hospital would feel it. Levels are of the order a
large English city partnership (about 780,000 people, 132,000 of them aged 65 or over) reports.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Series:
    """What shapes one indicator's numbers, all in the indicator's own unit."""

    level: float
    """The usual value outside winter."""
    noise: float
    """Operational (common-cause) standard deviation on top of any sampling noise."""
    denominator: float | None = None
    """Typical denominator for a % or a rate: people, attendances or population."""
    scale: float = 100.0
    """value = scale * numerator / denominator: 100 for %, 1,000 (x12 to annualise) for rates."""
    winter: float = 0.0
    """Added at the height of winter (mid-January), fading out by March."""
    step: float = 0.0
    """Added from the start of weekend reablement slots on."""
    creep: float = 0.0
    """Added per week over the last ten weeks, after the home-care provider left."""


POPULATION_65 = 132_000.0
"""Residents aged 65 and over in 2026 (the mid-year estimate): the denominator of the 65+ rates."""

POPULATION_GROWTH = 0.012
"""A year's growth in the 65+ population, so rate denominators drift as real ones do."""

SERIES: dict[str, Series] = {
    # Reablement: about 620 people a month finish reablement; the step is the weekend slots.
    "home-91": Series(level=80.6, noise=0.4, denominator=620, step=5.0),
    "feel-independent": Series(level=77.0, noise=1.0, denominator=140),
    "reablement-cost": Series(level=2140.0, noise=70.0),
    # Hospital: patients with no criteria to reside on the weekly snapshot; winter fills beds.
    "delayed-discharges": Series(level=82.0, noise=4.0, winter=13.0),
    "ae-4hr": Series(level=71.6, noise=1.3, denominator=14_500, winter=-3.5),
    "emergency-65": Series(
        level=23.8, noise=0.35, denominator=POPULATION_65, scale=1000.0, winter=1.0
    ),
    "agency-spend": Series(level=1_180_000.0, noise=60_000.0, winter=40_000.0),
    # Housing: the weekly count of households in temporary accommodation.
    "temp-accommodation": Series(level=612.0, noise=6.0),
    "homelessness-prevented": Series(level=56.0, noise=1.5, denominator=150),
    # Support: the creep is the Northside home-care hand-back.
    "days-to-care": Series(level=11.6, noise=1.0, creep=0.55),
    "easy-information": Series(level=66.0, noise=1.0, denominator=160),
    "carers-satisfied": Series(level=41.0, noise=1.0, denominator=95),
    # Community: link-worker referrals are counts; falls admissions an annual rate per 1,000
    # people aged 65+.
    "social-prescribing": Series(level=46.0, noise=2.0),
    "falls-65": Series(
        # Per 1,000 people 65+ a year (the monthly count, annualised), as every rate here is.
        level=16.8, noise=0.24, denominator=POPULATION_65, scale=12_000.0, winter=0.72
    ),
}
