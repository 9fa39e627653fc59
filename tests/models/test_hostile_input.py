"""Hostile input, generated: the framework loader and the importer never crash, say what is
wrong on one line that names where, store no hidden character, and write nothing when they
refuse. Each property runs on SQLite and PostgreSQL against a database with the small framework
loaded; every example leaves it as it found it (rolled back, or nothing written)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import queries
from models.framework import FrameworkError, check_text, has_errors, load_framework
from models.imports.importer import import_file
from models.imports.read import DataFileError
from models.tables import Base
from tests.fakes.platforms import CHAT

# Defined here, not imported, so the test does not share a mistake with the code it tests.
HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SPACES = ("\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
          + "\u2028\u2029\u202f\u205f\u3000")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FRAGMENTS = [
    "<!channel>", "<!here>", "<@U123>", "<#C0REABLE>", "*bold* _it_ ~gone~ `code`",
    "[link](https://evil.example)", "# heading", "> quote", "'; DROP TABLE person; --",
    "Robert'); DELETE FROM measurement;--", "\x1b[31m", "\x1b[2J", "\x1b]0;owned\x07", "\x9b1m",
    "\x00", "\x07", "\x7f", "\r\n", "\n", "\t", "🙂", "👩🏽‍⚕️", "🏳️‍🌈", "%", "_", "\\", '"', "'",
    "=1+1", "+44", "-3", "@SUM(A1)", "amina.shah@riverside.example", "home-91", "Amina Shah",
]
LONG = ["x" * 10_000, "\u202e" * 400, "🙂" * 3000, "a\x00" * 500, " " * 301]

hostile = st.one_of(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(SPACES + ZERO_WIDTH + BIDI,
                                                           max_size=4),
                       st.text(max_size=12)), min_size=1, max_size=6).map("".join),
    st.sampled_from(LONG),
)
EXAMPLES = 40


def dump(sessions: sessionmaker[Session]) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Every row of every table, in key order: equal dumps mean an unchanged database."""
    with sessions() as session:
        return [(table.name, [tuple(row) for row in session.execute(
            select(table).order_by(*table.primary_key.columns))])
            for table in Base.metadata.sorted_tables]


