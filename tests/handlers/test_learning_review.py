"""The daily review: each new judgement kept, the owner prompted once, and an idea's author
told "you said, we did, and it worked", through the real outbox to the fake Slack. An
anonymous author cannot be told, and nothing tries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Secret, Settings
from digests.digest.maker import DigestMaker
from handlers.changes import ChangeForm, record_change
from handlers.learning_review import review_changes
from handlers.request import HandlerContext, Request
from models import queries
from models.db import transaction
from models.framework import load_framework
from models.tables import Change, ChangeEvaluation, Delivery, Indicator, Measurement, Suggestion
from tests.fakes.platforms import CHAT
from tests.fakes.slack_api import FakeSlack, fake_slack
from tests.handlers.conftest import monthly

TOLD = "You said, we did, and it worked"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


def step_data(sessions: sessionmaker[Session]) -> None:
    """home-91: 27 months about 80%, then nine months about 86% (alternating, no noise)."""
    with transaction(sessions) as session:
        home = session.scalars(select(Indicator.id).where(Indicator.key == "home-91")).one()
        rows = [{"indicator_id": home, "period": period, "area": "",
                 "value": (80.0 if k < 27 else 86.0) + (0.8 if k % 2 else -0.8)}
                for k, period in enumerate(monthly(36, date(2026, 10, 1)))]
        session.execute(insert(Measurement), rows)


def wired(engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack, text: str,
          tmp_path: Path) -> HandlerContext:
    with transaction(sessions) as session:
        load_framework(session, text, CHAT)
    step_data(sessions)
    settings = Settings(database_url=str(engine.url), chart_dir=tmp_path / "charts",
                        slack_api_url=slack.url, secrets={"SLACK_BOT_TOKEN": Secret("xoxb-t")})
    return AppContext(settings, engine, sessions, DigestMaker()).handler_context()


def idea(ctx: HandlerContext, *, anonymous: bool) -> int:
    with transaction(ctx.sessions) as session:
        partnership = queries.current_partnership(session)
        assert partnership is not None
        person = None if anonymous else queries.person_by_key(session, partnership.id, "ben")
        made = Suggestion(partnership_id=partnership.id, anonymous=anonymous,
                          person_id=person.id if person else None, status="accepted",
                          text="Start reablement at weekends so Friday discharges wait less")
        session.add(made)
        session.flush()
        return made.id


def change_from(ctx: HandlerContext, title: str, idea_id: int) -> str:
    made = record_change(ctx, Request("", person_key="amina"), ChangeForm(
        title, "home-91", "2026-01-01", "increase", idea_id=idea_id))
    assert made.key is not None
    return made.key


def outbox(ctx: HandlerContext) -> list[tuple[str, str]]:
    with ctx.sessions() as session:
        return [(d.target, str(d.payload.get("text"))) for d in
                session.scalars(select(Delivery).order_by(Delivery.id))]


def test_owner_prompted_author_told_once_anonymous_never(
        engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack,
        framework_text: str, tmp_path: Path) -> None:
    ctx = wired(engine, sessions, slack, framework_text, tmp_path)
    named = change_from(ctx, "Weekend reablement slots", idea(ctx, anonymous=False))
    hidden = change_from(ctx, "Weekend starts", idea(ctx, anonymous=True))
    run = review_changes(ctx)
    assert run.evaluations == 2
    assert sorted(run.prompted) == sorted([named, hidden])
    assert run.authors_told == [named]
    sent = outbox(ctx)
    prompts = [t for target, t in sent if target == "U0AMINA"]
    assert len(prompts) == 2 and all(t.startswith("Time to review") for t in prompts)
    told = [(target, t) for target, t in sent if TOLD in t]
    assert [target for target, _ in told] == ["U0BEN"]
    assert "Your idea IDEA-1" in told[0][1] and "worked" in told[0][1]
    assert [c.params["users"] for c in slack.calls("conversations.open")].count("U0BEN") == 1
    with ctx.sessions() as session:
        rows = {c.key: c for c in session.scalars(select(Change))}
        assert rows[named].author_told_at is not None
        assert rows[hidden].author_told_at is None  # and no notice was ever made for it
        assert {c.verdict for c in rows.values()} == {"worked"}
        evaluation = session.scalars(select(ChangeEvaluation)).first()
        assert evaluation is not None and evaluation.verdict == "worked"
        assert evaluation.effect is not None and 5 < evaluation.effect < 7
    # a second run the same day: nothing new to keep, nobody told twice
    again = review_changes(ctx)
    assert (again.evaluations, again.prompted, again.authors_told) == (0, [], [])
    assert outbox(ctx) == sent


def test_with_nowhere_to_send_judgements_are_kept_and_prompts_wait(
        ctx: HandlerContext) -> None:
    step_data(ctx.sessions)
    key = change_from(ctx, "Weekend reablement slots", idea(ctx, anonymous=False))
    run = review_changes(ctx)
    assert (run.evaluations, run.prompted, run.authors_told) == (1, [], [])
    with ctx.sessions() as session:
        stored = session.scalars(select(Change).where(Change.key == key)).one()
        assert stored.review_prompted_at is None and stored.author_told_at is None
        assert session.scalars(select(Delivery)).all() == []
