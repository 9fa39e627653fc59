"""The reads behind the challenge sections (peers, cost and use, partners' actions), kept apart
from `data.py` so each stays one concept; `read_partnership` calls them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from digests.indicators.cost import Usage
from digests.partners.picture import ActionFact
from models import queries
from models.base import local_day
from models.tables import (
    Accountability,
    AccountabilityUpdate,
    Benchmark,
    Change,
    Indicator,
    IndicatorUsage,
    Measurement,
    change_indicators,
)

USAGE_DAYS = 365


@dataclass(frozen=True)
class PeerValue:
    name: str
    value: float
    denominator: float | None


@dataclass(frozen=True)
class PeerSet:
    """The latest period's peer values, and ours for the same period (if we have it)."""

    period: date
    peers: tuple[PeerValue, ...]
    ours: PeerValue | None


def peer_set(session: Session, indicator_id: int, as_of: date, our_name: str) -> PeerSet | None:
    latest = session.scalar(select(Benchmark.period).where(
        Benchmark.indicator_id == indicator_id, Benchmark.period <= as_of
    ).order_by(Benchmark.period.desc()).limit(1))
    if latest is None:
        return None
    rows = session.execute(select(Benchmark.peer, Benchmark.value, Benchmark.denominator).where(
        Benchmark.indicator_id == indicator_id, Benchmark.period == latest
    ).order_by(Benchmark.peer)).all()
    mine = session.execute(select(Measurement.value, Measurement.denominator).where(
        Measurement.indicator_id == indicator_id, Measurement.period == latest,
        Measurement.area == "")).first()
    ours = PeerValue(our_name, float(mine[0]), _number(mine[1])) if mine else None
    return PeerSet(latest, tuple(PeerValue(p, float(v), _number(d)) for p, v, d in rows), ours)


def read_usage(session: Session, partnership_id: int, as_of: date) -> dict[str, Usage]:
    """Asked about and shown in the year to `as_of`; acted on through changes and actions."""
    since = as_of - timedelta(days=USAGE_DAYS)
    counted: dict[tuple[int, str], int] = {}
    for indicator_id, kind, total in session.execute(
            select(IndicatorUsage.indicator_id, IndicatorUsage.kind,
                   func.sum(IndicatorUsage.count))
            .where(IndicatorUsage.day > since, IndicatorUsage.day <= as_of)
            .group_by(IndicatorUsage.indicator_id, IndicatorUsage.kind)):
        counted[(indicator_id, kind)] = int(total or 0)
    changes: dict[int, int] = {}
    for indicator_id, total in session.execute(
            select(change_indicators.c.indicator_id, func.count())
            .join(Change, Change.id == change_indicators.c.change_id)
            .where(Change.partnership_id == partnership_id)
            .group_by(change_indicators.c.indicator_id)):
        changes[indicator_id] = int(total)
    actions = queries.actions(session, partnership_id)
    usage = {}
    for indicator in queries.indicators(session, partnership_id):
        acted = changes.get(indicator.id, 0) + sum(
            a.indicator_id == indicator.id
            or (a.objective_id is not None and a.objective_id == indicator.objective_id)
            for a in actions)
        usage[indicator.key] = Usage(asked=counted.get((indicator.id, "asked"), 0),
                                     shown=counted.get((indicator.id, "shown"), 0), acted=acted)
    return usage


def read_partner_actions(session: Session, partnership_id: int,
                         zone: ZoneInfo) -> list[ActionFact]:
    """Every current action with its partner (its owner's), the outcome it feeds, when it was
    done and whether the latest word on it is a request for help."""
    found = []
    for action in queries.actions(session, partnership_id):
        updates = list(session.scalars(select(AccountabilityUpdate).where(
            AccountabilityUpdate.accountability_id == action.id).order_by(
            AccountabilityUpdate.at, AccountabilityUpdate.id)))
        done = [u for u in updates if u.field in ("status", "done") and u.new == "done"]
        latest = updates[-1] if updates else None
        found.append(ActionFact(
            key=action.key, action=action.action,
            partner=action.owner.partner.name if action.owner and action.owner.partner
            else None,
            outcome=_outcome_title(action), status=action.status, due=action.due,
            done_on=local_day(zone, done[-1].at) if done else None,
            blocked=latest is not None and latest.field == "blocked"))
    return found


def _outcome_title(action: Accountability) -> str | None:
    if action.objective is not None:
        return action.objective.outcome.title
    indicator: Indicator | None = action.indicator
    if indicator is not None and indicator.top_outcome is not None:
        return indicator.top_outcome.title
    return None


def _number(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]
