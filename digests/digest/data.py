"""Everything a digest needs, read from the database in one place.

`compose` is pure and works on the plain records built here, so digests can be tested without a
database and composed for 1,000 teams from one read of the shared indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from digests.digest.challenge_data import (
    PeerSet,
    peer_set,
    read_partner_actions,
    read_usage,
)
from digests.digest.reviews import ChangeReview, read_reviews
from digests.indicators.cost import Usage
from digests.indicators.periods import day_of, has_ended
from digests.indicators.settings import SpcDefaults
from digests.indicators.specs import spec_of
from digests.indicators.status import IndicatorSpec
from digests.partners.picture import ActionFact
from models import queries
from models.tables import (
    Accountability,
    AccountabilityUpdate,
    Benchmark,
    Change,
    DigestNote,
    Indicator,
    Partnership,
    Suggestion,
    SuggestionStatusChange,
)


@dataclass(frozen=True)
class IndicatorRecord:
    spec: IndicatorSpec
    series: pd.DataFrame
    outcome_key: str | None
    owner: str | None
    cost_hours: float | None
    team_keys: tuple[str, ...]
    peers: tuple[tuple[str, float], ...] = ()  # latest period's peer values
    national_code: str | None = None
    thread: tuple[str, ...] = ()  # outcome, objectives, measure: the golden thread above it
    peer_set: PeerSet | None = None  # the latest peer period with denominators, and ours
    late_after_days: int | None = None  # None: the default
    partner: str | None = None  # the owner's partner: who sends the figures


@dataclass(frozen=True)
class OutcomeRecord:
    key: str
    title: str
    plain: str | None


@dataclass(frozen=True)
class ActionRecord:
    key: str
    action: str
    owner: str | None
    due: date | None
    status: str
    team_keys: tuple[str, ...]
    completed_on: date | None = None


@dataclass(frozen=True)
class IdeaRecord:
    id: int
    reference: str
    text: str
    status: str
    reason: str | None
    changed_on: date
    team_key: str | None


@dataclass(frozen=True)
class ChangeRecord:
    key: str
    title: str
    started: date
    indicator_keys: tuple[str, ...]
    expected: str
    owner: str | None
    verdict: str | None


@dataclass(frozen=True)
class NoteRecord:
    id: int
    author: str | None
    text: str


@dataclass
class PartnershipData:
    """One read of the partnership, shared by every team's digest on a run."""

    name: str
    timezone: str
    outcomes: list[OutcomeRecord]
    indicators: list[IndicatorRecord]
    actions: list[ActionRecord]
    new_ideas: list[IdeaRecord]
    idea_updates: list[IdeaRecord]
    changes: list[ChangeRecord]
    notes: dict[str, list[NoteRecord]] = field(default_factory=dict)
    team_names: dict[str, str] = field(default_factory=dict)
    reviews: list[ChangeReview] = field(default_factory=list)  # every change, judged
    usage: dict[str, Usage] = field(default_factory=dict)
    partner_actions: list[ActionFact] = field(default_factory=list)


def read_partnership(
    session: Session, partnership: Partnership, as_of: date, since: date,
    spc: SpcDefaults | None = None,
) -> PartnershipData:
    """Read what digests for `as_of` need; `since` is the day after the previous digest."""
    zone = ZoneInfo(partnership.timezone)
    start = datetime.combine(since, time(), zone).astimezone(UTC)
    end = datetime.combine(as_of + timedelta(days=1), time(), zone).astimezone(UTC)
    teams = queries.teams(session, partnership.id)
    indicators = queries.indicators(session, partnership.id)
    return PartnershipData(
        name=partnership.name,
        timezone=partnership.timezone,
        outcomes=[OutcomeRecord(o.key, o.title, o.plain)
                  for o in queries.outcomes(session, partnership.id)],
        indicators=[_indicator(session, i, as_of, spc or SpcDefaults(), partnership.name)
                    for i in indicators],
        actions=_actions(session, partnership.id, start, end, zone),
        new_ideas=_ideas(session, partnership.id, start, end, zone, new=True),
        idea_updates=_ideas(session, partnership.id, start, end, zone, new=False),
        changes=_changes(session, partnership.id),
        notes=_notes(session, [t.id for t in teams]),
        team_names={t.key: t.name for t in teams},
        reviews=read_reviews(session, partnership.id, as_of, spc),
        usage=read_usage(session, partnership.id, as_of),
        partner_actions=read_partner_actions(session, partnership.id, zone),
    )


