"""Read a framework file into items that remember their line numbers.

tomllib does not report positions, so a light scan of the text maps each table entry and key to
its line; that is what lets every message say where to look. Values are checked here too, before
anything reaches the database: free text loses hidden characters, ids holding one are refused,
and every value must fit the column that will store it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from models.framework.problems import Problem
from models.framework.schema import SINGLE_TABLES, Key, tables_for
from models.limits import number_problem, text_limit, too_long
from models.text_safety import clean, hidden_characters, show, unprintable

# A framework file is a few hundred lines; anything near this is a mistake or an attack.
MAX_CHARACTERS = 2_000_000

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
            return f'{singular} "{show(self.id, 40)}"'
        return f"{singular} #{self.index + 1}"

    def line_of(self, key: str) -> int | None:
        return self.key_lines.get(key, self.line)


@dataclass
class ParsedFramework:
    items: dict[str, list[Item]]
    problems: list[Problem]
    chat_platforms: tuple[str, ...] = ()  # whose `<platform>_id` and `_channel` keys are known

    def table(self, name: str) -> list[Item]:
        return self.items.get(name, [])

    @property
    def partnership(self) -> Item | None:
        found = self.items.get("partnership")
        return found[0] if found else None


def parse_framework(text: str, chat_platforms: Collection[str]) -> ParsedFramework:
    """Parse and type-check a framework file; every problem is collected, none raised.
    `chat_platforms` names the platforms whose chat keys the file may use."""
    tables = tables_for(chat_platforms)
    if len(text) > MAX_CHARACTERS:
        return ParsedFramework({}, [Problem(
            "error", f"the file is {len(text):,} characters; the limit is {MAX_CHARACTERS:,}",
            "is this the right file? A framework file is a few hundred lines")])
    try:
        document = tomllib.loads(text)
    except RecursionError:
        return ParsedFramework({}, [Problem(
            "error", "not valid for a framework file: values are nested too deeply",
            "a framework file needs lists of text at most, never lists inside lists")])
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
        if table not in tables:
            problems.append(
                Problem(
                    "error",
                    f'unknown table "{show(table)}"',
                    f"use one of: {', '.join(tables)}",
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
            problems += _check_keys(item, tables[table])
            problems += _check_values(item, tables[table])
            items[table].append(item)
    return ParsedFramework(items, problems, tuple(chat_platforms))


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
                    "error", f'unknown key "{show(name)}"',
                    f"remove it or use one of: {', '.join(keys)}",
                    item.line_of(name), item.label,
                )
            )
        elif not _fits(value, spec):
            problems.append(
                Problem(
                    "error", f'"{name}" should be {spec.type_name}',
                    f"change {name} = {show(repr(value))}",
                    item.line_of(name), item.label,
                )
            )
        elif spec.choices and value not in spec.choices:
            problems.append(
                Problem(
                    "error", f'"{name}" is "{show(value)}", which is not allowed',
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


def _check_values(item: Item, keys: dict[str, Key]) -> list[Problem]:
    """Clean free text in place, refuse ids with hidden characters, and check every value
    against its column: what passes here can be stored on SQLite and PostgreSQL alike."""
    problems = []
    for name, value in list(item.data.items()):
        spec = keys.get(name)
        if spec is None or not _fits(value, spec):
            continue  # already reported by _check_keys
        texts = value if isinstance(value, list) else [value] if isinstance(value, str) else []
        if all(isinstance(t, str) for t in texts) and texts:
            problems += _check_texts(item, name, spec, texts)
        elif spec.column is not None and isinstance(value, int | float):
            reason = number_problem(name, value, spec.column)
            if reason:
                problems.append(Problem("error", reason, "use a smaller number",
                                        item.line_of(name), item.label))
    return problems


def _check_texts(item: Item, name: str, spec: Key, texts: list[str]) -> list[Problem]:
    problems = []
    line = item.line_of(name)
    if spec.text == "id":
        bad = dict.fromkeys(code for text in texts for code in unprintable(text))
        if bad:
            return [Problem(
                "error", f"{name} holds a character that cannot be seen or printed "
                f"({', '.join(bad)})", f"retype {name}; such characters often come with "
                "copying and pasting", line, item.label)]
    else:
        cleaned = [clean(text, multiline=spec.text == "para") for text in texts]
        if cleaned != texts:
            removed = ", ".join(dict.fromkeys(c for t in texts for c in hidden_characters(t)))
            problems.append(Problem(
                "warning", f"{name} held hidden characters ({removed or 'tabs or line breaks'}); "
                "they were removed", f"retype {name} without them", line, item.label))
            item.data[name] = cleaned if isinstance(item.data[name], list) else cleaned[0]
            texts = cleaned
    if spec.column is not None:
        limit = text_limit(spec.column)
        reasons = [r for r in (too_long(name, t, limit) for t in texts) if r]
        if reasons:
            problems.append(Problem("error", reasons[0], f"shorten {name}", line, item.label))
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
