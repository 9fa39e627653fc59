"""Every recorded change judged on its indicators' data as of a date: one read for digests, the
board report, the library of what worked, the review job and the CLI.

The verdict is computed from the data each time, never read back from a stored word, so a
change nine months old whose indicator plainly moved says so in every digest, whether or not a
review job has run. (The review job stores each evaluation as the record of what was known.)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from digests.indicators.settings import SpcDefaults
from digests.indicators.specs import spec_of
from digests.learning.evaluate import CONCLUSIVE, TOO_SOON, WORKED, WORSE, Evaluation, evaluate
from digests.learning.library import LearningRecord
from digests.learning.words import effect_words, summary, verdict_words
from models import queries
from models.tables import Change, Indicator


@dataclass(frozen=True)
class IndicatorReview:
    indicator_id: int
    key: str
    name: str
    unit: str
    frequency: str
    evaluation: Evaluation

    @property
    def summary(self) -> str:
        return summary(self.evaluation, self.unit, self.frequency)

    @property
    def effect(self) -> str | None:
        return effect_words(self.evaluation, self.unit)


@dataclass(frozen=True)
class ChangeReview:
    id: int
    key: str
    title: str
    description: str | None
    started: date
    expected: str
    owner: str | None
    owner_id: int | None
    partner: str | None
    action: str | None
    idea_reference: str | None
    note: str | None
    rebased: bool
    indicators: tuple[IndicatorReview, ...]

    @property
    def verdict(self) -> str:
        """Worked if it worked somewhere and made nothing worse; worse the other way; else the
        first indicator's verdict (a mixed result reads as its first conclusive verdict)."""
        found = [i.evaluation.verdict for i in self.indicators]
        if not found:
            return TOO_SOON
        if WORKED in found and WORSE not in found:
            return WORKED
        if WORSE in found and WORKED not in found:
            return WORSE
        return next((v for v in found if v in CONCLUSIVE), found[0])

    @property
    def verdict_words(self) -> str:
        return verdict_words(self.verdict)

    @property
    def conclusive(self) -> bool:
        return self.verdict in CONCLUSIVE

    def library(self, started_text: str) -> list[LearningRecord]:
        """One library record per indicator."""
        return [LearningRecord(
            change_key=self.key, title=self.title, description=self.description,
            indicator=i.name, partner=self.partner, verdict=i.evaluation.verdict,
            verdict_text=i.summary, effect_text=i.effect, note=self.note,
            started=started_text) for i in self.indicators]


def read_reviews(session: Session, partnership_id: int, as_of: date,
                 spc: SpcDefaults | None = None) -> list[ChangeReview]:
    """Every change of the partnership, oldest first, judged on data up to `as_of` with the
    same SPC settings the digests and answers use (`spec_of`), so no two verdicts disagree."""
    changes = session.scalars(select(Change).where(Change.partnership_id == partnership_id)
                              .options(selectinload(Change.indicators)
                                       .selectinload(Indicator.rebases))
                              .order_by(Change.started, Change.id))
    series: dict[int, tuple[list[date], list[float]]] = {}
    found = []
    for change in changes:
        reviews = []
        for indicator in change.indicators:
            if indicator.id not in series:
                frame = queries.measurements(session, indicator.id)
                frame = frame[frame["period"] <= as_of]
                series[indicator.id] = (list(frame["period"]), list(frame["value"]))
            periods, values = series[indicator.id]
            spec = spec_of(indicator, spc or SpcDefaults())
            result = evaluate(periods, values, change.started, change.expected,
                              frequency=indicator.frequency, rebases=list(spec.rebases),
                              screen_outliers=spec.screen_outliers)
            reviews.append(IndicatorReview(indicator.id, indicator.key, indicator.name,
                                           indicator.unit, indicator.frequency, result))
        owner = change.owner
        found.append(ChangeReview(
            id=change.id, key=change.key, title=change.title, description=change.description,
            started=change.started, expected=change.expected,
            owner=owner.name if owner else None, owner_id=owner.id if owner else None,
            partner=owner.partner.name if owner and owner.partner else None,
            action=change.action.action if change.action else None,
            idea_reference=change.suggestion.reference if change.suggestion else None,
            note=change.learning_note, rebased=change.rebased_at is not None,
            indicators=tuple(reviews)))
    return found
