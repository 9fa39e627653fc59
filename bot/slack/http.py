"""One HTTP request from Slack through Bolt, in plain Python types for the ASGI app.

Kept here so that only `bot/slack/` knows Bolt exists; `bot/serve.py` deals in bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_bolt import BoltRequest

from bot.slack.app import SlackApp

Headers = list[tuple[str, str]]


def handle(slack: SlackApp, body: bytes, query: str,
           headers: Sequence[tuple[str, str]]) -> tuple[int, Headers, bytes]:
    """Verify, dedupe and dispatch; returns Bolt's (status, headers, body) once acked."""
    grouped: dict[str, str | Sequence[str]] = {}
    for name, value in headers:
        found = grouped.setdefault(name.lower(), [])
        if isinstance(found, list):
            found.append(value)
    request = BoltRequest(body=body.decode("utf-8", "replace"), query=query, headers=grouped)
    response = slack.bolt.dispatch(request)
    out = [(k, v) for k, values in response.headers.items() for v in values
           if k.lower() != "content-length"]
    payload = response.body.encode("utf-8") if isinstance(response.body, str) else b""
    return response.status, out, payload
