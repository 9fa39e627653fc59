"""The demo framework file, with its due dates moved to the day the demo runs.

The file is written as if today were `DEMO_ANCHOR`. A demo shown months later would otherwise have
every action long overdue, so the dates are shifted by the same number of days: what was overdue by
a week on the anchor day is overdue by a week today. Only the `due = YYYY-MM-DD` values change; the
rest of the text stays byte-identical, comments included, so the file still reads as written.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

DEMO_ANCHOR = date(2026, 11, 27)
DEMO_FILE = "riverside.toml"

_DUE = re.compile(r"^(\s*due\s*=\s*)(\d{4}-\d{2}-\d{2})", re.MULTILINE)


@cache
def raw_framework_text() -> str:
    """The framework file exactly as shipped (dates as on the anchor day)."""
    return resources.files("models.demo").joinpath(DEMO_FILE).read_text(encoding="utf-8")


def demo_framework_text(today: date) -> str:
    """The framework file with every `due` date moved by (today - DEMO_ANCHOR) days."""
    shift = timedelta(days=(today - DEMO_ANCHOR).days)

    def move(match: re.Match[str]) -> str:
        due = date.fromisoformat(match.group(2)) + shift
        return f"{match.group(1)}{due.isoformat()}"

    return _DUE.sub(move, raw_framework_text())


@cache
def framework() -> dict[str, Any]:
    """The parsed framework (dates unshifted); the generator reads units and frequencies here."""
    return tomllib.loads(raw_framework_text())


def indicator_settings() -> dict[str, dict[str, Any]]:
    """Each indicator's table from the framework file, by id, in file order."""
    return {item["id"]: item for item in framework()["indicators"]}
