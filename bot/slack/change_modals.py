"""The change forms as pure functions: recording a change, a learning note, a rebase's reason.

As in `modals.py`: titles under 24 characters, option text escaped and clipped, ids carried in
`private_metadata`, at most 100 options in a select (Slack's limit).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.slack.modals import _modal, _plain, _text_input
from bot.slack.render import clip, escape_mrkdwn

View = dict[str, Any]
MAX_OPTIONS = 100


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


def change_modal(indicators: Sequence[tuple[str, str]], actions: Sequence[tuple[str, str]],
                 ideas: Sequence[tuple[str, str]], today: date) -> View:
    """What was done, to which measure, from when, which way it should move, and where it came
    from (an action or an idea), if anywhere."""
    blocks = [
        _text_input("what", "What was done?", max_length=300, multiline=False,
                    hint="For example: Weekend reablement slots"),
        _select("indicator", "Which measure should it move?", indicators),
        {"type": "input", "block_id": "started", "label": _plain("From when?"),
         "element": {"type": "datepicker", "action_id": "date",
                     "initial_date": today.isoformat()}},
        _select("expected", "Which way should it move?",
                [("increase", "Up (increase)"), ("decrease", "Down (decrease)")]),
        _text_input("description", "More detail", max_length=2000, optional=True),
    ]
    if actions:
        blocks.append(_select("action", "Did it come from an action?", actions,
                              optional=True))
    if ideas:
        blocks.append(_select("idea", "Did it come from an idea?", ideas, optional=True))
    return _modal("change", "Record a change", blocks, submit="Record")


def note_modal(change_key: str, title: str) -> View:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": clip(
                  f"*{escape_mrkdwn(title)}*", 3000)}},
              _text_input("note", "What did we learn?", max_length=2000,
                          hint="Others across the partnership will find it in the library.")]
    return _modal("change.note", "What we learned", blocks, submit="Save",
                  metadata={"change": change_key})


def rebase_modal(change_key: str, title: str) -> View:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": clip(
                  f"*{escape_mrkdwn(title)}*\nThe usual range will be recalculated from the "
                  "change's start. Every later verdict rests on it, so say why.", 3000)}},
              _text_input("reason", "Why recalculate from here?", max_length=2000)]
    return _modal("change.rebase", "Recalculate limits", blocks, submit="Recalculate",
                  metadata={"change": change_key})
