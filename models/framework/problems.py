"""A problem found in a framework file, worded for the performance lead who must fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    message: str
    fix: str
    line: int | None = None
    item: str | None = None

    def format(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        subject = f"{self.item}: " if self.item else ""
        return f"{where}: {self.severity}: {subject}{self.message}. Fix: {self.fix}"


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
