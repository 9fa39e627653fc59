"""Checks of an indicator's SQL source and late-data setting, as `check` reports them."""

from __future__ import annotations

import re

from models.framework.parse import ParsedFramework
from models.framework.problems import Problem
from models.framework.schema import MAX_LATE_AFTER_DAYS, SOURCE_KEYS
from models.sources.query import QueryRefused, check_query
from models.text_safety import show, unprintable

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,99}$")


def sources(parsed: ParsedFramework) -> list[Problem]:
    """An indicator's SQL source names the variable holding its URL (the URL carries a
    password, so it never belongs in a file under version control) and one SELECT, refused
    here if it is anything else, so that a bad query never reaches a database."""
    problems = []
    for item in parsed.table("indicators"):
        days = item.data.get("late_after_days")
        if isinstance(days, int) and not isinstance(days, bool) and \
                not 0 <= days <= MAX_LATE_AFTER_DAYS:
            problems.append(Problem(
                "error", f"late_after_days is {days}", f"use 0 to {MAX_LATE_AFTER_DAYS} days",
                item.line_of("late_after_days"), item.label))
        source = item.data.get("source")
        if isinstance(source, dict):
            problems += [Problem("error", message, fix, item.line_of("source"), item.label)
                         for message, fix in _source_problems(source)]
    return problems


def _source_problems(source: dict[str, object]) -> list[tuple[str, str]]:
    found = []
    for key in source:
        if key in SOURCE_KEYS:
            continue
        if key in ("url", "dsn", "connection", "password"):
            found.append((f"source.{key}: a database URL or password must not be in the file",
                          "put the URL in an environment variable and name it: "
                          'url_env = "REABLEMENT_DB_URL"'))
        else:
            found.append((f'source has an unknown key "{show(key)}"',
                          f"use only {' and '.join(SOURCE_KEYS)}"))
    for key in SOURCE_KEYS:
        value = source.get(key)
        if value is None:
            found.append((f"source.{key} is missing", f"add {key} = ... to the source"))
        elif not isinstance(value, str):
            found.append((f"source.{key} should be text in quotes", f"write {key} = \"...\""))
    env, query = source.get("url_env"), source.get("query")
    if isinstance(env, str) and (not ENV_NAME.match(env) or unprintable(env)):
        found.append((f'source.url_env "{show(env, 40)}" is not the name of an environment '
                      "variable", 'use letters, digits and _, such as "REABLEMENT_DB_URL"'))
    if isinstance(query, str):
        try:
            check_query(query)
        except QueryRefused as refused:
            found.append((f"source.query is refused: {refused}",
                          "give one SELECT returning period and value (and optionally "
                          "numerator, denominator, area, note, quality)"))
    return found
