"""Every command that needs a partnership says the same one thing when none is loaded, and
changes nothing: a database that has only been initialised keeps no rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from bot.cli import main
from models.db import make_engine, session_factory
from models.tables import Delivery, Measurement

NEEDS_A_PARTNERSHIP = [
    ["import", "{csv}"],
    ["report", "--out", "{out}"],
    ["framework", "review"],
    ["learning", "list"],
    ["pull"],
    ["digest", "preview", "--team", "ops"],
    ["digest", "send", "--team", "ops"],
]


def invoke(args: list[str], database_url: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, args, env={"GOLDTHREAD_DATABASE_URL": database_url,
                                               "GOLDTHREAD_CONFIG": ""})


@pytest.mark.parametrize("command", NEEDS_A_PARTNERSHIP, ids=" ".join)
def test_no_partnership_is_one_clear_line(command: list[str], database_url: str,
                                          tmp_path: Path) -> None:
    csv = tmp_path / "figures.csv"
    csv.write_text("indicator,period,value\nae_4hr,2026-10,74.2\n", encoding="utf-8")
    args = [a.format(csv=csv, out=tmp_path / "report.html") for a in command]
    assert invoke(["init"], database_url).exit_code == 0

    result = invoke(args, database_url)

    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == (
        "Error: no partnership loaded; run `goldthread framework load`")
    assert not (tmp_path / "report.html").exists()
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Measurement)) == 0
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0
    engine.dispose()
