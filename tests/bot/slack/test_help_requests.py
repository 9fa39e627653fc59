""""Blocked: ask for help" over real HTTP: press the button, submit the modal, and the person
who can help hears of it before the presser is told they did.

The fake Slack records every call in the order it arrived, so "the reply claims only what has
happened" is checked as an order: the DM to the manager (or the admins' channel post) is in
Slack before the modal says "I have told ...".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.slack.render import card_blocks
from digests.digest.maker import DigestMaker
from handlers.nudges import reminder_card
from models.db import transaction
from models.tables import Accountability, AccountabilityUpdate, ChatIdentity, Person
from tests.bot.slack.conftest import TOKEN, Bot, running, settings_for, text_input
from tests.fakes.slack_api import Call, FakeSlack

NOBODY = "Nobody can be told through goldthread yet: please tell your manager directly."
BLOCKER = "The trust has not replied about the weekend rota"


@pytest.fixture
def admin_bot(fake: FakeSlack, engine: Engine, loaded: sessionmaker[Session],
              database_url: str, tmp_path: Path) -> Iterator[Bot]:
    """The small framework with an admins' channel set up (`slack.admin_channel`)."""
    settings = replace(settings_for(fake, database_url, tmp_path), slack_admin_channel="C0PERF")
    app = AppContext(settings, engine, loaded, DigestMaker())
    with running(fake, app) as bot:
        yield bot


def action_id(bot: Bot, key: str) -> int:
    with bot.app.sessions() as session:
        return session.scalars(select(Accountability.id).where(Accountability.key == key)).one()


def forget_slack_id(bot: Bot, person_key: str) -> None:
    with transaction(bot.app.sessions) as session:
        person = session.scalars(select(Person).where(Person.key == person_key)).one()
        session.execute(delete(ChatIdentity).where(ChatIdentity.person_id == person.id))


def ask_for_help(bot: Bot, key: str, user: str, channel: str) -> dict[str, Any]:
    """Post the owner's reminder, press Blocked on it, submit the modal; the shown result."""
    with bot.app.sessions() as session:
        found = session.scalars(select(Accountability).where(Accountability.key == key)).one()
        assert found.owner is not None
        blocks = card_blocks(reminder_card(found.owner, [(found, "date passed")],
                                           bot.app.today()))
    posted = bot.fake.web_client(TOKEN).chat_postMessage(channel=channel, text="Can we help?",
                                                         blocks=blocks)
    bot.press("action.blocked:3", str(action_id(bot, key)), user=user, channel=channel,
              container={"type": "message", "message_ts": posted["ts"],
                         "channel_id": channel, "is_ephemeral": False},
              message={"type": "message", "ts": posted["ts"], "blocks": blocks,
                       "text": "Can we help?"})
    bot.fake.wait_for("views.open")
    view = next(v for v in bot.fake.views.values() if v.get("callback_id") == "action.blocked")
    answer = bot.submit(view, {"blocker": text_input(BLOCKER)}, user=user)
    assert answer["response_action"] == "update"  # "Working on it…" inside the ack
    (shown,) = bot.fake.wait_for("views.update")
    bot.idle()
    return {"view": json.dumps(shown.json("view")), "call": shown}


def before(bot: Bot, first: Call, then: Call) -> bool:
    calls = bot.fake.calls()
    return calls.index(first) < calls.index(then)


def blocker_recorded(bot: Bot, key: str) -> bool:
    with bot.app.sessions() as session:
        notes = session.scalars(select(AccountabilityUpdate.note).where(
            AccountabilityUpdate.accountability_id == action_id(bot, key),
            AccountabilityUpdate.field == "blocked")).all()
    return list(notes) == [BLOCKER]


def test_the_manager_gets_the_dm_before_the_presser_is_told(small_bot: Bot) -> None:
    shown = ask_for_help(small_bot, "rota", "U0BEN", "D0BEN")  # Ben's; Amina manages him
    assert "I have told Amina Shah." in shown["view"]
    (dm,) = small_bot.fake.wait_for("chat.postMessage",
                                    where=lambda c: c.params["channel"] == "D0AMINA")
    assert "Ben Okafor has asked for help" in dm.params["text"] and BLOCKER in dm.params["text"]
    assert before(small_bot, dm, shown["call"]), "the reply said 'told' before the DM was sent"
    assert blocker_recorded(small_bot, "rota")


def test_a_manager_slack_cannot_reach_is_not_said_to_be_told(admin_bot: Bot) -> None:
    forget_slack_id(admin_bot, "amina")  # the only manager; Pat, the admin, has no Slack id
    shown = ask_for_help(admin_bot, "rota", "U0BEN", "D0BEN")
    assert "Amina" not in shown["view"]
    assert "I have told the performance team's channel." in shown["view"]
    (post,) = admin_bot.fake.wait_for("chat.postMessage",
                                      where=lambda c: c.params["channel"] == "C0PERF")
    assert BLOCKER in post.params["text"]
    assert before(admin_bot, post, shown["call"])
    assert admin_bot.fake.calls("conversations.open") == []


def test_nobody_to_tell_is_said_plainly_and_the_blocker_is_kept(small_bot: Bot) -> None:
    # Amina owns extra-slots and manages her only team; Pat has no Slack id; no admin channel
    shown = ask_for_help(small_bot, "extra-slots", "U0AMINA", "D0AMINA")
    assert NOBODY in shown["view"]
    assert "I have told" not in shown["view"] and "performance lead" not in shown["view"]
    posts = small_bot.fake.calls("chat.postMessage")
    assert [c.params["text"] for c in posts] == ["Can we help?"]  # only our own reminder
    assert small_bot.fake.calls("conversations.open") == []
    assert blocker_recorded(small_bot, "extra-slots")
