"""The partnership's records for a period, as plain rows, and records retention.

For Freedom of Information requests and records management: every digest sent, every idea
with its whole status history, every change to an accountability, every recorded change and
every evaluation of one (a change is the period's when it was recorded, started or judged in
it). An anonymous idea's rows carry no identity at all: no person, no chat
id, no time finer than the day it was sent.

Retention purges the *payload* of old deliveries (the rendered message, which repeats what the
records already hold) and the chart images only those payloads used; the row saying what was
sent, to whom and when stays for good, as do ideas, actions, changes and evaluations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models.tables import (
    Accountability,
    AccountabilityUpdate,
    Change,
    ChangeEvaluation,
    ChartImage,
    Delivery,
    Subscription,
    Suggestion,
    SuggestionStatusChange,
)

Row = dict[str, Any]
TABLES = ("digests", "ideas", "idea_status_history", "accountability_changes", "changes",
          "evaluations")
COLUMNS: dict[str, tuple[str, ...]] = {
    "digests": ("id", "team", "audience", "platform", "channel", "period", "sent_at",
                "message_id", "text", "payload_purged_at"),
    "ideas": ("id", "reference", "team", "status", "text", "anonymous", "created_on",
              "created_at", "author", "author_key"),
    "idea_status_history": ("id", "idea", "status", "reason", "by", "at"),
    "accountability_changes": ("id", "action_key", "action", "field", "old", "new", "note",
                               "source", "by", "at"),
    "changes": ("id", "key", "title", "description", "started", "expected", "indicators",
                "owner", "recorded_by", "action", "idea", "verdict", "learning_note",
                "rebase_reason", "rebased_at", "created_at"),
    "evaluations": ("id", "change", "indicator", "evaluated_at", "through_period", "verdict",
                    "points_before", "points_after", "baseline_mean", "lpl", "upl",
                    "after_mean", "effect", "effect_low", "effect_high", "signal",
                    "more_points"),
}
"""Each file's columns, in order: an empty file still says what it would hold."""
KEPT = ("pending", "sending")  # a delivery not yet out keeps its payload whatever its age


@dataclass(frozen=True)
class Period:
    """[start, end) in UTC, and the local days it covers (`first` to `last`, inclusive)."""

    start: datetime
    end: datetime
    first: date | None = None
    last: date | None = None


def records(session: Session, period: Period) -> dict[str, list[Row]]:
    """Every table's rows for the period, by the name of the file they go to."""
    ideas = _ideas(session, period)
    return {
        "digests": _digests(session, period),
        "ideas": [_idea_row(i) for i in ideas],
        "idea_status_history": [_history_row(i, h) for i in ideas for h in i.history],
        "accountability_changes": _accountability_changes(session, period),
        "changes": _changes(session, period),
        "evaluations": _evaluations(session, period),
    }


def _within(column: Any, period: Period) -> Any:
    return (column >= period.start) & (column < period.end)


def _digests(session: Session, period: Period) -> list[Row]:
    rows = session.execute(
        select(Delivery, Subscription).outerjoin(Subscription)
        .where(Delivery.kind == "digest", Delivery.status == "sent",
               _within(Delivery.sent_at, period)).order_by(Delivery.id)).all()
    found = []
    for delivery, subscription in rows:
        payload = delivery.payload or {}
        found.append({
            "id": delivery.id, "team": subscription.team.key if subscription else None,
            "audience": subscription.audience if subscription else None,
            "platform": delivery.platform, "channel": delivery.target,
            "period": delivery.period, "sent_at": _when(delivery.sent_at),
            "message_id": delivery.platform_message_id,
            "text": payload.get("text") if isinstance(payload.get("text"), str) else None,
            "payload_purged_at": _when(delivery.purged_at)})
    return found


def _ideas(session: Session, period: Period) -> list[Suggestion]:
    changed = select(SuggestionStatusChange.suggestion_id).where(
        _within(SuggestionStatusChange.at, period))
    return list(session.scalars(select(Suggestion).where(or_(
        _within(Suggestion.created_at, period), Suggestion.id.in_(changed)))
        .order_by(Suggestion.id)))


def _idea_row(idea: Suggestion) -> Row:
    """An idea; for an anonymous one, nothing that could say who sent it."""
    row: Row = {"id": idea.id, "reference": idea.reference,
                "team": idea.team.key if idea.team else None, "status": idea.status,
                "text": idea.text, "anonymous": idea.anonymous,
                "created_on": idea.created_at.date().isoformat()}
    if idea.anonymous:
        row |= {"created_at": None, "author": None, "author_key": None}
    else:
        row |= {"created_at": _when(idea.created_at),
                "author": idea.person.name if idea.person else "someone not in the framework",
                "author_key": idea.person.key if idea.person else None}
    return row


