"""In Slack a bare "2" arrives as a new message, maybe to another process: it chooses only
when that person was just offered choices (the memory is in the database, shared by every
adapter), and otherwise says there is nothing to choose; it never matches a topic."""

from __future__ import annotations

import json

from tests.bot.slack.conftest import Bot


def dm(bot: Bot, text: str, count: int) -> str:
    bot.event("message_im", text=text)
    posts = bot.fake.wait_for("chat.postMessage", count)
    return json.dumps(posts[-1].json("blocks"))


def test_a_number_in_a_dm_chooses_what_was_just_offered(demo_bot: Bot) -> None:
    assert "Nothing to choose from just now" in dm(demo_bot, "1", 1)
    offered = dm(demo_bot, "discharge", 2)
    assert "Which one did you mean?" in offered
    chosen = dm(demo_bot, "2", 3)
    assert "Which one did you mean?" not in chosen and "Nothing to choose" not in chosen
    assert "Nothing to choose from just now" in dm(demo_bot, "2", 4)


def test_a_choice_offered_to_one_person_is_not_anothers(demo_bot: Bot) -> None:
    dm(demo_bot, "discharge", 1)
    demo_bot.event("message_im", text="1", user="U0TOMOK", channel="D0TOMOK")
    (_, post) = demo_bot.fake.wait_for("chat.postMessage", 2)
    assert "Nothing to choose from just now" in json.dumps(post.json("blocks"))
