"""The terminal chat reads lines with the same parser and answers behind the same error boundary
as Slack: hostile text cannot rewrite the terminal, and a database that is not there gives
'Not saved' and the words back, not a traceback."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from rich.console import Console
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Settings
from bot.terminal.shell import Shell, input_lines
from digests.digest.maker import DigestMaker
from models.db import make_engine, session_factory
from models.tables import Suggestion
from tests.fakes.hostile import HOSTILE

IDEA = "Put the weekend rota on the wall by the kettle"


def console() -> Console:
    return Console(file=io.StringIO(), force_terminal=False, color_system=None, width=120)


def printed(shell: Shell) -> str:
    out = shell.console.file
    assert isinstance(out, io.StringIO)
    return out.getvalue()


@pytest.fixture
def shell(database_url: str, engine: Engine, loaded: sessionmaker[Session],
          tmp_path: Path) -> Iterator[Shell]:
    app = AppContext(Settings(database_url=database_url, chart_dir=tmp_path / "charts"),
                     engine, loaded, DigestMaker())
    yield Shell(app, "ben", console())


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=HOSTILE)
def test_hostile_lines_cannot_rewrite_the_terminal(shell: Shell, text: str) -> None:
    line = text.replace("\n", " ")
    shell.console.file = io.StringIO()
    if not line.strip() or line.strip().lower() in ("quit", "exit", "bye", ":q"):
        return  # a blank line is skipped, a quit word ends the chat
    assert shell.handle(line) is True
    out = printed(shell)
    assert out.strip(), "no answer"
    assert not [ch for ch in out if unicodedata.category(ch) == "Cc" and ch not in "\n"]
    assert "\u202e" not in out and "Traceback" not in out
    with shell.app.sessions() as session:
        for stored in session.scalars(select(Suggestion.text)):
            assert "\x1b" not in stored and "\x00" not in stored


def test_the_echo_of_a_scripted_line_is_cleaned_too() -> None:
    out = console()
    lines = list(input_lines(io.StringIO("how are we doing\x1b[2J\x1b[H on falls?\n"), out))
    assert lines == ["how are we doing\x1b[2J\x1b[H on falls?\n"]  # the shell reads it as sent
    shown = out.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b" not in shown and "how are we doing[2J[H on falls?" in shown


def test_a_database_that_is_not_there_gives_the_words_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'no' / 'such' / 'folder' / 'goldthread.db'}"
    engine = make_engine(url)
    app = AppContext(Settings(database_url=url), engine, session_factory(engine), DigestMaker())
    shell = Shell(app, "ben", console())
    assert shell.handle(f"/suggest {IDEA}") is True
    out = " ".join(printed(shell).split())
    assert "Not saved" in out and IDEA in out and "Reference " in out
    assert "Traceback" not in out
    engine.dispose()


def test_an_anonymous_idea_typed_with_a_non_breaking_space_is_anonymous(shell: Shell) -> None:
    """The terminal reads "anonymous:" + Option-Space like every other entry point."""
    assert shell.handle(f"/suggest anonymous:\u00a0{IDEA}") is True
    with shell.app.sessions() as session:
        idea = session.scalars(select(Suggestion)).one()
        assert idea.anonymous and idea.person_id is None and idea.text == IDEA
    assert "Your name is not kept with it" in " ".join(printed(shell).split())


def test_a_number_chooses_only_right_after_a_choice(shell: Shell) -> None:
    shell.handle("1")
    assert "Nothing to choose from just now" in printed(shell)
    shell.console.file = io.StringIO()
    shell.handle("what about hospital?")
    offered = printed(shell)
    assert "1. People medically fit to leave hospital" in offered
    assert "Type 1 or 2 to choose." in offered
    shell.console.file = io.StringIO()
    shell.handle("1")
    assert "Latest" in printed(shell)
    assert shell.run([]) == []


def test_a_script_that_leaves_a_choice_unmade_is_told(shell: Shell) -> None:
    assert shell.run(["what about hospital?", "help"]) == ["what about hospital?"]
    assert shell.run(["what about hospital?"]) == ["what about hospital?"]
    assert shell.run(["what about hospital?", "2"]) == []


def test_a_title_alone_is_a_heading_not_an_empty_box() -> None:
    from bot.terminal.render import render
    from digests.cards import Card, Section

    out = console()
    out.print(render(Card(title="Reablement Team, week of 30 Nov 2026")))
    out.print(render(Card(title="How we are doing", sections=(Section.of("Fine."),))))
    shown = out.file.getvalue()  # type: ignore[attr-defined]
    assert shown.splitlines()[0] == "Reablement Team, week of 30 Nov 2026"
    assert "╭─ How we are doing" in shown
