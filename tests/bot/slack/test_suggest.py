"""Ideas from Slack: /suggest with text, the modal, and the anonymous path that keeps no trace."""

from __future__ import annotations

import json
import logging

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from models.tables import Delivery, Suggestion
from tests.bot.slack.conftest import Bot, checked, chosen, text_input


def ideas(bot: Bot) -> list[Suggestion]:
    with bot.app.sessions() as session:
        return list(session.scalars(select(Suggestion).options(
            joinedload(Suggestion.person), joinedload(Suggestion.team)).order_by(Suggestion.id)))


def test_suggest_with_text_is_stored_before_the_reply(small_bot: Bot) -> None:
    name = small_bot.command("Put the weekend rota on the wall", command="/suggest",
                             user="U0BEN")
    (reply,) = small_bot.response(name)
    (idea,) = ideas(small_bot)
    assert idea.text == "Put the weekend rota on the wall" and idea.person is not None
    assert idea.person.key == "ben" and idea.team is not None
    words = json.dumps(reply["blocks"])
    assert f"IDEA-{idea.id}" in words and reply["response_type"] == "ephemeral"


def test_channel_ping_in_an_idea_is_echoed_escaped(small_bot: Bot) -> None:
    name = small_bot.command("Tell &lt;!channel&gt; and <!here> about the new rota please",
                             command="/suggest", user="U0BEN")
    (reply,) = small_bot.response(name)
    words = json.dumps(reply["blocks"]) + reply["text"]
    assert "<!channel>" not in words and "<!here>" not in words
    assert "&lt;!channel&gt;" in words and "&lt;!here&gt;" in words
    assert ideas(small_bot)[0].text.startswith("Tell <!channel> and <!here>")


def test_suggest_alone_opens_the_modal_with_my_team(small_bot: Bot) -> None:
    small_bot.command("", command="/suggest", user="U0BEN")
    (opened,) = small_bot.fake.wait_for("views.open")
    view = opened.json("view")
    assert view["callback_id"] == "suggest" and len(view["title"]["text"]) <= 24
    team = next(b for b in view["blocks"] if b.get("block_id") == "team")
    assert team["element"]["initial_option"]["value"] == "reablement"
    assert {b.get("block_id") for b in view["blocks"]} >= {"idea", "team", "anonymous"}


def test_modal_validation_error_is_shown_in_the_modal(small_bot: Bot) -> None:
    small_bot.command("", command="/suggest", user="U0BEN")
    view = small_bot.fake.wait_for("views.open")[0].json("view")
    stored = next(iter(small_bot.fake.views.values()))
    answer = small_bot.submit({**view, "id": stored["id"]}, {"idea": text_input("Too short")},
                              user="U0BEN")
    assert answer["response_action"] == "errors" and "idea" in answer["errors"]
    assert ideas(small_bot) == []


def test_modal_submission_stores_the_idea_and_shows_its_reference(small_bot: Bot) -> None:
    small_bot.command("", command="/suggest", user="U0BEN")
    small_bot.fake.wait_for("views.open")
    stored = next(iter(small_bot.fake.views.values()))
    answer = small_bot.submit(stored, {"idea": text_input("Text people the day before a visit"),
                                       "team": chosen("board")}, user="U0BEN")
    assert answer["response_action"] == "update"
    (updated,) = small_bot.fake.wait_for("views.update")
    (idea,) = ideas(small_bot)
    assert idea.team is not None and idea.team.key == "board" and not idea.anonymous
    assert f"IDEA-{idea.id}" in json.dumps(updated.json("view"))


@pytest.mark.parametrize("how", ["modal", "command"])
def test_anonymous_idea_keeps_no_user_id_anywhere(small_bot: Bot,
                                                  caplog: pytest.LogCaptureFixture,
                                                  how: str) -> None:
    caplog.set_level(logging.DEBUG)
    if how == "modal":
        small_bot.command("", command="/suggest", user="U0BEN")
        small_bot.fake.wait_for("views.open")
        stored = next(iter(small_bot.fake.views.values()))
        caplog.clear()  # from here on the idea is being written
        small_bot.submit(stored, {"idea": text_input("Stop double-booking the pool cars"),
                                  "anonymous": checked("yes")}, user="U0BEN")
        small_bot.fake.wait_for("views.update")
    else:
        caplog.clear()
        small_bot.response(small_bot.command("anonymous: Stop double-booking the pool cars",
                                             command="/suggest", user="U0BEN"))
    small_bot.idle()
    (idea,) = ideas(small_bot)
    assert idea.anonymous and idea.person_id is None
    assert idea.contact_platform is None and idea.contact_id is None
    assert idea.team is not None and idea.team.key == "reablement"  # still reaches managers
    assert (idea.created_at.hour, idea.created_at.minute) == (0, 0)
    with small_bot.app.sessions() as session:
        rows = session.scalars(select(Delivery)).all()
    assert all("U0BEN" not in json.dumps(r.payload) + r.target for r in rows)
    assert small_bot.fake.calls("users.info") == []
    logged = [r.getMessage() for r in caplog.records]
    assert logged, "expected some debug logging to look through"
    assert not [line for line in logged if "U0BEN" in line]


@pytest.mark.parametrize(("text", "command", "quiet"), [
    ("anonymous: an idea", "suggest", True),
    ("an idea", "suggest", False),
    ("suggest anon: an idea", "perf", True),
    ("/suggest -a an idea", None, True),
    ("/perf suggest anonymous: an idea", None, True),
    ("suggest an idea", None, False),
    ("how are we doing on anonymous feedback", None, False),
])
def test_which_texts_are_anonymous_ideas(text: str, command: str | None, quiet: bool) -> None:
    """The one parser decides for every adapter (it replaced bot.slack.text.quiet_idea)."""
    from handlers.intents import read

    assert read(text, command).anonymous is quiet
