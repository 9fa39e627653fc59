"""The outbox on SQLite and PostgreSQL: once per key, retries that lose nothing, and a person
told whenever something could not be sent or may not have arrived."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.alerts import admin_alert_payload, admin_alerter
from bot.delivery.outbox import DeliveryStats, Outbox, SendError
from bot.delivery.queue import enqueue, requeue
from models.db import transaction
from models.tables import ChartImage, Delivery
from tests.fakes.platforms import PLATFORMS

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
Step = Callable[[Delivery, dict[str, Any]], str]


class Crash(BaseException):
    """Stands for the process dying mid-send: nothing in the outbox may catch it."""


class ScriptedTransport:
    """An in-memory platform: each send plays the next scripted step (default: success)."""

    platform = "slack"

    def __init__(self, *steps: Step | Exception | BaseException) -> None:
        self.steps = list(steps)
        self.calls: list[tuple[int, str, dict[str, Any], ChartImage | None]] = []
        self.posted: list[int] = []
        self._lock = threading.Lock()

    def send(self, delivery: Delivery, image: ChartImage | None, progress: dict[str, Any]) -> str:
        with self._lock:
            self.calls.append((delivery.id, delivery.kind, dict(progress), image))
            step = self.steps.pop(0) if self.steps else None
        if isinstance(step, BaseException):
            raise step
        if step is not None:
            return step(delivery, progress)
        with self._lock:
            self.posted.append(delivery.id)
        return f"ts-{delivery.id}"


def add(sessions: sessionmaker[Session], key: str = "digest:1:2026-W48", **extra: Any) -> int:
    with transaction(sessions) as session:
        row = enqueue(session, dedupe_key=key, platform=extra.pop("platform", "slack"),
                      target="C0REABLE", kind=extra.pop("kind", "digest"),
                      payload=extra.pop("payload", {"text": "hello", "blocks": []}),
                      period="2026-W48", **extra)
        assert row is not None
        return row.id


def row(sessions: sessionmaker[Session], delivery_id: int) -> Delivery:
    with sessions() as session:
        return session.get_one(Delivery, delivery_id)


def test_enqueue_twice_keeps_one_row_and_the_callers_transaction(
    sessions: sessionmaker[Session],
) -> None:
    with transaction(sessions) as session:
        first = enqueue(session, dedupe_key="k", platform="slack", target="C1", kind="digest",
                        payload={"text": "a"})
        again = enqueue(session, dedupe_key="k", platform="slack", target="C1", kind="digest",
                        payload={"text": "b"})
        other = enqueue(session, dedupe_key="k2", platform="slack", target="C1", kind="digest",
                        payload={"text": "c"})
        assert first is not None and other is not None
        assert again is None
    with transaction(sessions) as session:  # a later transaction, as a second clock would be
        assert enqueue(session, dedupe_key="k", platform="slack", target="C1", kind="digest",
                       payload={}) is None
    with sessions() as session:
        rows = session.scalars(select(Delivery).order_by(Delivery.id)).all()
        assert [(r.dedupe_key, r.payload, r.status) for r in rows] == [
            ("k", {"text": "a"}, "pending"), ("k2", {"text": "c"}, "pending")]


def test_transient_error_then_success_sends_once(sessions: sessionmaker[Session]) -> None:
    delivery_id = add(sessions)
    transport = ScriptedTransport(SendError("HTTP 500", transient=True))
    outbox = Outbox(sessions, {"slack": transport}, base_delay=30)

    assert outbox.deliver_due(NOW) == DeliveryStats(retrying=1)
    waiting = row(sessions, delivery_id)
    assert (waiting.status, waiting.attempts, waiting.last_error) == ("pending", 1, "HTTP 500")
    assert waiting.next_attempt_at == NOW + timedelta(seconds=30)
    assert outbox.deliver_due(NOW + timedelta(seconds=29)) == DeliveryStats()

    assert outbox.deliver_due(NOW + timedelta(seconds=30)) == DeliveryStats(sent=1)
    done = row(sessions, delivery_id)
    assert (done.status, done.attempts, done.platform_message_id) == ("sent", 2, f"ts-{done.id}")
    assert done.sent_at == NOW + timedelta(seconds=30)
    assert transport.posted == [delivery_id]
    assert outbox.deliver_due(NOW + timedelta(hours=1)) == DeliveryStats()


def test_retry_after_is_honoured_when_longer_than_backoff(
    sessions: sessionmaker[Session],
) -> None:
    delivery_id = add(sessions)
    transport = ScriptedTransport(SendError("rate limited", True, retry_after=7))
    Outbox(sessions, {"slack": transport}, base_delay=1).deliver_due(NOW)
    waiting = row(sessions, delivery_id)
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at >= NOW + timedelta(seconds=7)


def test_backoff_doubles_and_is_capped(sessions: sessionmaker[Session]) -> None:
    outbox = Outbox(sessions, {}, base_delay=30, max_delay=100)
    assert [outbox.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]
    assert outbox.retry_delay(1, retry_after=45).total_seconds() == 45


def test_repeated_server_errors_fail_after_max_attempts(sessions: sessionmaker[Session]) -> None:
    delivery_id = add(sessions)
    told: list[Delivery] = []
    transport = ScriptedTransport(*[SendError("HTTP 500", True) for _ in range(10)])
    outbox = Outbox(sessions, {"slack": transport}, max_attempts=4, base_delay=1,
                    on_failed=told.append)
    for minute in range(10):
        outbox.deliver_due(NOW + timedelta(minutes=minute))
    failed = row(sessions, delivery_id)
    assert (failed.status, failed.attempts) == ("failed", 4)
    assert failed.last_error == "gave up after 4 attempts: HTTP 500"
    assert len(transport.calls) == 4
    assert [d.id for d in told] == [delivery_id]


def test_permanent_error_fails_at_once(sessions: sessionmaker[Session]) -> None:
    delivery_id = add(sessions)
    told: list[Delivery] = []
    transport = ScriptedTransport(SendError("channel_not_found", transient=False))
    outbox = Outbox(sessions, {"slack": transport}, on_failed=told.append)
    assert outbox.deliver_due(NOW) == DeliveryStats(failed=1)
    assert outbox.deliver_due(NOW + timedelta(days=1)) == DeliveryStats()
    failed = row(sessions, delivery_id)
    assert (failed.status, failed.attempts, failed.last_error) == (
        "failed", 1, "channel_not_found")
    assert [(d.id, d.status) for d in told] == [(delivery_id, "failed")]


def test_lease_expiry_marks_unknown_and_alerts_an_admin(sessions: sessionmaker[Session]) -> None:
    delivery_id = add(sessions)
    with pytest.raises(Crash):
        Outbox(sessions, {"slack": ScriptedTransport(Crash())}).deliver_due(NOW)
    assert row(sessions, delivery_id).status == "sending"

    transport = ScriptedTransport()  # a restarted process
    outbox = Outbox(sessions, {"slack": transport}, lease=timedelta(minutes=10),
                    on_failed=admin_alerter(sessions, PLATFORMS, ("slack", "C0ADMIN")))
    assert outbox.deliver_due(NOW + timedelta(minutes=9)) == DeliveryStats()
    # Expired claims are looked at first, so the alert goes out in the same pass.
    assert outbox.deliver_due(NOW + timedelta(minutes=11)) == DeliveryStats(sent=1, unknown=1)
    assert row(sessions, delivery_id).status == "unknown"
    with sessions() as session:
        alert = session.scalars(select(Delivery).where(Delivery.kind == "alert")).one()
    assert (alert.dedupe_key, alert.target, alert.status) == (
        f"alert:{delivery_id}", "C0ADMIN", "sent")
    assert "may or may not have sent the digest for 2026-W48" in str(alert.payload["text"])
    assert transport.posted == [alert.id]  # the digest itself is never resent blindly
    assert outbox.deliver_due(NOW + timedelta(days=1)) == DeliveryStats()


def test_progress_survives_a_retry(sessions: sessionmaker[Session]) -> None:
    with transaction(sessions) as session:
        session.add(ChartImage(sha256="ab" * 32, cache_key="k", png=b"\x89PNG", alt="a chart"))
    delivery_id = add(sessions, payload={"text": "t", "blocks": [],
                                         "image": {"sha256": "ab" * 32, "alt": "a chart"}})
    uploads: list[str] = []

    def upload_then_fail(delivery: Delivery, progress: dict[str, Any]) -> str:
        uploads.append("F1")
        progress["file_id"] = "F1"
        raise SendError("HTTP 503", transient=True)

    def post_only(delivery: Delivery, progress: dict[str, Any]) -> str:
        if "file_id" not in progress:
            uploads.append("again")
        return "ts-1"

    transport = ScriptedTransport(upload_then_fail, post_only)
    outbox = Outbox(sessions, {"slack": transport}, base_delay=1)
    outbox.deliver_due(NOW)
    assert row(sessions, delivery_id).payload["progress"] == {"file_id": "F1"}
    Outbox(sessions, {"slack": transport}).deliver_due(NOW + timedelta(minutes=1))  # restart
    assert uploads == ["F1"]
    assert [(call[2], call[3] and call[3].alt) for call in transport.calls] == [
        ({}, "a chart"), ({"file_id": "F1"}, "a chart")]
    assert row(sessions, delivery_id).status == "sent"


def test_missing_chart_image_fails_without_sending(sessions: sessionmaker[Session]) -> None:
    delivery_id = add(sessions, payload={"text": "t", "image": {"sha256": "00" * 32}})
    transport = ScriptedTransport()
    assert Outbox(sessions, {"slack": transport}).deliver_due(NOW) == DeliveryStats(failed=1)
    assert transport.calls == []
    assert "not in the chart store" in (row(sessions, delivery_id).last_error or "")


def test_unexpected_transport_error_is_unknown_not_resent(
    sessions: sessionmaker[Session],
) -> None:
    delivery_id = add(sessions)
    told: list[Delivery] = []
    outbox = Outbox(sessions, {"slack": ScriptedTransport(KeyError("ts"))},
                    on_failed=told.append)
    assert outbox.deliver_due(NOW) == DeliveryStats(unknown=1)
    assert row(sessions, delivery_id).status == "unknown"
    assert [d.id for d in told] == [delivery_id]


def test_tokens_never_reach_the_database(sessions: sessionmaker[Session]) -> None:
    delivery_id = add(sessions)
    error = SendError("invalid_auth for xoxb-1234-5678-abcdef (Bearer xoxb-1234)", False)
    Outbox(sessions, {"slack": ScriptedTransport(error)}).deliver_due(NOW)
    last_error = row(sessions, delivery_id).last_error or ""
    assert "xoxb" not in last_error and "invalid_auth" in last_error


def test_a_failed_alert_does_not_alert_about_itself(sessions: sessionmaker[Session]) -> None:
    add(sessions)
    transport = ScriptedTransport(SendError("channel_not_found", False),
                                  SendError("channel_not_found", False))
    outbox = Outbox(sessions, {"slack": transport}, on_failed=admin_alerter(sessions, PLATFORMS,
                                                                   ("slack", "CNOPE")))
    assert outbox.deliver_due(NOW) == DeliveryStats(failed=1)
    assert outbox.deliver_due(NOW) == DeliveryStats(failed=1)  # the alert
    assert outbox.deliver_due(NOW) == DeliveryStats()
    with sessions() as session:
        assert session.scalars(select(Delivery.dedupe_key).order_by(Delivery.id)).all() == [
            "digest:1:2026-W48", "alert:1"]


def test_rows_for_other_platforms_wait_for_a_process_that_has_them(
    sessions: sessionmaker[Session],
) -> None:
    delivery_id = add(sessions, platform="teams")
    assert Outbox(sessions, {"slack": ScriptedTransport()}).deliver_due(NOW) == DeliveryStats()
    assert row(sessions, delivery_id).status == "pending"


def test_requeue_after_a_person_has_looked(sessions: sessionmaker[Session]) -> None:
    delivery_id = add(sessions)
    transport = ScriptedTransport(SendError("not_in_channel", False))
    outbox = Outbox(sessions, {"slack": transport})
    outbox.deliver_due(NOW)
    with transaction(sessions) as session:
        assert requeue(session, delivery_id)
        assert not requeue(session, delivery_id)  # pending now, nothing to requeue
    assert outbox.deliver_due(NOW) == DeliveryStats(sent=1)


def test_admin_alert_payload_escapes_the_error(sessions: sessionmaker[Session]) -> None:
    delivery = Delivery(id=5, dedupe_key="k", platform="slack", target="C1", kind="digest",
                        period="2026-W48", status="failed", attempts=1,
                        last_error="bad <!channel> & co")
    payload = admin_alert_payload(delivery, PLATFORMS, "slack")
    assert "&lt;!channel&gt; &amp; co" in payload["text"]
    assert "<!channel>" not in str(payload["blocks"])


class RacingOutbox(Outbox):
    """Both processes see the same due rows before either claims any."""

    def __init__(self, barrier: threading.Barrier, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.barrier = barrier

    def _due(self, now: datetime) -> list[tuple[int, str]]:
        found = super()._due(now)
        self.barrier.wait()
        return found


def test_two_outboxes_racing_send_each_row_once(sessions: sessionmaker[Session]) -> None:
    ids = [add(sessions, key=f"digest:{n}:2026-W48") for n in range(20)]
    transport = ScriptedTransport()
    barrier = threading.Barrier(2, timeout=30)
    results: list[DeliveryStats] = []
    outboxes = [RacingOutbox(barrier, sessions, {"slack": transport}) for _ in range(2)]
    threads = [threading.Thread(target=lambda o=o: results.append(o.deliver_due(NOW)))
               for o in outboxes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(transport.posted) == ids
    assert sum(r.sent for r in results) == 20
    assert sum(r.claimed_elsewhere for r in results) == 20
    with sessions() as session:
        assert set(session.scalars(select(Delivery.attempts))) == {1}


def test_a_row_rescheduled_by_another_process_is_not_claimed_early(
    sessions: sessionmaker[Session],
) -> None:
    delivery_id = add(sessions)
    with transaction(sessions) as session:
        session.execute(update(Delivery).where(Delivery.id == delivery_id).values(
            next_attempt_at=NOW + timedelta(minutes=5)))
    outbox = Outbox(sessions, {"slack": ScriptedTransport()})
    assert not outbox._claim(delivery_id, NOW)
    assert outbox._claim(delivery_id, NOW + timedelta(minutes=5))


def test_a_rate_limit_leaves_the_rest_unclaimed_until_the_next_pass(
    sessions: sessionmaker[Session],
) -> None:
    ids = [add(sessions, key=f"digest:{n}:2026-W48") for n in range(3)]
    transport = ScriptedTransport(SendError("ratelimited", True, retry_after=30))
    outbox = Outbox(sessions, {"slack": transport}, base_delay=1)
    assert outbox.deliver_due(NOW) == DeliveryStats(retrying=1)
    assert [row(sessions, i).attempts for i in ids] == [1, 0, 0]
    assert outbox.deliver_due(NOW + timedelta(seconds=1)) == DeliveryStats(sent=2)
    assert outbox.deliver_due(NOW + timedelta(seconds=30)) == DeliveryStats(sent=1)
    assert sorted(transport.posted) == ids


def test_outbox_commands_list_and_requeue(database_url: str) -> None:
    from click.testing import CliRunner

    from bot.cli import main
    from models.db import make_engine, session_factory, upgrade

    engine = make_engine(database_url)
    upgrade(engine)
    with transaction(session_factory(engine)) as session:
        row = enqueue(session, dedupe_key="digest:1:2026-W48", platform="slack",
                      target="C0REABLE", kind="digest", payload={"text": "hi"})
        assert row is not None
        session.execute(update(Delivery).values(status="failed", attempts=6,
                                                last_error="channel_not_found"))
    engine.dispose()
    env = {"GOLDTHREAD_DATABASE_URL": database_url, "GOLDTHREAD_CONFIG": ""}
    runner = CliRunner()
    listed = runner.invoke(main, ["outbox", "list"], env=env)
    assert listed.exit_code == 0 and "failed" in listed.output
    assert "channel_not_found" in listed.output
    again = runner.invoke(main, ["outbox", "requeue", "1"], env=env)
    assert again.exit_code == 0, again.output
    assert "No deliveries are failed or unknown." in runner.invoke(
        main, ["outbox", "list"], env=env).output
    refused = runner.invoke(main, ["outbox", "requeue", "1"], env=env)
    assert refused.exit_code == 1 and "is not failed or unknown" in refused.output
