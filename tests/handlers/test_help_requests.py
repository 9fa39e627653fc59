""""Blocked: ask for help" reaches a real person, and the reply names exactly who was told.

The handler context comes from the app's own wiring (`AppContext.handler_context`), with a real
outbox whose Slack transport talks to the fake Slack over HTTP, so "told" is checked against
what was stored in the outbox and what Slack received, not against what the handler returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Secret, Settings
from digests.digest.maker import DigestMaker
from handlers.action_presses import press
from handlers.request import HandlerContext, Request
from models.db import transaction
from models.framework import load_framework
from models.tables import Accountability, AccountabilityUpdate, Delivery
from tests.fakes.platforms import CHAT
from tests.fakes.slack_api import FakeSlack, fake_slack

# Sam Lee manages the discharge team, which the rota's indicator (delayed discharges) serves
# but its owner (Ben) is not in: a manager of the action's indicator's teams.
SAM = """
[[people]]
id = "sam"
name = "Sam Lee"
email = "sam.lee@riverside.example"
slack_id = "U0SAM"
role = "manager"
partner = "trust"
teams = ["discharge"]

[[teams]]
id = "discharge"
name = "Hospital Discharge Team"
partner = "trust"
audience = "manager"
slack_channel = "C0DISCH"
"""
NOBODY = "Nobody can be told through goldthread yet: please tell your manager directly."
BLOCKER = "The trust has not replied about the weekend rota"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


def framework(text: str, *, amina: str = 'slack_id = "U0AMINA"', pat: str = "",
              sam: bool = False) -> str:
    """The test framework with Amina's identity line and Pat's replaced, Sam added."""
    text = text.replace('slack_id = "U0AMINA"', amina)
    text = text.replace('name = "Pat Lee"\n', f'name = "Pat Lee"\n{pat}\n')
    if sam:
        text = text.replace('teams = ["reablement"]\ncost_hours = 2',
                            'teams = ["reablement", "discharge"]\ncost_hours = 2') + SAM
    return text


def wired(engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack, text: str,
          tmp_path: Path, admin_channel: str | None = None) -> HandlerContext:
    with transaction(sessions) as session:
        load_framework(session, text, chat_platforms=CHAT)
    settings = Settings(database_url=str(engine.url), chart_dir=tmp_path / "charts",
                        slack_api_url=slack.url, slack_admin_channel=admin_channel,
                        secrets={"SLACK_BOT_TOKEN": Secret("xoxb-test")})
    return AppContext(settings, engine, sessions, DigestMaker()).handler_context()


def blocked(ctx: HandlerContext, who: str = "ben", key: str = "rota") -> tuple[str, str]:
    with ctx.sessions() as session:
        target = session.scalars(select(Accountability.id)
                                 .where(Accountability.key == key)).one()
    outcome = press(ctx, Request("", person_key=who), "action.blocked", target, BLOCKER)
    assert outcome.changed
    with ctx.sessions() as session:  # the blocker is recorded whoever could be told
        update = session.scalars(select(AccountabilityUpdate).where(
            AccountabilityUpdate.accountability_id == target)
            .order_by(AccountabilityUpdate.id.desc())).first()
        assert update is not None and (update.field, update.note) == ("blocked", BLOCKER)
    return outcome.reply.title, outcome.reply.plain_text


def outbox(ctx: HandlerContext) -> list[tuple[str, str, str]]:
    with ctx.sessions() as session:
        return [(d.kind, d.target, d.status) for d in session.scalars(
            select(Delivery).order_by(Delivery.id))]


def test_the_managers_of_the_owners_and_the_indicators_teams_are_told(
        engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack,
        framework_text: str, tmp_path: Path) -> None:
    ctx = wired(engine, sessions, slack, framework(framework_text, sam=True), tmp_path)
    title, words = blocked(ctx)
    assert title == "Help is on its way"
    assert "I have told Amina Shah and Sam Lee." in words
    # stored and, by the time the reply is returned, sent
    assert outbox(ctx) == [("dm", "U0AMINA", "sent"), ("dm", "U0SAM", "sent")]
    assert sorted(c.params["users"] for c in slack.calls("conversations.open")) == [
        "U0AMINA", "U0SAM"]
    texts = [c.params["text"] for c in slack.calls("chat.postMessage")]
    assert all("Ben Okafor has asked for help" in t and BLOCKER in t for t in texts)


def test_a_manager_nobody_can_message_is_not_told_the_admins_are(
        engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack,
        framework_text: str, tmp_path: Path) -> None:
    # Amina has a Teams id only, and this goldthread sends to Slack alone
    text = framework(framework_text, amina='teams_id = "29:amina"', pat='slack_id = "U0PAT"')
    ctx = wired(engine, sessions, slack, text, tmp_path)
    assert ctx.platforms == frozenset({"slack"})
    _, words = blocked(ctx)
    assert "I have told Pat Lee." in words and "Amina" not in words
    assert outbox(ctx) == [("dm", "U0PAT", "sent")]


def test_with_nobody_reachable_the_admin_channel_is_told(
        engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack,
        framework_text: str, tmp_path: Path) -> None:
    ctx = wired(engine, sessions, slack, framework(framework_text, amina=""), tmp_path,
                admin_channel="C0PERF")
    assert ctx.admin_channel
    _, words = blocked(ctx)
    assert "I have told the performance team's channel." in words
    assert outbox(ctx) == [("notice", "C0PERF", "sent")]
    (post,) = slack.calls("chat.postMessage")
    assert post.params["channel"] == "C0PERF" and BLOCKER in post.params["text"]
    assert slack.calls("conversations.open") == []


def test_when_nobody_can_be_told_it_says_so_and_keeps_the_blocker(
        engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack,
        framework_text: str, tmp_path: Path) -> None:
    # Amina has no chat identity, Pat (the admin) neither, and there is no admin channel
    ctx = wired(engine, sessions, slack, framework(framework_text, amina=""), tmp_path)
    title, words = blocked(ctx)
    assert NOBODY in words
    assert "I have told" not in words and "performance lead" not in words
    assert "Help is on its way" not in title
    assert outbox(ctx) == []
    assert slack.calls() == []


def test_the_person_asking_is_not_told_about_their_own_request(
        engine: Engine, sessions: sessionmaker[Session], slack: FakeSlack,
        framework_text: str, tmp_path: Path) -> None:
    # Amina owns extra-slots and is the only manager of her team; Pat can be reached
    ctx = wired(engine, sessions, slack, framework(framework_text, pat='slack_id = "U0PAT"'),
                tmp_path)
    _, words = blocked(ctx, who="amina", key="extra-slots")
    assert "I have told Pat Lee." in words
    assert outbox(ctx) == [("dm", "U0PAT", "sent")]


def test_a_context_that_can_send_nothing_tells_nobody(ctx: HandlerContext) -> None:
    """The terminal, or any context built without an outbox, has nobody to tell."""
    _, words = blocked(ctx)
    assert NOBODY in words
    assert outbox(ctx) == []
