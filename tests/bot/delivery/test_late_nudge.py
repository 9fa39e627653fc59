"""A late figure gets its owner one kind nudge, through the one reminder loop, with the button
that opens the form to enter it; the same figure still late tomorrow sends nothing more."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.jobs import late_data_reminders
from bot.delivery.outbox import Outbox
from bot.slack.transport import SlackTransport, make_web_client
from handlers.data_notices import RECORD_OPEN
from models.db import transaction
from models.tables import Indicator, Measurement
from tests.fakes.platforms import SLACK
from tests.fakes.slack_api import FakeSlack, fake_slack

MORNING = datetime(2026, 11, 22, 7, 0, tzinfo=UTC)  # 07:00 in London; October due 10 Nov


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


def give_figures(sessions: sessionmaker[Session]) -> None:
    """home-91 up to September (October's figure is 12 days late on 22 November); the weekly
    delayed discharges up to date, so only one figure is late."""
    with transaction(sessions) as session:
        ids = dict(session.execute(select(Indicator.key, Indicator.id)).all())
        for month in range(1, 10):
            session.add(Measurement(indicator_id=ids["home-91"], period=date(2026, month, 1),
                                    value=83.0 + month / 10))
        session.add(Measurement(indicator_id=ids["delayed-discharges"],
                                period=date(2026, 11, 9), value=41))


def test_a_late_figure_gets_one_nudge_with_the_button_to_enter_it(
    loaded: sessionmaker[Session], slack: FakeSlack
) -> None:
    give_figures(loaded)
    outbox = Outbox(loaded, {"slack": SlackTransport(make_web_client("xoxb-test", slack.url))})
    first = late_data_reminders(loaded, MORNING, SLACK)
    assert len(first.queued) == 1 and first.unreached == []
    again = late_data_reminders(loaded, MORNING + timedelta(hours=2), SLACK)
    tomorrow = late_data_reminders(loaded, MORNING + timedelta(days=1), SLACK)
    assert again.queued == [] and tomorrow.queued == []  # the same period: asked once
    assert outbox.deliver_due(MORNING + timedelta(days=1)).sent == 1
    (posted,) = slack.calls("chat.postMessage")
    assert posted.params["channel"] == "D0AMINA"
    blocks = posted.json("blocks")
    words = json.dumps(blocks)
    assert ("The figures for Still at home 91 days after reablement for Oct 2026 have not "
            "arrived yet: the October figure is 12 days late.") in words
    assert "/perf record home-91 &lt;value&gt; for Oct 2026" in words  # escaped, shown as <>
    (button,) = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert button["text"]["text"] == "Enter the figure"
    assert button["action_id"].startswith(RECORD_OPEN)
    assert button["value"] == "home-91|2026-10-01"


def test_no_nudge_while_the_figure_is_not_yet_late(
    loaded: sessionmaker[Session]
) -> None:
    give_figures(loaded)
    # 10 November: October's figure is due today, not late
    on_the_day = datetime(2026, 11, 10, 7, 0, tzinfo=UTC)
    assert late_data_reminders(loaded, on_the_day, SLACK).queued == []
    with transaction(loaded) as session:  # a longer allowance for this indicator
        indicator = session.scalars(select(Indicator).where(Indicator.key == "home-91")).one()
        indicator.late_after_days = 30  # October due 30 Nov
    assert late_data_reminders(loaded, MORNING, SLACK).queued == []
