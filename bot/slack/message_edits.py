"""What a pressed reminder looks like afterwards: that action's buttons give way to a note.

A reminder may carry several actions, each with its four buttons (value = the action's id).
Only the pressed action's buttons are replaced; the others stay usable.
"""

from __future__ import annotations

from typing import Any

from bot.slack.render import clip, escape_mrkdwn

Block = dict[str, Any]


def settle(blocks: list[Block], value: str, note: str) -> list[Block]:
    """`blocks` with the buttons acting on `value` removed and `note` in their place."""
    note_block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": clip(
        f":white_check_mark: {escape_mrkdwn(note)}", 3000)}}
    out: list[Block] = []
    placed = False
    for block in blocks:
        if block.get("type") != "actions":
            out.append(block)
            continue
        elements = [e for e in block.get("elements", [])
                    if not (str(e.get("action_id", "")).startswith("action.")
                            and e.get("value") == value)]
        removed = len(elements) != len(block.get("elements", []))
        if elements:
            out.append({**block, "elements": elements})
        if removed and not placed:
            out.append(note_block)
            placed = True
    if not placed:
        out.append(note_block)
    return out[:50]