def hidden_in(value: object) -> bool:
    if isinstance(value, str):
        return HIDDEN.search(value) is not None
    if isinstance(value, dict):
        return any(hidden_in(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(hidden_in(v) for v in value)
    return False


def stored_text_is_clean(session: Session) -> None:
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            assert not hidden_in(tuple(row)), (table.name, row)


def one_line(text: str) -> bool:
    return text.isprintable() and "\x1b" not in text


# --- the framework file -------------------------------------------------------------------

SLOTS = {
    "partnership": 'name = "Riverside Health and Care Partnership"',
    "timezone": 'timezone = "Europe/London"',
    "person": 'name = "Amina Shah"',
    "email": 'email = "ben.okafor@riverside.example"',
    "slack_id": 'slack_id = "U0BEN"',
    "team": 'name = "Reablement Team"',
    "channel": 'slack_channel = "C0REABLE"',
    "digest": 'digest = "fri 08:00"',
    "outcome": 'title = "Older people live independently at home for longer"',
    "plain": 'plain = "More older people stay well in their own homes."',
    "indicator": 'name = "Still at home 91 days after reablement"',
    "alias": 'aliases = ["reablement success", "91 day"]',
    "code": 'national_code = "ASCOF 2B"',
    "action": 'action = "Open ten extra reablement slots at weekends"',
    "action_id": 'id = "extra-slots"',
    "owner": 'owner = "ben"',
}


def toml_string(value: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def framework_with(base: str, values: dict[str, str], reason: str | None) -> str:
    text = base
    for slot, value in values.items():
        line = SLOTS[slot]
        key = line.split(" = ")[0]
        new = (f'{key} = [{toml_string(value)}, "91 day"]' if slot == "alias"
               else f"{key} = {toml_string(value)}")
        assert line in text
        text = text.replace(line, new, 1)
    if reason is not None:
        text += f'\n[[rebases]]\nindicator = "home-91"\ndate = 2026-03-01\nreason = ' \
                f"{toml_string(reason)}\n"
    return text


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(values=st.dictionaries(st.sampled_from(list(SLOTS)), hostile, min_size=1, max_size=4),
       reason=st.none() | hostile)
@example(values={"person": "Amina\x00 Shah\u202e", "plain": "<!channel>\x1b[2J"}, reason="\x00")
@example(values={"outcome": "x" * 10_000, "timezone": "x" * 10_000}, reason="x" * 10_000)
@example(values={"action_id": "extra\x1b[31m", "email": " AMINA.SHAH@riverside.example"},
         reason=None)
@example(values={"slack_id": "U0AMINA", "owner": "'; DROP TABLE person; --"}, reason=None)
def test_framework_files_with_hostile_values(
    loaded: sessionmaker[Session], framework_text: str, values: dict[str, str],
    reason: str | None,
) -> None:
    text = framework_with(framework_text, values, reason)
    _, problems = check_text(text, chat_platforms=CHAT)
    for problem in problems:
        assert one_line(problem.format("framework.toml")), problem
        assert problem.line is not None or problem.item is not None, problem
    before = dump(loaded)
    with loaded() as session:
        event("refused" if has_errors(problems) else "loaded")
        if has_errors(problems):
            with pytest.raises(FrameworkError):
                load_framework(session, text, chat_platforms=CHAT)
            session.commit()  # even a careless caller commits nothing: nothing was staged
        else:
            load_framework(session, text, chat_platforms=CHAT)
            stored_text_is_clean(session)
            assert load_framework(session, text, chat_platforms=CHAT).summary() == "nothing changed"
            session.rollback()
    assert dump(loaded) == before


# --- data files ----------------------------------------------------------------------------

COLUMNS = ["indicator", "period", "value", "numerator", "denominator", "area", "note"]
indicator_cell = st.sampled_from(["home-91", "delayed-discharges"]) | hostile
period_cell = st.sampled_from(["2026-10-01", "2026-11-01", "2026-11-02", "2026-11-09"]) | hostile
number_cell = st.sampled_from(["", "80", "1,204", "41", "83.5%", "£1,200"]) | hostile
text_cell = st.sampled_from(["", "North", "after weekend slots"]) | hostile
row = st.fixed_dictionaries({
    "indicator": indicator_cell, "period": period_cell, "value": number_cell,
    "numerator": st.just("") | number_cell, "denominator": st.just("") | number_cell,
    "area": text_cell, "note": text_cell,
})


GOOD_ROW = {"indicator": "home-91", "period": "2026-10-01", "value": "80", "numerator": "",
            "denominator": "", "area": "", "note": ""}


def write_file(folder: Path, kind: str, rows: list[dict[str, str]]) -> Path:
    path = folder / f"data.{kind}"
    if kind == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows([r[c] for c in COLUMNS] for r in rows)
        return path
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for r in rows:  # a workbook cannot hold most control characters at all
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", r[c]) for c in COLUMNS])
    book.save(path)
    return path


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.sampled_from(["csv", "xlsx"]), rows=st.lists(row, min_size=1, max_size=6),
       skip_invalid=st.booleans())
@example(kind="csv", skip_invalid=True, rows=[
    {**GOOD_ROW, "area": "x" * 10_000}, {**GOOD_ROW, "note": "\x1b[2J<!channel>\u202e"},
    {**GOOD_ROW, "indicator": "home-91\u202e"}, {**GOOD_ROW, "value": "=1+1"}])
@example(kind="xlsx", skip_invalid=False, rows=[{**GOOD_ROW, "note": "<@U123> 🙂" * 300}])
def test_data_files_with_hostile_cells(
    loaded: sessionmaker[Session], tmp_path: Path, kind: str, rows: list[dict[str, str]],
    skip_invalid: bool,
) -> None:
    path = write_file(tmp_path, kind, rows)
    before = dump(loaded)
    with loaded() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        try:
            report = import_file(session, path, partnership.id, skip_invalid=skip_invalid)
        except DataFileError as exc:
            event("file refused")
            assert one_line(str(exc)) and str(exc).startswith(path.name), exc
            session.commit()
            assert dump(loaded) == before
            return
        for error in report.errors:
            assert one_line(error.reason) and error.reason, error
            assert 2 <= error.line <= len(rows) + 1 + sum(
                r[c].count("\n") + r[c].count("\r") for r in rows for c in COLUMNS)
        event("rows refused" if report.errors and not skip_invalid else "imported")
        if report.errors and not skip_invalid:
            session.commit()  # a careless caller: nothing was staged, so nothing is written
            assert dump(loaded) == before
            return
        stored_text_is_clean(session)
        session.rollback()
    assert dump(loaded) == before
    if report.rejects_file is not None:
        with report.rejects_file.open(newline="", encoding="utf-8") as handle:
            cells = [cell for line in csv.reader(handle) for cell in line]
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
        assert not any(hidden_in(cell) for cell in cells)
