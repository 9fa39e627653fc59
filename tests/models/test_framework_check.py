"""`framework check`: every mistake reported at once, with the item, the line and a fix."""

from __future__ import annotations

from pathlib import Path

from models.framework import check_text, has_errors

FIXTURES = Path(__file__).parents[1] / "fixtures"


def problems_of(text: str) -> list[tuple[str, int | None, str]]:
    _, problems = check_text(text)
    return [(p.severity, p.line, f"{p.item}: {p.message}") for p in problems]


def test_clean_file_has_no_problems(framework_text: str) -> None:
    _, problems = check_text(framework_text)
    assert problems == []


def test_every_mistake_is_reported_in_one_run() -> None:
    text = (FIXTURES / "framework_mistakes.toml").read_text()
    _, problems = check_text(text)
    found = [(p.severity, p.line, p.item, p.message) for p in problems]
    lines = text.splitlines()

    def line_of(fragment: str) -> int:
        return next(i for i, line in enumerate(lines, 1) if fragment in line)

    def has(severity: str, line: int | None, item: str, words: str) -> bool:
        return any(s == severity and (line is None or ln == line) and it == item and words in m
                   for s, ln, it, m in found)

    assert has("error", line_of("favourite_colour"), 'person "amina"', 'unknown key "favourite')
    assert has("error", line_of('partner = "nowhere"'), 'team "reablement"',
               'partner "nowhere" is not an id in [[partners]]')
    assert has("error", None, 'team "reablement"', "used more than once")
    assert has("error", line_of('parent = "loop-b"'), 'objective "loop-a"',
               "cycle: loop-a -> loop-b -> loop-a")
    assert has("warning", None, 'indicator "i3"', "no outcome above it")
    assert has("warning", None, 'outcome "lonely"', "no indicator measures it")
    assert has("error", None, 'accountability "no-owner"', "no owner")
    assert has("error", None, 'accountability "no-due"', "no due date")
    assert has("warning", None, "[partnership]", "more than max_indicators = 3")
    assert has("warning", None, 'outcome "home"', 'of kind "outcome"; the set is not balanced')
    assert has("warning", line_of("target = 85"), 'indicator "i1"', "no target_basis")
    assert has_errors(problems)
    assert all(p.fix for p in problems)
    # The cycle is reported once, not once per member.
    assert sum("cycle" in p.message for p in problems) == 1


def test_syntax_error_names_the_line() -> None:
    text = '[partnership]\nname = "x"\ntimezone = \n'
    _, problems = check_text(text)
    assert len(problems) == 1 and problems[0].line == 3
    assert problems[0].message.startswith("not valid TOML")


def test_wrong_types_and_values_name_the_key(framework_text: str) -> None:
    bad = framework_text.replace('unit = "%"', 'unit = "percent"').replace(
        "cost_hours = 6", 'cost_hours = "six"').replace("due = 2026-12-01", 'due = "soon"')
    messages = [p.message for p in check_text(bad)[1]]
    assert '"unit" is "percent", which is not allowed' in messages
    assert '"cost_hours" should be a number' in messages
    assert '"due" should be a date like 2026-12-01' in messages


def test_unknown_table_and_bad_schedule_and_timezone(framework_text: str) -> None:
    bad = (framework_text.replace('digest = "mon 09:00"', 'digest = "monday 9am"')
           .replace('timezone = "Europe/London"', 'timezone = "Europe/Londn"')
           + '\n[[budgets]]\nid = "x"\n')
    messages = [p.message for p in check_text(bad)[1]]
    assert any('unknown table "budgets"' in m for m in messages)
    assert any('digest "monday 9am"' in m for m in messages)
    assert any('timezone "Europe/Londn"' in m for m in messages)


def test_rebase_needs_a_reason(framework_text: str) -> None:
    rebase = '\n[[rebases]]\nindicator = "home-91"\ndate = 2026-03-01\nreason = " "\n'
    text = framework_text + rebase
    messages = [p.message for p in check_text(text)[1]]
    assert "a rebase needs a reason" in messages
    missing = framework_text + '\n[[rebases]]\nindicator = "home-91"\ndate = 2026-03-01\n'
    assert '"reason" is missing' in [p.message for p in check_text(missing)[1]]


def test_odd_unicode_is_fine(framework_text: str) -> None:
    text = framework_text.replace("Amina Shah", "Amīna Şhah 👩🏽‍⚕️").replace(
        "Reablement Team\"", "Équipe de réadaptation \u200b\"")
    assert not has_errors(check_text(text)[1])
