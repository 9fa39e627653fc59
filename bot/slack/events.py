"""Events: "@goldthread how are we doing on …" in a channel, direct messages, the App Home.

Events are acknowledged by Bolt before the listener runs, and deduplicated by `dedupe.py` (this
process's memory in the ack path, the database before the work). Mentions are answered in a
thread under the question, DMs in the DM. A reply that must stay private (an anonymous idea,
or a failure that gives someone's words back) is never posted in a channel: the author alone
sees it, as an ephemeral message.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.slack.deps import Deps
from bot.slack.text import without_mention
from handlers.intents import Intent, read

ONLY_YOU = ("Only you can see this reply. Your message above can still be seen by everyone in "
            "this channel; you can delete it.")


class Events:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def register(self, app: App) -> None:
        app.event("app_mention")(self.mention)
        app.event("message")(self.message)
        app.event("app_home_opened")(self.home_opened)

    def mention(self, event: dict[str, Any], body: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
        intent = read(without_mention(str(event.get("text") or ""), context.bot_user_id))
        thread = event.get("thread_ts") or event.get("ts")
        self.deps.later(context, body, client,
                        lambda: self.reply(client, event, intent, thread, in_channel=True),
                        anonymous=intent.anonymous)

    def message(self, event: dict[str, Any], body: dict[str, Any], client: WebClient,
                context: BoltContext) -> None:
        if (event.get("channel_type") != "im" or event.get("subtype")
                or event.get("bot_id")):
            return  # edits, joins, other bots: nothing to answer
        intent = read(without_mention(str(event.get("text") or ""), context.bot_user_id))
        self.deps.later(context, body, client,
                        lambda: self.reply(client, event, intent, None, in_channel=False),
                        anonymous=intent.anonymous)

    def reply(self, client: WebClient, event: dict[str, Any], intent: Intent,
              thread_ts: str | None, *, in_channel: bool) -> None:
        channel, user = str(event["channel"]), event.get("user")
        reply = self.deps.converse(client, user, intent, channel=channel)
        if in_channel and reply.private and isinstance(user, str):
            self.deps.replies.ephemeral(client, channel, user, reply.cards,
                                        thread_ts=event.get("thread_ts"), note=ONLY_YOU)
            return
        self.deps.replies.post(client, channel, reply.cards, thread_ts=thread_ts)

    def home_opened(self, event: dict[str, Any], body: dict[str, Any], client: WebClient,
                    context: BoltContext) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        user = str(event["user"])
        self.deps.later(context, body, client, lambda: self.deps.publish_home(client, user))
