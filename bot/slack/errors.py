"""One place where unexpected errors end: a traceback in the log, a reference for the user.

A person who hits a bug is told that something went wrong and given a short reference; the
performance lead can find the traceback in the log by that reference. Nobody ever sees a stack
trace in Slack, and telling the user is best effort: failing to tell them is logged, not raised.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.slack.text import channel_of, user_of

log = logging.getLogger(__name__)

APOLOGY = ("Something went wrong on our side (reference {ref}). Please try again; if it keeps "
           "happening, give the reference to your performance lead.")


def new_reference() -> str:
    return secrets.token_hex(4)


def report_error(error: BaseException, body: Mapping[str, Any],
                 client: WebClient | None) -> str:
    """Log the traceback under a fresh reference, tell the user if we can; return it."""
    reference = new_reference()
    kind = str(body.get("type") or body.get("command") or "request")
    log.error("slack %s failed (reference %s)", kind, reference, exc_info=error)
    try:
        tell(body, client, APOLOGY.format(ref=reference))
    except Exception:
        log.exception("could not tell the user about reference %s", reference)
    return reference


def tell(body: Mapping[str, Any], client: WebClient | None, text: str) -> None:
    """A short plain message to whoever made this request, by the most private route there is."""
    response_url = body.get("response_url")
    if isinstance(response_url, str) and response_url:
        WebhookClient(response_url).send(text=text, response_type="ephemeral",
                                         replace_original=False)
        return
    user, channel = user_of(body), channel_of(body)
    if client is None or user is None:
        return
    if channel and not channel.startswith("D"):
        client.chat_postEphemeral(channel=channel, user=user, text=text)
    else:  # a DM, the App Home or a modal: the app's own conversation with them
        client.chat_postMessage(channel=user, text=text)
