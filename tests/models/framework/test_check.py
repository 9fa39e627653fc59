"""`framework check`: every mistake reported at once, with the item, the line and a fix."""

from __future__ import annotations

import pytest

from models.framework import check_text, has_errors
from tests.fakes.platforms import CHAT
from tests.paths import FIXTURES


def problems_of(text: str) -> list[tuple[str, int | None, str]]:
    _, problems = check_text(text, chat_platforms=CHAT)
    return [(p.severity, p.line, f"{p.item}: {p.message}") for p in problems]


def test_clean_file_has_no_problems(framework_text: str) -> None:
    _, problems = check_text(framework_text, chat_platforms=CHAT)
    assert problems == []


def test_every_mistake_is_reported_in_one_run() -> None:
    text = (FIXTURES / "framework_mistakes.toml").read_text()
    _, problems = check_text(text, chat_platforms=CHAT)
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
    _, problems = check_text(text, chat_platforms=CHAT)
    assert len(problems) == 1 and problems[0].line == 3
    assert problems[0].message.startswith("not valid TOML")


def test_wrong_types_and_values_name_the_key(framework_text: str) -> None:
    bad = framework_text.replace('unit = "%"', 'unit = "percent"').replace(
        "cost_hours = 6", 'cost_hours = "six"').replace("due = 2026-12-01", 'due = "soon"')
    messages = [p.message for p in check_text(bad, chat_platforms=CHAT)[1]]
    assert '"unit" is "percent", which is not allowed' in messages
    assert '"cost_hours" should be a number' in messages
    assert '"due" should be a date like 2026-12-01' in messages


def test_unknown_table_and_bad_schedule_and_timezone(framework_text: str) -> None:
    bad = (framework_text.replace('digest = "mon 09:00"', 'digest = "monday 9am"')
           .replace('timezone = "Europe/London"', 'timezone = "Europe/Londn"')
           + '\n[[budgets]]\nid = "x"\n')
    messages = [p.message for p in check_text(bad, chat_platforms=CHAT)[1]]
    assert any('unknown table "budgets"' in m for m in messages)
    assert any('digest "monday 9am"' in m for m in messages)
    assert any('timezone "Europe/Londn"' in m for m in messages)


def test_rebase_needs_a_reason(framework_text: str) -> None:
    rebase = '\n[[rebases]]\nindicator = "home-91"\ndate = 2026-03-01\nreason = " "\n'
    text = framework_text + rebase
    messages = [p.message for p in check_text(text, chat_platforms=CHAT)[1]]
    assert "a rebase needs a reason" in messages
    missing = framework_text + '\n[[rebases]]\nindicator = "home-91"\ndate = 2026-03-01\n'
    assert '"reason" is missing' in [p.message for p in check_text(missing, chat_platforms=CHAT)[1]]


def test_odd_unicode_is_fine(framework_text: str) -> None:
    text = framework_text.replace("Amina Shah", "Amīna Şhah 👩🏽‍⚕️").replace(
        "Reablement Team\"", "Équipe de réadaptation \u200b\"")
    assert not has_errors(check_text(text, chat_platforms=CHAT)[1])


def line_of(text: str, fragment: str, after: int = 0) -> int:
    lines = text.splitlines()
    return next(i for i, line in enumerate(lines, 1) if i > after and fragment in line)


@pytest.mark.parametrize(("key", "amina", "pat"), [
    ("slack_id", None, 'slack_id = "U0AMINA"'),
    ("teams_id", 'teams_id = "29:amina"', 'teams_id = "29:amina"'),
    ("email", None, 'email = " Amina.Shah@RIVERSIDE.example "'),
])
def test_one_identity_cannot_be_two_people(
    framework_text: str, key: str, amina: str | None, pat: str
) -> None:
    """Today a second person with Amina's slack_id silently takes over her account on load."""
    text = framework_text
    if amina:
        text = text.replace('name = "Amina Shah"', f'name = "Amina Shah"\n{amina}', 1)
    text = text.replace('name = "Pat Lee"', f'name = "Pat Lee"\n{pat}')
    _, problems = check_text(text, chat_platforms=CHAT)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1, errors
    error = errors[0]
    first_line = line_of(text, f"{key} = ", line_of(text, 'id = "amina"'))
    assert error.item == 'person "pat"'
    assert error.line == line_of(text, pat, line_of(text, 'id = "pat"'))
    assert f'is also given to person "amina" (line {first_line})' in error.message
    assert error.message.startswith(key)


def test_different_identities_are_fine(framework_text: str) -> None:
    assert not has_errors(check_text(framework_text, chat_platforms=CHAT)[1])


