"""Exception reporting, as the digest and the board report share it: which indicators need
attention (getting worse, or going to miss their target) and the reasons to give."""

from __future__ import annotations

from digests.indicators.status import Status
from digests.words.narrative import GETTING_WORSE, WILL_MISS, Narrative


def is_exception(status: Status) -> bool:
    said = status.words
    return said is not None and (said.verdict == GETTING_WORSE or said.assurance == WILL_MISS)


def exception_reasons(said: Narrative, target: str, assurance: str | None) -> list[str]:
    """The reason it is getting worse, and the target it will miss (written as the caller
    writes targets and assurances)."""
    reasons = []
    if said.verdict == GETTING_WORSE:
        reasons.append(said.reason)
    if said.assurance == WILL_MISS:
        reasons.append(f"Target {target}: {assurance}.")
    return reasons
