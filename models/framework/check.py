"""The golden-thread checks: references, duplicates, cycles, gaps and balance.

Every problem is reported at once, with the item, the line and what to do about it, so a
performance lead can fix a file in one pass rather than one error per run.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from models.emails import email_key
from models.framework.parse import Item, ParsedFramework, parse_framework
from models.framework.problems import Problem
from models.framework.schema import DEFAULT_MAX_INDICATORS, REFERENCES, identity_key
from models.text_safety import show

DIGEST_PATTERN = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):([0-5]\d)$")


def check_text(text: str, chat_platforms: Collection[str]) -> tuple[ParsedFramework,
                                                                    list[Problem]]:
    """Parse and check a framework file; returns the parsed file and every problem found."""
    parsed = parse_framework(text, chat_platforms)
    if not parsed.items and parsed.problems:
        return parsed, parsed.problems
    problems = list(parsed.problems)
    for check in (
        _partnership,
        _duplicates,
        _identities,
        _references,
        _objective_chains,
        _indicators,
        _outcomes_measured,
        _accountabilities,
        _teams,
        _rebases,
    ):
        problems += check(parsed)
    problems.sort(key=lambda p: (p.line or 0, p.severity))
    return parsed, problems


def objective_outcomes(parsed: ParsedFramework) -> dict[str, str | None]:
    """The outcome each objective serves, following `parent` links; None in a cycle or a gap."""
    by_id = {item.id: item for item in parsed.table("objectives") if item.id}
    result: dict[str, str | None] = {}
    for objective_id in by_id:
        seen: list[str] = []
        current: str | None = objective_id
        outcome: str | None = None
        while current in by_id and current not in seen:
            seen.append(current)
            data = by_id[current].data
            if isinstance(data.get("outcome"), str):
                outcome = data["outcome"]
                break
            current = data.get("parent") if isinstance(data.get("parent"), str) else None
        result[objective_id] = outcome
    return result


def _partnership(parsed: ParsedFramework) -> list[Problem]:
    item = parsed.partnership
    if item is None:
        return [Problem("error", "the [partnership] table is missing",
                        'add [partnership] with name = "..." and timezone = "Europe/London"', 1)]
    zone = item.data.get("timezone")
    if isinstance(zone, str):
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a path
            return [Problem("error", f'timezone "{show(zone)}" is not a known time zone',
                            'use an IANA name such as "Europe/London"', item.line_of("timezone"),
                            item.label)]
    return []


def _duplicates(parsed: ParsedFramework) -> list[Problem]:
    problems = []
    for table, items in parsed.items.items():
        counts = Counter(item.id for item in items if item.id)
        first_line: dict[str, int | None] = {}
        for item in items:
            if item.id is None or counts[item.id] < 2:
                continue
            if item.id not in first_line:
                first_line[item.id] = item.line
                continue
            problems.append(Problem(
                "error", f"the id is used more than once in [[{table}]] (first at line "
                f"{first_line[item.id]})", "give each item its own id", item.line_of("id"),
                item.label))
    return problems


def _identities(parsed: ParsedFramework) -> list[Problem]:
    """A chat id or email belongs to one person: the loader would otherwise hand the first
    person's account to the second. Emails are compared as identity lookups compare them."""
    problems = []
    for key in (*(identity_key(p) for p in parsed.chat_platforms), "email"):
        first: dict[str, Item] = {}
        for item in parsed.table("people"):
            value = item.data.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            same = email_key(value) if key == "email" else value
            if same not in first:
                first[same] = item
                continue
            other = first[same]
            problems.append(Problem(
                "error", f'{key} "{show(value)}" is also given to {other.label} (line '
                f"{other.line_of(key)}); one {key} cannot be two people",
                f"correct the {key} of {item.label} or of {other.label}", item.line_of(key),
                item.label))
    return problems


def _references(parsed: ParsedFramework) -> list[Problem]:
    known = {table: {i.id for i in items if i.id} for table, items in parsed.items.items()}
    problems = []
    for (table, key), target in REFERENCES.items():
        for item in parsed.table(table):
            value = item.data.get(key)
            values = value if isinstance(value, list) else [value]
            for ref in values:
                if isinstance(ref, str) and ref not in known.get(target, set()):
                    choices = ", ".join(sorted(known.get(target, set()))[:8]) or "none yet"
                    problems.append(Problem(
                        "error", f'{key} "{show(ref)}" is not an id in [[{target}]]',
                        f"use one of: {show(choices, 200)}", item.line_of(key), item.label))
    return problems


def _objective_chains(parsed: ParsedFramework) -> list[Problem]:
    by_id = {item.id: item for item in parsed.table("objectives") if item.id}
    problems = []
    reported: set[frozenset[str]] = set()
    for item in parsed.table("objectives"):
        data = item.data
        if "outcome" not in data and "parent" not in data:
            problems.append(Problem(
                "error", "it serves no outcome", 'add outcome = "<outcome id>" (or parent = '
                '"<objective id>" for a lower-level objective)', item.line, item.label))
            continue
        chain: list[str] = []
        current = item.id
        while current in by_id and "outcome" not in by_id[current].data:
            if current in chain:
                loop = chain[chain.index(current):]
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    path = " -> ".join([*loop, current])
                    problems.append(Problem(
                        "error", f"objectives form a cycle: {path}",
                        "give one of them an outcome instead of a parent",
                        by_id[loop[0]].line_of("parent"), by_id[loop[0]].label))
                break
            chain.append(current)
            parent = by_id[current].data.get("parent")
            current = parent if isinstance(parent, str) else None
    return problems


