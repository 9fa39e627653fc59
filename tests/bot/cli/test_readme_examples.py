"""The README's own examples answer, on the demo partnership, without a question back.

Every question the README shows (the quick start's `you>` lines, the scripted `printf` chat,
`goldthread ask "..."` and the Slack section's `/perf ...`) is asked as the README says, and
every `--as PERSON` it mentions is someone in the demo."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from bot.app import AppContext
from bot.config import Settings
from bot.terminal.shell import Shell
from handlers.request import Request
from handlers.router import dispatch
from models import queries
from tests.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
NOT_QUESTIONS = ("/suggest", "quit", "digest", "help", "mine", "suggest", "note")


def questions() -> list[str]:
    found = re.findall(r"^you> (.+)$", README, flags=re.MULTILINE)
    found += re.findall(r'goldthread ask "([^"]+)"', README)
    found += re.findall(r"`/perf ([^`]+)`", README)
    asked = [q.strip() for q in found
             if not q.startswith(NOT_QUESTIONS) and "<" not in q and not q.isupper()]
    return list(dict.fromkeys(asked))


def scripts() -> list[list[str]]:
    return [s.split("\\n") for s in re.findall(r"printf '([^']+)'", README)]


def test_the_readme_has_examples() -> None:
    assert "how are we doing on reablement" in questions()
    assert scripts() and len(questions()) >= 5


@pytest.mark.parametrize("question", questions())
def test_each_question_answers(demo_app: AppContext, question: str) -> None:
    cards = dispatch(demo_app.handler_context(), Request(question, person_key="amina"))
    said = "\n".join(c.plain_text for c in cards)
    assert not any(a.id == "ask" for c in cards for a in c.buttons), said
    assert "I don't track that yet" not in said and "Nothing to choose" not in said


def test_the_scripted_chat_makes_no_choice_wait(demo_database: Path, tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_database, copy)
    app = AppContext.create(Settings(database_url=f"sqlite:///{copy}",
                                     chart_dir=tmp_path / "charts"))
    try:
        for lines in scripts():
            out = Console(file=io.StringIO(), width=120)
            shell = Shell(app, "amina", out)
            assert shell.run([line for line in lines if line]) == [], out.file.getvalue()
    finally:
        app.close()


def test_every_person_the_readme_acts_as_exists(demo_app: AppContext) -> None:
    named = set(re.findall(r"--as ([a-z][a-z-]*)", README)) - {"person"}
    with demo_app.sessions() as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        keys = {p.key for p in queries.people(session, partnership.id)}
    assert named and named <= keys, named - keys
