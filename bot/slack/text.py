"""Slack text on the way in: entities undone, the bot's own mention taken out.

Slack sends message and command text with `&`, `<` and `>` as entities. Handlers work on plain
text and the renderer escapes everything again on the way out, so "A&amp;E" must become "A&E"
before it is matched, and a "<!channel>" someone typed stays harmless when it is echoed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


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


def quiet_idea(text: str, command: str | None = None) -> bool:
    """Is this an anonymous idea? Then nobody asks Slack who sent it (see Identities).

    Ideas arrive as `/suggest <idea>`, or as "suggest <idea>" after /perf, in a DM or a mention
    (where "/suggest" and "/perf suggest" may be typed as words too)."""
    from handlers.suggest import parse_idea

    words = text.strip()
    if command == "suggest":
        return parse_idea(words).anonymous
    if command not in (None, "perf"):
        return False
    lowered = words.lower()
    if lowered.startswith("/perf "):
        words, lowered = words[6:].lstrip(), lowered[6:].lstrip()
    for prefix in ("/suggest", "suggest"):
        if lowered == prefix or lowered.startswith(prefix + " "):
            return parse_idea(words[len(prefix):]).anonymous
    return False
