"""Nothing said is lost: a locked, read-only or missing database never costs Slack its ack, and
the person is told plainly that their words were *not* saved, given them back, and given a
reference, privately, by the route they came in on (issue 8, item 3)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.slack.modals import suggest_modal
from digests.digest.maker import DigestMaker
from models.db import make_engine, session_factory
from models.tables import (
    Accountability,
    AccountabilityUpdate,
    DigestNote,
    SeenEvent,
    Suggestion,
)
from tests.bot.slack.conftest import TOKEN, Bot, payload, running, settings_for, text_input
from tests.bot.slack.databases import (
    down_url,
    make_read_only,
    short_busy_timeout,
    write_locked,
)
from tests.conftest import TODAY
from tests.fakes.slack_api import FakeSlack

IDEA = "Put the weekend rota on the wall by the kettle"
NOTE = "Thank you all for covering the weekend"
PROGRESS = "Six of ten weekend slots are open now"
REFERENCE = re.compile(r"Reference [0-9a-f]{8}")


def counts(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    with sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(table)) or 0
                     for table in (Suggestion, DigestNote, AccountabilityUpdate))  # type: ignore[return-value]


def action_id(bot: Bot, key: str = "extra-slots") -> int:
    with bot.app.sessions() as session:
        return session.scalars(select(Accountability.id).where(
            Accountability.key == key)).one()


def open_idea_modal(bot: Bot) -> dict[str, Any]:
    """The idea form as Slack holds it once opened (opened directly, needing no database)."""
    opened = bot.fake.web_client(TOKEN).views_open(trigger_id="t",
                                                   view=suggest_modal([], None))
    return dict(opened["view"])


def open_progress_modal(bot: Bot, target: int) -> dict[str, Any]:
    from bot.slack.modals import press_modal

    view = press_modal("action.progress", target, {"where": "home"}, TODAY)
    return dict(bot.fake.web_client(TOKEN).views_open(trigger_id="t", view=view)["view"])


# ---- each way in, and what the person then sees -------------------------------------------
def by_command(bot: Bot, _target: int) -> str:
    return json.dumps(bot.response(bot.command(IDEA, command="/suggest", user="U0BEN")))


def by_note(bot: Bot, _target: int) -> str:
    return json.dumps(bot.response(bot.command(f"note {NOTE}", user="U0AMINA")))


def by_dm(bot: Bot, _target: int) -> str:
    bot.event("message_im", text=f"suggest {IDEA}", user="U0BEN", channel="D0BEN")
    return json.dumps([c.params for c in bot.fake.wait_for(
        "chat.postMessage", where=lambda c: c.params.get("channel") == "D0BEN")])


def by_mention(bot: Bot, _target: int) -> str:
    bot.event("app_mention", text=f"<@U0BOT> suggest {IDEA}", user="U0BEN")
    (told,) = bot.fake.wait_for("chat.postEphemeral")
    assert told.params["user"] == "U0BEN"
    bot.idle()
    assert not [c for c in bot.fake.calls("chat.postMessage")
                if IDEA in json.dumps(c.params)], "the words went to the channel"
    return json.dumps(told.params)


def by_modal(bot: Bot, _target: int) -> str:
    answer = bot.submit(open_idea_modal(bot), {"idea": text_input(IDEA)}, user="U0BEN")
    assert answer["response_action"] == "update"
    (shown,) = bot.fake.wait_for("views.update")
    return json.dumps(shown.json("view"))


def by_press(bot: Bot, target: int) -> str:
    return json.dumps(bot.response(bot.press("action.done:0", str(target), user="U0AMINA")))


def by_progress(bot: Bot, target: int) -> str:
    bot.submit(open_progress_modal(bot, target), {"progress": text_input(PROGRESS)})
    (shown,) = bot.fake.wait_for("views.update")
    return json.dumps(shown.json("view"))


WAYS_IN: dict[str, tuple[Callable[[Bot, int], str], str]] = {
    "/suggest": (by_command, IDEA), "/perf note": (by_note, NOTE), "DM": (by_dm, IDEA),
    "mention": (by_mention, IDEA), "idea modal": (by_modal, IDEA), "Done button": (by_press, ""),
    "progress modal": (by_progress, PROGRESS),
}


def assert_told_not_saved(seen: str, words: str) -> None:
    assert "Not saved" in seen and "Nothing was saved" in seen, seen
    assert REFERENCE.search(seen), seen
    if words:
        assert words in seen, "their words were not given back"
    assert "Traceback" not in seen and "OperationalError" not in seen


@pytest.mark.parametrize("way", list(WAYS_IN))
def test_read_only_database_says_not_saved_and_gives_the_words_back(
        small_bot: Bot, way: str) -> None:
    send, words = WAYS_IN[way]
    target = action_id(small_bot)
    before = counts(small_bot.app.sessions)
    make_read_only(small_bot.app.engine)
    assert_told_not_saved(send(small_bot, target), words)
    small_bot.idle()
    assert counts(small_bot.app.sessions) == before


SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@SQLITE_ONLY
@pytest.mark.parametrize("way", list(WAYS_IN))
def test_locked_database_says_not_saved_and_gives_the_words_back(
        small_bot: Bot, way: str) -> None:
    send, words = WAYS_IN[way]
    target = action_id(small_bot)
    before = counts(small_bot.app.sessions)
    short_busy_timeout(small_bot.app.engine)
    with write_locked(small_bot.app.engine):
        assert_told_not_saved(send(small_bot, target), words)
        small_bot.idle()
    assert counts(small_bot.app.sessions) == before


@pytest.fixture
def down_bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Bot]:
    """The bot with its database gone: a closed port, or a folder that does not exist."""
    url = down_url(database_url, tmp_path)
    settings = settings_for(fake, url, tmp_path)
    engine = make_engine(url)
    app = AppContext(settings, engine, session_factory(engine), DigestMaker())
    with running(fake, app) as bot:
        yield bot
    engine.dispose()


@pytest.mark.parametrize("way", list(WAYS_IN))
def test_database_down_says_not_saved_and_gives_the_words_back(down_bot: Bot,
                                                                way: str) -> None:
    send, words = WAYS_IN[way]
    assert_told_not_saved(send(down_bot, 1), words)


# ---- the ack never waits for the database ----------------------------------------------------
def signed_bodies(bot: Bot, target: int) -> list[tuple[str, str, str]]:
    """(what, body, content type) for an event, a command, a modal and a button."""
    event = payload("message_im")
    event["event"].update(text=f"suggest {IDEA}", user="U0BEN", channel="D0BEN")
    event["event_id"] = "Ev0LOCKED"
    command = {**payload("slash_command"), "command": "/suggest", "text": IDEA,
               "user_id": "U0BEN", "response_url": bot.fake.response_url("locked"),
               "trigger_id": "trigger-locked"}
    view = open_idea_modal(bot)
    submission = payload("view_submission")
    submission["user"]["id"] = "U0BEN"
    submission["view"] = {**submission["view"], "id": view["id"], "callback_id": "suggest",
                          "state": {"values": {"idea": text_input(IDEA + " (form)")}}}
    press = payload("block_actions")
    press["actions"][0].update(action_id="action.done:0", value=str(target))
    press["response_url"] = bot.fake.response_url("pressed")
    form = "application/x-www-form-urlencoded"
    return [("event", json.dumps(event), "application/json"),
            ("command", urlencode(command), form),
            ("modal", urlencode({"payload": json.dumps(submission)}), form),
            ("button", urlencode({"payload": json.dumps(press)}), form)]


@SQLITE_ONLY
def test_acks_come_back_within_three_seconds_while_the_database_is_locked(
        small_bot: Bot) -> None:
    """The engine keeps its real 30-second busy timeout here: the ack must not wait on it."""
    target = action_id(small_bot)
    with write_locked(small_bot.app.engine):
        for what, body, content_type in signed_bodies(small_bot, target):
            status, _, seconds = small_bot.post(body, content_type=content_type)
            assert status == 200, what
            assert seconds < 3.0, f"the {what} was acked after {seconds:.1f} s"
    # The lock goes; what was said is saved after all, and the person is told so.
    (reply,) = small_bot.response("locked")
    assert "Thanks, your idea is saved" in json.dumps(reply)
    small_bot.idle()
    with small_bot.app.sessions() as session:
        texts = set(session.scalars(select(Suggestion.text)))
        assert {IDEA, IDEA + " (form)"} <= texts
        assert session.get_one(Accountability, target).status == "done"


def test_read_only_database_apologises_once_however_often_slack_retries(
        small_bot: Bot) -> None:
    make_read_only(small_bot.app.engine)
    for retry in (None, 1, 2, 3):
        assert small_bot.event("message_im", event_id="Ev0ONCE", retry=retry,
                               text=f"suggest {IDEA}", user="U0BEN", channel="D0BEN") == 200
    small_bot.fake.wait_for("chat.postMessage")
    small_bot.idle()
    told = small_bot.fake.calls("chat.postMessage")
    assert len(told) == 1
    assert_told_not_saved(json.dumps(told[0].params), IDEA)


# ---- a request sent again, unchanged ----------------------------------------------------------
def test_a_replayed_command_has_one_effect(small_bot: Bot) -> None:
    body = urlencode({**payload("slash_command"), "command": "/suggest", "text": IDEA,
                      "user_id": "U0BEN", "response_url": small_bot.fake.response_url("r"),
                      "trigger_id": "trigger-r"})
    stamp = int(time.time())
    assert small_bot.post(body, timestamp=stamp)[0] == 200
    assert small_bot.post(body, timestamp=stamp)[0] == 200  # the same bytes, the same signature
    small_bot.response("r")
    small_bot.idle()
    assert counts(small_bot.app.sessions)[0] == 1
    assert len(small_bot.fake.calls("response")) == 1


def test_a_replayed_button_press_and_modal_have_one_effect(small_bot: Bot) -> None:
    target = action_id(small_bot)
    history = counts(small_bot.app.sessions)[2]
    stamp = int(time.time())
    for _what, body, content_type in signed_bodies(small_bot, target)[2:]:
        for _ in range(3):
            assert small_bot.post(body, content_type=content_type, timestamp=stamp)[0] == 200
    small_bot.fake.wait_for("views.update")
    small_bot.idle()
    with small_bot.app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Suggestion)) == 1
    assert counts(small_bot.app.sessions)[2] == history + 1  # one "done", kept once
    assert len(small_bot.fake.calls("views.update")) == 1
    assert len(small_bot.fake.calls("chat.update")) == 1  # the pressed message, once


def test_a_replay_to_another_process_has_one_effect(small_bot: Bot, tmp_path: Path) -> None:
    other_app = AppContext(small_bot.app.settings, small_bot.app.engine,
                           small_bot.app.sessions, DigestMaker())
    body = urlencode({**payload("slash_command"), "command": "/suggest", "text": IDEA,
                      "user_id": "U0BEN", "response_url": small_bot.fake.response_url("x"),
                      "trigger_id": "trigger-x"})
    stamp = int(time.time())
    with running(small_bot.fake, other_app) as other:
        assert small_bot.post(body, timestamp=stamp)[0] == 200
        small_bot.response("x")
        small_bot.idle()
        assert other.post(body, timestamp=stamp)[0] == 200
        other.idle()
    assert counts(small_bot.app.sessions)[0] == 1
    with small_bot.app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(SeenEvent).where(
            SeenEvent.platform == "slack-request")) == 1
