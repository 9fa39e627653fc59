"""A structural check of the Adaptive Cards we render: version 1.5, the element and action
types we use, what each needs, and the size budget.

A guard for our own renderer (its tests, the delivery tests and anyone changing a card), not
a full schema: it says in readable lines what Teams would refuse or draw wrongly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bot.teams.render import MAX_BYTES, VERSION, card_size

ELEMENT_TYPES = frozenset(
    {"TextBlock", "FactSet", "Image", "Container", "ColumnSet", "Column", "ActionSet",
     "Input.Text", "Input.ChoiceSet", "Input.Toggle", "Input.Date", "Chart.Line"})
ACTION_TYPES = frozenset({"Action.Execute", "Action.OpenUrl", "Action.Submit"})


def validate_adaptive_card(card: Mapping[str, Any], *, max_bytes: int = MAX_BYTES) -> list[str]:
    """Structural problems with a card (version, element and action types, required fields,
    size) as readable lines; empty when it is fine."""
    problems: list[str] = []
    if card.get("type") != "AdaptiveCard":
        problems.append("type must be AdaptiveCard")
    if card.get("version") != VERSION:
        problems.append(f"version must be {VERSION}, not {card.get('version')!r}")
    _check_elements(card.get("body"), "body", problems)
    _check_actions(card.get("actions", []), "actions", problems)
    size = card_size(card)
    if size > max_bytes:
        problems.append(f"card is {size} bytes (budget {max_bytes})")
    return problems


def _known(items: Any, path: str, allowed: frozenset[str], what: str,
           problems: list[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(where, type, item) for each item of an allowed type; the rest become problems."""
    if not isinstance(items, list):
        problems.append(f"{path}: must be a list")
        return
    for n, item in enumerate(items):
        where = f"{path}[{n}]"
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in allowed:
            problems.append(f"{where}: {what} type {kind!r} is not allowed")
            continue
        yield where, kind, item


def _check_elements(elements: Any, path: str, problems: list[str]) -> None:
    for where, kind, element in _known(elements, path, ELEMENT_TYPES, "element", problems):
        if kind.startswith("Input.") and not (isinstance(element.get("id"), str)
                                              and element["id"]):
            problems.append(f"{where}: {kind} needs an id")
        elif kind.startswith("Chart."):
            fallback = element.get("fallback")
            if not isinstance(fallback, dict):  # iOS draws no chart: something must stand in
                problems.append(f"{where}: {kind} needs a fallback element")
            else:
                _check_elements([fallback], f"{where}.fallback", problems)
            if not isinstance(element.get("data"), list) or not element["data"]:
                problems.append(f"{where}: {kind} needs data")
        elif kind == "TextBlock" and not isinstance(element.get("text"), str):
            problems.append(f"{where}: TextBlock needs text")
        elif kind == "Image":
            _check_image(element, where, problems)
        elif kind == "FactSet":
            facts = element.get("facts")
            if not isinstance(facts, list) or not facts:
                problems.append(f"{where}: FactSet needs facts")
            elif not all(isinstance(f, dict) and isinstance(f.get("title"), str)
                         and isinstance(f.get("value"), str) for f in facts):
                problems.append(f"{where}: every fact needs a title and value string")
        elif kind in ("Container", "Column"):
            _check_elements(element.get("items"), f"{where}.items", problems)
        elif kind == "ColumnSet":
            columns = element.get("columns", [])
            if not all(isinstance(c, dict) and c.get("type") == "Column" for c in columns):
                problems.append(f"{where}: ColumnSet columns must be Columns")
            _check_elements(columns, f"{where}.columns", problems)
        elif kind == "ActionSet":
            _check_actions(element.get("actions"), f"{where}.actions", problems)


def _check_image(element: dict[str, Any], where: str, problems: list[str]) -> None:
    url = element.get("url")
    if not isinstance(url, str) or not url.startswith(("https://", "http://", "data:image/")):
        problems.append(f"{where}: Image needs an http(s) or data:image url")
    if not isinstance(element.get("altText"), str) or not element["altText"]:
        problems.append(f"{where}: Image needs altText")


def _check_actions(actions: Any, path: str, problems: list[str]) -> None:
    for where, kind, action in _known(actions, path, ACTION_TYPES, "action", problems):
        if not isinstance(action.get("title"), str) or not action["title"]:
            problems.append(f"{where}: action needs a title")
        if kind == "Action.OpenUrl" and not isinstance(action.get("url"), str):
            problems.append(f"{where}: Action.OpenUrl needs url")
        if kind == "Action.Execute" and not isinstance(action.get("verb"), str):
            problems.append(f"{where}: Action.Execute needs verb")
        if "data" in action and not isinstance(action["data"], dict | str):
            problems.append(f"{where}: data must be an object or string")
