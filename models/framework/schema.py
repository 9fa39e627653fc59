"""What a framework file may contain: its tables, their keys, types and allowed values.

Written as data so that `check` can name every unknown key and bad value at once, and so that the
README's format reference and this file cannot drift apart (tests compare them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

ROLES = ("staff", "manager", "member", "admin")
AUDIENCES = ("frontline", "manager", "member")
KINDS = ("outcome", "process", "experience", "cost")
UNITS = ("%", "count", "days", "pounds", "rate")
IMPROVEMENTS = ("increase", "decrease", "neutral")
FREQUENCIES = ("week", "month", "quarter")
TARGET_BASES = ("peer", "national", "ambition", "past")
STATUSES = ("open", "done", "dropped")


@dataclass(frozen=True)
class Key:
    """One allowed key: its type, whether it must be present, and its allowed values."""

    types: type | tuple[type, ...]
    required: bool = False
    choices: tuple[str, ...] = ()
    list_of: type | None = None

    @property
    def type_name(self) -> str:
        if self.list_of is not None:
            return f"a list of {_NAMES[self.list_of]}"
        if self.types == NUMBER:
            return "a number"
        types = self.types if isinstance(self.types, tuple) else (self.types,)
        return " or ".join(_NAMES[t] for t in types)


_NAMES: dict[type, str] = {
    str: "text in quotes",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    list: "a list",
    date: "a date like 2026-12-01",
}

NUMBER = (int, float)

# Array tables ([[name]]) and the single [partnership] table.
SINGLE_TABLES = {"partnership"}

TABLES: dict[str, dict[str, Key]] = {
    "partnership": {
        "name": Key(str, required=True),
        "timezone": Key(str),
        "max_indicators": Key(int),
    },
    "partners": {
        "id": Key(str, required=True),
        "name": Key(str, required=True),
    },
    "people": {
        "id": Key(str, required=True),
        "name": Key(str, required=True),
        "email": Key(str),
        "slack_id": Key(str),
        "teams_id": Key(str),
        "role": Key(str, choices=ROLES),
        "partner": Key(str),
        "teams": Key(list, list_of=str),
    },
    "teams": {
        "id": Key(str, required=True),
        "name": Key(str, required=True),
        "partner": Key(str),
        "audience": Key(str, choices=AUDIENCES),
        "slack_channel": Key(str),
        "teams_channel": Key(str),
        "digest": Key(str),
    },
    "outcomes": {
        "id": Key(str, required=True),
        "title": Key(str, required=True),
        "plain": Key(str),
    },
    "objectives": {
        "id": Key(str, required=True),
        "outcome": Key(str),
        "parent": Key(str),
        "title": Key(str, required=True),
        "budget": Key(NUMBER),
    },
    "indicators": {
        "id": Key(str, required=True),
        "name": Key(str, required=True),
        "aliases": Key(list, list_of=str),
        "objective": Key(str),
        "outcome": Key(str),
        "kind": Key(str, required=True, choices=KINDS),
        "unit": Key(str, required=True, choices=UNITS),
        "improvement": Key(str, required=True, choices=IMPROVEMENTS),
        "frequency": Key(str, required=True, choices=FREQUENCIES),
        "target": Key(NUMBER),
        "target_basis": Key(str, choices=TARGET_BASES),
        "owner": Key(str),
        "teams": Key(list, list_of=str),
        "cost_hours": Key(NUMBER),
        "national_code": Key(str),
        "screen_outliers": Key(bool),
        "fix_after_n_points": Key(int),
    },
    "accountabilities": {
        "id": Key(str, required=True),
        "action": Key(str, required=True),
        "owner": Key(str),
        "objective": Key(str),
        "indicator": Key(str),
        "due": Key(date),
        "status": Key(str, choices=STATUSES),
    },
    "rebases": {
        "indicator": Key(str, required=True),
        "date": Key(date, required=True),
        "reason": Key(str, required=True),
    },
}

# Where each reference key points.
REFERENCES: dict[tuple[str, str], str] = {
    ("people", "partner"): "partners",
    ("people", "teams"): "teams",
    ("teams", "partner"): "partners",
    ("objectives", "outcome"): "outcomes",
    ("objectives", "parent"): "objectives",
    ("indicators", "objective"): "objectives",
    ("indicators", "outcome"): "outcomes",
    ("indicators", "owner"): "people",
    ("indicators", "teams"): "teams",
    ("accountabilities", "owner"): "people",
    ("accountabilities", "objective"): "objectives",
    ("accountabilities", "indicator"): "indicators",
    ("rebases", "indicator"): "indicators",
}

DEFAULT_DIGEST = "mon 09:00"
DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_MAX_INDICATORS = 15