def _indicators(parsed: ParsedFramework) -> list[Problem]:
    outcome_of = objective_outcomes(parsed)
    problems = []
    indicators = parsed.table("indicators")
    for item in indicators:
        data = item.data
        objective = data.get("objective")
        has_outcome = isinstance(data.get("outcome"), str) or (
            isinstance(objective, str) and outcome_of.get(objective) is not None
        )
        if not has_outcome and "objective" not in data:
            problems.append(Problem(
                "warning", "no outcome above it: it is not on the golden thread",
                'add objective = "<objective id>" or outcome = "<outcome id>"', item.line,
                item.label))
        if "target" in data and "target_basis" not in data:
            problems.append(Problem(
                "warning", "it has a target but no target_basis",
                'say where the target comes from: target_basis = "peer", "national", '
                '"ambition" or "past"', item.line_of("target"), item.label))
        fix_after = data.get("fix_after_n_points")
        if isinstance(fix_after, int) and not isinstance(fix_after, bool) and fix_after < 12:
            problems.append(Problem(
                "error", f"fix_after_n_points is {fix_after}; limits need at least 12 points",
                "use 12 or more, or remove it", item.line_of("fix_after_n_points"), item.label))
    partnership = parsed.partnership
    limit = DEFAULT_MAX_INDICATORS
    if partnership and isinstance(partnership.data.get("max_indicators"), int):
        limit = partnership.data["max_indicators"]
    if len(indicators) > limit:
        problems.append(Problem(
            "warning", f"{len(indicators)} indicators is more than max_indicators = {limit}; "
            "the research asks for a small number", "retire the least useful indicators or "
            "raise max_indicators", partnership.line_of("max_indicators") if partnership else None,
            "[partnership]"))
    return problems


def _outcomes_measured(parsed: ParsedFramework) -> list[Problem]:
    outcome_of = objective_outcomes(parsed)
    kinds: dict[str, list[str]] = {}
    for item in parsed.table("indicators"):
        outcome = item.data.get("outcome")
        objective = item.data.get("objective")
        if not isinstance(outcome, str) and isinstance(objective, str):
            outcome = outcome_of.get(objective)
        if isinstance(outcome, str):
            kinds.setdefault(outcome, []).append(str(item.data.get("kind", "")))
    problems = []
    for item in parsed.table("outcomes"):
        found = kinds.get(item.id or "", [])
        if not found:
            problems.append(Problem(
                "warning", "no indicator measures it",
                "add an indicator with this outcome (directly or through an objective)",
                item.line, item.label))
        elif len(found) > 1 and len(set(found)) == 1:
            problems.append(Problem(
                "warning", f"all {len(found)} of its indicators are of kind \"{found[0]}\"; "
                "the set is not balanced", "add an indicator of another kind (outcome, process, "
                "experience or cost)", item.line, item.label))
    return problems


def _accountabilities(parsed: ParsedFramework) -> list[Problem]:
    problems = []
    for item in parsed.table("accountabilities"):
        if "owner" not in item.data:
            problems.append(Problem(
                "error", "it has no owner", 'add owner = "<person id>": every action needs '
                "someone to hold it", item.line, item.label))
        if "due" not in item.data and item.data.get("status", "open") == "open":
            problems.append(Problem(
                "error", "it has no due date", "add due = 2026-12-31 (a TOML date)",
                item.line, item.label))
        if "objective" not in item.data and "indicator" not in item.data:
            problems.append(Problem(
                "warning", "it is not linked to the golden thread",
                'add objective = "<objective id>" or indicator = "<indicator id>"',
                item.line, item.label))
    return problems


def _teams(parsed: ParsedFramework) -> list[Problem]:
    problems = []
    for item in parsed.table("teams"):
        digest = item.data.get("digest")
        if isinstance(digest, str) and not DIGEST_PATTERN.match(digest.strip().lower()):
            problems.append(Problem(
                "error", f'digest "{show(digest)}" is not a weekday and a 24-hour time',
                'write it like "mon 09:00"', item.line_of("digest"), item.label))
    return problems


def _rebases(parsed: ParsedFramework) -> list[Problem]:
    problems = []
    seen: set[tuple[object, object]] = set()
    for item in parsed.table("rebases"):
        reason = item.data.get("reason")
        if isinstance(reason, str) and not reason.strip():
            problems.append(Problem(
                "error", "a rebase needs a reason", 'say what changed: reason = "..."',
                item.line_of("reason"), _rebase_label(item)))
        key = (item.data.get("indicator"), item.data.get("date"))
        if key in seen:
            problems.append(Problem(
                "error", "the same indicator is rebased twice on one date",
                "remove the repeat", item.line, _rebase_label(item)))
        seen.add(key)
    return problems


def _rebase_label(item: Item) -> str:
    return f"rebase of \"{item.data.get('indicator')}\" on {item.data.get('date')}"
