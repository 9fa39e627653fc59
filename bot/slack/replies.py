"""Cards to Slack messages, and sending them: ephemeral replies, channel posts, a home view.

Rendering is `render.card_blocks`; this module packs several cards into messages within the
block limit (splitting rather than cutting), keeps button ids unique across a message, uploads
charts first, and copes with Slack's answers: a message whose chart Slack will not show
(`invalid_blocks`) is sent again without the picture, and a refused response_url is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.slack.render import (
    LEFT_OUT,
    MAX_BLOCKS,
    card_blocks,
    fallback_text,
    split_action_id,
    truncate_message,
)
from bot.slack.uploads import ChartUploads
from digests.cards import Button, Card

log = logging.getLogger(__name__)

Block = dict[str, Any]
MAX_VIEW_BLOCKS = 100
SHARE = "share"


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[Block]


def pack(cards: Sequence[Card], file_ids: Sequence[str | None],
         limit: int = MAX_BLOCKS) -> list[Message]:
    """Cards as few messages as fit `limit` blocks each; a card is never split across two."""
    groups: list[tuple[list[Block], list[str]]] = []
    for card, file_id in zip(cards, file_ids, strict=True):
        blocks = card_blocks(card, image_file_id=file_id)
        if groups and len(groups[-1][0]) + 1 + len(blocks) <= limit:
            groups[-1][0].extend([{"type": "divider"}, *blocks])
            groups[-1][1].append(fallback_text(card))
        else:
            groups.append((blocks, [fallback_text(card)]))
    return [Message(truncate_message("\n\n".join(texts)), renumbered(blocks))
            for blocks, texts in groups]


def renumbered(blocks: list[Block]) -> list[Block]:
    """Button ids unique across the whole message (`card_blocks` numbers each card from 0)."""
    number = 0
    for block in blocks:
        if block.get("type") == "actions":
            for element in block.get("elements", []):
                element["action_id"] = f"{split_action_id(element['action_id'])}:{number}"
                number += 1
    return blocks


def without_images(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.get("type") != "image"]


def with_share(cards: list[Card], question: str) -> list[Card]:
    """A "Share in channel" button on the answer, carrying the question to answer again."""
    if not cards or not question or len(question) > 2000:
        return cards
    share = Button(SHARE, "Share in channel", question, "primary")
    return [*cards[:-1], replace(cards[-1], buttons=(*cards[-1].buttons, share))]


def without_share(cards: list[Card]) -> list[Card]:
    return [replace(c, buttons=tuple(a for a in c.buttons if a.id != SHARE)) for c in cards]


class Replies:
    def __init__(self, uploads: ChartUploads) -> None:
        self.uploads = uploads

    def messages(self, client: WebClient, cards: Sequence[Card],
                 limit: int = MAX_BLOCKS) -> list[Message]:
        file_ids = [self.uploads.file_id(client, c.image) if c.image is not None else None
                    for c in cards]
        return pack(cards, file_ids, limit)

    def home_blocks(self, client: WebClient, cards: Sequence[Card]) -> list[Block]:
        """One view's worth (100 blocks); what does not fit is noted, not squeezed."""
        found = self.messages(client, cards, limit=MAX_VIEW_BLOCKS - 1)
        blocks = found[0].blocks if found else []
        if len(found) > 1:
            blocks.append({"type": "context", "elements": [{"type": "mrkdwn",
                                                            "text": LEFT_OUT}]})
        return blocks

    def respond(self, client: WebClient, respond: Respond, cards: Sequence[Card], *,
                replace_original: bool = False, response_type: str = "ephemeral") -> bool:
        """Reply through the response_url; False when Slack refused it."""
        ok = True
        for n, message in enumerate(self.messages(client, cards)):
            ok &= _respond_one(respond, message, replace_original and n == 0, response_type)
        return ok

    def post(self, client: WebClient, channel: str, cards: Sequence[Card], *,
             thread_ts: str | None = None, note: str | None = None) -> list[str]:
        """Post in a conversation (raises SlackApiError for the caller to explain)."""
        posted = []
        for blocks, text in self._with_note(client, cards, note):
            send = partial(client.chat_postMessage, channel=channel, text=text,
                           thread_ts=thread_ts, unfurl_links=False)
            posted.append(str(_without_images_if_refused(blocks, send)["ts"]))
        return posted

    def ephemeral(self, client: WebClient, channel: str, user: str, cards: Sequence[Card], *,
                  thread_ts: str | None = None, note: str | None = None) -> None:
        """Show cards in a channel to one person only (raises SlackApiError)."""
        for blocks, text in self._with_note(client, cards, note):
            _without_images_if_refused(blocks, partial(
                client.chat_postEphemeral, channel=channel, user=user, text=text,
                thread_ts=thread_ts))

    def _with_note(self, client: WebClient, cards: Sequence[Card],
                   note: str | None) -> list[tuple[list[Block], str]]:
        """Each message's blocks (with `note` as a context line under it) and its text."""
        context = [{"type": "context", "elements": [{"type": "mrkdwn", "text": note}]}] \
            if note else []
        return [([*m.blocks, *context], m.text) for m in self.messages(client, cards)]


def _without_images_if_refused(blocks: list[Block],
                               send: Callable[..., SlackResponse]) -> SlackResponse:
    """Send; if Slack will not show the chart (`invalid_blocks`), send the words alone."""
    try:
        return send(blocks=blocks)
    except SlackApiError as exc:
        if exc.response.get("error") != "invalid_blocks" or without_images(blocks) == blocks:
            raise
        return send(blocks=without_images(blocks))


def _respond_one(respond: Respond, message: Message, replace_original: bool,
                 response_type: str) -> bool:
    blocks = message.blocks
    for attempt in range(2):
        answer = respond(text=message.text, blocks=blocks, response_type=response_type,
                         replace_original=replace_original)
        if answer.status_code == 200:
            return True
        pictureless = without_images(blocks)
        if attempt == 0 and "invalid_blocks" in str(answer.body) and pictureless != blocks:
            blocks = pictureless  # Slack would not show the chart: words only
            continue
        log.warning("slack response_url refused the reply: HTTP %s %s", answer.status_code,
                    str(answer.body)[:200])
        return False
    return False
