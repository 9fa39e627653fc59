"""Indicators mapped to national frameworks by their `national_code` (ingredient 7).

A code's framework is its first word ("ASCOF 2B" is ASCOF, "BCF: emergency admissions" is BCF,
"H-CLIC prevention duty outcomes" is H-CLIC), compared without regard to case but otherwise
exactly: "ASC" is not "ASCOF".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

_FIRST = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9&-]*)")

T = TypeVar("T")


def framework_of(code: str | None) -> str | None:
    """The framework a national code belongs to, as written ("ASCOF"), or None."""
    if not code:
        return None
    found = _FIRST.match(code)
    return found.group(1) if found else None


def same_framework(code: str | None, framework: str) -> bool:
    found = framework_of(code)
    return found is not None and found.casefold() == framework.strip().casefold()


def by_framework(items: Iterable[tuple[str | None, T]]) -> dict[str, list[T]]:
    """Items grouped by the framework of their code, frameworks in alphabetical order."""
    groups: dict[str, list[T]] = {}
    for code, item in items:
        name = framework_of(code)
        if name is not None:
            groups.setdefault(name.upper(), []).append(item)
    return dict(sorted(groups.items()))
