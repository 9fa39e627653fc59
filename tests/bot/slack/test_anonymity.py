"""Anonymous means anonymous on every path (issue 8, item 2).

Each way an idea can arrive (/suggest, /perf suggest, the modal's checkbox, the modal's words,
a DM, an @mention), with the marker typed as a Mac or a phone types it: every call the bot
makes to Slack and every log record, at DEBUG, is searched for the author's id and the idea's
words. They may appear only in the one private acknowledgement to the author (and the Web API
client's own debug lines about sending it); never a `users.info`, never a stored identity, a
channel or a time finer than the day, never a public reply in a channel.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from bot.slack.modals import suggest_modal
from models.tables import ChatIdentity, Delivery, Suggestion
from tests.bot.slack.conftest import TOKEN, Bot, checked, text_input
from tests.bot.slack.databases import make_read_only
from tests.fakes.slack_api import Call

AUTHOR = "U0BEN"
WORDS = "Stop double-booking the pool cars on Fridays"
NBSP, ZWSP, WORD_JOINER = "\u00a0", "\u200b", "\u2060"


def ideas(bot: Bot) -> list[Suggestion]:
    with bot.app.sessions() as session:
        return list(session.scalars(select(Suggestion).order_by(Suggestion.id)))


# ---- the ways in: each sends `text` as the author and names the call that acknowledges it ----
Ack = Callable[[Call], bool]


def slash_suggest(bot: Bot, text: str) -> Ack:
    name = bot.command(text, command="/suggest", user=AUTHOR)
    bot.response(name)
    return lambda c: c.method == "response" and c.params.get("_name") == name


def slash_perf(bot: Bot, text: str) -> Ack:
    name = bot.command("suggest " + text, user=AUTHOR)
    bot.response(name)
    return lambda c: c.method == "response" and c.params.get("_name") == name


def modal(bot: Bot, text: str, *, box: bool) -> Ack:
    view = dict(bot.fake.web_client(TOKEN).views_open(
        trigger_id="t", view=suggest_modal([("reablement", "Reablement Team")], None))["view"])
    values = {"idea": text_input(text)}
    if box:
        values["anonymous"] = checked("yes")
    bot.submit(view, values, user=AUTHOR)
    bot.fake.wait_for("views.update")
    return lambda c: c.method in ("views.update", "views.open")


def modal_box(bot: Bot, text: str) -> Ack:
    return modal(bot, text, box=True)


def modal_words(bot: Bot, text: str) -> Ack:
    return modal(bot, text, box=False)


def direct_message(bot: Bot, text: str) -> Ack:
    bot.event("message_im", text="suggest " + text, user=AUTHOR, channel="D0BEN")
    bot.fake.wait_for("chat.postMessage")
    return lambda c: c.method == "chat.postMessage" and c.params.get("channel") == "D0BEN"


def mention(bot: Bot, text: str) -> Ack:
    bot.event("app_mention", text="<@U0BOT> suggest " + text, user=AUTHOR,
              channel="C0REABLE")
    bot.fake.wait_for("chat.postEphemeral")
    return lambda c: c.method == "chat.postEphemeral" and c.params.get("user") == AUTHOR


WAYS_IN = {"/suggest": slash_suggest, "/perf suggest": slash_perf, "modal checkbox": modal_box,
           "modal words": modal_words, "DM": direct_message, "mention": mention}
MARKED = {
    "/suggest": f"anonymous:{NBSP}{WORDS}",       # Option-Space after the colon
    "/perf suggest": f"ANON{ZWSP}：{WORDS}",       # zero-width space, full-width colon
    "modal checkbox": WORDS,                       # the box says it
    "modal words": f"anon{WORD_JOINER}ymous -{NBSP}{WORDS}",  # an invisible inside the marker
    "DM": f"Anon{ZWSP}ymous{NBSP}-{NBSP}{WORDS}",
    "mention": f"anonymous:{NBSP}{WORDS}",
}


# ---- where the author and the words must not be ---------------------------------------------
def leaks(bot: Bot, records: list[logging.LogRecord], ack: Ack,
          needles: tuple[str, ...]) -> list[str]:
    """Every Slack call and log record (but the acknowledgement) that names the author or
    repeats the idea."""
    found = []
    ack_urls: list[str] = []
    for call in bot.fake.calls():
        blob = call.body.decode("utf-8", "replace") + json.dumps(call.params)
        if ack(call):
            ack_urls.append(call.method if call.method != "response"
                            else "/response/" + call.params["_name"])
            continue
        found += [f"slack {call.method}: {n!r}" for n in needles if n in blob]
    sending_ack: dict[int | None, bool] = {}
    for record in records:
        line = record.getMessage() + (record.exc_text or "")
        if record.exc_info and record.exc_info[1] is not None:
            line += str(record.exc_info[1])
        if record.name.startswith("slack_sdk"):  # the client's own lines about each request
            if line.startswith("Sending a request"):
                sending_ack[record.thread] = any(u in line for u in ack_urls)
            if sending_ack.get(record.thread):
                continue
        found += [f"log {record.name}: {n!r}" for n in needles if n in line]
    return found


def assert_nothing_names_the_author(bot: Bot) -> None:
    assert bot.fake.calls("users.info") == []
    with bot.app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ChatIdentity).where(
            ChatIdentity.external_id == AUTHOR)) == 1  # Ben's own, from the framework file
        deliveries = session.scalars(select(Delivery)).all()
        assert all(AUTHOR not in json.dumps(d.payload) + d.target for d in deliveries)


@pytest.mark.parametrize("way", list(WAYS_IN))
def test_an_anonymous_idea_names_nobody_anywhere(small_bot: Bot, way: str,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    ack = WAYS_IN[way](small_bot, MARKED[way])
    small_bot.idle()
    (idea,) = ideas(small_bot)
    assert idea.anonymous and idea.text == WORDS
    assert (idea.person_id, idea.contact_platform, idea.contact_id) == (None, None, None)
    assert (idea.created_at.hour, idea.created_at.minute, idea.created_at.second) == (0, 0, 0)
    assert idea.team_id is not None  # it still reaches the managers of Ben's team
    assert_nothing_names_the_author(small_bot)
    assert leaks(small_bot, caplog.records, ack, (AUTHOR, WORDS)) == []


def test_an_anonymous_mention_is_acknowledged_privately(small_bot: Bot) -> None:
    mention(small_bot, MARKED["mention"])
    small_bot.idle()
    (told,) = small_bot.fake.calls("chat.postEphemeral")
    assert told.params["channel"] == "C0REABLE" and told.params["user"] == AUTHOR
    words = json.dumps(told.params)
    assert "Your name is not kept with it" in words and "Only you can see this" in words
    assert small_bot.fake.calls("chat.postMessage") == []  # no thread reply for all to see


@pytest.mark.parametrize("way", ["/suggest", "modal checkbox", "DM", "mention"])
def test_an_anonymous_idea_that_cannot_be_saved_leaves_no_trace_but_the_reference(
        small_bot: Bot, way: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    make_read_only(small_bot.app.engine)
    ack = WAYS_IN[way](small_bot, MARKED[way])
    small_bot.idle()
    told = json.dumps([c.params for c in small_bot.fake.calls() if ack(c)])
    assert "Not saved" in told and WORDS in told  # their words, back to them alone
    reference = re.search(r"Reference ([0-9a-f]{8})", told)
    assert reference, told
    logged = [r for r in caplog.records if reference.group(1) in r.getMessage()]
    assert logged and logged[0].levelno == logging.ERROR
    assert ideas(small_bot) == []
    assert leaks(small_bot, caplog.records, ack, (AUTHOR, WORDS)) == []


def test_named_ideas_still_look_the_author_up(small_bot: Bot) -> None:
    """The other side of the coin: without the marker the idea keeps its author."""
    small_bot.fake.add_user("U0NEWBIE", name="newbie", email="nobody@elsewhere.example")
    small_bot.response(small_bot.command("anonymously-minded: " + WORDS, command="/suggest",
                                         user="U0NEWBIE"))
    (idea,) = ideas(small_bot)
    assert not idea.anonymous and idea.contact_id == "U0NEWBIE"
    assert len(small_bot.fake.calls("users.info")) == 1
