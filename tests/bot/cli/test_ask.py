"""`goldthread ask` never dead-ends a script: a choice is printed with a non-zero exit, or taken
with --pick N; `--as` names someone who exists (any letter case), or lists who does."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import main
from bot.terminal.shell import NEEDS_CHOICE


@pytest.fixture
def demo_env(demo_database: Path, tmp_path: Path) -> Iterator[dict[str, str]]:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_database, copy)
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield {"GOLDTHREAD_DEMO_DATABASE_URL": f"sqlite:///{copy}", "COLUMNS": "200"}
    finally:
        os.chdir(old)


def ask(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["ask", "--demo", *args], env=env)


def test_a_question_with_one_answer_exits_0(demo_env: dict[str, str]) -> None:
    result = ask(demo_env, "how are we doing on delayed discharges?")
    assert result.exit_code == 0, result.output
    assert "Delayed discharges: people medically fit to leave hospital" in result.stdout


def test_a_choice_is_printed_with_exit_3_and_how_to_pick(demo_env: dict[str, str]) -> None:
    result = ask(demo_env, "discharge")
    assert result.exit_code == NEEDS_CHOICE == 3
    assert "Which one did you mean?" in result.stdout
    assert "1. " in result.stdout and "2. " in result.stdout
    assert "Type " not in result.stdout  # nothing here can read a number typed next
    assert "--pick" in result.stderr


def test_pick_takes_the_choice(demo_env: dict[str, str]) -> None:
    listed = ask(demo_env, "discharge").stdout
    second = next(line for line in listed.splitlines() if "2. " in line)
    name = second.split("2. ", 1)[1].split(" (")[0].strip(" │")
    picked = ask(demo_env, "discharge", "--pick", "2")
    assert picked.exit_code == 0, picked.output
    assert name[:30] in picked.stdout and "Which one did you mean?" not in picked.stdout
    too_far = ask(demo_env, "discharge", "--pick", "9")
    assert too_far.exit_code == 2 and "pick 1 to" in too_far.stderr


def test_as_an_unknown_id_lists_the_ids(demo_env: dict[str, str]) -> None:
    result = ask(demo_env, "--as", "ben", "how is my team doing")
    assert result.exit_code == 2
    assert "nobody has the id 'ben'" in result.stderr
    assert "amina, chris, dan, fiona, grace" in result.stderr


def test_as_ignores_letter_case(demo_env: dict[str, str]) -> None:
    result = ask(demo_env, "--as", "TOM", "how is my team doing")
    assert result.exit_code == 0, result.output
    assert "How Reablement Team is doing" in result.stdout


def test_a_question_about_unchanged_data_starts_without_the_heavy_libraries(
        demo_env: dict[str, str]) -> None:
    """Issue 9: the demo keeps every status analysed and a drawn chart is kept, so asking
    again imports neither numpy nor pandas (nor matplotlib or Jinja2): most of the start-up."""
    code = ("import sys\nfrom bot.cli import main\n"
            "try:\n    main(['ask', '--demo', sys.argv[1]], prog_name='goldthread')\n"
            "except SystemExit as done:\n    assert not done.code, done.code\n"
            "heavy = sorted(m for m in sys.modules\n"
            "               if m.split('.')[0] in ('numpy', 'pandas', 'matplotlib', 'jinja2'))\n"
            "print('loaded:', heavy, file=sys.stderr)\n")
    question = "how are we doing on delayed discharges?"

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", code, question], capture_output=True,
                              text=True, check=True, env={**os.environ, **demo_env})

    first, second = run(), run()
    assert "No real change." in first.stdout and second.stdout == first.stdout
    assert "loaded: []" in second.stderr, second.stderr


def test_only_ask_runs_without_the_cyclic_collector(
        demo_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`ask` answers and exits, so it may skip the collector; `run` may serve for weeks, so it
    must keep it; and either leaves it as it found it."""
    import gc

    import bot.terminal.shell

    seen: list[bool] = []

    def shell(_app: object, _person: object) -> bool:
        seen.append(gc.isenabled())
        return False

    monkeypatch.setattr(bot.terminal.shell, "run_shell", shell)
    ran = CliRunner().invoke(main, ["run", "--demo"], env=demo_env)
    assert ran.exit_code == 0, ran.output
    assert seen == [True] and gc.isenabled()
    asked = ask(demo_env, "how are we doing on delayed discharges?")
    assert asked.exit_code == 0 and gc.isenabled()
