"""Slack's contract: signed requests only, each event acted on once, acks in time, errors with a
reference and never a stack trace, rate limits waited out, refusals logged."""

from __future__ import annotations

import http.client
import json
import logging
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import AppContext
from bot.slack import deps
from digests.digest.maker import DigestMaker
from models.tables import SeenEvent
from tests.bot.slack.conftest import Bot, running


def get(bot: Bot, path: str) -> tuple[int, dict]:
    host, port = bot.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


def test_bad_and_stale_signatures_get_401_and_do_nothing(small_bot: Bot) -> None:
    body = "command=%2Fperf&text=help&user_id=U0AMINA&response_url=x"
    assert small_bot.post(body, secret="not-the-secret")[0] == 401
    assert small_bot.post(body, timestamp=int(time.time()) - 600)[0] == 401
    small_bot.idle()
    assert small_bot.fake.calls("response") == []


def test_acks_come_back_fast(demo_bot: Bot) -> None:
    timings = []
    for _ in range(5):
        body = "command=%2Fperf&text=delayed+discharges&user_id=U0AMINA&channel_id=C1" \
               f"&response_url={demo_bot.fake.response_url('t')}&trigger_id=t"
        status, _, seconds = demo_bot.post(body)
        assert status == 200
        timings.append(seconds)
    assert max(timings) < 1.0  # Slack allows 3 s; the benchmark holds us to 50 ms at p99


def test_event_retry_is_handled_once(small_bot: Bot) -> None:
    assert small_bot.event("app_mention", event_id="Ev0RETRY", text="<@U0BOT> help") == 200
    assert small_bot.event("app_mention", event_id="Ev0RETRY", retry=1,
                           text="<@U0BOT> help") == 200
    small_bot.fake.wait_for("chat.postMessage")
    small_bot.idle()
    assert len(small_bot.fake.calls("chat.postMessage")) == 1


def test_same_event_to_two_processes_sharing_a_database_is_handled_once(
        small_bot: Bot, tmp_path: Path) -> None:
    second_app = AppContext(small_bot.app.settings, small_bot.app.engine,
                            small_bot.app.sessions, DigestMaker())
    with running(small_bot.fake, second_app) as other:
        assert small_bot.event("app_mention", event_id="Ev0TWICE", text="<@U0BOT> help") == 200
        assert other.event("app_mention", event_id="Ev0TWICE", retry=1,
                           text="<@U0BOT> help") == 200
        small_bot.fake.wait_for("chat.postMessage")
        small_bot.idle()
        other.idle()
    assert len(small_bot.fake.calls("chat.postMessage")) == 1
    with small_bot.app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(SeenEvent).where(
            SeenEvent.event_id == "Ev0TWICE")) == 1


def test_an_error_gives_a_reference_and_logs_the_traceback(
        small_bot: Bot, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(*_args: object, **_kwargs: object) -> list:
        raise RuntimeError("the handler broke")

    monkeypatch.setattr(deps, "answer", broken)
    (told,) = small_bot.response(small_bot.command("help"))
    assert "Something went wrong on our side (reference " in told["text"]
    assert "Traceback" not in told["text"] and "RuntimeError" not in told["text"]
    reference = told["text"].split("reference ")[1][:8]
    logged = [r for r in caplog.records if reference in r.getMessage()]
    assert logged and logged[0].levelno == logging.ERROR and logged[0].exc_info is not None


def test_rate_limit_is_waited_out(small_bot: Bot) -> None:
    small_bot.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    small_bot.event("app_mention", text="<@U0BOT> help")
    posts = small_bot.fake.wait_for("chat.postMessage", 2)
    small_bot.idle()
    assert len(posts) == 2 and len(small_bot.fake.calls("chat.postMessage")) == 2
    assert "What I can do" in json.dumps(posts[1].json("blocks"))


def test_refusal_is_logged_and_the_user_told(small_bot: Bot,
                                             caplog: pytest.LogCaptureFixture) -> None:
    small_bot.fake.fail_next("chat.postMessage", error="is_archived")
    small_bot.event("app_mention", text="<@U0BOT> help")
    (told,) = small_bot.fake.wait_for("chat.postEphemeral")
    assert told.params["user"] == "U0AMINA" and "reference" in told.params["text"]
    assert any("is_archived" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


def test_healthz_checks_the_database(small_bot: Bot) -> None:
    status, body = get(small_bot, "/healthz")
    assert status == 200 and body == {"status": "ok", "database": "ok", "slack": "http"}
    assert get(small_bot, "/nowhere")[0] == 404


def test_a_chart_slack_will_not_show_is_left_out_and_the_words_still_go(
        demo_bot: Bot) -> None:
    demo_bot.fake.fail_next("chat.postMessage", error="invalid_blocks")
    demo_bot.event("app_mention", text="<@U0BOT> how are we doing on delayed discharges?")
    first, second = demo_bot.fake.wait_for("chat.postMessage", 2)
    assert any(b["type"] == "image" for b in first.json("blocks"))
    assert not any(b["type"] == "image" for b in second.json("blocks"))
    assert "Chart:" in json.dumps(second.json("blocks"))  # the chart's words stay
