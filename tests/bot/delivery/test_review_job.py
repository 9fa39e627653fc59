"""The daily review: each new judgement kept, the owner prompted once through the one reminder
loop (and named when they cannot be reached), and an idea's author told "you said, we did, and
it worked", through the real outbox to the fake Slack. An anonymous author cannot be told, and
nothing tries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Secret, Settings
from bot.delivery.learning import DailyReview, review_on
from bot.platforms import Platforms
from digests.digest.maker import DigestMaker
from handlers.changes import ChangeForm, record_change
from handlers.request import HandlerContext, Request
from models import queries
from models.db import transaction
from models.framework import load_framework
from models.tables import (
    Change,
    ChangeEvaluation,
    ChatIdentity,
    Delivery,
    Indicator,
    Measurement,
    Suggestion,
)
from tests.fakes.platforms import CHAT, PLATFORMS
from tests.fakes.slack_api import FakeSlack, fake_slack
from tests.handlers.conftest import monthly

TODAY = date(2026, 10, 14)
ZONE = ZoneInfo("Europe/London")

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
          tmp_path: Path) -> tuple[HandlerContext, Platforms]:
    """The handler context and the platforms its outbox can send to (Slack, here)."""
    with transaction(sessions) as session:
        load_framework(session, text, CHAT)
    step_data(sessions)
    settings = Settings(database_url=str(engine.url), chart_dir=tmp_path / "charts",
                        slack_api_url=slack.url, secrets={"SLACK_BOT_TOKEN": Secret("xoxb-t")})
    app = AppContext(settings, engine, sessions, DigestMaker())
    ctx = app.handler_context()
    return ctx, app.platforms.only(ctx.platforms)


def review(ctx: HandlerContext, platforms: Platforms) -> DailyReview:
    return review_on(ctx, platforms, TODAY, ZONE)


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
    ctx, platforms = wired(engine, sessions, slack, framework_text, tmp_path)
    named = change_from(ctx, "Weekend reablement slots", idea(ctx, anonymous=False))
    hidden = change_from(ctx, "Weekend starts", idea(ctx, anonymous=True))
    run = review(ctx, platforms)
    assert run.judged.evaluations == 2
    assert sorted(run.prompted) == sorted([named, hidden])
    assert len(run.prompts.queued) == 2 and run.prompts.unreached == []
    assert run.judged.authors_told == [named]
    sent = outbox(ctx)
    prompts = [t for target, t in sent if target == "U0AMINA"]
    assert len(prompts) == 2 and all(t.startswith("Time to review") for t in prompts)
    told = [(target, t) for target, t in sent if TOLD in t]
    assert [target for target, _ in told] == ["U0BEN"]
    assert "Your idea IDEA-1" in told[0][1] and "worked" in told[0][1]
    assert [c.params["users"] for c in slack.calls("conversations.open")].count("U0BEN") == 1
    with ctx.sessions() as session:
        rows = {c.key: c for c in session.scalars(select(Change))}
        assert all(c.review_prompted_at is not None for c in rows.values())
        assert rows[named].author_told_at is not None
        assert rows[hidden].author_told_at is None  # and no notice was ever made for it
        assert {c.verdict for c in rows.values()} == {"worked"}
        evaluation = session.scalars(select(ChangeEvaluation)).first()
        assert evaluation is not None and evaluation.verdict == "worked"
        assert evaluation.effect is not None and 5 < evaluation.effect < 7
        keys = {d.dedupe_key for d in session.scalars(select(Delivery))}
        assert {f"review:{c.id}" for c in rows.values()} <= keys  # the reminder loop's keys
    # a second run the same day, and the next day: nothing new, nobody told twice
    for _ in range(2):
        again = review(ctx, platforms)
        assert (again.judged.evaluations, again.prompted, again.judged.authors_told,
                again.prompts.queued) == (0, [], [], [])
    assert review_on(ctx, platforms, date(2026, 10, 15), ZONE).prompts.queued == []
    assert outbox(ctx) == sent


def test_an_owner_without_a_chat_identity_is_named_and_prompted_once_reachable(
        engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack,
        framework_text: str, tmp_path: Path) -> None:
    ctx, platforms = wired(engine, sessions, slack, framework_text, tmp_path)
    key = change_from(ctx, "Weekend reablement slots", idea(ctx, anonymous=False))
    with transaction(ctx.sessions) as session:
        amina = queries.person_by_key(session, queries.current_partnership(session).id, "amina")
        saved = [(i.platform, i.external_id) for i in amina.identities]
        for identity in list(amina.identities):
            session.delete(identity)
    run = review(ctx, platforms)
    assert run.prompted == [] and run.prompts.queued == []
    assert [(u.name, "Slack id" in u.reason) for u in run.prompts.unreached] == [
        ("Amina Shah", True)]
    with ctx.sessions() as session:
        stored = session.scalars(select(Change).where(Change.key == key)).one()
        assert stored.review_prompted_at is None  # not prompted, so asked again tomorrow
    with transaction(ctx.sessions) as session:
        amina = queries.person_by_key(session, queries.current_partnership(session).id, "amina")
        for platform, external_id in saved:
            session.add(ChatIdentity(person_id=amina.id, platform=platform,
                                     external_id=external_id))
    later = review_on(ctx, platforms, date(2026, 10, 15), ZONE)
    assert later.prompted == [key] and len(later.prompts.queued) == 1


def test_with_nowhere_to_send_judgements_are_kept_and_prompts_wait(
        ctx: HandlerContext) -> None:
    step_data(ctx.sessions)
    key = change_from(ctx, "Weekend reablement slots", idea(ctx, anonymous=False))
    run = review_on(ctx, PLATFORMS.only([]), TODAY, ZONE)
    assert (run.judged.evaluations, run.prompted, run.judged.authors_told) == (1, [], [])
    assert [u.name for u in run.prompts.unreached] == ["Amina Shah"]
    with ctx.sessions() as session:
        stored = session.scalars(select(Change).where(Change.key == key)).one()
        assert stored.review_prompted_at is None and stored.author_told_at is None
        assert session.scalars(select(Delivery)).all() == []
