"""The real Slack app, served over real HTTP, talking to the fake Slack Web API.

Requests are signed exactly as Slack signs them (`v0:{timestamp}:{body}`, HMAC-SHA256 with the
signing secret), built from the scrubbed payloads in tests/payloads/slack/, and sent to the ASGI
app that `goldthread serve` runs, under uvicorn on a free loopback port. Background work is
awaited through `FakeSlack.wait_for` and `Background.wait_idle`, never with fixed sleeps.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import http.client
import itertools
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Secret, Settings
from bot.http import GoldthreadASGI
from bot.slack.app import SlackApp, create_app
from bot.slack.platform import SlackRoute
from digests.digest.maker import DigestMaker
from tests.fakes.server import Server
from tests.fakes.slack_api import FakeSlack, fake_slack
from tests.paths import PAYLOADS

SLACK_PAYLOADS = PAYLOADS / "slack"
TOKEN = "xoxb-test-token"
SECRET = "test-signing-secret"


def payload(name: str) -> dict[str, Any]:
    return json.loads((SLACK_PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))


def signature(body: str, timestamp: int, secret: str = SECRET) -> str:
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


# ---- state values of a submitted modal ---------------------------------------------------
def text_input(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text_input", "value": value}}


def chosen(value: str) -> dict[str, Any]:
    return {"choice": {"type": "static_select", "selected_option": {"value": value}}}


def checked(*values: str) -> dict[str, Any]:
    return {"choice": {"type": "checkboxes",
                       "selected_options": [{"value": v} for v in values]}}


def date_input(value: str) -> dict[str, Any]:
    return {"date": {"type": "datepicker", "selected_date": value}}


@dataclass
class Bot:
    """A running app and the means to talk to it as Slack would."""

    url: str
    fake: FakeSlack
    slack: SlackApp
    app: AppContext
    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # ---- raw -----------------------------------------------------------------------------
    def post(self, body: str, *, content_type: str = "application/x-www-form-urlencoded",
             timestamp: int | None = None, secret: str = SECRET,
             headers: dict[str, str] | None = None) -> tuple[int, str, float]:
        """(status, body, seconds to answer)."""
        stamp = int(time.time()) if timestamp is None else timestamp
        sent = {"Content-Type": content_type, "X-Slack-Request-Timestamp": str(stamp),
                "X-Slack-Signature": signature(body, stamp, secret), **(headers or {})}
        host, port = self.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            started = time.perf_counter()
            connection.request("POST", "/slack/events", body=body.encode(), headers=sent)
            response = connection.getresponse()
            text = response.read().decode()
            return response.status, text, time.perf_counter() - started
        finally:
            connection.close()

    # ---- what Slack sends --------------------------------------------------------------------
    def command(self, text: str, *, command: str = "/perf", user: str = "U0AMINA",
                channel: str = "C0REABLE", **post: Any) -> str:
        """Send a slash command; returns the name of its response_url on the fake."""
        name = f"cmd{next(self.numbers)}"
        body = {**payload("slash_command"), "command": command, "text": text, "user_id": user,
                "channel_id": channel, "response_url": self.fake.response_url(name),
                "trigger_id": f"trigger-{name}"}
        status, answer, _ = self.post(urlencode(body), **post)
        assert status == 200, answer
        return name

    def event(self, name: str, *, event_id: str | None = None, retry: int | None = None,
              **fields: Any) -> int:
        body = payload(name)
        body["event"].update(fields)
        body["event_id"] = event_id or f"Ev{next(self.numbers):08d}"
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} \
            if retry else {}
        status, _, _ = self.post(json.dumps(body), content_type="application/json",
                                 headers=headers)
        return status

    def interact(self, body: dict[str, Any]) -> tuple[int, str]:
        status, answer, _ = self.post(urlencode({"payload": json.dumps(body)}))
        return status, answer

    def press(self, action_id: str, value: str, *, user: str = "U0AMINA",
              container: dict[str, Any] | None = None, message: dict[str, Any] | None = None,
              channel: str | None = "D0AMINA") -> str:
        """Press a button; returns the name of its response_url on the fake."""
        name = f"press{next(self.numbers)}"
        body = payload("block_actions")
        body["user"]["id"] = user
        body["actions"][0].update(action_id=action_id, value=value)
        body["response_url"] = self.fake.response_url(name)
        body["trigger_id"] = f"trigger-{name}"
        if container is not None:
            body["container"] = container
        if message is not None:
            body["message"] = message
        if channel is None:
            body.pop("channel")
        else:
            body["channel"]["id"] = channel
        if container and container.get("type") == "view":
            body.pop("message")
            body.pop("response_url")
            body["view"] = {"id": container["view_id"], "type": "home"}
        status, answer = self.interact(body)
        assert status == 200, answer
        return name

    def submit(self, view: dict[str, Any], values: dict[str, Any], *,
               user: str = "U0AMINA") -> dict[str, Any]:
        """Submit a modal the fake opened; returns Bolt's JSON answer (or {})."""
        body = payload("view_submission")
        body["user"]["id"] = user
        body["view"] = {**copy.deepcopy(body["view"]), **{k: v for k, v in view.items()
                                                          if k != "state"},
                        "state": {"values": values}}
        status, answer = self.interact(body)
        assert status == 200, answer
        return json.loads(answer) if answer else {}

    # ---- waiting -------------------------------------------------------------------------------
    def idle(self) -> None:
        assert self.slack.deps.background.wait_idle(15.0), "background work did not finish"

    def response(self, name: str, count: int = 1) -> list[dict[str, Any]]:
        calls = self.fake.wait_for("response", count,
                                   where=lambda c: c.params.get("_name") == name)
        return [c.params for c in calls]



def settings_for(fake: FakeSlack, database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, chart_dir=tmp_path / "charts",
                    slack_api_url=fake.url,
                    secrets={"SLACK_BOT_TOKEN": Secret(TOKEN),
                             "SLACK_SIGNING_SECRET": Secret(SECRET)})


@contextmanager
def running(fake: FakeSlack, app: AppContext) -> Iterator[Bot]:
    slack = create_app(app)
    asgi = GoldthreadASGI(app, [SlackRoute(slack)])
    try:
        with Server(asgi) as server:
            yield Bot(server.url, fake, slack, app)
    finally:
        slack.deps.background.wait_idle(15.0)
        slack.close()


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with fake_slack(token=TOKEN) as found:
        yield found


@pytest.fixture
def demo_bot(fake: FakeSlack, demo_app: AppContext, tmp_path: Path) -> Iterator[Bot]:
    """The demo partnership (SQLite), where answers have data and charts."""
    settings = settings_for(fake, demo_app.settings.database_url, tmp_path)
    app = AppContext(settings, demo_app.engine, demo_app.sessions, demo_app.maker)
    with running(fake, app) as bot:
        yield bot


@pytest.fixture
def small_bot(fake: FakeSlack, engine: Engine, loaded: sessionmaker[Session],
              database_url: str, tmp_path: Path) -> Iterator[Bot]:
    """The small test framework, on SQLite and PostgreSQL: for what the database decides."""
    settings = settings_for(fake, database_url, tmp_path)
    app = AppContext(settings, engine, loaded, DigestMaker())
    with running(fake, app) as bot:
        yield bot