def _indicator(session: Session, indicator: Indicator, as_of: date, spc: SpcDefaults,
               our_name: str) -> IndicatorRecord:
    series = queries.measurements(session, indicator.id)
    spec = spec_of(indicator, spc)
    # only periods that had ended by `as_of`: a month still under way is not yet its figure
    series = series[[has_ended(day_of(p), spec.frequency, as_of) for p in series["period"]]] \
        if len(series) else series
    outcome = indicator.top_outcome
    return IndicatorRecord(
        spec=spec, series=series, outcome_key=outcome.key if outcome else None,
        owner=indicator.owner.name if indicator.owner else None,
        cost_hours=indicator.cost_hours, team_keys=tuple(t.key for t in indicator.teams),
        peers=_peers(session, indicator.id, as_of), national_code=indicator.national_code,
        thread=_thread(indicator), peer_set=peer_set(session, indicator.id, as_of, our_name),
        late_after_days=indicator.late_after_days,
        partner=indicator.owner.partner.name if indicator.owner and indicator.owner.partner
        else None,
    )


def _thread(indicator: Indicator) -> tuple[str, ...]:
    """Outcome, then objectives from the top down, then the measure."""
    chain = []
    objective = indicator.objective
    while objective is not None:
        chain.append(objective.title)
        objective = objective.parent
    outcome = indicator.top_outcome
    return (*((outcome.title,) if outcome else ()), *reversed(chain), indicator.name)


def _peers(session: Session, indicator_id: int, as_of: date) -> tuple[tuple[str, float], ...]:
    latest = session.scalar(select(Benchmark.period).where(
        Benchmark.indicator_id == indicator_id, Benchmark.period <= as_of
    ).order_by(Benchmark.period.desc()).limit(1))
    if latest is None:
        return ()
    rows = session.execute(select(Benchmark.peer, Benchmark.value).where(
        Benchmark.indicator_id == indicator_id, Benchmark.period == latest
    ).order_by(Benchmark.peer)).all()
    return tuple((peer, float(value)) for peer, value in rows)


def _actions(session: Session, partnership_id: int, start: datetime, end: datetime,
             zone: ZoneInfo) -> list[ActionRecord]:
    found = []
    for action in queries.actions(session, partnership_id):
        completed = None
        if action.status == "done":
            completed = _completed_on(session, action, start, end, zone)
            if completed is None:
                continue  # done before this digest's window: old news
        elif action.status != "open":
            continue
        teams: set[str] = set()
        if action.owner is not None:
            teams |= {t.key for t in action.owner.teams}
        if action.indicator is not None:
            teams |= {t.key for t in action.indicator.teams}
        found.append(ActionRecord(
            key=action.key, action=action.action,
            owner=action.owner.name if action.owner else None, due=action.due,
            status=action.status, team_keys=tuple(sorted(teams)), completed_on=completed))
    return found


def _completed_on(session: Session, action: Accountability, start: datetime, end: datetime,
                  zone: ZoneInfo) -> date | None:
    at = session.scalar(select(AccountabilityUpdate.at).where(
        AccountabilityUpdate.accountability_id == action.id,
        AccountabilityUpdate.field.in_(["status", "done"]),
        AccountabilityUpdate.new == "done",
        AccountabilityUpdate.at >= start, AccountabilityUpdate.at < end,
    ).order_by(AccountabilityUpdate.at.desc()).limit(1))
    return at.astimezone(zone).date() if at else None


def _ideas(session: Session, partnership_id: int, start: datetime, end: datetime,
           zone: ZoneInfo, *, new: bool) -> list[IdeaRecord]:
    """New ideas (to triage), or status changes in the window ("you said, we did")."""
    query = (
        select(Suggestion, SuggestionStatusChange)
        .join(SuggestionStatusChange)
        .where(Suggestion.partnership_id == partnership_id,
               SuggestionStatusChange.at >= start, SuggestionStatusChange.at < end)
        .order_by(SuggestionStatusChange.at, SuggestionStatusChange.id)
    )
    query = query.where(SuggestionStatusChange.status == "new") if new else query.where(
        SuggestionStatusChange.status != "new")
    records = []
    for idea, change in session.execute(query).all():
        if new and idea.status != "new":
            continue
        records.append(IdeaRecord(
            id=idea.id, reference=idea.reference, text=idea.text, status=change.status,
            reason=change.reason, changed_on=change.at.astimezone(zone).date(),
            team_key=idea.team.key if idea.team else None))
    return records


def _changes(session: Session, partnership_id: int) -> list[ChangeRecord]:
    rows = session.scalars(select(Change).where(Change.partnership_id == partnership_id)
                           .order_by(Change.started))
    return [ChangeRecord(
        key=c.key, title=c.title, started=c.started,
        indicator_keys=tuple(i.key for i in c.indicators), expected=c.expected,
        owner=c.owner.name if c.owner else None, verdict=c.verdict) for c in rows]


def _notes(session: Session, team_ids: list[int]) -> dict[str, list[NoteRecord]]:
    notes: dict[str, list[NoteRecord]] = {}
    rows = session.scalars(select(DigestNote).where(
        DigestNote.team_id.in_(team_ids), DigestNote.used_in_period.is_(None)
    ).order_by(DigestNote.id))
    for note in rows:
        notes.setdefault(note.team.key, []).append(NoteRecord(
            note.id, note.author.name if note.author else None, note.text))
    return notes
