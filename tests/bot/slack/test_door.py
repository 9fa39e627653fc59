"""Garbage at the door (issue 8, item 4): whatever arrives at /slack/events that is not a signed
Slack request gets 401, 400 or 413 and one short log line, never a 500 and a traceback; and the
signature is checked before the body is parsed."""

from __future__ import annotations

import http.client
import json
import logging
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from models.tables import Suggestion
from tests.bot.slack.conftest import SECRET, Bot, payload


class Captured(logging.Handler):
    """Every record, formatted as a log file would have it (tracebacks included)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def log_file(caplog: pytest.LogCaptureFixture) -> Iterator[Captured]:
    """The root logger and uvicorn's own (which does not propagate), at INFO."""
    caplog.set_level(logging.INFO)
    captured = Captured()
    loggers = [logging.getLogger(), logging.getLogger("uvicorn")]
    for logger in loggers:
        logger.addHandler(captured)
    yield captured
    for logger in loggers:
        logger.removeHandler(captured)


def raw_post(bot: Bot, body: bytes, headers: dict[str, str]) -> int:
    host, port = bot.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("POST", "/slack/events", body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (ConnectionResetError, BrokenPipeError):  # refused before the body was all sent
        return 413
    finally:
        connection.close()


def signed(body: bytes, content_type: str = "application/x-www-form-urlencoded",
           stamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    when = int(time.time()) if stamp is None else stamp
    import hashlib
    import hmac

    base = f"v0:{when}:".encode() + body
    mac = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(when),
            "X-Slack-Signature": mac}


def bad_requests(bot: Bot) -> list[tuple[str, bytes, dict[str, str], int]]:
    """(what, body, headers, expected status): one of each kind of garbage."""
    command = urlencode({**payload("slash_command"), "response_url": bot.fake.response_url("g"),
                         "text": "help"}).encode()
    form, json_type = "application/x-www-form-urlencoded", "application/json"
    return [
        ("unsigned", command, {"Content-Type": form}, 401),
        ("badly signed", command, signed(command, secret="not-the-secret"), 401),
        ("stale", command, signed(command, stamp=int(time.time()) - 3600), 401),
        ("timestamp not a number", command, {**signed(command),
                                             "X-Slack-Request-Timestamp": "soon"}, 401),
        ("signature of other bytes", command + b"&x=1", signed(command), 401),
        ("not form-encoded", b"\x00\x01\x02 nothing here", signed(b"\x00\x01\x02 nothing here"),
         400),
        ("not UTF-8", b"command=%2Fperf&text=\xff\xfe", signed(b"command=%2Fperf&text=\xff\xfe"),
         400),
        ("payload not JSON", b"payload=%7Bnot+json", signed(b"payload=%7Bnot+json"), 400),
        ("payload not an object", b"payload=%5B1%2C2%5D", signed(b"payload=%5B1%2C2%5D"), 400),
        ("event not an object", b"[1, 2, 3]", signed(b"[1, 2, 3]", json_type), 400),
        ("event a string", b'"event"', signed(b'"event"', json_type), 400),
        ("event not JSON", b'{"type": "event_callback",', signed(
            b'{"type": "event_callback",', json_type), 400),
        ("event with no type", b'{"event": {}}', signed(b'{"event": {}}', json_type), 400),
        ("two megabytes", b"x" * 2_000_000, signed(b"x" * 2_000_000), 413),
    ]


def test_three_hundred_bad_posts_get_short_answers_and_short_log_lines(
        small_bot: Bot, log_file: Captured) -> None:
    kinds = bad_requests(small_bot)
    for n in range(300):
        what, body, headers, expected = kinds[n % len(kinds)]
        assert raw_post(small_bot, body, headers) == expected, what
    small_bot.idle()
    logged = "\n".join(log_file.lines)
    assert "Traceback" not in logged
    assert len(log_file.lines) <= 310, f"{len(log_file.lines)} lines"
    assert len(logged.encode()) <= 300 * 160, f"{len(logged.encode()):,} bytes"
    assert all(len(line) <= 200 for line in log_file.lines)
    assert small_bot.fake.calls("response") == []  # none of them did anything


def test_the_signature_is_checked_before_the_body_is_read(small_bot: Bot,
                                                          log_file: Captured) -> None:
    """An unsigned body that would crash a parser is refused for its signature alone."""
    assert raw_post(small_bot, b"payload=%7Bnot+json", {
        "Content-Type": "application/x-www-form-urlencoded"}) == 401
    (line,) = [line for line in log_file.lines if "refused" in line]
    assert "401" in line and "signature" in line


def test_a_good_request_still_gets_through(small_bot: Bot) -> None:
    body = urlencode({**payload("slash_command"), "text": "help",
                      "response_url": small_bot.fake.response_url("ok")})
    status, _, _ = small_bot.post(body)
    assert status == 200
    (reply,) = small_bot.response("ok")
    assert "What I can do" in json.dumps(reply)


def test_an_idea_about_a_payload_is_not_lost(small_bot: Bot) -> None:
    """Bolt reads any form body containing the word "payload" as a button press; the door
    reads it properly, so this idea reaches /suggest like any other."""
    (reply,) = small_bot.response(small_bot.command("Cut the payload on the delivery vans",
                                                    command="/suggest", user="U0BEN"))
    assert "Thanks, your idea is saved" in json.dumps(reply)
    with small_bot.app.sessions() as session:
        assert session.scalars(select(Suggestion.text)).one() == \
            "Cut the payload on the delivery vans"