def test_too_long_values_are_errors_with_the_limit(framework_text: str) -> None:
    """A 10,000-character title passed check and then crashed load on PostgreSQL."""
    long_title = "x" * 10_000
    text = (framework_text.replace(
        'title = "Older people live independently at home for longer"',
        f'title = "{long_title}"')
        .replace('id = "extra-slots"', f'id = "{"k" * 101}"')
        .replace('slack_id = "U0BEN"', f'slack_id = "{"U" * 101}"')
        .replace('aliases = ["reablement success", "91 day"]', f'aliases = ["{"a" * 301}"]')
        .replace('action = "Agree the weekend rota with the trust"', f'action = "{"b" * 2001}"'))
    _, problems = check_text(text, chat_platforms=CHAT)
    found = {(p.line, p.message) for p in problems if p.severity == "error"}
    assert (line_of(text, long_title), "title is 10,000 characters; the limit is 300") in found
    assert (line_of(text, "k" * 101), "id is 101 characters; the limit is 100") in found
    assert (line_of(text, "U" * 101), "slack_id is 101 characters; the limit is 100") in found
    assert (line_of(text, "a" * 301), "aliases is 301 characters; the limit is 300") in found
    assert (line_of(text, "b" * 2001), "action is 2,001 characters; the limit is 2,000") in found
    assert all(len(p.message) < 300 for p in problems)


@pytest.mark.parametrize(("old", "new", "words"), [
    ("budget = 1200000", "budget = 1e15",
     "budget is 1,000,000,000,000,000; it must be less than 1,000,000,000,000"),
    ("max_indicators = 15", "max_indicators = 99999999999", "it must be between"),
    ("target = 85", "target = nan", "target is nan, which is not a finite number"),
    ("cost_hours = 6", "cost_hours = inf", "cost_hours is inf, which is not a finite number"),
])
def test_numbers_must_fit_their_column(framework_text: str, old: str, new: str,
                                       words: str) -> None:
    text = framework_text.replace(old, new, 1)
    errors = [p for p in check_text(text, chat_platforms=CHAT)[1] if p.severity == "error"]
    assert [p.line for p in errors] == [line_of(text, new)]
    assert words in errors[0].message


def test_hidden_characters_are_removed_from_text_and_refused_in_ids(framework_text: str) -> None:
    text = (framework_text
            .replace('name = "Amina Shah"', 'name = "Amina\\u001b[31m Shah\\u0000\\u202e"')
            .replace('action = "Open ten extra', 'action = "Open\\nten\\u0007 extra')
            .replace('slack_id = "U0BEN"', 'slack_id = "U0BEN\\u001b[2J"'))
    parsed, problems = check_text(text, chat_platforms=CHAT)
    amina = next(i for i in parsed.table("people") if i.id == "amina")
    assert amina.data["name"] == "Amina Shah"
    action = next(i for i in parsed.table("accountabilities") if i.id == "extra-slots")
    assert action.data["action"].startswith("Open\nten extra")  # a paragraph keeps its lines
    warnings = [p for p in problems if p.severity == "warning"]
    assert [(p.item, p.line) for p in warnings] == [
        ('person "amina"', line_of(text, "Amina\\u001b")),
        ('accountability "extra-slots"', line_of(text, "Open\\nten"))]
    assert "U+001B, U+0000, U+202E" in warnings[0].message
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.item, p.line) for p in errors] == [('person "ben"', line_of(text, "U0BEN\\u001b"))]
    assert "slack_id holds a character that cannot be seen or printed (U+001B)" in (
        errors[0].message)


def test_problems_quote_hostile_values_on_one_printable_line(framework_text: str) -> None:
    text = framework_text.replace('owner = "amina"', 'owner = "am\\u001b[2J\\nina\\u202e"', 1)
    text += '\n["\\u001b]0;pwned\\u0007"]\nx = 1\n'
    _, problems = check_text(text, chat_platforms=CHAT)
    assert len(problems) >= 2
    for problem in problems:
        shown = problem.format("f.toml")
        assert shown.isprintable(), shown
        assert "\x1b" not in shown and "\n" not in shown
    assert any('\\x1b[2J\\nina\\u202e' in p.message for p in problems)


def test_deeply_nested_toml_is_refused_with_a_message() -> None:
    text = '[partnership]\nname = "x"\na = ' + "[" * 100_000 + "]" * 100_000 + "\n"
    _, problems = check_text(text, chat_platforms=CHAT)
    assert [(p.severity, p.message) for p in problems] == [
        ("error", "not valid for a framework file: values are nested too deeply")]


def test_an_absurdly_large_file_is_refused_with_a_message(framework_text: str) -> None:
    text = framework_text + "# " + "x" * 2_000_000 + "\n"
    _, problems = check_text(text, chat_platforms=CHAT)
    assert len(problems) == 1
    assert problems[0].message.startswith(f"the file is {len(text):,} characters; the limit is")
