"""Reminder buttons and idea decisions in Slack, by everyone who might press them.

The permission matrix (owner, manager, admin, other staff, someone unknown) is checked end to end:
a press that is allowed changes the action and the message that carried the buttons; a press
that is not changes nothing and only the presser hears why.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from bot.slack.render import card_blocks
from handlers.nudges import reminder_card
from models.db import transaction
from models.tables import Accountability, ChatIdentity, Person, Suggestion
from tests.bot.slack.conftest import TOKEN, Bot, chosen, date_input, text_input


def action(bot: Bot, key: str) -> Accountability:
    with bot.app.sessions() as session:
        return session.scalars(select(Accountability).where(Accountability.key == key)).one()


def give_slack_id(bot: Bot, person_key: str, user: str) -> None:
    with transaction(bot.app.sessions) as session:
        person = session.scalars(select(Person).where(Person.key == person_key)).one()
        session.add(ChatIdentity(person_id=person.id, platform="slack", external_id=user))


def post_reminder(bot: Bot, key: str, channel: str = "D0OWNER") -> dict[str, Any]:
    """A reminder as the outbox would post it, so the press has a real message to change."""
    with bot.app.sessions() as session:
        found = session.scalars(select(Accountability).where(Accountability.key == key)).one()
        assert found.owner is not None
        blocks = card_blocks(reminder_card(found.owner, [(found, "date passed")],
                                           bot.app.today()))
    posted = bot.fake.web_client(TOKEN).chat_postMessage(channel=channel, text="Can we help?",
                                                         blocks=blocks)
    return {"ts": posted["ts"], "channel": channel, "blocks": blocks}


def press_on(bot: Bot, message: dict[str, Any], button: str, value: str, user: str) -> str:
    return bot.press(f"{button}:0", value, user=user, channel=message["channel"],
                     container={"type": "message", "message_ts": message["ts"],
                                "channel_id": message["channel"], "is_ephemeral": False},
                     message={"type": "message", "ts": message["ts"],
                              "blocks": message["blocks"], "text": "Can we help?"})


@pytest.mark.parametrize(("user", "key", "allowed"), [
    ("U0AMINA", "extra-slots", True),   # the owner
    ("U0AMINA", "rota", True),          # a manager of the owner's team
    ("U0PAT", "extra-slots", True),     # an admin
    ("U0BEN", "extra-slots", False),    # staff, same team, not the owner
    ("U0NOBODY", "extra-slots", False),  # not in the framework file
])
def test_done_permission_matrix(small_bot: Bot, user: str, key: str, allowed: bool) -> None:
    give_slack_id(small_bot, "pat", "U0PAT")
    target = action(small_bot, key)
    before = target.status
    with small_bot.app.sessions() as session:
        history = len(session.get_one(Accountability, target.id).updates)
    message = post_reminder(small_bot, key)
    pressed = press_on(small_bot, message, "action.done", str(target.id), user)
    if allowed:
        (update,) = small_bot.fake.wait_for("chat.update")
        blocks = update.json("blocks")
        assert "Marked as done" in json.dumps(blocks)
        assert not [e for b in blocks if b["type"] == "actions" for e in b["elements"]
                    if e.get("value") == str(target.id)]
        assert action(small_bot, key).status == "done"
    else:
        (told,) = small_bot.response(pressed)
        assert "nothing was changed" in json.dumps(told).lower()
        assert told["replace_original"] is False
        small_bot.idle()
        assert small_bot.fake.calls("chat.update") == []
        assert action(small_bot, key).status == before
        with small_bot.app.sessions() as session:
            assert len(session.get_one(Accountability, target.id).updates) == history


def open_modal(bot: Bot, message: dict[str, Any], button: str, value: str,
               user: str) -> dict[str, Any]:
    press_on(bot, message, button, value, user)
    bot.fake.wait_for("views.open")
    return next(v for v in bot.fake.views.values() if v.get("callback_id") == button)


def test_update_progress_through_a_modal(small_bot: Bot) -> None:
    target = action(small_bot, "extra-slots")
    message = post_reminder(small_bot, "extra-slots")
    view = open_modal(small_bot, message, "action.progress", str(target.id), "U0AMINA")
    refused = small_bot.submit(view, {"progress": text_input("   ")})
    assert refused["response_action"] == "errors" and "progress" in refused["errors"]
    answer = small_bot.submit(view, {"progress": text_input("Six of ten slots open")})
    assert answer["response_action"] == "update"
    (shown,) = small_bot.fake.wait_for("views.update")
    assert "Progress noted" in json.dumps(shown.json("view"))
    (update,) = small_bot.fake.wait_for("chat.update")
    assert "Six of ten slots open" in json.dumps(update.json("blocks"))
    assert action(small_bot, "extra-slots").progress == "Six of ten slots open"


def test_new_date_through_a_modal(small_bot: Bot) -> None:
    target = action(small_bot, "extra-slots")
    message = post_reminder(small_bot, "extra-slots")
    view = open_modal(small_bot, message, "action.new_date", str(target.id), "U0AMINA")
    datepicker = next(b for b in view["blocks"] if b.get("block_id") == "due")
    assert datepicker["element"]["type"] == "datepicker"
    small_bot.submit(view, {"due": date_input("2027-01-15")})
    small_bot.fake.wait_for("chat.update")
    assert action(small_bot, "extra-slots").due.isoformat() == "2027-01-15"


def test_blocked_tells_the_owners_manager(small_bot: Bot) -> None:
    target = action(small_bot, "rota")  # Ben's; Amina manages his team
    message = post_reminder(small_bot, "rota", channel="D0BEN")
    view = open_modal(small_bot, message, "action.blocked", str(target.id), "U0BEN")
    small_bot.submit(view, {"blocker": text_input("The trust has not replied")}, user="U0BEN")
    (shown,) = small_bot.fake.wait_for("views.update")
    assert "Amina Shah" in json.dumps(shown.json("view"))
    (opened,) = small_bot.fake.wait_for("conversations.open")
    assert opened.params["users"] == "U0AMINA"
    dm = small_bot.fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"]
                                 == "D0AMINA")[0]
    assert "asked for help" in dm.params["text"] and "trust has not replied" in dm.params["text"]
    small_bot.fake.wait_for("chat.update")


def test_unknown_user_modal_changes_nothing(small_bot: Bot) -> None:
    target = action(small_bot, "extra-slots")
    message = post_reminder(small_bot, "extra-slots")
    view = open_modal(small_bot, message, "action.blocked", str(target.id), "U0NOBODY")
    small_bot.submit(view, {"blocker": text_input("help")}, user="U0NOBODY")
    (shown,) = small_bot.fake.wait_for("views.update")
    assert "Nothing was changed" in json.dumps(shown.json("view"))
    small_bot.idle()
    assert small_bot.fake.calls("chat.update") == []
    assert small_bot.fake.calls("conversations.open") == []


def idea_by_ben(bot: Bot, text: str = "Put the weekend rota on the wall") -> int:
    bot.response(bot.command(text, command="/suggest", user="U0BEN"))
    with bot.app.sessions() as session:
        return max(session.scalars(select(Suggestion.id)))


def test_home_shows_actions_team_ideas_and_ideas_to_decide(small_bot: Bot) -> None:
    idea_by_ben(small_bot)
    small_bot.event("app_home_opened")
    (published,) = small_bot.fake.wait_for("views.publish")
    assert published.params["user_id"] == "U0AMINA"
    view = published.json("view")
    words = json.dumps(view)
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    for title in ("My actions", "Reablement Team: how we are doing", "Ideas to decide on (1)"):
        assert title in words
    ids = [e["action_id"] for b in view["blocks"] if b["type"] == "actions"
           for e in b["elements"]]
    assert len(ids) == len(set(ids))
    assert any(i.startswith("idea.accepted") for i in ids)
    assert any(i.startswith("action.done") for i in ids)


def test_manager_decides_from_home_and_the_author_hears(small_bot: Bot) -> None:
    target = idea_by_ben(small_bot)
    small_bot.press("idea.accepted:3", str(target), channel=None,
                    container={"type": "view", "view_id": "VHOME"})
    small_bot.fake.wait_for("views.open")
    view = next(v for v in small_bot.fake.views.values() if v.get("callback_id") == "triage")
    status = next(b for b in view["blocks"] if b.get("block_id") == "status")
    assert status["element"]["initial_option"]["value"] == "accepted"
    small_bot.submit(view, {"status": chosen("accepted"),
                            "reason": text_input("We start in December.")})
    (shown,) = small_bot.fake.wait_for("views.update")
    assert "is now accepted" in json.dumps(shown.json("view"))
    dm = small_bot.fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"]
                                 == "D0BEN")[0]
    assert "accepted" in dm.params["text"] and "We start in December." in dm.params["text"]
    small_bot.fake.wait_for("views.publish")  # the home shows the decision
    with small_bot.app.sessions() as session:
        idea = session.get_one(Suggestion, target)
        assert idea.status == "accepted" and idea.history[-1].reason == "We start in December."


def test_staff_cannot_decide_on_ideas(small_bot: Bot) -> None:
    target = idea_by_ben(small_bot)
    small_bot.press("idea.review:0", str(target), user="U0BEN", channel="C0REABLE",
                    container={"type": "message", "message_ts": "1.5",
                               "channel_id": "C0REABLE", "is_ephemeral": False})
    small_bot.fake.wait_for("views.open")
    view = next(v for v in small_bot.fake.views.values() if v.get("callback_id") == "triage")
    status = next(b for b in view["blocks"] if b.get("block_id") == "status")
    assert "initial_option" not in status["element"]  # "review": no decision suggested
    missing = small_bot.submit(view, {}, user="U0BEN")
    assert missing["response_action"] == "errors" and "status" in missing["errors"]
    small_bot.submit(view, {"status": chosen("done")}, user="U0BEN")
    (shown,) = small_bot.fake.wait_for("views.update")
    assert "Only a manager" in json.dumps(shown.json("view"))
    small_bot.idle()
    with small_bot.app.sessions() as session:
        assert session.get_one(Suggestion, target).status == "new"
    assert small_bot.fake.calls("conversations.open") == []


def test_done_from_home_republishes_it(small_bot: Bot) -> None:
    target = action(small_bot, "extra-slots")
    small_bot.press("action.done:0", str(target.id), channel=None,
                    container={"type": "view", "view_id": "VHOME"})
    (published,) = small_bot.fake.wait_for("views.publish")
    assert "Nothing is waiting on you" in json.dumps(published.json("view"))
