"""The modals, as pure functions: a view in, or a view's submitted state out.

Titles are plain text of at most 24 characters (Slack's limit); anything a user wrote that is
shown back goes through `escape_mrkdwn`. Ids kept across a modal's life travel in
`private_metadata` as JSON, because the submission may reach another `serve` process. What
comes back in is cleaned like every other text (`handlers.intents.clean`: no control or
invisible characters), and ids that are not numbers act on nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from bot.slack.render import card_blocks, clip, escape_mrkdwn
from digests.cards import Card
from handlers.intents import clean
from handlers.suggest import STATUS_WORDS
from handlers.triage import DECISIONS

View = dict[str, Any]
MAX_IDEA = 3000


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _modal(callback_id: str, title: str, blocks: list[dict[str, Any]], *,
           submit: str | None = "Save", metadata: Mapping[str, Any] | None = None) -> View:
    view: View = {"type": "modal", "callback_id": callback_id, "title": _plain(title[:24]),
                  "close": _plain("Cancel" if submit else "Close"), "blocks": blocks}
    if submit:
        view["submit"] = _plain(submit)
    if metadata:
        view["private_metadata"] = json.dumps(dict(metadata))
    return view


def _text_input(block_id: str, label: str, *, multiline: bool = True, optional: bool = False,
                max_length: int = MAX_IDEA, hint: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input", "block_id": block_id, "label": _plain(label), "optional": optional,
        "element": {"type": "plain_text_input", "action_id": "text", "multiline": multiline,
                    "max_length": max_length}}
    if hint:
        block["hint"] = _plain(hint)
    return block


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": _plain(clip(escape_mrkdwn(text), 75)), "value": value}


def suggest_modal(teams: Sequence[tuple[str, str]], default_team: str | None) -> View:
    """/suggest on its own: the idea, its team (default: mine) and "submit anonymously"."""
    blocks = [_text_input("idea", "Your idea", hint="What would make things better for the "
                          "people we serve, or for you? A sentence or two is plenty.")]
    if teams:
        options = [_option(key, name) for key, name in teams[:100]]
        select: dict[str, Any] = {"type": "static_select", "action_id": "choice",
                                  "options": options, "placeholder": _plain("Choose a team")}
        chosen = next((o for o in options if o["value"] == default_team), None)
        if chosen is not None:
            select["initial_option"] = chosen
        blocks.append({"type": "input", "block_id": "team", "optional": True,
                       "label": _plain("Which team is it for?"), "element": select})
    blocks.append({"type": "input", "block_id": "anonymous", "optional": True,
                   "label": _plain("Your name"), "element": {
                       "type": "checkboxes", "action_id": "choice",
                       "options": [{"text": _plain("Submit anonymously"), "value": "yes",
                                    "description": _plain("Your name is not kept with it, "
                                                          "anywhere.")}]}})
    return _modal("suggest", "Share an idea", blocks, submit="Send")


def press_modal(button: str, action_id: int, origin: Mapping[str, Any], today: date) -> View:
    """Update progress, new date, or blocked: what the button needs before it can act."""
    metadata = {**origin, "button": button, "id": action_id}
    if button == "action.progress":
        blocks = [_text_input("progress", "How is it going?", max_length=1000)]
        return _modal(button, "Update progress", blocks, metadata=metadata)
    if button == "action.new_date":
        blocks = [{"type": "input", "block_id": "due", "label": _plain("New due date"),
                   "element": {"type": "datepicker", "action_id": "date",
                               "initial_date": today.isoformat()}}]
        return _modal(button, "Set a new date", blocks, metadata=metadata)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": (
                  "Asking for help early is a good thing. I will tell someone who can help, "
                  "and say who.")}},
              _text_input("blocker", "What is in the way?", optional=True, max_length=1000)]
    return _modal(button, "Ask for help", blocks, submit="Ask for help", metadata=metadata)


def triage_modal(suggestion_id: int, reference: str, text: str, status: str | None,
                 origin: Mapping[str, Any]) -> View:
    """A manager's decision on an idea: the status (preset from the button) and a reason."""
    options = [_option(s, STATUS_WORDS[s].capitalize()) for s in DECISIONS]
    select: dict[str, Any] = {"type": "static_select", "action_id": "choice", "options": options,
                              "placeholder": _plain("Choose")}
    chosen = next((o for o in options if o["value"] == status), None)
    if chosen is not None:
        select["initial_option"] = chosen
    blocks = [
        {"type": "section", "text": {"type": "mrkdwn", "text": clip(
            f"*{escape_mrkdwn(reference)}*\n{escape_mrkdwn(text)}", 3000)}},
        {"type": "input", "block_id": "status", "label": _plain("Decision"), "element": select},
        _text_input("reason", "Why? (the author is told)", optional=True, max_length=1000),
    ]
    return _modal("triage", f"Decide on {reference}", blocks, submit="Decide",
                  metadata={**origin, "id": suggestion_id})


def card_view(cards: Sequence[Card], title: str = "goldthread") -> View:
    """A result shown in the modal itself (no submit button)."""
    blocks = [block for card in cards for block in card_blocks(card)]
    return _modal("result", title, blocks[:100], submit=None)


def working_view(title: str) -> View:
    return _modal("working", title, [{"type": "section", "text": {
        "type": "mrkdwn", "text": "Working on it…"}}], submit=None)


def metadata(view: Mapping[str, Any]) -> dict[str, Any]:
    """The ids a modal carried; {} when they are missing or are not ours (not JSON, not an
    object): the handler then finds nothing to act on and says so."""
    raw = view.get("private_metadata") or "{}"
    try:
        found = json.loads(raw) if isinstance(raw, str) else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def text_value(view: Mapping[str, Any], block_id: str) -> str | None:
    """A typed answer, cleaned; None when empty. (Not for the idea itself: that goes to
    `handlers.intents.read` as typed, which needs the invisible characters to find "anonymous".)"""
    found = value(view, block_id)
    return clean(found) or None if isinstance(found, str) else None


def number(value: object) -> int:
    """An id from a button or a modal; 0 (which is no row) when it is not a plain number."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else 0


def value(view: Mapping[str, Any], block_id: str) -> Any:
    """What the user put in one input: text, a selected option's value, a date, checkboxes."""
    state = (view.get("state") or {}).get("values") or {}
    element = next(iter((state.get(block_id) or {}).values()), None)
    if not isinstance(element, dict):
        return None
    kind = element.get("type")
    if kind == "plain_text_input":
        return element.get("value")
    if kind == "static_select":
        option = element.get("selected_option")
        return option.get("value") if isinstance(option, dict) else None
    if kind == "datepicker":
        return element.get("selected_date")
    if kind == "checkboxes":
        return [o.get("value") for o in element.get("selected_options") or []]
    return None
