"""Where unexpected errors end in Slack: the neutral boundary's log line, a reference for the
user, told by the most private route there is.

`handlers.failures` logs and words a failure; this module only finds the person: the
response_url of a command or a button, the modal they submitted, an ephemeral message in a
channel, or their DM with the app. Nobody ever sees a stack trace in Slack, and telling the user
is best effort: failing to tell them is logged, not raised.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.slack.modals import card_view
from bot.slack.render import card_blocks, fallback_text
from bot.slack.text import channel_of, user_of
from digests.cards import Card, Section
from handlers.failures import APOLOGY, log_failure, new_reference

log = logging.getLogger(__name__)


def report_error(error: BaseException, body: Mapping[str, Any], client: WebClient | None,
                 *, anonymous: bool = False) -> str:
    """Log the traceback under a fresh reference, tell the user if we can; return it."""
    reference = new_reference()
    kind = str(body.get("type") or body.get("command") or "request")[:40]
    log_failure(error, reference, f"slack {kind}", anonymous=anonymous)
    card = Card(title="Something went wrong", sections=(Section.of(
        APOLOGY.format(ref=reference)),))
    try:
        tell(body, client, [card])
    except Exception as failure:
        log_failure(failure, reference, "telling the user about the reference",
                    anonymous=anonymous)
    return reference


def tell(body: Mapping[str, Any], client: WebClient | None, cards: Sequence[Card]) -> None:
    """Cards for whoever made this request, by the most private route there is."""
    blocks = [block for card in cards for block in card_blocks(card)][:50]
    text = "\n\n".join(fallback_text(card) for card in cards)
    response_url = body.get("response_url")
    if isinstance(response_url, str) and response_url:
        WebhookClient(response_url).send(text=text, blocks=blocks, response_type="ephemeral",
                                         replace_original=False)
        return
    user, channel = user_of(body), channel_of(body)
    view = body.get("view")
    if client is None or user is None:
        return
    if body.get("type") == "view_submission" and isinstance(view, dict) and view.get("id"):
        client.views_update(view_id=str(view["id"]), view=card_view(cards))
    elif channel and not channel.startswith("D"):
        client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=blocks)
    else:  # a DM, the App Home: the app's own conversation with them
        client.chat_postMessage(channel=user, text=text, blocks=blocks)
