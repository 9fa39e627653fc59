"""Upsert a checked framework file into the database.

Ids in the file are stable keys: loading the same file twice changes nothing, an edited item is
updated in place, and an item removed from the file is archived (never deleted) so its
measurements, updates and ideas keep their history. Changes the file makes to an accountability
are written to its update history like any other change, attributed to the framework file.
What chat changed since the last load is kept (see load_actions).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.base import utcnow
from models.framework.check import check_text, objective_outcomes
from models.framework.load_actions import ActionsLoader, Conflict
from models.framework.load_people import PeopleAndTeams, assign
from models.framework.parse import Item, ParsedFramework
from models.framework.problems import Problem, has_errors
from models.framework.schema import DEFAULT_MAX_INDICATORS, DEFAULT_TIMEZONE
from models.tables import (
    Accountability,
    Indicator,
    Objective,
    Outcome,
    Partner,
    Partnership,
    Person,
    Rebase,
    Team,
)
from models.text_safety import show

K = TypeVar("K", Partner, Person, Team, Outcome, Objective, Indicator, Accountability)


class FrameworkError(Exception):
    """The file has errors; nothing was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{sum(p.severity == 'error' for p in problems)} error(s)")
        self.problems = problems


@dataclass
class LoadReport:
    partnership_id: int
    counts: Counter[str] = field(default_factory=Counter)
    warnings: list[Problem] = field(default_factory=list)
    # Fields the file and the chat both changed: the chat's value was kept.
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(k.split(" ")[0] in {"created", "updated", "archived"} for k in self.counts)

    def summary(self) -> str:
        parts = [f"{n} {what}" for what, n in sorted(self.counts.items())]
        return ", ".join(parts) if parts else "nothing changed"


def load_framework(session: Session, text: str, chat_platforms: Collection[str], *,
                   take_file: Collection[str] = ()) -> LoadReport:
    """Check the text and, if it has no errors, upsert it. Raises FrameworkError otherwise.

    `chat_platforms` names the platforms whose chat keys (`<platform>_id`, ...) the file may use:
    the bot knows them, models do not. `take_file` names accountabilities whose file values
    win over changes made in chat.
    """
    parsed, problems = check_text(text, chat_platforms)
    known = {item.id for item in parsed.table("accountabilities")}
    problems += [Problem(
        "error", f'--take-file "{show(key, 40)}": no accountability in the file has this id',
        "use an id from [[accountabilities]]") for key in take_file if key not in known]
    if has_errors(problems):
        raise FrameworkError(problems)
    loader = _Loader(session, parsed, take_file)
    report = loader.run()
    report.warnings = [p for p in problems if p.severity == "warning"]
    return report


