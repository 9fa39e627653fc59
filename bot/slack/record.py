"""The form for entering a figure, opened by the late-data nudge's "Enter the figure" button.

The indicator comes from the button (shown, not editable), the period defaults to the one due,
and the person gives the value, how sure it is and a note. What can be checked without the
database (a value that is not a number) is shown in the form at once; the rest is decided by
`handlers.record` in the background, and its problems are shown in the same form, beside the
field they belong to, with what was typed kept. A correction or an unusual value adds a
"this figure is right" box to tick. Once stored, the nudge's button gives way to a note.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.deps import Deps
from bot.slack.modals import _modal, _plain, card_view, metadata, text_value, value, working_view
from bot.slack.presses import origin_of
from bot.slack.render import clip, escape_mrkdwn
from bot.slack.text import user_of
from handlers.data_notices import RECORD_OPEN
from handlers.failures import Attempt, Failed, attempt
from handlers.record import (
    RecordForm,
    RecordOutcome,
    figure_problem,
    form_for,
    record_entry,
    unit_hint,
)
from handlers.record_parse import QUALITIES, Entry

log = logging.getLogger(__name__)

CALLBACK = "record"
TITLE = "Enter a figure"
OPEN = re.compile(rf"^{re.escape(RECORD_OPEN)}(:\d+)?$")
View = dict[str, Any]


def record_modal(form: RecordForm, origin: Mapping[str, Any], *,
                 given: Mapping[str, Any] | None = None,
                 errors: Mapping[str, str] | None = None, question: str | None = None) -> View:
    """The form; `given` refills it, `errors` are shown under their fields, and `question`
    (a correction, an unusual value) adds the box that confirms it."""
    given, errors = given or {}, errors or {}
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": clip(
        f"*{escape_mrkdwn(form.name)}*", 3000)}}]
    blocks += _problem(errors.get("indicator"))
    periods = [_option(iso, label) for iso, label in form.periods]
    chosen = str(given.get("period") or form.due)
    blocks.append({"type": "input", "block_id": "period", "label": _plain("Period"),
                   "element": {"type": "static_select", "action_id": "choice",
                               "options": periods[:100],
                               "initial_option": next((o for o in periods
                                                       if o["value"] == chosen), periods[0])}})
    blocks += _problem(errors.get("period"))
    figure: dict[str, Any] = {"type": "plain_text_input", "action_id": "text",
                              "max_length": 40}
    if given.get("value"):
        figure["initial_value"] = str(given["value"])
    blocks.append({"type": "input", "block_id": "value", "label": _plain("Figure"),
                   "hint": _plain(unit_hint(form.unit)), "element": figure})
    blocks += _problem(errors.get("value"))
    qualities = [_option("final", "Final"), *(_option(q, q.capitalize()) for q in QUALITIES)]
    blocks.append({"type": "input", "block_id": "quality", "optional": True,
                   "label": _plain("How sure is it?"), "element": {
                       "type": "static_select", "action_id": "choice", "options": qualities,
                       "initial_option": next((o for o in qualities
                                               if o["value"] == given.get("quality")),
                                              qualities[0])}})
    blocks += _problem(errors.get("quality"))
    note: dict[str, Any] = {"type": "plain_text_input", "action_id": "text", "multiline": True,
                            "max_length": 500}
    if given.get("note"):
        note["initial_value"] = str(given["note"])
    blocks.append({"type": "input", "block_id": "note", "optional": True,
                   "label": _plain("Note (optional)"), "element": note})
    if question:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": clip(
            f":warning: {escape_mrkdwn(question)}", 3000)}})
        blocks.append({"type": "input", "block_id": "confirm", "label": _plain("Confirm"),
                       "element": {"type": "checkboxes", "action_id": "choice", "options": [
                           {"text": _plain("Yes, this figure is right"), "value": "yes"}]}})
    return _modal(CALLBACK, TITLE, blocks, submit="Record",
                  metadata={**origin, "key": form.key})


def _problem(message: str | None) -> list[dict[str, Any]]:
    if not message:
        return []
    return [{"type": "context", "elements": [{"type": "mrkdwn", "text": clip(
        f":x: {escape_mrkdwn(message)}", 3000)}]}]


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": _plain(clip(text, 75)), "value": value}


class RecordForms:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps

    def register(self, app: App) -> None:
        app.action(OPEN)(self.open)
        app.view(CALLBACK)(self.submit)

    def open(self, ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
             context: BoltContext) -> None:
        ack()
        key, _, period = str(action.get("value") or "").partition("|")
        origin = origin_of(body)
        user = user_of(body)

        def show() -> None:
            request = self.deps.identities.request(client, user, "")
            form = form_for(self.deps.ctx(), request, key, period or None)
            if isinstance(form, RecordForm):
                client.views_open(trigger_id=body["trigger_id"],
                                  view=record_modal(form, {**origin, "button": action.get(
                                      "value")}))
            elif user:
                self.deps.replies.post(client, user, [form])

        self.deps.later(context, body, client, show)

    def submit(self, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient,
               context: BoltContext) -> None:
        typed = text_value(view, "value") or ""
        problem = figure_problem(typed)
        if problem:
            ack(response_action="errors", errors={"value": problem})
            return
        meta, user = metadata(view), user_of(body)
        quality = value(view, "quality")
        given = {"period": value(view, "period"), "value": typed,
                 "quality": quality, "note": text_value(view, "note")}
        entry = Entry(str(meta.get("key") or ""), typed, str(given["period"] or "") or None,
                      quality if quality in QUALITIES else None, given["note"],
                      confirm="yes" in (value(view, "confirm") or []))
        ack(response_action="update", view=working_view(TITLE))

        def store() -> None:
            request = self.deps.identities.request(client, user, "")
            result = attempt(Attempt(saving="your figure", words=typed),
                             lambda: record_entry(self.deps.ctx(), request, entry))
            outcome = RecordOutcome(result.card) if isinstance(result, Failed) else result
            if outcome.stored or isinstance(result, Failed) or not (
                    outcome.errors or outcome.question):
                client.views_update(view_id=view["id"], view=card_view([outcome.card], TITLE))
                if outcome.stored:
                    self._settle(client, meta, outcome)
                return
            form = form_for(self.deps.ctx(), request, entry.indicator, entry.period)
            if not isinstance(form, RecordForm):
                client.views_update(view_id=view["id"], view=card_view([form], TITLE))
                return
            client.views_update(view_id=view["id"], view=record_modal(
                form, {k: v for k, v in meta.items() if k != "key"}, given=given,
                errors=outcome.errors, question=outcome.question))

        self.deps.later(context, body, client, store)

    def _settle(self, client: WebClient, meta: Mapping[str, Any], outcome: RecordOutcome
                ) -> None:
        """The nudge's button gives way to what was recorded (the figure is stored already)."""
        channel, ts = meta.get("channel"), meta.get("ts")
        if not channel or not ts or meta.get("ephemeral"):
            return
        note = " ".join(s.plain_text for s in outcome.card.sections)
        try:
            found = client.conversations_history(channel=str(channel), latest=str(ts),
                                                 inclusive=True, limit=1)["messages"]
            message = next((m for m in found if m.get("ts") == ts), None)
            if message is None:
                return
            blocks = [b for b in message.get("blocks") or [] if not (
                b.get("type") == "actions" and any(
                    str(e.get("action_id", "")).startswith(RECORD_OPEN)
                    and e.get("value") == meta.get("button") for e in b.get("elements", [])))]
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": clip(
                f":white_check_mark: {escape_mrkdwn(note)}", 3000)}})
            client.chat_update(channel=str(channel), ts=str(ts), blocks=blocks[:50],
                               text=note)
        except SlackApiError as exc:
            log.warning("could not update the late-data message: %s", exc.response.get("error"))
