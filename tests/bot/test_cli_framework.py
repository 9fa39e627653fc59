"""The `goldthread framework` and `init` commands, end to end through click."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bot.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures"


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


def test_check_refuses_a_huge_file_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "framework.toml"
    with path.open("wb") as handle:
        handle.truncate(20_000_000)
    result = invoke(["framework", "check", str(path)], f"sqlite:///{tmp_path}/x.db")
    assert result.exit_code == 1
    assert "the file is 20,000,000 bytes; a framework file is at most" in result.output
    assert "Traceback" not in result.output
