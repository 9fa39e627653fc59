"""Hostile text over real HTTP, a bounded number of examples (the many are in
tests/handlers/test_hostile_text.py): slash commands, the idea modal, a reminder form, DMs and
mentions. Whatever goes to the fake Slack carries no live mention or link, no control character
and no bidi override; every request is acked; a refused idea writes nothing."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.slack.modals import press_modal, suggest_modal
from models.tables import Accountability, Suggestion
from tests.bot.slack.conftest import TOKEN, Bot, text_input
from tests.conftest import TODAY
from tests.fakes.hostile import HOSTILE, assert_safe, shown
from tests.fakes.slack_api import Call


def slack_escaped(text: str) -> str:
    """Message text as Slack sends it: `&`, `<` and `>` as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def what_was_sent(calls: list[Call]) -> str:
    """Every reply as Slack would show it (blocks and views parsed, buttons' values left out)."""
    found = []
    for call in calls:
        params = {k: json.loads(v) if k in ("blocks", "view") and isinstance(v, str) else v
                  for k, v in call.params.items()}
        found.append(json.dumps(shown(params), ensure_ascii=False))
    return "\n".join(found)


def send(bot: Bot, way: str, text: str) -> int:
    """Send `text` the way given; the number of calls the test itself made first."""
    if way in ("/perf", "/suggest"):  # a form body is UTF-8, which cannot carry a surrogate
        clean = "".join(ch for ch in text if not "\ud800" <= ch <= "\udfff")
        bot.command(slack_escaped(clean), command=way, user="U0BEN")
    elif way == "DM":
        assert bot.event("message_im", text=slack_escaped(text), user="U0BEN",
                         channel="D0BEN") == 200
    elif way == "mention":
        assert bot.event("app_mention", text="<@U0BOT> " + slack_escaped(text),
                         user="U0BEN") == 200
    elif way == "idea modal":
        view = bot.fake.web_client(TOKEN).views_open(
            trigger_id="t", view=suggest_modal([], None))["view"]
        bot.submit(dict(view), {"idea": text_input(text)}, user="U0BEN")
        return 1
    else:
        with bot.app.sessions() as session:
            target = session.scalars(select(Accountability.id).where(
                Accountability.key == "rota")).one()
        view = bot.fake.web_client(TOKEN).views_open(trigger_id="t", view=press_modal(
            "action.progress", target, {"where": "home"}, TODAY))["view"]
        bot.submit(dict(view), {"progress": text_input(text)}, user="U0BEN")
        return 1
    return 0


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=HOSTILE, way=st.sampled_from(["/perf", "/suggest", "DM", "mention", "idea modal",
                                          "progress form"]))
def test_hostile_text_over_http(small_bot: Bot, text: str, way: str) -> None:
    small_bot.fake.reset()
    with small_bot.app.sessions() as session:
        ideas_before = session.scalar(select(func.count()).select_from(Suggestion))
    ours = send(small_bot, way, text)
    small_bot.idle()
    replies: list[Any] = [c for c in small_bot.fake.calls()[ours:] if c.method != "auth.test"]
    assert replies or way.endswith(("modal", "form")), f"no reply to {way}"
    assert_safe(what_was_sent(replies))
    with small_bot.app.sessions() as session:
        ideas_after = session.scalar(select(func.count()).select_from(Suggestion))
        newest = session.scalars(select(Suggestion.text).order_by(
            Suggestion.id.desc())).first()
    saved = any("your idea is saved" in json.dumps(c.params) for c in replies)
    assert ideas_after == (ideas_before or 0) + (1 if saved else 0)
    if saved:
        assert newest and "\x00" not in newest and "\x1b" not in newest
