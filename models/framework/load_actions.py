"""Loading accountabilities so that the framework file and the chat agree.

An action's status and due date change in two places: the file, and chat ("done", "new date").
A reload must not undo the chat. So each action remembers what the file said at the last load
(`file_values`) and a reload compares three things per field: the file now, the file last time,
and the database now. Only what the file changed is applied; when chat changed the same field
to something else, that is a conflict: the chat's value is kept and reported until the file is
edited to agree or the admin takes the file's value with `--take-file`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from models.framework.parse import Item
from models.framework.problems import Problem
from models.tables import Accountability, AccountabilityUpdate
from models.text_safety import show

FIELDS = ("action", "owner", "objective", "indicator", "due", "status")
# The column each field is stored in, which is also its name in the update history.
COLUMNS = {"action": "action", "owner": "owner_id", "objective": "objective_id",
           "indicator": "indicator_id", "due": "due", "status": "status"}
REFERENCES = {"owner": "people", "objective": "objectives", "indicator": "indicators"}
FILE_SOURCE = "framework file"
TAKE_FILE_NOTE = "the file's value taken over a change made in chat (--take-file)"

Values = dict[str, str | None]


@dataclass(frozen=True)
class Conflict:
    """The file and the chat both changed one field of an action, to different values."""

    action: str
    field: str
    file_value: str | None
    chat_value: str | None
    changed_by: str | None
    changed_at: datetime | None
    timezone: str
    line: int | None = None

    def problem(self) -> Problem:
        who = self.changed_by or "someone"
        when = ""
        if self.changed_at is not None:
            local = self.changed_at.astimezone(ZoneInfo(self.timezone))
            when = f" on {local:%Y-%m-%d %H:%M} ({self.timezone})"
        return Problem(
            "warning",
            f"{self.field} conflicts: the file says {_quoted(self.file_value)}, but "
            f"{who} changed it in chat to {_quoted(self.chat_value)}{when}; "
            "the chat's value is kept",
            f"edit the file to agree, or load with --take-file {show(self.action, 40)} to use "
            "the file's value", self.line, f'accountability "{show(self.action, 40)}"')


@dataclass(frozen=True)
class Merge:
    apply: Values          # fields to set to the file's value
    conflicts: list[str]   # fields where chat changed to something else; chat's value kept
    remembered: Values     # the file values to store for the next load


def values_in_file(data: dict[str, Any]) -> Values:
    """An accountability's fields as the file gives them (reference keys, ISO date)."""
    due = data.get("due")
    return {
        "action": data["action"], "owner": data.get("owner"),
        "objective": data.get("objective"), "indicator": data.get("indicator"),
        "due": due.isoformat() if isinstance(due, date) else None,
        "status": data.get("status", "open"),
    }


def values_in_database(row: Accountability) -> Values:
    """The same fields as they stand in the database now."""
    return {
        "action": row.action, "owner": row.owner.key if row.owner else None,
        "objective": row.objective.key if row.objective else None,
        "indicator": row.indicator.key if row.indicator else None,
        "due": row.due.isoformat() if row.due else None, "status": row.status,
    }


def derive_file_values(current: Values, updates: Sequence[AccountabilityUpdate]) -> Values:
    """What the file last said, for an action loaded before file values were stored.

    A field's file value is its value now, unless chat changed it after the file last did:
    then it is the `old` of the earliest such chat change (the value the file had set).
    """
    derived = dict(current)
    for name in FIELDS:
        for update in reversed(updates):
            if update.field != COLUMNS[name]:
                continue
            if update.source == FILE_SOURCE:
                break
            derived[name] = update.old
    return derived


def merge(now: Values, last: Values, database: Values, *, take_file: bool = False) -> Merge:
    """Three-way comparison, field by field (pure, so it is tested on its own)."""
    apply: Values = {}
    conflicts: list[str] = []
    remembered = dict(now)
    for name in FIELDS:
        if now[name] == last.get(name) or now[name] == database[name]:
            continue  # the file did not change it (chat may have), or both already agree
        if database[name] == last.get(name) or take_file:
            apply[name] = now[name]
        else:
            conflicts.append(name)
            remembered[name] = last.get(name)  # still a change of the file's at the next load
    return Merge(apply, conflicts, remembered)


class ActionsLoader:
    """The part of the loader that knows accountabilities (mixed into the loader)."""

    session: Session
    take_file: Collection[str]
    conflicts: list[Conflict]
    timezone: str

    def _apply_action(self, row: Accountability, item: Item, created: bool) -> bool:
        now = values_in_file(item.data)
        if created:
            for name in FIELDS:
                setattr(row, COLUMNS[name], self._stored(name, now[name]))
            row.file_values = now
            self.session.flush()
            self._note(row, "created", None, now["action"])
            return True
        database = values_in_database(row)
        last = row.file_values or derive_file_values(database, row.updates)
        taking = row.key in self.take_file
        result = merge(now, last, database, take_file=taking)
        for name, value in result.apply.items():
            column = COLUMNS[name]
            old = getattr(row, column)
            setattr(row, column, self._stored(name, value))
            overrode_chat = database[name] != last.get(name)
            self._note(row, column, old, getattr(row, column),
                       TAKE_FILE_NOTE if overrode_chat else None)
        for name in result.conflicts:
            self.conflicts.append(self._conflict(row, item, name, now[name], database[name]))
        if row.file_values != result.remembered:
            row.file_values = result.remembered
        return bool(result.apply)

    def _stored(self, name: str, value: str | None) -> Any:
        if value is None:
            return None
        if name == "due":
            return date.fromisoformat(value)
        if name in REFERENCES:
            return getattr(self, REFERENCES[name])[value].id
        return value

    def _conflict(self, row: Accountability, item: Item, name: str, file_value: str | None,
                  chat_value: str | None) -> Conflict:
        latest = next((u for u in reversed(row.updates)
                       if u.field == COLUMNS[name] and u.source != FILE_SOURCE), None)
        return Conflict(
            row.key, name, file_value, chat_value,
            latest.person.name if latest is not None and latest.person else None,
            latest.at if latest is not None else None, self.timezone, item.line_of(name))

    def _note(self, row: Accountability, name: str, old: object, new: object,
              note: str | None = None) -> None:
        row.updates.append(AccountabilityUpdate(
            source=FILE_SOURCE, field=name, note=note,
            old=None if old is None else str(old), new=None if new is None else str(new)))


def _quoted(value: str | None) -> str:
    return "nothing" if value is None else f'"{show(value, 60)}"'
