"""The terminal chat records figures through the same router: a correction is confirmed by
typing the number of the choice, as any other choice is."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from rich.console import Console
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Settings
from bot.terminal.shell import Shell
from digests.digest.maker import DigestMaker
from models.tables import Measurement


def test_record_and_confirm_a_correction_in_the_terminal(
    database_url: str, engine: Engine, loaded: sessionmaker[Session], tmp_path: Path
) -> None:
    app = AppContext(Settings(database_url=database_url, chart_dir=tmp_path / "charts"),
                     engine, loaded, DigestMaker())
    out = io.StringIO()
    shell = Shell(app, "amina", Console(file=out, color_system=None, width=120))
    shell.handle("/perf record home-91 84 for Oct 2026")
    shell.handle("/perf record home-91 85 for Oct 2026")
    assert "Please confirm this figure" in out.getvalue()
    assert "[1] Yes, record it  [2] No, leave it" in out.getvalue()
    shell.handle("1")
    assert out.getvalue().count("Figure recorded") == 2
    with loaded() as session:
        october = session.scalars(select(Measurement).where(
            Measurement.period == date(2026, 10, 1))).one()
        assert (october.value, len(october.revisions)) == (85.0, 1)
