"""A problem found in a framework file, worded for the performance lead who must fix it.

A problem quotes values from the file, so it is made one printable line when it is created:
an escape sequence or a line break in a value can then never reach the terminal or the log as
anything but visible text like \x1b.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.text_safety import one_line

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    severity: Severity
    message: str
    fix: str
    line: int | None = None
    item: str | None = None

    def __post_init__(self) -> None:
        for name in ("message", "fix", "item"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, one_line(value))

    def format(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        subject = f"{self.item}: " if self.item else ""
        return f"{where}: {self.severity}: {subject}{self.message}. Fix: {self.fix}"


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)
