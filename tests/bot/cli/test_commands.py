"""The command list `goldthread --help` prints without importing any command agrees with the
commands themselves, and printing it loads nothing heavy."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

from click.testing import CliRunner

from bot.cli import COMMANDS, main

HEAVY = ("pandas", "numpy", "matplotlib", "sqlalchemy", "alembic", "slack_bolt", "slack_sdk",
         "uvicorn", "apscheduler", "rich", "jinja2", "microsoft_teams")


def test_each_listed_help_line_is_the_commands_own() -> None:
    for name, (module, attribute, listed) in COMMANDS.items():
        command = getattr(importlib.import_module(module), attribute)
        own = " ".join((command.help or "").split("\n\n")[0].split())
        assert listed == own, name
        assert command.name == name


def test_help_lists_every_command_and_runs_them_on_demand() -> None:
    shown = CliRunner().invoke(main, ["--help"])
    assert shown.exit_code == 0
    for name in COMMANDS:
        assert f"  {name} " in shown.output
    assert CliRunner().invoke(main, ["spc", "--help"]).exit_code == 0
    assert "No such command" in CliRunner().invoke(main, ["nonsense"]).output


def test_help_imports_no_heavy_library() -> None:
    code = ("import sys\nfrom bot.cli import main\n"
            "try:\n    main(['--help'], prog_name='goldthread')\nexcept SystemExit:\n    pass\n"
            f"print(__import__('json').dumps(sorted(m for m in sys.modules "
            f"if m.split('.')[0] in {HEAVY!r})))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    loaded = json.loads(run.stdout.strip().splitlines()[-1])
    assert loaded == []


def test_answering_in_chat_loads_no_drawing_library() -> None:
    """The handlers and the app a chat answer runs through import matplotlib only to draw, so
    an answer whose chart is already stored starts without it (about a second)."""
    code = ("import sys\nimport bot.app, handlers.router, bot.terminal.shell\n"
            "print(__import__('json').dumps(sorted(m for m in sys.modules "
            "if m.split('.')[0] == 'matplotlib')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert json.loads(run.stdout.strip().splitlines()[-1]) == []


def test_the_program_keeps_each_commands_exit_code() -> None:
    """`python -m bot` is the `goldthread` program (`bot.cli.entry`): its quick exit must not
    swallow a command's failure or its output."""
    shown = subprocess.run([sys.executable, "-m", "bot", "--help"], capture_output=True,
                           text=True)
    assert shown.returncode == 0 and "Usage: goldthread" in shown.stdout
    wrong = subprocess.run([sys.executable, "-m", "bot", "nonsense"], capture_output=True,
                           text=True)
    assert wrong.returncode == 2 and "No such command" in wrong.stderr
