"""Read a framework file into items that remember their line numbers.

tomllib does not report positions, so a light scan of the text maps each table entry and key to
its line; that is what lets every message say where to look.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from models.framework.problems import Problem
from models.framework.schema import SINGLE_TABLES, TABLES, Key

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")


@dataclass
class Item:
    """One entry of a table, e.g. the third [[indicators]]."""

    table: str
    index: int
    data: dict[str, Any]
    line: int | None = None
    key_lines: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) else None

    @property
    def label(self) -> str:
        singular = {"people": "person", "accountabilities": "accountability"}.get(
            self.table, self.table.rstrip("s")
        )
        if self.table == "partnership":
            return "[partnership]"
        if self.id:
            return f'{singular} "{self.id}"'
        return f"{singular} #{self.index + 1}"

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key, self.line)


@dataclass
class ParsedFramework:
    items: dict[str, list[Item]]
    problems: list[Problem]

    def table(self, name: str) -> list[Item]:
        return self.items.get(name, [])

    @property
    def partnership(self) -> Item | None:
        found = self.items.get("partnership")
        return found[0] if found else None


def parse_framework(text: str) -> ParsedFramework:
    """Parse and type-check a framework file; every problem is collected, none raised."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_POSITION.search(str(exc))
        line = int(match.group(1)) if match else None
        message = _TOML_POSITION.sub("", str(exc)).strip()
        return ParsedFramework(
            {},
            [Problem("error", f"not valid TOML: {message}", "correct the syntax", line)],
        )
    lines = _locate(text)
    items: dict[str, list[Item]] = {}
    problems: list[Problem] = []
    for table, content in document.items():
        if table not in TABLES:
            problems.append(
                Problem(
                    "error",
                    f'unknown table "{table}"',
                    f"use one of: {', '.join(TABLES)}",
                    lines.get((table, 0, None)),
                )
            )
            continue
        entries = _entries(table, content)
        if entries is None:
            shape = f"[{table}]" if table in SINGLE_TABLES else f"[[{table}]]"
            problems.append(
                Problem(
                    "error", f'"{table}" has the wrong shape', f"write it as {shape}",
                    lines.get((table, 0, None)),
                )
            )
            continue
        items[table] = []
        for index, data in enumerate(entries):
            key_lines = {
                key: line for (t, i, key), line in lines.items()
                if t == table and i == index and key is not None
            }
            item = Item(table, index, data, lines.get((table, index, None)), key_lines)
            problems += _check_keys(item, TABLES[table])
            items[table].append(item)
    return ParsedFramework(items, problems)


def _entries(table: str, content: Any) -> list[dict[str, Any]] | None:
    if table in SINGLE_TABLES:
        return [content] if isinstance(content, dict) else None
    if isinstance(content, list) and all(isinstance(e, dict) for e in content):
        return content
    return None


def _check_keys(item: Item, keys: dict[str, Key]) -> list[Problem]:
    problems = []
    for name, value in item.data.items():
        spec = keys.get(name)
        if spec is None:
            problems.append(
                Problem(
                    "error", f'unknown key "{name}"',
                    f"remove it or use one of: {', '.join(keys)}",
                    item.line_of(name), item.label,
                )
            )
        elif not _fits(value, spec):
            problems.append(
                Problem(
                    "error", f'"{name}" should be {spec.type_name}', f"change {name} = {value!r}",
                    item.line_of(name), item.label,
                )
            )
        elif spec.choices and value not in spec.choices:
            problems.append(
                Problem(
                    "error", f'"{name}" is "{value}", which is not allowed',
                    f"use one of: {', '.join(spec.choices)}", item.line_of(name), item.label,
                )
            )
    for name, spec in keys.items():
        if spec.required and name not in item.data:
            problems.append(
                Problem("error", f'"{name}" is missing', f"add {name} = ...", item.line,
                        item.label)
            )
    return problems


def _fits(value: Any, spec: Key) -> bool:
    if spec.list_of is not None:
        return isinstance(value, list) and all(isinstance(v, spec.list_of) for v in value)
    types = spec.types if isinstance(spec.types, tuple) else (spec.types,)
    if isinstance(value, bool) and bool not in types:
        return False  # True is an int in Python, never a number in a framework file
    if date in types and isinstance(value, datetime):
        return False
    return isinstance(value, types)


def _locate(text: str) -> dict[tuple[str, int, str | None], int]:
    """Map (table, index, key) -> line, and (table, index, None) -> the header line."""
    found: dict[tuple[str, int, str | None], int] = {}
    counts: dict[str, int] = {}
    current: tuple[str, int] | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(raw)
        if header and not _ASSIGN.match(raw):
            name = header.group(2).strip().strip("\"'")
            if header.group(1) == "[[":
                counts[name] = counts.get(name, -1) + 1
                current = (name, counts[name])
            else:
                current = (name, 0)
            found.setdefault((*current, None), number)
            continue
        assign = _ASSIGN.match(raw)
        if assign and current is not None:
            key = next(g for g in assign.groups() if g)
            found.setdefault((*current, key), number)
    return found


def as_date(value: Any) -> date | None:
    return value if isinstance(value, date) and not isinstance(value, datetime) else None
