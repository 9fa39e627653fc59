"""/perf and /suggest: acknowledged at once, answered from the background through response_url.

`/perf <words>` answers only the asker, with a "Share in channel" button when the handler says
the answer may be shared. `/suggest <idea>` stores the idea before it says so; `/suggest` alone
opens the idea modal. The words are read once, in the ack (`handlers.intents.read`, which is
pure and quick), so that the background already knows whether it may ask Slack who the
author is. A 10,000-character command is read too, and answered clearly.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.slack.deps import Deps
from bot.slack.modals import suggest_modal
from bot.slack.replies import with_share
from bot.slack.text import channel_of, incoming, user_of
from handlers.intents import Intent, read
from handlers.suggest import idea_form


class Commands:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def register(self, app: App) -> None:
        app.command("/perf")(self.perf)
        app.command("/suggest")(self.suggest)

    def perf(self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond,
             context: BoltContext) -> None:
        ack()
        intent = read(incoming(str(body.get("text") or "")), "perf")
        self.deps.later(context, body, client, lambda: self.answer(client, respond, body,
                                                                   intent),
                        anonymous=intent.anonymous)

    def answer(self, client: WebClient, respond: Respond, body: dict[str, Any],
               intent: Intent) -> None:
        reply = self.deps.converse(client, user_of(body), intent, channel=channel_of(body))
        cards = with_share(reply.cards, intent.said) if reply.shareable else reply.cards
        self.deps.replies.respond(client, respond, cards)

    def suggest(self, ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond,
                context: BoltContext) -> None:
        ack()
        intent = read(incoming(str(body.get("text") or "")), "suggest")
        if intent.said:
            job = lambda: self.answer(client, respond, body, intent)  # noqa: E731
        else:
            job = lambda: self.open_modal(client, body)  # noqa: E731
        self.deps.later(context, body, client, job, anonymous=intent.anonymous)

    def open_modal(self, client: WebClient, body: dict[str, Any]) -> None:
        # look_up=False: nobody asks Slack who is about to write (perhaps anonymously).
        request = self.deps.identities.request(client, user_of(body), "", look_up=False)
        form = idea_form(self.deps.ctx(), request)
        client.views_open(trigger_id=body["trigger_id"],
                          view=suggest_modal(form.teams, form.default_team))
