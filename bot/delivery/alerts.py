"""Telling a person when a message could not be delivered: the outbox's last resort.

An alert is itself a delivery (to the admin channel), once per failed row, so it gets the same
storing, retrying and deduplication as everything else; an alert that fails is only logged,
so alerts can never loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.queue import UNKNOWN, enqueue
from bot.platforms import Payload, Platforms
from digests.cards import Card, Section
from models.db import transaction
from models.tables import Delivery

log = logging.getLogger(__name__)

ALERT_KIND = "alert"


def admin_alert_card(delivery: Delivery) -> Card:
    """What an admin reads when a delivery failed or may not have arrived (plain text: each
    platform's renderer escapes it, so an error quoting "<!channel>" pings nobody)."""
    what = f"the {delivery.kind}" + (f" for {delivery.period}" if delivery.period else "")
    where = f"{delivery.platform} {delivery.target}"
    if delivery.status == UNKNOWN:
        title = "A message may not have arrived"
        text = (f"I may or may not have sent {what} to {where} (delivery {delivery.id}): the "
                "process sending it stopped half way. I will not send it again by myself, so "
                "nobody gets it twice. Please look there; if it is missing, requeue delivery "
                f"{delivery.id}.")
    else:
        title = "A message could not be delivered"
        text = (f"I could not send {what} to {where} (delivery {delivery.id}, "
                f"{delivery.attempts} attempt(s)): {delivery.last_error or 'no reason given'}. "
                "Nothing more will be tried until someone fixes the cause and requeues "
                f"delivery {delivery.id}.")
    return Card(title=title, sections=(Section.of(text),),
                footer=f"goldthread outbox requeue {delivery.id}")


def admin_alert_payload(delivery: Delivery, platforms: Platforms, platform: str) -> Payload:
    return platforms.card_payload(platform, admin_alert_card(delivery))


def admin_alerter(sessions: sessionmaker[Session], platforms: Platforms,
                  admin_channel: tuple[str, str] | None) -> Callable[[Delivery], None]:
    """The `on_failed` hook the app uses: an alert is itself a delivery, once per row, to the
    admins' channel (`(platform, channel)`) when there is one."""

    def alert(delivery: Delivery) -> None:
        if admin_channel is None or delivery.kind == ALERT_KIND:
            # No admin channel, or the alert itself failed: a log line is all that is left.
            log.error("delivery %s %s and no admin could be told: %s",
                      delivery.id, delivery.status, delivery.last_error)
            return
        platform, channel = admin_channel
        with transaction(sessions) as session:
            enqueue(session, dedupe_key=f"alert:{delivery.id}", platform=platform,
                    target=channel, kind=ALERT_KIND,
                    payload=admin_alert_payload(delivery, platforms, platform))

    return alert
