"""The manifest, the app and the README agree: commands, events, scopes, one request path."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from bot.cli import main
from tests.paths import ROOT

MANIFEST = yaml.safe_load((ROOT / "bot" / "slack" / "manifest.yml").read_text(encoding="utf-8"))
# Each scope and the call that needs it; a scope nothing here uses should not be asked for.
SCOPES = {
    "app_mentions:read": "app_mention events",
    "chat:write": "chat.postMessage, chat.postEphemeral, chat.update",
    "commands": "/perf and /suggest",
    "files:write": "files_upload_v2 for charts",
    "im:history": "message.im events, conversations.history of a reminder DM",
    "im:write": "conversations.open for DMs (outbox)",
    "users:read": "users.info",
    "users:read.email": "the email in users.info, matched to Person.email",
}


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## Install in Slack\n", 1)[1].split("\n## ", 1)[0]


def test_scopes_are_the_ones_used_and_no_more() -> None:
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == set(SCOPES)
    assert "user" not in MANIFEST["oauth_config"]["scopes"]


def test_commands_events_and_interactivity_share_one_path() -> None:
    commands = {c["command"] for c in MANIFEST["features"]["slash_commands"]}
    assert commands == {"/perf", "/suggest"}
    events = MANIFEST["settings"]["event_subscriptions"]
    assert set(events["bot_events"]) == {"app_mention", "message.im", "app_home_opened"}
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True
    urls = {c["url"] for c in MANIFEST["features"]["slash_commands"]}
    urls |= {events["request_url"], MANIFEST["settings"]["interactivity"]["request_url"]}
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")
    home = MANIFEST["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert not home["messages_tab_read_only_enabled"]


def test_readme_install_section_matches_the_manifest() -> None:
    section = readme_section()
    for scope in SCOPES:
        assert f"`{scope}`" in section, scope
    for word in ("/perf", "/suggest", "app_mention", "message.im", "app_home_opened",
                 "Socket Mode", "HTTP", "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET",
                 "SLACK_APP_TOKEN", "connections:write", "socket_mode_enabled",
                 "goldthread serve", "goldthread run", "digest send", "/slack/events"):
        assert word in section, word
    mentioned = set(re.findall(r"`([a-z_.]+:[a-z_.]+)`", section))
    assert mentioned - {"connections:write"} <= set(SCOPES)


def test_serve_without_secrets_names_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'gt.db'}"
    runner = CliRunner()
    env = {"GOLDTHREAD_DATABASE_URL": url, "SLACK_BOT_TOKEN": "", "SLACK_SIGNING_SECRET": "",
           "SLACK_APP_TOKEN": "", "GOLDTHREAD_CONFIG": ""}
    assert runner.invoke(main, ["init"], env=env).exit_code == 0
    result = runner.invoke(main, ["serve", "--port", "0"], env=env)
    assert result.exit_code != 0
    assert "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are not set" in result.output