def _history_row(idea: Suggestion, change: SuggestionStatusChange) -> Row:
    # The first "new" row records the idea arriving: for an anonymous idea, to the day only.
    at = change.at.date().isoformat() if idea.anonymous and change.status == "new" \
        else _when(change.at)
    return {"id": change.id, "idea": idea.reference, "status": change.status,
            "reason": change.reason,
            "by": change.by_person.name if change.by_person else None, "at": at}


def _accountability_changes(session: Session, period: Period) -> list[Row]:
    rows = session.execute(
        select(AccountabilityUpdate, Accountability).join(Accountability)
        .where(_within(AccountabilityUpdate.at, period)).order_by(AccountabilityUpdate.id)).all()
    return [{"id": u.id, "action_key": a.key, "action": a.action, "field": u.field,
             "old": u.old, "new": u.new, "note": u.note, "source": u.source,
             "by": u.person.name if u.person else None, "at": _when(u.at)} for u, a in rows]


def _changes(session: Session, period: Period) -> list[Row]:
    judged = select(ChangeEvaluation.change_id).where(
        _within(ChangeEvaluation.evaluated_at, period))
    which = [_within(Change.created_at, period), Change.id.in_(judged)]
    if period.first is not None and period.last is not None:
        which.append(Change.started.between(period.first, period.last))
    found = session.scalars(select(Change).where(or_(*which)).order_by(Change.id))
    return [{"id": c.id, "key": c.key, "title": c.title, "description": c.description,
             "started": c.started.isoformat(), "expected": c.expected,
             "indicators": " ".join(i.key for i in c.indicators),
             "owner": c.owner.name if c.owner else None,
             "recorded_by": c.recorded_by.name if c.recorded_by else None,
             "action": c.action.key if c.action else None,
             "idea": c.suggestion.reference if c.suggestion else None,
             "verdict": c.verdict, "learning_note": c.learning_note,
             "rebase_reason": c.rebase_reason, "rebased_at": _when(c.rebased_at),
             "created_at": _when(c.created_at)} for c in found]


def _evaluations(session: Session, period: Period) -> list[Row]:
    found = session.scalars(select(ChangeEvaluation).where(
        _within(ChangeEvaluation.evaluated_at, period)).order_by(ChangeEvaluation.id))
    return [{"id": e.id, "change": e.change.key, "indicator": e.indicator.key,
             "evaluated_at": _when(e.evaluated_at),
             "through_period": e.through_period.isoformat() if e.through_period else None,
             "verdict": e.verdict, "points_before": e.points_before,
             "points_after": e.points_after, "baseline_mean": e.baseline_mean, "lpl": e.lpl,
             "upl": e.upl, "after_mean": e.after_mean, "effect": e.effect,
             "effect_low": e.effect_low, "effect_high": e.effect_high, "signal": e.signal,
             "more_points": e.more_points} for e in found]


def _when(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


@dataclass(frozen=True)
class Purged:
    payloads: int
    images: int


def purge_payloads(session: Session, before: datetime, now: datetime) -> Purged:
    """Empty the payloads of deliveries made before `before` that are no longer waiting to go,
    and delete chart images made before then that no remaining payload refers to."""
    old = list(session.scalars(select(Delivery).where(
        Delivery.created_at < before, Delivery.purged_at.is_(None),
        Delivery.status.not_in(KEPT))))
    for delivery in old:
        delivery.payload = {}
        delivery.purged_at = now
    session.flush()
    used = set(_images(session.scalars(select(Delivery.payload).where(
        Delivery.purged_at.is_(None)))))
    stale = [image for image in session.scalars(select(ChartImage).where(
        ChartImage.created_at < before)) if image.sha256 not in used]
    for image in stale:
        session.delete(image)
    return Purged(len(old), len(stale))


def _images(payloads: Iterable[dict[str, Any] | None]) -> Iterable[str]:
    for payload in payloads:
        image = (payload or {}).get("image")
        if isinstance(image, dict) and isinstance(image.get("sha256"), str):
            yield image["sha256"]


def local_bounds(first: date, last: date, zone: Any) -> Period:
    """The UTC bounds of the local days `first` to `last`, inclusive."""
    start = datetime.combine(first, time(), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(), zone).astimezone(UTC)
    return Period(start, end, first, last)
