"""One HTTP request from Slack, checked at the door, then through Bolt, in plain Python types.

The door, in order: the signature over the raw bytes (and a timestamp no more than five minutes
off), before anything is parsed, so that nobody without the signing secret reaches a parser;
then strict UTF-8; then the shape of a Slack request (a form with a command or an interaction
`payload` that is a JSON object, or a JSON object with a `type`). Whatever fails gets 401 or
400 and one short log line, never a traceback. Kept here so that only `bot/slack/` knows Bolt
exists; `bot/http.py` deals in bytes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import BoltContext, BoltRequest
from slack_bolt.request.internals import build_context

from bot.slack.app import SlackApp

log = logging.getLogger(__name__)

Headers = list[tuple[str, str]]
TEXT = [("content-type", "text/plain; charset=utf-8")]


def handle(slack: SlackApp, body: bytes, query: str,
           headers: Sequence[tuple[str, str]]) -> tuple[int, Headers, bytes]:
    """Check, dedupe and dispatch; returns Bolt's (status, headers, body) once acked."""
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name.lower(), []).append(value)
    refused = unsigned(slack, body, grouped)
    if refused:
        log.warning("slack request refused (401): %s", refused)
        return 401, TEXT, b"invalid signature"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        log.warning("slack request refused (400): the body is not UTF-8")
        return 400, TEXT, b"not utf-8"
    kind = (grouped.get("content-type") or [""])[0].split(";")[0].strip().lower()
    parsed = parse(text, kind)
    if isinstance(parsed, str):
        log.warning("slack request refused (400): %s", parsed)
        return 400, TEXT, b"not a slack request"
    request = BoltRequest(body=text, query=query, headers=dict(grouped))
    if request.body != parsed:  # Bolt misread it (see `parse`): give it the right body
        request.body = parsed
        request.context = build_context(BoltContext({}), parsed)
    response = slack.bolt.dispatch(request)
    out = [(k, v) for k, values in response.headers.items() for v in values
           if k.lower() != "content-length"]
    payload = response.body.encode("utf-8") if isinstance(response.body, str) else b""
    return response.status, out, payload


def unsigned(slack: SlackApp, body: bytes, headers: dict[str, list[str]]) -> str | None:
    """Why this request is not Slack's (None when it is): the signature, over the raw body."""
    if slack.signatures is None:
        return "no signing secret is configured"
    timestamp = (headers.get("x-slack-request-timestamp") or [""])[0].strip()
    signature = (headers.get("x-slack-signature") or [""])[0].strip()
    return slack.signatures.problem(body, timestamp, signature)


def parse(text: str, content_type: str) -> dict[str, Any] | str:
    """The body as Bolt should see it, or what is wrong with it.

    Parsed here rather than left to Bolt alone: Bolt takes any form body containing the word
    "payload" for an interaction, so "/suggest Cut the payload of the vans" would reach no
    listener and the idea would be lost.
    """
    if content_type == "application/json" or text.startswith("{"):
        try:
            found: Any = json.loads(text)
        except ValueError:  # json.JSONDecodeError is a ValueError
            return "the body is not valid JSON"
        if not isinstance(found, dict):
            return "the body is not a JSON object"
        return found if isinstance(found.get("type"), str) else "a JSON body with no type"
    form = dict(parse_qsl(text, keep_blank_values=True))
    if "payload" in form:
        try:
            found = json.loads(form["payload"])
        except ValueError:
            return "the payload is not valid JSON"
        if not isinstance(found, dict) or not isinstance(found.get("type"), str):
            return "the payload is not an interaction"
        return found
    if (isinstance(form.get("command"), str) and form["command"]) or form.get("ssl_check"):
        return form
    return "neither a command nor an interaction"
