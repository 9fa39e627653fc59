"""Create or refresh the demo database: the Riverside partnership with three years of data.

The demo lives in its own file (.goldthread/demo.db), never in a real database. Each run brings
it up to date through the same framework loader and importer a real partnership uses: loading is
idempotent and the data import only adds the periods that have passed since the last run.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import AppContext
from bot.delivery.learning import judge_on
from bot.platforms import known_platforms
from handlers.indicators import keep_statuses
from models import queries
from models.db import transaction
from models.demo import (
    CHANGE_ACTIONS,
    demo_benchmarks,
    demo_changes,
    demo_framework_text,
    demo_measurements,
    demo_suggestions,
)
from models.framework import load_framework
from models.imports.importer import ImportReport, import_file
from models.tables import Change, Suggestion, SuggestionStatusChange


def prepare_demo(app: AppContext, today: date, work_dir: Path) -> list[str]:
    """Bring the demo database up to `today`; returns what was done, one line per step."""
    work_dir.mkdir(parents=True, exist_ok=True)
    done: list[str] = []
    with transaction(app.sessions) as session:
        report = load_framework(session, demo_framework_text(today), known_platforms())
        done.append(f"framework: {report.summary()}")
    partnership_id = report.partnership_id
    measurements = work_dir / "demo-measurements.csv"
    demo_measurements(today).to_csv(measurements, index=False)
    done.append("measurements: "
                + _import(app, measurements, partnership_id, False, today).summary())
    benchmarks = work_dir / "demo-benchmarks.csv"
    demo_benchmarks(today).to_csv(benchmarks, index=False)
    done.append(f"benchmarks: {_import(app, benchmarks, partnership_id, True, today).summary()}")
    with transaction(app.sessions) as session:
        done.append(f"changes: {_seed_changes(session, partnership_id, today)} added")
        done.append(f"ideas: {_seed_suggestions(session, partnership_id, today)} added")
    # The changes judged on the data, as the clock would each morning.
    done.append(f"reviews: {judge_on(app.handler_context(), today).evaluations} kept")
    # Analysed now, so the demo's first question is answered as quickly as every other one.
    done.append(f"statuses: {keep_statuses(app.handler_context())} analysed and kept")
    return done


def _import(app: AppContext, path: Path, partnership_id: int, benchmarks: bool,
            today: date) -> ImportReport:
    # The generator's deliberate special causes are far outside the usual range: confirmed.
    with transaction(app.sessions) as session:
        report = import_file(session, path, partnership_id, benchmarks=benchmarks,
                             source="demo generator", today=today, confirm=True)
        if report.errors:
            raise RuntimeError(f"demo data has bad rows: {report.errors[:3]}")
        return report


def _seed_changes(session: Session, partnership_id: int, today: date) -> int:
    existing = set(session.scalars(select(Change.key).where(
        Change.partnership_id == partnership_id)))
    indicators = {i.key: i for i in queries.indicators(session, partnership_id)}
    actions = {a.key: a.id for a in queries.actions(session, partnership_id)}
    added = 0
    for item in demo_changes(today):
        if item["id"] in existing:
            continue
        owner = queries.person_by_key(session, partnership_id, item["owner"])
        session.add(Change(
            partnership_id=partnership_id, key=item["id"], title=item["title"],
            description=item.get("description"), started=item["started"],
            expected=item["expected"], owner_id=owner.id if owner else None,
            action_id=actions.get(CHANGE_ACTIONS.get(item["id"], "")), source="demo",
            indicators=[indicators[k] for k in item["indicators"] if k in indicators]))
        added += 1
    return added


def _seed_suggestions(session: Session, partnership_id: int, today: date) -> int:
    """Ideas are seeded once: after that they are the user's to add to and triage."""
    if session.scalars(select(Suggestion.id).where(
            Suggestion.partnership_id == partnership_id)).first() is not None:
        return 0
    added = 0
    # Relative to the demo's `today`, not the clock, so the same day always gives the same data.
    now = datetime.combine(today, time(10, 0), UTC)
    for index, item in enumerate(demo_suggestions(today)):
        team = queries.team_by_key(session, partnership_id, item["team"])
        person = (queries.person_by_key(session, partnership_id, item["person"])
                  if item["person"] and not item["anonymous"] else None)
        created: datetime = item["created"]
        suggestion = Suggestion(
            partnership_id=partnership_id, team_id=team.id if team else None,
            person_id=person.id if person else None, anonymous=item["anonymous"],
            text=item["text"], status=item["status"], created_at=created)
        suggestion.history.append(SuggestionStatusChange(status="new", at=created))
        if item["status"] != "new":
            # Decided at this week's triage, so the demo digests have "you said, we did".
            decided = max(created, now - timedelta(days=1 + index % 5))
            suggestion.history.append(SuggestionStatusChange(
                status=item["status"], reason=item.get("reason"), at=decided))
        session.add(suggestion)
        added += 1
    return added
