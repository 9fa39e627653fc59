"""Buttons: a choice between answers, "Share in channel", reminder buttons, idea decisions.

Every press is acknowledged first. Button ids come from `render.card_blocks` as
`f"{action.id}:{n}"`; the patterns below accept both that and the bare id.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.deps import Deps
from bot.slack.modals import press_modal, triage_modal
from bot.slack.presses import Presses, origin_of
from bot.slack.render import escape_mrkdwn, split_action_id
from bot.slack.replies import SHARE, with_share, without_share
from bot.slack.text import channel_of, user_of
from handlers.router import dispatch
from models.tables import Suggestion

log = logging.getLogger(__name__)

ASK = re.compile(r"^ask(:\d+)?$")
SHARE_BUTTON = re.compile(rf"^{SHARE}(:\d+)?$")
NUDGE = re.compile(r"^action\.(done|progress|new_date|blocked)(:\d+)?$")
TRIAGE = re.compile(r"^idea\.(under_review|accepted|not_now|done|review)(:\d+)?$")


class Actions:
    def __init__(self, deps: Deps, presses: Presses) -> None:
        self.deps = deps
        self.presses = presses

    def register(self, app: App) -> None:
        app.action(ASK)(self.ask)
        app.action(SHARE_BUTTON)(self.share)
        app.action(NUDGE)(self.nudge)
        app.action(TRIAGE)(self.triage)

    def _later(self, body: dict[str, Any], client: WebClient, job: Any) -> None:
        self.deps.background.submit(job, body, client)

    # ---- asking ------------------------------------------------------------------------------
    def ask(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
            respond: Respond) -> None:
        ack()
        self._later(body, client, lambda: self._answer_choice(body, action, client, respond))

    def _answer_choice(self, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                       respond: Respond) -> None:
        choice = str(action.get("value") or "")
        request = self.deps.identities.request(client, user_of(body), choice,
                                               channel=channel_of(body))
        cards = dispatch(self.deps.ctx(), request, command="perf")
        ephemeral = bool(origin_of(body).get("ephemeral"))
        if ephemeral:
            cards = with_share(cards, choice)
        self.deps.replies.respond(client, respond, cards, replace_original=True,
                                  response_type="ephemeral" if ephemeral else "in_channel")

    def share(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
              respond: Respond) -> None:
        ack()
        self._later(body, client, lambda: self._share(body, action, client, respond))

    def _share(self, body: dict[str, Any], action: dict[str, Any], client: WebClient,
               respond: Respond) -> None:
        """Answer the question again as the presser, post it for everyone, drop the private
        copy. (Slack does not send an ephemeral message's blocks with a press.)"""
        question, user, channel = str(action.get("value") or ""), user_of(body), channel_of(body)
        request = self.deps.identities.request(client, user, question, channel=channel)
        cards = without_share(dispatch(self.deps.ctx(), request, command="perf"))
        if channel is None:
            return
        try:
            self.deps.replies.post(client, channel, cards,
                                   note=f"Shared by <@{user}>" if user else None)
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            log.warning("could not share an answer in a channel: %s", error)
            respond(text=escape_mrkdwn(
                "I can't post in this conversation (" + error + "). Invite me with "
                "/invite @goldthread, then share again."), response_type="ephemeral",
                replace_original=False)
            return
        respond(delete_original=True)

    # ---- reminders -----------------------------------------------------------------------
    def nudge(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
              respond: Respond) -> None:
        ack()
        button = split_action_id(str(action["action_id"]))
        action_id = int(action.get("value") or 0)
        origin = origin_of(body)
        job: Callable[[], object]
        if button == "action.done":
            job = lambda: self._done(body, client, respond, action_id, origin)  # noqa: E731
        else:
            view = press_modal(button, action_id, origin, self.deps.app.today())
            job = lambda: client.views_open(trigger_id=body["trigger_id"], view=view)  # noqa: E731
        self._later(body, client, job)

    def _done(self, body: dict[str, Any], client: WebClient, respond: Respond,
              action_id: int, origin: dict[str, Any]) -> None:
        user = user_of(body)
        outcome = self.presses.press(client, user, "action.done", action_id)
        if not outcome.changed:  # refused: only the presser hears why
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
               respond: Respond) -> None:
        ack()
        status = split_action_id(str(action["action_id"])).removeprefix("idea.")
        self._later(body, client, lambda: self._open_triage(body, action, client, status))

    def _open_triage(self, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                     status: str) -> None:
        suggestion_id = int(action.get("value") or 0)
        with self.deps.app.sessions() as session:
            idea = session.get(Suggestion, suggestion_id)
            reference, text = (idea.reference, idea.text) if idea else (
                f"IDEA-{suggestion_id}", "This idea no longer exists.")
        origin = {"where": "home"} if origin_of(body)["where"] == "home" else {}
        client.views_open(trigger_id=body["trigger_id"], view=triage_modal(
            suggestion_id, reference, text, None if status == "review" else status, origin))
