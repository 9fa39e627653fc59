"""The library of what worked: search evaluated changes across every partner.

Pure: takes the records a reader built from the database, returns them ranked. A search finds a
change by any of its words (what was done, its description, the indicator, the learning note,
the partner), tolerating a typo ("weekent"), and lists what worked first, then what made things
worse (as worth knowing), then the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from digests.learning.evaluate import NO_EFFECT, WORKED, WORSE

_STOP = frozenset({"the", "a", "an", "and", "or", "of", "for", "to", "in", "on", "what",
                   "worked", "work", "did", "does", "with", "about", "changes", "change"})
_ORDER = {WORKED: 0, WORSE: 1, NO_EFFECT: 2}
CLOSE = 85  # a word this similar to one in the record counts as found


@dataclass(frozen=True)
class LearningRecord:
    """One change on one indicator, as the library shows it."""

    change_key: str
    title: str
    description: str | None
    indicator: str
    partner: str | None
    verdict: str
    verdict_text: str  # the summary sentence, from digests.learning.words
    effect_text: str | None
    note: str | None
    started: str  # as written for people ("2 Feb 2026")

    @property
    def haystack(self) -> str:
        return " ".join(p for p in (self.title, self.description, self.indicator,
                                    self.partner, self.note) if p).casefold()


def terms(query: str) -> list[str]:
    """The words of a search that carry meaning."""
    return [w for w in re.findall(r"[\w'-]+", query.casefold()) if w not in _STOP and len(w) > 1]


def search(records: Iterable[LearningRecord], query: str) -> list[LearningRecord]:
    """Records matching every meaningful word of `query` (all of them for an empty query)."""
    wanted = terms(query)
    found: list[tuple[float, LearningRecord]] = []
    for record in records:
        score = _score(record, wanted)
        if score is not None:
            found.append((score, record))
    found.sort(key=lambda item: (_ORDER.get(item[1].verdict, 3), -item[0], item[1].title))
    return [record for _, record in found]


def _score(record: LearningRecord, wanted: Sequence[str]) -> float | None:
    if not wanted:
        return 0.0
    words = re.findall(r"[\w'-]+", record.haystack)
    total = 0.0
    for term in wanted:
        best = max((100.0 if w == term or (len(term) > 3 and w.startswith(term))
                    else float(fuzz.ratio(term, w)) for w in words), default=0.0)
        if best < CLOSE:
            return None
        total += best
    return total / len(wanted)
