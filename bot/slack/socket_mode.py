"""Socket Mode: Slack opens a websocket to us, so no public URL is needed (quick installs).

A thin wrapper on purpose: Bolt's built-in SocketModeHandler (no extra dependency) feeds the
same app, so every listener, the dedupe middleware and the error hook behave as over HTTP. It
cannot be tested here without Slack itself; the HTTP path, which shares everything past this
point, is.
"""

from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.slack.app import SlackApp


def run_socket_mode(slack: SlackApp, app_token: str) -> None:
    """Connect and serve until interrupted."""
    SocketModeHandler(slack.bolt, app_token).start()
