"""Before `run` or `serve` takes a request: does Slack accept our token, and can we reach it?

Bolt asks too (its App calls auth.test when it is built), but a refusal surfaces there as a
BoltError and an unreachable host as a URLError, each with a traceback that says neither which
setting is wrong nor what to do. Here the same question, asked through our own WebClient (the
one every delivery uses, so SLACK_API_URL and the retries are the same), becomes one line that
names the setting and the fix. The token never appears in it: only its kind (`xapp-`).
"""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from http.client import HTTPException
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit

from slack_sdk.errors import SlackApiError, SlackClientError

from bot.slack.transport import SLACK_API_URL, make_web_client

# auth.test's answers that mean "this token will never work", as opposed to Slack being unwell.
TOKEN_REFUSED = frozenset({
    "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
    "not_allowed_token_type", "no_permission", "team_access_not_granted",
})
GET_TOKEN = ("copy the Bot User OAuth Token (xoxb-…) from your app's OAuth & Permissions page")


class SlackStartupError(Exception):
    """Slack cannot be used as configured; the message is the one line to show."""


def check_slack(token: str, api_url: str | None = None) -> str:
    """auth.test with SLACK_BOT_TOKEN; returns "workspace W as @bot", or raises SlackStartupError.

    Retries are the client's own (one for a dropped connection). slack_sdk logs each retry and
    each failure itself (INFO, ERROR), which would make more lines saying less; this function
    reports the outcome, so that logger is silenced for the one call.
    """
    shown = safe_url(api_url or SLACK_API_URL)
    client = make_web_client(token, api_url, max_inline_wait=1.0)
    try:
        with _quiet("slack_sdk.web.base_client"):
            answer = client.auth_test()
    except SlackApiError as exc:
        raise SlackStartupError(_refusal(exc, token, shown)) from None
    except (URLError, HTTPException, OSError) as exc:
        raise SlackStartupError(
            f"Slack: cannot reach {shown} ({_reason(exc)}); check SLACK_API_URL and the "
            "network") from None
    except SlackClientError as exc:
        raise SlackStartupError(
            f"Slack: {shown} did not answer as the Slack Web API does "
            f"({type(exc).__name__}); check SLACK_API_URL") from None
    team = answer.get("team") or answer.get("team_id") or "?"
    return f"workspace {team} as @{answer.get('user') or answer.get('user_id') or '?'}"


def _refusal(exc: SlackApiError, token: str, shown: str) -> str:
    response = exc.response
    status = int(response.status_code)
    data = response.data if isinstance(response.data, dict) else {}
    code = str(data.get("error") or f"HTTP {status}")
    if code in TOKEN_REFUSED:
        if token.startswith("xapp-"):
            return (f"configuration: SLACK_BOT_TOKEN was refused by Slack ({code}): it holds an "
                    "app-level token (xapp-…), which belongs in SLACK_APP_TOKEN; " + GET_TOKEN)
        return f"configuration: SLACK_BOT_TOKEN was refused by Slack ({code}): {GET_TOKEN}"
    if status == 429 or status >= 500:
        return (f"Slack: {shown} answered HTTP {status} ({code}); Slack may be having trouble: "
                "try again shortly, or check SLACK_API_URL")
    return (f"Slack: auth.test at {shown} answered {code} (HTTP {status}); check "
            "SLACK_BOT_TOKEN and SLACK_API_URL")


def _reason(exc: BaseException) -> str:
    """A few plain words for why a connection failed, from the innermost cause."""
    cause: BaseException = exc
    while isinstance(cause, URLError) and isinstance(cause.reason, BaseException):
        cause = cause.reason
    if isinstance(cause, ConnectionRefusedError):
        return "connection refused"
    if isinstance(cause, socket.gaierror):
        return "unknown host"
    if isinstance(cause, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(cause, ssl.SSLError):
        return f"TLS: {cause.reason or cause}"
    if isinstance(cause, ConnectionError | HTTPException):
        return "the connection broke"
    words = getattr(cause, "strerror", None) or getattr(cause, "reason", None) or cause
    return str(words)[:120]


def safe_url(url: str) -> str:
    """The address without any user or password someone may have written into it."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    logger = logging.getLogger(name)
    before = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(before)
