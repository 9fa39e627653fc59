"""Telling a person when a message could not be delivered: the outbox's last resort.

An alert is itself a delivery (to the admin channel), once per failed row, so it gets the same
storing, retrying and deduplication as everything else; an alert that fails is only logged,
so alerts can never loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.outbox import UNKNOWN, enqueue
from models.db import transaction
from models.tables import Delivery

log = logging.getLogger(__name__)

ALERT_KIND = "alert"


def admin_alert_payload(delivery: Delivery) -> dict[str, Any]:
    """What an admin reads when a delivery failed or may not have arrived."""
    what = f"the {delivery.kind}" + (f" for {delivery.period}" if delivery.period else "")
    where = f"{delivery.platform} {delivery.target}"
    if delivery.status == UNKNOWN:
        text = (f"I may or may not have sent {what} to {where} (delivery {delivery.id}): the "
                "process sending it stopped half way. I will not send it again by myself, so "
                "nobody gets it twice. Please look there; if it is missing, requeue delivery "
                f"{delivery.id}.")
    else:
        reason = _escape(delivery.last_error or "no reason given")
        text = (f"I could not send {what} to {where} (delivery {delivery.id}, "
                f"{delivery.attempts} attempt(s)): {reason}. Nothing more will be tried "
                f"until someone fixes the cause and requeues delivery {delivery.id}.")
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn",
                                                                  "text": f":warning: {text}"}}]}


def admin_alerter(
    sessions: sessionmaker[Session], channel: str | None, platform: str = "slack"
) -> Callable[[Delivery], None]:
    """The `on_failed` hook the app uses: an alert is itself a delivery, once per row."""

    def alert(delivery: Delivery) -> None:
        if channel is None or delivery.kind == ALERT_KIND:
            # No admin channel, or the alert itself failed: a log line is all that is left.
            log.error("delivery %s %s and no admin could be told: %s",
                      delivery.id, delivery.status, delivery.last_error)
            return
        with transaction(sessions) as session:
            enqueue(session, dedupe_key=f"alert:{delivery.id}", platform=platform,
                    target=channel, kind=ALERT_KIND, payload=admin_alert_payload(delivery))

    return alert


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
