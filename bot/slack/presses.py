"""Reminder buttons in Slack: press, then make the original message (or App Home) show it.

`handlers.action_presses.press` decides and records; this module only carries the outcome back
into Slack: the pressed action's buttons are replaced by what was done, managers are told
through the outbox when someone is blocked, and a refusal goes to the presser alone.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.deps import Deps
from bot.slack.message_edits import settle
from handlers.action_presses import press
from handlers.failures import Attempt, Failed, attempt
from handlers.request import Outcome

log = logging.getLogger(__name__)

SAVING = {"action.done": "your press of Done", "action.progress": "your update",
          "action.new_date": "your new date", "action.blocked": "your request for help"}
Origin = Mapping[str, Any]  # {"where": "message", "channel", "ts"} or {"where": "home"}


def origin_of(body: Mapping[str, Any]) -> dict[str, Any]:
    """Where a button was pressed, small enough to carry in a modal's private_metadata."""
    container = body.get("container") or {}
    if container.get("type") == "view":
        return {"where": "home"}
    return {"where": "message", "channel": container.get("channel_id"),
            "ts": container.get("message_ts"),
            "ephemeral": bool(container.get("is_ephemeral"))}


def note_of(outcome: Outcome) -> str:
    words = " ".join(s.plain_text for s in outcome.reply.sections)
    return f"{outcome.reply.title} — {words}" if words else outcome.reply.title


class Presses:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def press(self, client: WebClient, user: str | None, button: str, action_id: int,
              value: str | None = None) -> Outcome:
        """The handler's outcome; when the work fails, an unchanged outcome whose reply says
        nothing was recorded and gives back what they typed."""

        def work() -> Outcome:
            request = self.deps.identities.request(client, user, "")
            return press(self.deps.ctx(), request, button, action_id, value)

        about = Attempt(saving=SAVING.get(button, "your change"), words=value or "")
        result = attempt(about, work)
        return Outcome(result.card) if isinstance(result, Failed) else result

    def follow_up(self, client: WebClient, user: str | None, outcome: Outcome,
                  action_id: int, origin: Origin, key: str,
                  blocks: list[dict[str, Any]] | None = None) -> None:
        """After a change: show it where the button was, and tell whoever must hear."""
        if not outcome.changed:
            return
        self.deps.notices.send(outcome.notify, key)
        if origin.get("where") == "home" and user:
            self.deps.publish_home(client, user)
        elif origin.get("channel") and origin.get("ts") and not origin.get("ephemeral"):
            self._settle(client, str(origin["channel"]), str(origin["ts"]), str(action_id),
                         note_of(outcome), blocks)

    def _settle(self, client: WebClient, channel: str, ts: str, value: str, note: str,
                blocks: list[dict[str, Any]] | None) -> None:
        try:
            text = None
            if blocks is None:  # after a modal: read the message as it is now
                found = client.conversations_history(channel=channel, latest=ts,
                                                     inclusive=True, limit=1)["messages"]
                message = next((m for m in found if m.get("ts") == ts), None)
                if message is None:
                    log.warning("the pressed message is gone; nothing to update")
                    return
                blocks, text = message.get("blocks") or [], message.get("text")
            client.chat_update(channel=channel, ts=ts, blocks=settle(blocks, value, note),
                               text=text or note)
        except SlackApiError as exc:
            # The change is recorded; only the old message still shows its buttons.
            log.warning("could not update the pressed message: %s", exc.response.get("error"))