class _Loader(PeopleAndTeams, ActionsLoader):
    def __init__(self, session: Session, parsed: ParsedFramework,
                 take_file: Collection[str]) -> None:
        self.session = session
        self.parsed = parsed
        self.take_file = set(take_file)
        self.conflicts: list[Conflict] = []
        self.counts: Counter[str] = Counter()
        self.created: set[tuple[str, str]] = set()

    def run(self) -> LoadReport:
        self.partnership = self._partnership()
        pid = self.partnership.id
        self.partners = self._sync(Partner, "partners", self._apply_partner)
        self.teams = self._sync(Team, "teams", self._apply_team)
        self.people = self._sync(Person, "people", self._apply_person)
        self.outcomes = self._sync(Outcome, "outcomes", self._apply_outcome)
        self.objectives = self._sync(Objective, "objectives", self._apply_objective)
        self._link_parents()
        self.indicators = self._sync(Indicator, "indicators", self._apply_indicator)
        self.actions = self._sync(Accountability, "accountabilities", self._apply_action)
        self._rebases()
        self.session.flush()
        return LoadReport(pid, self.counts, conflicts=self.conflicts)

    def _partnership(self) -> Partnership:
        data = self.parsed.partnership.data if self.parsed.partnership else {}
        found = self.session.scalars(select(Partnership).order_by(Partnership.id)).first()
        if found is None:
            found = Partnership(name=data["name"])
            self.session.add(found)
            self.counts["created partnership"] += 1
        values = {
            "name": data["name"],
            "timezone": data.get("timezone", DEFAULT_TIMEZONE),
            "max_indicators": data.get("max_indicators", DEFAULT_MAX_INDICATORS),
        }
        if assign(found, values):
            found.loaded_at = utcnow()
        self.session.flush()
        self.timezone = found.timezone
        return found

    def _sync(self, model: type[K], table: str, apply: Any) -> dict[str, K]:
        """Create or update every item of the table, archive rows missing from the file."""
        existing = {
            row.key: row
            for row in self.session.scalars(
                select(model).where(model.partnership_id == self.partnership.id)
            )
        }
        seen: dict[str, K] = {}
        for item in self.parsed.table(table):
            key = item.id
            assert key is not None
            row = existing.get(key)
            created = row is None
            if row is None:
                row = model(key=key, partnership_id=self.partnership.id)
                self.session.add(row)
            was_archived = row.archived_at is not None
            row.archived_at = None
            changed = apply(row, item, created)
            if created:
                self.counts[f"created {table}"] += 1
                self.created.add((table, key))
            elif changed or was_archived:
                self.counts[f"updated {table}"] += 1
            seen[key] = row
        for key, row in existing.items():
            if key not in seen and row.archived_at is None:
                row.archived_at = utcnow()
                self.counts[f"archived {table}"] += 1
                if isinstance(row, Accountability):
                    self._note(row, "archived", None, "removed from the framework file")
        self.session.flush()
        return seen

    def _apply_partner(self, row: Partner, item: Item, created: bool) -> bool:
        return assign(row, {"name": item.data["name"]})

    def _apply_outcome(self, row: Outcome, item: Item, created: bool) -> bool:
        return assign(row, {"title": item.data["title"], "plain": item.data.get("plain")})

    def _apply_objective(self, row: Objective, item: Item, created: bool) -> bool:
        d = item.data
        outcome_key = objective_outcomes(self.parsed)[item.id or ""]
        budget = d.get("budget")
        changed = assign(row, {
            "title": d["title"],
            "outcome_id": self.outcomes[outcome_key or ""].id,
            "budget": Decimal(str(budget)).quantize(Decimal("0.01")) if budget is not None
            else None,
        })
        self.session.flush()
        return changed

    def _link_parents(self) -> None:
        for item in self.parsed.table("objectives"):
            parent = item.data.get("parent")
            row = self.objectives[item.id or ""]
            parent_id = self.objectives[parent].id if isinstance(parent, str) else None
            if row.parent_id != parent_id:
                row.parent_id = parent_id
                if ("objectives", row.key) not in self.created:
                    self.counts["updated objectives"] += 1

    def _apply_indicator(self, row: Indicator, item: Item, created: bool) -> bool:
        d = item.data
        changed = assign(row, {
            "name": d["name"],
            "aliases": list(d.get("aliases", [])),
            "objective_id": self._ref(self.objectives, d.get("objective")),
            "outcome_id": self._ref(self.outcomes, d.get("outcome")),
            "kind": d["kind"],
            "unit": d["unit"],
            "improvement": d["improvement"],
            "frequency": d["frequency"],
            "target": float(d["target"]) if "target" in d else None,
            "target_basis": d.get("target_basis"),
            "owner_id": self._ref(self.people, d.get("owner")),
            "cost_hours": float(d["cost_hours"]) if "cost_hours" in d else None,
            "national_code": d.get("national_code"),
            "screen_outliers": d.get("screen_outliers"),
            "fix_after_n_points": d.get("fix_after_n_points"),
        })
        teams = sorted((self.teams[t] for t in d.get("teams", [])), key=lambda t: t.key)
        if created:
            self.session.flush()
        if [t.key for t in row.teams] != [t.key for t in teams]:
            row.teams = teams
            changed = True
        return changed

    def _rebases(self) -> None:
        wanted = {
            (self.indicators[i.data["indicator"]].id, i.data["date"]): i.data["reason"].strip()
            for i in self.parsed.table("rebases")
        }
        ids = [row.id for row in self.indicators.values()]
        existing = {
            (r.indicator_id, r.date): r
            for r in self.session.scalars(select(Rebase).where(Rebase.indicator_id.in_(ids)))
        }
        for key, row in existing.items():
            if key not in wanted:
                self.session.delete(row)
                self.counts["removed rebases"] += 1
            elif row.reason != wanted[key]:
                row.reason = wanted[key]
                self.counts["updated rebases"] += 1
        for (indicator_id, when), reason in wanted.items():
            if (indicator_id, when) not in existing:
                self.session.add(Rebase(indicator_id=indicator_id, date=when, reason=reason))
                self.counts["created rebases"] += 1
