"""The Slack transport against the fake Slack Web API, through the real slack_sdk WebClient."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.outbox import DeliveryStats, Outbox, SendError
from bot.delivery.queue import enqueue
from bot.slack.transport import CHART_PLACEHOLDER, SlackTransport, make_web_client, with_chart
from models.db import transaction
from models.tables import ChartImage, Delivery
from tests.fakes.slack_api import UPLOAD, FakeSlack, fake_slack

TOKEN = "xoxb-1111-2222-secretsecret"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
CHART = ChartImage(sha256="cd" * 32, cache_key="home-91", png=PNG, alt="Still at home: 82%")
BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "*Reablement*"}},
          {"type": "image", "slack_file": {"id": CHART_PLACEHOLDER}, "alt_text": "chart"}]


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack(token=TOKEN) as fake:
        yield fake


def transport(slack: FakeSlack, token: str = TOKEN) -> SlackTransport:
    return SlackTransport(make_web_client(token, slack.url))


def delivery(kind: str = "digest", target: str = "C0REABLE", **payload: Any) -> Delivery:
    return Delivery(id=7, dedupe_key=f"{kind}:7", platform="slack", target=target, kind=kind,
                    period="2026-W48", payload={"text": "Weekly digest", "blocks": [], **payload})


def send_error(slack: FakeSlack, token: str = TOKEN, image: ChartImage | None = None) -> SendError:
    with pytest.raises(SendError) as caught:
        transport(slack, token).send(delivery(blocks=BLOCKS), image, {})
    return caught.value


def test_make_web_client_adds_the_slash_and_the_retry_handlers() -> None:
    client = make_web_client(TOKEN, "http://127.0.0.1:9/api")
    assert client.base_url == "http://127.0.0.1:9/api/"
    assert make_web_client(TOKEN, None).base_url == "https://slack.com/api/"
    kinds = {type(h): h for h in client.retry_handlers}
    assert ConnectionErrorRetryHandler in kinds
    limit = next(h for h in client.retry_handlers if isinstance(h, RateLimitErrorRetryHandler))
    assert limit.max_retry_count == 2


def test_posts_text_blocks_and_metadata(slack: FakeSlack) -> None:
    ts = transport(slack).send(delivery(blocks=BLOCKS[:1]), None, {})
    [call] = slack.calls("chat.postMessage")
    assert call.token == TOKEN
    assert call.params["channel"] == "C0REABLE"
    assert call.params["text"] == "Weekly digest"
    assert call.json("blocks") == BLOCKS[:1]
    assert call.params["unfurl_links"] is False
    assert call.json("metadata") == {"event_type": "goldthread_delivery",
                                     "event_payload": {"delivery_id": 7}}
    assert ("C0REABLE", ts) in slack.messages


def test_digest_chart_is_uploaded_then_placed_in_the_image_block(slack: FakeSlack) -> None:
    progress: dict[str, Any] = {}
    transport(slack).send(delivery(blocks=BLOCKS, image={"sha256": CHART.sha256,
                                                         "title": "Still at home"}),
                          CHART, progress)
    [url_call] = slack.calls("files.getUploadURLExternal")
    assert url_call.params["alt_txt"] == "Still at home: 82%"
    assert int(url_call.params["length"]) == len(PNG)
    assert slack.uploads[progress["file_id"]] == PNG
    [complete] = slack.calls("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C0REABLE"
    assert complete.json("files")[0]["title"] == "Still at home"
    posted = slack.calls("chat.postMessage")[0].json("blocks")
    assert posted[1] == {"type": "image", "slack_file": {"id": progress["file_id"]},
                         "alt_text": "chart"}


def test_a_chart_is_not_uploaded_again_on_retry(
    sessions: sessionmaker[Session], slack: FakeSlack,
) -> None:
    with transaction(sessions) as session:
        session.merge(CHART)
        enqueue(session, dedupe_key="digest:1:2026-W48", platform="slack", target="C0REABLE",
                kind="digest", payload={"text": "t", "blocks": BLOCKS,
                                        "image": {"sha256": CHART.sha256}})
    slack.fail_next("chat.postMessage", status=500)
    outbox = Outbox(sessions, {"slack": transport(slack)}, base_delay=1)
    assert outbox.deliver_due(NOW) == DeliveryStats(retrying=1)
    assert outbox.deliver_due(NOW + timedelta(seconds=1)) == DeliveryStats(sent=1)
    assert len(slack.calls("files.getUploadURLExternal")) == 1
    assert len(slack.calls(UPLOAD)) == 1
    file_ids = {c.json("blocks")[1]["slack_file"]["id"] for c in slack.calls("chat.postMessage")}
    assert len(file_ids) == 1 and len(slack.messages) == 1


def test_without_a_chart_the_placeholder_is_dropped(slack: FakeSlack) -> None:
    transport(slack).send(delivery(blocks=BLOCKS), None, {})
    assert slack.calls("chat.postMessage")[0].json("blocks") == BLOCKS[:1]
    assert slack.calls("files.getUploadURLExternal") == []
    assert with_chart(BLOCKS, "F1")[1]["slack_file"] == {"id": "F1"}
    assert BLOCKS[1]["slack_file"] == {"id": CHART_PLACEHOLDER}  # not mutated


def test_dm_opens_the_conversation_first(slack: FakeSlack) -> None:
    progress: dict[str, Any] = {}
    transport(slack).send(delivery(kind="dm", target="U0AMINA"), None, progress)
    [opened] = slack.calls("conversations.open")
    assert opened.params["users"] == "U0AMINA"
    assert progress["channel"].startswith("D")
    assert slack.calls("chat.postMessage")[0].params["channel"] == progress["channel"]
    transport(slack).send(delivery(kind="dm", target="U0AMINA"), None, progress)
    assert len(slack.calls("conversations.open")) == 1  # known from progress on a retry


def test_long_retry_after_goes_back_to_the_outbox(slack: FakeSlack) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=7)
    error = send_error(slack)
    assert (error.transient, error.retry_after) == (True, 7.0)
    assert "chat.postMessage: ratelimited (HTTP 429)" in str(error)
    assert len(slack.calls("chat.postMessage")) == 1  # no 7-second nap inside the tick


def test_long_retry_after_sets_next_attempt(
    sessions: sessionmaker[Session], slack: FakeSlack,
) -> None:
    with transaction(sessions) as session:
        row = enqueue(session, dedupe_key="k", platform="slack", target="C1", kind="digest",
                      payload={"text": "t"})
        assert row is not None
        delivery_id = row.id
    slack.fail_next("chat.postMessage", status=429, retry_after=7)
    Outbox(sessions, {"slack": transport(slack)}, base_delay=1).deliver_due(NOW)
    with sessions() as session:
        waiting = session.get_one(Delivery, delivery_id)
    assert waiting.next_attempt_at is not None
    assert waiting.next_attempt_at >= NOW + timedelta(seconds=7)


def test_short_retry_after_is_waited_out_by_the_client(slack: FakeSlack) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    transport(slack).send(delivery(), None, {})
    assert len(slack.calls("chat.postMessage")) == 2
    assert len(slack.messages) == 1


@pytest.mark.parametrize(
    ("failure", "transient"),
    [
        ({"status": 500}, True),
        ({"status": 503}, True),
        ({"error": "ratelimited"}, True),
        ({"error": "internal_error"}, True),
        ({"error": "channel_not_found"}, False),
        ({"error": "not_in_channel"}, False),
        ({"error": "invalid_auth"}, False),
        ({"error": "account_inactive"}, False),
        ({"error": "is_archived"}, False),
        ({"error": "invalid_blocks"}, False),
    ],
)
def test_error_mapping(slack: FakeSlack, failure: dict[str, Any], transient: bool) -> None:
    slack.fail_next("chat.postMessage", **failure)
    error = send_error(slack)
    assert error.transient is transient
    assert error.retry_after is None
    assert str(error).startswith("slack chat.postMessage: ")


def test_upload_failures_are_mapped_too(slack: FakeSlack) -> None:
    slack.fail_next(UPLOAD, status=500)
    assert send_error(slack, image=CHART).transient
    slack.fail_next("files.completeUploadExternal", error="channel_not_found")
    error = send_error(slack, image=CHART)
    assert not error.transient
    assert "files.completeUploadExternal: channel_not_found" in str(error)


def test_a_wrong_token_is_permanent_and_never_written_down(
    slack: FakeSlack, caplog: pytest.LogCaptureFixture,
) -> None:
    wrong = "xoxb-9999-8888-wrongwrongwrong"
    with caplog.at_level(logging.DEBUG):
        error = send_error(slack, token=wrong)
    assert not error.transient and "invalid_auth" in str(error)
    for text in (str(error), repr(error.args), caplog.text):
        assert wrong not in text and TOKEN not in text


def test_slack_unreachable_is_transient() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = make_web_client(TOKEN, f"http://127.0.0.1:{port}/api/")
    with pytest.raises(SendError) as caught:
        SlackTransport(client).send(delivery(), None, {})
    assert caught.value.transient
    assert "slack unreachable" in str(caught.value)
