"""Sending stored deliveries to Slack: the outbox's Slack `Transport`.

The outbox decides when and whether to send; this module only speaks Slack and says, for every
failure, whether waiting could help (`SendError.transient`). The rules:

- HTTP 429 or `ratelimited`: transient, with Slack's Retry-After. Short waits (a few seconds,
  Slack's usual one-message-a-second answer) are retried inside the client; longer ones go back
  to the outbox, which reschedules the row instead of holding up every other delivery.
- HTTP 5xx, `internal_error` and friends, connection failures: transient.
- Any other `ok: false` answer (`channel_not_found`, `not_in_channel`, `invalid_auth`,
  `account_inactive`, `invalid_blocks`, ...): permanent. Waiting will not fix them; a person must.

Charts go up first with `files_upload_v2`; the file id is written into `progress` at once, so a
retry after a failed post does not upload the chart again. The token lives only inside the
WebClient: no message built here contains it.
"""

from __future__ import annotations

from http.client import HTTPException
from typing import Any
from urllib.error import HTTPError, URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError, SlackRequestError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from bot.delivery.outbox import SendError
from bot.slack.render import CHART_PLACEHOLDER
from models.tables import ChartImage, Delivery

SLACK_API_URL = "https://slack.com/api/"
TRANSIENT_ERRORS = frozenset({
    "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable",
    "request_timeout", "team_added_to_org",
})
Block = dict[str, Any]


class ShortRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """slack_sdk's 429 handler, but only for waits of `max_wait` seconds or less.

    The stock handler sleeps for whatever Retry-After says, inside the scheduler's tick; a
    60-second answer would hold up every other team's digest. Longer waits surface as a
    transient SendError and the outbox puts the row back with `next_attempt_at`.
    """

    def __init__(self, max_retry_count: int = 2, max_wait: float = 5.0) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    def _can_retry(self, *, state: RetryState, request: HttpRequest,
                   response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        wait = retry_after(response.headers) if response is not None else None
        return wait is None or wait <= self.max_wait


def make_web_client(token: str, base_url: str | None = None, *,
                    max_inline_wait: float = 5.0) -> WebClient:
    """A WebClient that retries connection failures and short rate limits by itself.

    `base_url` is SLACK_API_URL when set (GovSlack, or a test fake); WebClient joins method
    names onto it, so it must end with '/', and we add one rather than fail on a missing slash.
    """
    url = base_url or SLACK_API_URL
    return WebClient(
        token=token,
        base_url=url if url.endswith("/") else url + "/",
        retry_handlers=[
            ConnectionErrorRetryHandler(),
            ShortRateLimitRetryHandler(max_retry_count=2, max_wait=max_inline_wait),
        ],
    )


class SlackTransport:
    """Posts a delivery's payload (`text`, `blocks`, optional `image`) to its Slack target."""

    platform = "slack"

    def __init__(self, client: WebClient) -> None:
        self._client = client

    def send(self, delivery: Delivery, image: ChartImage | None, progress: dict[str, Any]) -> str:
        """Post the message and return its `ts`; map every failure to a SendError."""
        try:
            return self._send(delivery, image, progress)
        except SlackApiError as exc:
            raise api_error(exc) from exc
        except HTTPError as exc:  # the raw upload of chart bytes, outside the Web API
            raise SendError(f"slack file upload: HTTP {exc.code}",
                            exc.code == 429 or exc.code >= 500,
                            retry_after(dict(exc.headers.items()))) from exc
        except (SlackRequestError, URLError, HTTPException, OSError) as exc:
            # Could not reach Slack, or the connection broke: worth trying again later.
            raise SendError(f"slack unreachable: {type(exc).__name__}: {_reason(exc)}",
                            True) from exc
        except SlackClientError as exc:
            raise SendError(f"slack client: {type(exc).__name__}", False) from exc

    def _send(self, delivery: Delivery, image: ChartImage | None,
              progress: dict[str, Any]) -> str:
        payload = delivery.payload
        channel = delivery.target
        if delivery.kind == "dm":
            if "channel" not in progress:
                opened = self._client.conversations_open(users=delivery.target)
                progress["channel"] = opened["channel"]["id"]
            channel = str(progress["channel"])
        if image is not None and "file_id" not in progress:
            uploaded = self._client.files_upload_v2(
                channel=channel, file=image.png, filename=_filename(delivery),
                title=_image_title(payload), alt_txt=image.alt)
            progress["file_id"] = uploaded["file"]["id"]
        blocks = with_chart(_blocks(payload), progress.get("file_id"))
        posted = self._client.chat_postMessage(
            channel=channel,
            text=str(payload.get("text") or ""),
            blocks=blocks or None,
            unfurl_links=False,
            metadata={"event_type": "goldthread_delivery",
                      "event_payload": {"delivery_id": delivery.id}},
        )
        return str(posted["ts"])


def with_chart(blocks: list[Block], file_id: object) -> list[Block]:
    """Fill the chart placeholder with the uploaded file; drop it when there is no chart."""
    filled: list[Block] = []
    for block in blocks:
        slack_file = block.get("slack_file")
        if (block.get("type") == "image" and isinstance(slack_file, dict)
                and slack_file.get("id") == CHART_PLACEHOLDER):
            if not file_id:
                continue
            block = {**block, "slack_file": {"id": str(file_id)}}
        filled.append(block)
    return filled


def api_error(exc: SlackApiError) -> SendError:
    """Slack's answer as a SendError: transient or not, and how long Slack asked us to wait."""
    response = exc.response
    status = int(response.status_code)
    data = response.data if isinstance(response.data, dict) else {}
    code = str(data.get("error") or f"HTTP {status}")
    method = str(response.api_url).rstrip("/").rsplit("/", 1)[-1]
    message = f"slack {method}: {code} (HTTP {status})"
    if status == 429 or code in ("ratelimited", "rate_limited"):
        return SendError(message, True, retry_after(response.headers))
    return SendError(message, status >= 500 or code in TRANSIENT_ERRORS)


def retry_after(headers: dict[str, Any] | None) -> float | None:
    """Retry-After in seconds, from headers in any of the shapes slack_sdk hands around."""
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            first = value[0] if isinstance(value, list | tuple) and value else value
            try:
                return max(float(str(first)), 0.0)
            except ValueError:
                return None
    return None


def _blocks(payload: dict[str, object]) -> list[Block]:
    blocks = payload.get("blocks")
    return [b for b in blocks if isinstance(b, dict)] if isinstance(blocks, list) else []


def _image_title(payload: dict[str, object]) -> str:
    ref = payload.get("image")
    title = ref.get("title") if isinstance(ref, dict) else None
    return str(title or "Chart")


def _filename(delivery: Delivery) -> str:
    label = (delivery.period or str(delivery.id)).replace("/", "-")
    return f"goldthread-{delivery.kind}-{label}.png"


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason if reason is not None else exc)[:200]
