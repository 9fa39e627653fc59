"""A digest that goes out counts as showing each of its indicators (the cost of measurement's
"shown"), once per digest, inside the transaction that queues it."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.app import AppContext
from bot.delivery.clock import DueDigest, build_and_enqueue
from bot.delivery.jobs import DigestBuilder
from models.tables import Indicator, IndicatorUsage, Subscription, Team

FRIDAY = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def shown(app: AppContext) -> dict[str, int]:
    with app.sessions() as session:
        return {key: count for key, count in session.execute(
            select(Indicator.key, IndicatorUsage.count).join(Indicator)
            .where(IndicatorUsage.kind == "shown"))}


def subscription(app: AppContext, team: str) -> tuple[int, list[str], str]:
    with app.sessions() as session:
        found = session.scalars(select(Subscription).join(Team).where(Team.key == team)).first()
        assert found is not None
        keys = [i.key for i in session.scalars(select(Indicator))
                if found.audience == "member" or team in {t.key for t in i.teams}]
        return found.id, keys, found.audience


def test_each_digest_counts_its_indicators_as_shown(demo_app: AppContext) -> None:
    builder = DigestBuilder(demo_app.maker, demo_app.platforms)
    sub, keys, audience = subscription(demo_app, "reablement")
    assert audience == "frontline"
    assert build_and_enqueue(demo_app.sessions, DueDigest(sub, "2026-W48", FRIDAY.date()),
                             builder) is not None
    assert shown(demo_app) == dict.fromkeys(keys, 1)
    # the same digest again is not queued again, and counts nothing more
    assert build_and_enqueue(demo_app.sessions, DueDigest(sub, "2026-W48", FRIDAY.date()),
                             builder) is None
    assert shown(demo_app) == dict.fromkeys(keys, 1)
    member, every, _ = subscription(demo_app, "hwb")
    build_and_enqueue(demo_app.sessions, DueDigest(member, "2026-W48", FRIDAY.date()), builder)
    counts = shown(demo_app)
    assert set(counts) == set(every) and all(counts[k] == 2 for k in keys)
