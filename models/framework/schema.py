"""What a framework file may contain: its tables, their keys, types and allowed values.

Written as data so that `check` can name every unknown key and bad value at once, and so that the
README's format reference and this file cannot drift apart (tests compare them).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from models.tables import (
    Accountability,
    ChatIdentity,
    Indicator,
    Objective,
    Outcome,
    Partner,
    Partnership,
    Person,
    Rebase,
    Team,
    TeamChannel,
)

ROLES = ("staff", "manager", "member", "admin")
AUDIENCES = ("frontline", "manager", "member")
KINDS = ("outcome", "process", "experience", "cost")
UNITS = ("%", "count", "days", "pounds", "rate")
IMPROVEMENTS = ("increase", "decrease", "neutral")
FREQUENCIES = ("week", "month", "quarter")
TARGET_BASES = ("peer", "national", "ambition", "past")
STATUSES = ("open", "done", "dropped")


TextKind = Literal["id", "line", "para"]


@dataclass(frozen=True)
class Key:
    """One allowed key: its type, whether it must be present, its allowed values, what kind
    of text it is and the column that stores it (whose length or range is its limit).

    `text` says how hidden characters are treated: an "id" (a key, a reference, a chat id, an
    email) that holds one is refused, since removing it would change what the id names; free
    text, one "line" (names, titles) or a "para" (which may have line breaks), has them removed.
    """

    types: type | tuple[type, ...]
    required: bool = False
    choices: tuple[str, ...] = ()
    list_of: type | None = None
    text: TextKind = "id"
    column: Any = None

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
    dict: 'a table like { url_env = "NAME", query = "SELECT ..." }',
}

NUMBER = (int, float)

def _column(model: Any, name: str) -> Any:
    return model.__table__.c[name]


# Every item's id is the `key` column of its table; all share one length.
_ID = Key(str, required=True, column=_column(Partner, "key"))

# Array tables ([[name]]) and the single [partnership] table.
SINGLE_TABLES = {"partnership"}

# The chat keys come from the platforms goldthread has (the bot says which): a person's
# `<platform>_id` and a team's `<platform>_channel`, so a new platform needs no change here.
CHAT_ID_KEY = Key(str, column=_column(ChatIdentity, "external_id"))
CHAT_CHANNEL_KEY = Key(str, column=_column(TeamChannel, "channel_id"))


def identity_key(platform: str) -> str:
    return f"{platform}_id"


def channel_key(platform: str) -> str:
    return f"{platform}_channel"


def tables_for(chat_platforms: Collection[str]) -> dict[str, dict[str, Key]]:
    """TABLES with each chat platform's keys added where they belong."""
    tables = {name: dict(keys) for name, keys in TABLES.items()}
    for platform in chat_platforms:
        tables["people"][identity_key(platform)] = CHAT_ID_KEY
        tables["teams"][channel_key(platform)] = CHAT_CHANNEL_KEY
    return tables


TABLES: dict[str, dict[str, Key]] = {
    "partnership": {
        "name": Key(str, required=True, text="line", column=_column(Partnership, "name")),
        "timezone": Key(str, column=_column(Partnership, "timezone")),
        "max_indicators": Key(int, column=_column(Partnership, "max_indicators")),
    },
    "partners": {
        "id": _ID,
        "name": Key(str, required=True, text="line", column=_column(Partner, "name")),
    },
    "people": {
        "id": _ID,
        "name": Key(str, required=True, text="line", column=_column(Person, "name")),
        "short_name": Key(str, text="line", column=_column(Person, "short_name")),
        "email": Key(str, column=_column(Person, "email")),
        "role": Key(str, choices=ROLES),
        "partner": Key(str),
        "teams": Key(list, list_of=str),
    },
    "teams": {
        "id": _ID,
        "name": Key(str, required=True, text="line", column=_column(Team, "name")),
        "partner": Key(str),
        "audience": Key(str, choices=AUDIENCES),
        "digest": Key(str, column=_column(Team, "digest_schedule")),
    },
    "outcomes": {
        "id": _ID,
        "title": Key(str, required=True, text="line", column=_column(Outcome, "title")),
        "plain": Key(str, text="para", column=_column(Outcome, "plain")),
    },
    "objectives": {
        "id": _ID,
        "outcome": Key(str),
        "parent": Key(str),
        "title": Key(str, required=True, text="line", column=_column(Objective, "title")),
        "budget": Key(NUMBER, column=_column(Objective, "budget")),
    },
    "indicators": {
        "id": _ID,
        "name": Key(str, required=True, text="line", column=_column(Indicator, "name")),
        # Each alias is another name for the indicator, so it gets the name's limit.
        "aliases": Key(list, list_of=str, text="line", column=_column(Indicator, "name")),
        "objective": Key(str),
        "outcome": Key(str),
        "kind": Key(str, required=True, choices=KINDS),
        "unit": Key(str, required=True, choices=UNITS),
        "improvement": Key(str, required=True, choices=IMPROVEMENTS),
        "frequency": Key(str, required=True, choices=FREQUENCIES),
        "target": Key(NUMBER, column=_column(Indicator, "target")),
        "target_basis": Key(str, choices=TARGET_BASES),
        "owner": Key(str),
        "teams": Key(list, list_of=str),
        "cost_hours": Key(NUMBER, column=_column(Indicator, "cost_hours")),
        "national_code": Key(str, text="line", column=_column(Indicator, "national_code")),
        "screen_outliers": Key(bool),
        "fix_after_n_points": Key(int, column=_column(Indicator, "fix_after_n_points")),
        # { url_env = "NAME", query = "SELECT ..." }: its keys are checked in check.py.
        "source": Key(dict),
        "late_after_days": Key(int, column=_column(Indicator, "late_after_days")),
    },
    "accountabilities": {
        "id": _ID,
        "action": Key(str, required=True, text="para", column=_column(Accountability, "action")),
        "owner": Key(str),
        "objective": Key(str),
        "indicator": Key(str),
        "due": Key(date),
        "status": Key(str, choices=STATUSES),
    },
    "rebases": {
        "indicator": Key(str, required=True),
        "date": Key(date, required=True),
        "reason": Key(str, required=True, text="para", column=_column(Rebase, "reason")),
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

# The keys of an indicator's `source`: the URL itself never, only the variable that holds it.
SOURCE_KEYS = ("url_env", "query")
MAX_LATE_AFTER_DAYS = 366

DEFAULT_DIGEST = "mon 09:00"
DEFAULT_TIMEZONE = "Europe/London"
DEFAULT_MAX_INDICATORS = 15
