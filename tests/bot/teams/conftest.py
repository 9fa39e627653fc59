"""The real Teams SDK app inside goldthread's ASGI app, served over real HTTP, authentication on.

Activities are posted to `/api/messages` with a bearer token signed by the fake connector's
test key (served as the cloud's JWKS on loopback: `teams.openid_metadata_url`), and the bot's
sends land on the same fake, at the activities' `serviceUrl`. The SDK processes an activity
before it answers the POST, so what was sent is there when `post` returns: no sleeps.
"""

from __future__ import annotations

import http.client
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.app import AppContext
from bot.config import Secret, Settings
from bot.http import GoldthreadASGI, all_routes
from bot.platforms import Platforms
from bot.slack.platform import SlackPlatform
from bot.teams.platform import TeamsPlatform
from digests.digest.maker import DigestMaker
from models.db import transaction
from models.framework.load import load_framework
from tests.fakes.platforms import CHAT
from tests.fakes.server import Server
from tests.fakes.teams_connector import BOT_TOKEN, FakeConnector, fake_connector

APP_ID = "00000000-0000-4000-8000-00000000b0a7"
TENANT = "11111111-2222-4333-8444-555555555555"
BOT = f"28:{APP_ID}"
AMINA_AAD = "aad-amina-0000-4000-8000-000000000001"
BEN_AAD = "aad-ben-0000-4000-8000-000000000002"
STRANGER_AAD = "aad-stranger-0000-4000-8000-000000000003"
CHANNEL = "19:reablement-general@thread.tacv2"
TEAM = "19:reablement-team@thread.tacv2"


def teams_framework(text: str) -> str:
    """The small test framework with Teams keys: Amina's AAD id, Reablement's channel."""
    return (text.replace('slack_id = "U0AMINA"', f'slack_id = "U0AMINA"\nteams_id = "{AMINA_AAD}"')
            .replace('slack_channel = "C0REABLE"',
                     f'slack_channel = "C0REABLE"\nteams_channel = "{CHANNEL}"'))


def bot_token(scope: Any, tenant_id: str | None = None) -> str:
    return BOT_TOKEN


@dataclass
class TeamsBot:
    url: str
    fake: FakeConnector
    app: AppContext
    teams: TeamsPlatform
    numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def post(self, activity: dict[str, Any], *, token: str | None = "sign",
             raw: bytes | None = None) -> tuple[int, Any]:
        body = raw if raw is not None else json.dumps(activity).encode()
        headers = {"Content-Type": "application/json"}
        if token == "sign":
            token = self.fake.sign(activity.get("serviceUrl"))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        host, port = self.url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=20)
        try:
            connection.request("POST", "/api/messages", body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
        finally:
            connection.close()

    # ---- activities as Teams sends them ---------------------------------------------------
    def activity(self, kind: str, *, user: str = AMINA_AAD, scope: str = "personal",
                 **fields: Any) -> dict[str, Any]:
        n = next(self.numbers)
        channel = scope == "channel"
        conversation = {"id": f"{CHANNEL};messageid=17000000{n}" if channel
                        else f"a:personal-{user}", "conversationType": scope,
                        "tenantId": TENANT}
        data: dict[str, Any] = {"tenant": {"id": TENANT}}
        if channel:
            data.update(team={"id": TEAM}, channel={"id": CHANNEL})
        return {"type": kind, "id": f"activity-in-{n}", "channelId": "msteams",
                "serviceUrl": self.fake.url, "timestamp": "2026-11-30T09:00:00.000Z",
                "from": {"id": f"29:{user}", "aadObjectId": user, "name": "Someone"},
                "recipient": {"id": BOT, "name": "goldthread"},
                "conversation": conversation, "channelData": data, **fields}

    def message(self, text: str, *, mention: bool = False, **kw: Any) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if mention:
            text = f"<at>goldthread</at> {text}"
            extra["entities"] = [{"type": "mention", "text": "<at>goldthread</at>",
                                  "mentioned": {"id": BOT, "name": "goldthread"}}]
        return self.activity("message", text=text, textFormat="plain", **extra, **kw)

    def say(self, text: str, **kw: Any) -> int:
        status, _ = self.post(self.message(text, **kw))
        return status

    def press(self, verb: str, data: dict[str, Any], *, reply_to: str | None = "msg-1",
              **kw: Any) -> tuple[int, Any]:
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data},
                 "trigger": "manual"}
        extra = {"replyToId": reply_to} if reply_to else {}
        return self.post(self.activity("invoke", name="adaptiveCard/action", value=value,
                                       **extra, **kw))


def teams_settings(fake: FakeConnector, database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, chart_dir=tmp_path / "charts",
                    teams_openid_metadata_url=fake.metadata_url,
                    secrets={"TEAMS_CLIENT_ID": Secret(APP_ID),
                             "TEAMS_TENANT_ID": Secret(TENANT)})


@pytest.fixture
def fake() -> Iterator[FakeConnector]:
    with fake_connector(app_id=APP_ID) as found:
        yield found


@pytest.fixture
def teams_loaded(sessions: sessionmaker[Session], framework_text: str) -> sessionmaker[Session]:
    with transaction(sessions) as session:
        load_framework(session, teams_framework(framework_text), chat_platforms=CHAT)
    return sessions


def serving(fake: FakeConnector, app: AppContext) -> tuple[TeamsPlatform, GoldthreadASGI]:
    teams = TeamsPlatform(app.settings, token=bot_token)
    app.use_platforms(Platforms([SlackPlatform(app.settings), teams]))
    return teams, GoldthreadASGI(app, all_routes(app))


@pytest.fixture
def teams_bot(fake: FakeConnector, engine: Engine, teams_loaded: sessionmaker[Session],
              database_url: str, tmp_path: Path) -> Iterator[TeamsBot]:
    """The small framework with Teams keys, on SQLite and PostgreSQL."""
    app = AppContext(teams_settings(fake, database_url, tmp_path), engine, teams_loaded,
                     DigestMaker())
    teams, asgi = serving(fake, app)
    with Server(asgi) as server:
        yield TeamsBot(server.url, fake, app, teams)
    teams.close()
    app.close()
