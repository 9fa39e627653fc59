"""`goldthread digest note` stores what a note typed in chat would store: the same cleaning
(no control, bidirectional or invisible characters) and the same length limit, and a refused
note changes nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cli import main
from handlers.digest import MAX_NOTE
from models.tables import DigestNote


def note(database_url: str, text: str, team: str = "reablement") -> Result:
    return CliRunner().invoke(main, ["digest", "note", "--team", team, "--text", text],
                              env={"GOLDTHREAD_DATABASE_URL": database_url,
                                   "GOLDTHREAD_CONFIG": ""})


def notes(sessions: sessionmaker[Session]) -> list[str]:
    with sessions() as session:
        return list(session.scalars(select(DigestNote.text).order_by(DigestNote.id)))


def test_a_note_is_stored_clean(loaded: sessionmaker[Session], database_url: str) -> None:
    result = note(database_url, "\u2003Thanks all \u202efor\u200b the\x07 weekend\u00a0cover ")
    assert result.exit_code == 0, result.output
    assert result.output == "Note saved for reablement's next digest.\n"
    assert notes(loaded) == ["Thanks all for the weekend cover"]


@pytest.mark.parametrize("text", ["", " \u200b\u202e\u3000", "x" * (MAX_NOTE + 1)],
                         ids=["empty", "only-invisible", "too-long"])
def test_a_refused_note_changes_nothing(loaded: sessionmaker[Session], database_url: str,
                                        text: str) -> None:
    result = note(database_url, text)
    assert result.exit_code == 2
    assert f"--text must be 1 to {MAX_NOTE} characters" in result.output
    assert notes(loaded) == []


def test_an_unknown_team_changes_nothing(loaded: sessionmaker[Session],
                                         database_url: str) -> None:
    result = note(database_url, "Thanks all", team="re\u200bablement")
    assert result.exit_code == 1
    assert "no team 're\\u200bablement'; teams are:" in result.output
    assert notes(loaded) == []
