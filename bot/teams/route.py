"""`/api/messages`: the raw request handed to the SDK's own messaging handler.

The SDK checks the bearer token (a missing or bad one is a 401 before anything is parsed into
an activity) and runs our activity handlers on the Teams loop; this route only turns bytes into
the SDK's `HttpRequest` and its `HttpResponse` back into bytes.
"""

from __future__ import annotations

import json
from typing import Any

from bot.platforms import Headers
from bot.teams.runtime import MESSAGES_PATH, TeamsRuntime

JSON = [("content-type", "application/json")]


class TeamsRoute:
    path = MESSAGES_PATH
    platform = "teams"

    def __init__(self, runtime: TeamsRuntime) -> None:
        self.runtime = runtime

    async def handle(self, body: bytes, query: str, headers: Headers) -> tuple[int, Headers, bytes]:
        try:
            activity = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return 400, JSON, b'{"error": "the body is not JSON"}'
        if not isinstance(activity, dict):
            return 400, JSON, b'{"error": "an activity is a JSON object"}'
        request: dict[str, Any] = {"body": activity,
                                   "headers": {name.lower(): value for name, value in headers}}
        response = await self.runtime.loop.wait(self.runtime.handler(request))
        answer = response.get("body")
        data = b"" if answer is None else json.dumps(answer, default=_plain).encode()
        return int(response.get("status", 200)), JSON if data else [], data

    def close(self) -> None:
        return None  # the runtime belongs to the platform, which outlives a server


def _plain(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dump(by_alias=True, exclude_none=True)
    raise TypeError(f"cannot answer with a {type(value).__name__}")
