"""One of two clocks racing on one database, run as its own process by test_scheduler.py.

    python tests/bot/delivery/two_clocks.py DATABASE_URL NOW SLACK_API_URL

It connects, prints "ready", waits for "go" on stdin (the test's start barrier, so both
processes really run at once), then does what `goldthread clock` does each minute:
run_due_digests, then deliver_due, posting to SLACK_API_URL (the test's fake Slack). It prints
one JSON line of what it did.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot.delivery.clock import run_due_digests
from bot.delivery.outbox import Outbox
from bot.slack.transport import SlackTransport, make_web_client
from models.db import make_engine, session_factory
from models.tables import Subscription


def build(session: Session, subscription: Subscription, period: str,
          local_date: date) -> dict[str, Any]:
    return {"text": f"Digest {period} for subscription {subscription.id}", "blocks": [],
            "image": None}


def main(database_url: str, now_iso: str, slack_url: str) -> None:
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    with engine.connect() as connection:  # open the pool before the barrier
        connection.execute(text("SELECT 1"))
    outbox = Outbox(sessions, {"slack": SlackTransport(make_web_client("xoxb-test", slack_url))})
    print("ready", flush=True)
    if sys.stdin.readline().strip() != "go":
        raise SystemExit("no go")
    now = datetime.fromisoformat(now_iso)
    enqueued = run_due_digests(sessions, now, build)
    stats = outbox.deliver_due(now)
    print(json.dumps({"enqueued": enqueued, **vars(stats)}), flush=True)
    engine.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:4])
