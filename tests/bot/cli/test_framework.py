"""The `goldthread framework` and `init` commands, end to end through click."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from tests.paths import FIXTURES


def invoke(args: list[str], database_url: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, args, env={"GOLDTHREAD_DATABASE_URL": database_url,
                                               "GOLDTHREAD_CONFIG": ""})


def test_check_exits_1_and_lists_all_mistakes(tmp_path: Path) -> None:
    result = invoke(["framework", "check", str(FIXTURES / "framework_mistakes.toml")],
                    f"sqlite:///{tmp_path}/x.db")
    assert result.exit_code == 1
    assert result.output.count("error:") == 6
    assert result.output.count("warning:") == 5
    assert "framework_mistakes.toml:16: error: person \"amina\": unknown key" in result.output


def test_check_clean_file_exits_0(tmp_path: Path) -> None:
    result = invoke(["framework", "check", str(FIXTURES / "framework_good.toml")],
                    f"sqlite:///{tmp_path}/x.db")
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output


def test_load_needs_init_then_loads_idempotently(database_url: str) -> None:
    good = str(FIXTURES / "framework_good.toml")
    refused = invoke(["framework", "load", good], database_url)
    assert refused.exit_code != 0 and "goldthread init" in refused.output
    assert invoke(["init"], database_url).exit_code == 0
    first = invoke(["framework", "load", good], database_url)
    assert first.exit_code == 0, first.output
    assert "2 created indicators" in first.output
    second = invoke(["framework", "load", good], database_url)
    assert "nothing changed" in second.output


def test_load_with_errors_loads_nothing(database_url: str) -> None:
    assert invoke(["init"], database_url).exit_code == 0
    result = invoke(["framework", "load", str(FIXTURES / "framework_mistakes.toml")],
                    database_url)
    assert result.exit_code == 1
    assert "Nothing was loaded." in result.output


def test_load_warns_of_a_conflict_and_take_file_resolves_it(
    database_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from handlers.nudges import record
    from models.db import make_engine, session_factory, transaction
    from models.tables import Accountability, Person

    good = (FIXTURES / "framework_good.toml").read_text(encoding="utf-8")
    path = tmp_path / "framework.toml"
    path.write_text(good, encoding="utf-8")
    assert invoke(["init"], database_url).exit_code == 0
    assert invoke(["framework", "load", str(path)], database_url).exit_code == 0
    engine = make_engine(database_url)
    with transaction(session_factory(engine)) as session:  # Amina marks it done in chat
        amina = session.scalars(select(Person).where(Person.key == "amina")).one()
        action = session.scalars(select(Accountability).where(
            Accountability.key == "extra-slots")).one()
        record(session, action, amina, "status", "done")
    engine.dispose()
    path.write_text(good.replace('due = 2026-12-01\nstatus = "open"',
                                 'due = 2026-12-01\nstatus = "dropped"'), encoding="utf-8")
    warned = invoke(["framework", "load", str(path)], database_url)
    assert warned.exit_code == 0, warned.output
    line = good.splitlines().index('status = "open"') + 1
    assert (f'framework.toml:{line}: warning: accountability "extra-slots": status conflicts: '
            'the file says "dropped", but Amina Shah changed it in chat to "done" on ') in (
        warned.output)
    assert "1 change(s) made in chat differ from the file and were kept" in warned.output
    unknown = invoke(["framework", "load", str(path), "--take-file", "nope"], database_url)
    assert unknown.exit_code == 1 and '--take-file "nope"' in unknown.output
    taken = invoke(["framework", "load", str(path), "--take-file", "extra-slots"], database_url)
    assert taken.exit_code == 0 and "1 updated accountabilities" in taken.output
    assert "conflicts" not in taken.output
    assert "nothing changed" in invoke(["framework", "load", str(path)], database_url).output


def test_check_refuses_a_huge_file_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "framework.toml"
    with path.open("wb") as handle:
        handle.truncate(20_000_000)
    result = invoke(["framework", "check", str(path)], f"sqlite:///{tmp_path}/x.db")
    assert result.exit_code == 1
    assert "the file is 20,000,000 bytes; a framework file is at most" in result.output
    assert "Traceback" not in result.output
