"""The change forms as pure functions: recording a change, a learning note, a rebase's reason.

As in `modals.py`: titles under 24 characters, option text escaped and clipped, ids carried in
`private_metadata`, at most 100 options in a select (Slack's limit).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.slack.render import clip, escape_mrkdwn

View = dict[str, Any]
MAX_OPTIONS = 100


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": _plain(clip(escape_mrkdwn(text), 75) or value), "value": value}


def _select(block_id: str, label: str, options: Sequence[tuple[str, str]], *,
            optional: bool = False, initial: str | None = None) -> dict[str, Any]:
    choices = [_option(value, text) for value, text in options[:MAX_OPTIONS]]
    element: dict[str, Any] = {"type": "static_select", "action_id": "choice",
                               "options": choices, "placeholder": _plain("Choose")}
    chosen = next((o for o in choices if o["value"] == initial), None)
    if chosen is not None:
        element["initial_option"] = chosen
    return {"type": "input", "block_id": block_id, "label": _plain(label),
            "optional": optional, "element": element}


def _text(block_id: str, label: str, *, max_length: int, multiline: bool = False,
          optional: bool = False, hint: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "input", "block_id": block_id, "label": _plain(label), "optional": optional,
        "element": {"type": "plain_text_input", "action_id": "text", "multiline": multiline,
                    "max_length": max_length}}
    if hint:
        block["hint"] = _plain(hint)
    return block


def _modal(callback_id: str, title: str, blocks: list[dict[str, Any]], submit: str,
           metadata: dict[str, Any] | None = None) -> View:
    view: View = {"type": "modal", "callback_id": callback_id, "title": _plain(title[:24]),
                  "submit": _plain(submit), "close": _plain("Cancel"), "blocks": blocks}
    if metadata:
        view["private_metadata"] = json.dumps(metadata)
    return view


def change_modal(indicators: Sequence[tuple[str, str]], actions: Sequence[tuple[str, str]],
                 ideas: Sequence[tuple[str, str]], today: date) -> View:
    """What was done, to which measure, from when, which way it should move, and where it came
    from (an action or an idea), if anywhere."""
    blocks = [
        _text("what", "What was done?", max_length=300,
              hint="For example: Weekend reablement slots"),
        _select("indicator", "Which measure should it move?", indicators),
        {"type": "input", "block_id": "started", "label": _plain("From when?"),
         "element": {"type": "datepicker", "action_id": "date",
                     "initial_date": today.isoformat()}},
        _select("expected", "Which way should it move?",
                [("increase", "Up (increase)"), ("decrease", "Down (decrease)")]),
        _text("description", "More detail", max_length=2000, multiline=True, optional=True),
    ]
    if actions:
        blocks.append(_select("action", "Did it come from an action?", actions,
                              optional=True))
    if ideas:
        blocks.append(_select("idea", "Did it come from an idea?", ideas, optional=True))
    return _modal("change", "Record a change", blocks, "Record")


def note_modal(change_key: str, title: str) -> View:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": clip(
                  f"*{escape_mrkdwn(title)}*", 3000)}},
              _text("note", "What did we learn?", max_length=2000, multiline=True,
                    hint="Others across the partnership will find it in the library.")]
    return _modal("change.note", "What we learned", blocks, "Save",
                  {"change": change_key})


def rebase_modal(change_key: str, title: str) -> View:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": clip(
                  f"*{escape_mrkdwn(title)}*\nThe usual range will be recalculated from the "
                  "change's start. Every later verdict rests on it, so say why.", 3000)}},
              _text("reason", "Why recalculate from here?", max_length=2000, multiline=True)]
    return _modal("change.rebase", "Recalculate limits", blocks, "Recalculate",
                  {"change": change_key})
