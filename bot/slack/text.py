"""Slack text on the way in: entities undone, the bot's own mention taken out.

Slack sends message and command text with `&`, `<` and `>` as entities. Handlers work on plain
text and the renderer escapes everything again on the way out, so "A&amp;E" must become "A&E"
before it is matched, and a "<!channel>" someone typed stays harmless when it is echoed. What
the words mean (a question, an idea, anonymous or not) is `handlers.intents.read`'s to say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")


def incoming(text: str) -> str:
    """Plain text from Slack's escaped text (`&amp;` last, so `&amp;lt;` stays `&lt;`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def without_mention(text: str, bot_user_id: str | None) -> str:
    """The message minus `<@BOT>` (wherever it is), as plain text."""
    if bot_user_id:
        text = _MENTION.sub(lambda m: "" if m.group(1) == bot_user_id else m.group(0), text)
    return incoming(" ".join(text.split()))


def user_of(body: Mapping[str, Any]) -> str | None:
    """Who sent a command, pressed a button, submitted a view or caused an event."""
    user = body.get("user")
    if isinstance(user, dict) and user.get("id"):
        return str(user["id"])
    if body.get("user_id"):
        return str(body["user_id"])
    event = body.get("event")
    if isinstance(event, dict) and isinstance(event.get("user"), str):
        return event["user"]
    return None


def channel_of(body: Mapping[str, Any]) -> str | None:
    """The conversation a request came from, when it came from one."""
    if body.get("channel_id"):
        return str(body["channel_id"])
    channel = body.get("channel")
    if isinstance(channel, dict) and channel.get("id"):
        return str(channel["id"])
    event = body.get("event")
    if isinstance(event, dict) and isinstance(event.get("channel"), str):
        return event["channel"]
    return None


def is_user_id(value: object) -> bool:
    """A Slack member id, safe to put inside `<@...>` (never text someone could shape)."""
    return isinstance(value, str) and _USER_ID.fullmatch(value) is not None
