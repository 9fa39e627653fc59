"""Buttons: a choice between answers, "Share in channel", reminder buttons, idea decisions.

Every press is acknowledged first. Button ids come from `render.card_blocks` as
`f"{action.id}:{n}"`; the patterns below accept both that and the bare id. A button's value is
data from the outside like any other: a question goes through `handlers.intents.read`, an id
that is not a number acts on nothing (and the handler says so).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.deps import Deps
from bot.slack.modals import number, press_modal, triage_modal
from bot.slack.presses import Presses, origin_of
from bot.slack.render import escape_mrkdwn, split_action_id
from bot.slack.replies import SHARE, with_share, without_share
from bot.slack.text import channel_of, is_user_id, user_of
from handlers.intents import read
from handlers.triage import idea_to_decide

log = logging.getLogger(__name__)

ASK = re.compile(r"^ask(:\d+)?$")
SHARE_BUTTON = re.compile(rf"^{SHARE}(:\d+)?$")
NUDGE = re.compile(r"^action\.(done|progress|new_date|blocked)(:\d+)?$")
TRIAGE = re.compile(r"^idea\.(under_review|accepted|not_now|done|review)(:\d+)?$")


Answer = Callable[[dict[str, Any], dict[str, Any], WebClient, Respond], None]


class Actions:
    def __init__(self, deps: Deps, presses: Presses) -> None:
        self.deps = deps
        self.presses = presses

    def register(self, app: App) -> None:
        app.action(ASK)(self._acked(self._answer_choice))
        app.action(SHARE_BUTTON)(self._acked(self._share))
        app.action(NUDGE)(self.nudge)
        app.action(TRIAGE)(self.triage)

    # ---- asking ------------------------------------------------------------------------------
    def _acked(self, work: Answer) -> Callable[..., None]:
        """A button handler that acks at once and answers after: answers read the database."""

        def handler(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                    respond: Respond, context: BoltContext) -> None:
            ack()
            self.deps.later(context, body, client, lambda: work(body, action, client, respond))

        return handler

    def _answer_choice(self, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       respond: Respond) -> None:
        intent = read(str(action.get("value") or ""), "perf")
        reply = self.deps.converse(client, user_of(body), intent, channel=channel_of(body))
        ephemeral = bool(origin_of(body).get("ephemeral"))
        cards = with_share(reply.cards, intent.said) if ephemeral and reply.shareable \
            else reply.cards
        self.deps.replies.respond(client, respond, cards, replace_original=not reply.private,
                                  response_type="ephemeral" if ephemeral or reply.private
                                  else "in_channel")

    def _share(self, body: dict[str, Any], action: dict[str, Any], client: WebClient,
               respond: Respond) -> None:
        """Answer the question again as the presser, post it for everyone, drop the private
        copy. (Slack does not send an ephemeral message's blocks with a press.)"""
        user, channel = user_of(body), channel_of(body)
        intent = read(str(action.get("value") or ""), "perf")
        reply = self.deps.converse(client, user, intent, channel=channel)
        if reply.private or not reply.shareable:  # a failure, or not for a channel
            self.deps.replies.respond(client, respond, reply.cards)
            return
        if channel is None:
            return
        try:
            self.deps.replies.post(client, channel, without_share(reply.cards),
                                   note=f"Shared by <@{user}>" if is_user_id(user) else None)
        except SlackApiError as exc:
            error = str(exc.response.get("error"))[:100]
            log.warning("could not share an answer in a channel: %s", error)
            respond(text=escape_mrkdwn(
                "I can't post in this conversation (" + error + "). Invite me with "
                "/invite @goldthread, then share again."), response_type="ephemeral",
                replace_original=False)
            return
        respond(delete_original=True)

    # ---- reminders -----------------------------------------------------------------------
    def nudge(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
              respond: Respond, context: BoltContext) -> None:
        ack()
        button = split_action_id(str(action["action_id"]))
        action_id = number(action.get("value"))
        origin = origin_of(body)
        job: Callable[[], object]
        if button == "action.done":
            job = lambda: self._done(body, client, respond, action_id, origin)  # noqa: E731
        else:  # the form needs today's date, which needs the database: not in the ack
            job = lambda: client.views_open(  # noqa: E731
                trigger_id=body["trigger_id"],
                view=press_modal(button, action_id, origin, self.deps.app.today()))
        self.deps.later(context, body, client, job)

    def _done(self, body: dict[str, Any], client: WebClient, respond: Respond,
              action_id: int, origin: dict[str, Any]) -> None:
        user = user_of(body)
        outcome = self.presses.press(client, user, "action.done", action_id)
        if not outcome.changed:  # refused, or not recorded: only the presser hears why
            if body.get("response_url"):
                self.deps.replies.respond(client, respond, [outcome.reply])
            elif user:
                self.deps.replies.post(client, user, [outcome.reply])
            return
        blocks = (body.get("message") or {}).get("blocks")
        self.presses.follow_up(client, user, outcome, action_id, origin,
                               f"slack:{body.get('trigger_id')}", blocks)

    # ---- ideas ---------------------------------------------------------------------------
    def triage(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
               respond: Respond, context: BoltContext) -> None:
        ack()
        status = split_action_id(str(action["action_id"])).removeprefix("idea.")
        self.deps.later(context, body, client,
                        lambda: self._open_triage(body, action, client, status))

    def _open_triage(self, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                     status: str) -> None:
        suggestion_id = number(action.get("value"))
        idea = idea_to_decide(self.deps.ctx(), suggestion_id)
        origin = {"where": "home"} if origin_of(body)["where"] == "home" else {}
        client.views_open(trigger_id=body["trigger_id"], view=triage_modal(
            suggestion_id, idea.reference, idea.text, None if status == "review" else status,
            origin))
