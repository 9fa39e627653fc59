"""A fake Bot Framework connector and OpenID key server on 127.0.0.1, for the real Teams SDK.

One server plays both parts Microsoft plays for a bot:
- the cloud's OpenID metadata and JWKS (`/v1/.well-known/openidconfiguration`, `/keys`), with a
  test RSA key, and `sign(...)` to make the RS256 tokens Teams puts on each activity, so the
  SDK's inbound authentication runs for real (point `teams.openid_metadata_url` here);
- the connector at the activities' `serviceUrl`: `POST /v3/conversations` (a new 1:1 chat),
  `POST /v3/conversations/{id}/activities` (send; `?isTargetedActivity=true` for one person),
  `PUT .../activities/{id}` (update in place), `GET .../members/{user}` (who someone is);
- a Workflows webhook at `/webhook/<name>` (what a flow is posted, recorded as "webhook").

Every request is recorded as a `Call`; `fail_next` answers the next matching request with an
error (429 with Retry-After, say), used up once. `wait_for` blocks until expected calls arrive.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
KEY_ID = "goldthread-test-key"
# What the bot sends back: a JWT (the SDK reads its expiry), checked here only as a string.
BOT_TOKEN = jwt.encode({"aud": "https://api.botframework.com", "iss": "fake-login",
                        "exp": 4_102_444_800}, "goldthread-fake-connector-secret-32b",
                       algorithm="HS256")
METADATA_PATH = "/v1/.well-known/openidconfiguration"
KEYS_PATH = "/v1/.well-known/keys"

_CONVERSATION = re.compile(r"^/v3/conversations/([^/]+)/activities(?:/([^/]+))?$")
_MEMBER = re.compile(r"^/v3/conversations/([^/]+)/members/([^/]+)$")


@dataclass(frozen=True)
class Call:
    """One request as the fake saw it (`kind`: send, update, create, member, webhook, ...)."""

    kind: str
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any
    headers: dict[str, str]
    conversation: str | None = None

    @property
    def targeted(self) -> bool:
        return self.query.get("isTargetedActivity") == ["true"]

    def cards(self) -> list[dict[str, Any]]:
        """The Adaptive Cards attached to a sent activity."""
        attachments = (self.body or {}).get("attachments") or []
        return [a["content"] for a in attachments
                if a.get("contentType") == "application/vnd.microsoft.card.adaptive"]

    def text(self) -> str:
        """Every TextBlock and fact in the activity's cards, and its text, as one string."""
        found: list[str] = [str((self.body or {}).get("text") or "")]

        def walk(node: Any) -> None:
            if isinstance(node, dict):
                for key in ("text", "title", "value"):
                    if isinstance(node.get(key), str):
                        found.append(node[key])
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for item in node:
                    walk(item)

        walk(self.cards())
        return "\n".join(found)


class FakeConnector:
    def __init__(self, *, app_id: str) -> None:
        self.app_id = app_id
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._calls: list[Call] = []
        self._failures: list[tuple[str, int, dict[str, str]]] = []
        self._members: dict[str, dict[str, Any]] = {}
        self._lock = threading.Condition()
        self._ids = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ---- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeConnector:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        """The service URL activities carry (with the trailing slash Teams sends)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    @property
    def metadata_url(self) -> str:
        return self.url.rstrip("/") + METADATA_PATH

    # ---- tokens ------------------------------------------------------------------------------
    def sign(self, service_url: str | None = None, **claims: Any) -> str:
        """A Bot Framework token as Teams sends it, signed with the test key."""
        now = int(time.time())
        body = {"iss": ISSUER, "aud": self.app_id, "iat": now, "nbf": now, "exp": now + 600,
                "serviceurl": service_url or self.url, **claims}
        return jwt.encode(body, self._key, algorithm="RS256", headers={"kid": KEY_ID})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        return {"keys": [{**public, "kid": KEY_ID, "use": "sig", "alg": "RS256",
                          "endorsements": ["msteams"]}]}

    # ---- programming -------------------------------------------------------------------------
    def fail_next(self, kind: str, status: int, headers: dict[str, str] | None = None) -> None:
        with self._lock:
            self._failures.append((kind, status, headers or {}))

    def add_member(self, user_id: str, **fields: Any) -> None:
        self._members[user_id] = {"id": user_id, **fields}

    def calls(self, kind: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if kind is None or c.kind == kind]

    def wait_for(self, kind: str, count: int = 1, *, timeout: float = 10.0,
                 where: Callable[[Call], bool] | None = None) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self._calls
                         if c.kind == kind and (where is None or where(c))]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} {kind} call(s), got {len(found)}: "
                                         f"{[c.kind for c in self._calls]}")
                self._lock.wait(left)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()

    # ---- answering ---------------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: dict[str, str],
               body: Any) -> tuple[int, dict[str, str], Any]:
        parts = urlsplit(target)
        path, query = unquote(parts.path), parse_qs(parts.query)
        kind, conversation = self._kind(method, path)
        call = Call(kind, method, path, query, body, headers, conversation)
        with self._lock:
            self._calls.append(call)
            self._lock.notify_all()
            failure = next((f for f in self._failures if f[0] == kind), None)
            if failure is not None:
                self._failures.remove(failure)
        if failure is not None:
            return failure[1], failure[2], {"error": {"code": "Throttled" if failure[1] == 429
                                                      else "Failed", "message": "fake"}}
        if kind == "metadata":
            return 200, {}, {"issuer": ISSUER, "jwks_uri": self.url.rstrip("/") + KEYS_PATH,
                             "id_token_signing_alg_values_supported": ["RS256"]}
        if kind == "keys":
            return 200, {}, self.jwks()
        if kind == "webhook":  # a Workflows flow: no bot token, an empty 202
            return 202, {}, None
        if headers.get("authorization") != f"Bearer {BOT_TOKEN}":
            return 401, {}, {"error": {"code": "Unauthorized", "message": "bad bot token"}}
        if kind == "create":
            return 201, {}, {"id": f"a:new-chat-{next(self._ids)}"}
        if kind in ("send", "update"):
            return 200, {}, {"id": f"activity-{next(self._ids)}"}
        if kind == "member":
            user = unquote(path.rsplit("/", 1)[-1])
            member = self._members.get(user)
            return (200, {}, member) if member else (404, {}, {"error": {"code": "NotFound"}})
        return 404, {}, {"error": {"code": "NotFound", "message": path}}

    @staticmethod
    def _kind(method: str, path: str) -> tuple[str, str | None]:
        if path == METADATA_PATH:
            return "metadata", None
        if path == KEYS_PATH:
            return "keys", None
        if path.startswith("/webhook/"):
            return "webhook", path.removeprefix("/webhook/")
        if path == "/v3/conversations" and method == "POST":
            return "create", None
        found = _CONVERSATION.match(path)
        if found:
            return ("update" if method == "PUT" else "send"), found[1]
        member = _MEMBER.match(path)
        if member:
            return "member", member[1]
        return "other", None


def _handler(fake: FakeConnector) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _answer(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, answer = fake.handle(self.command, self.path, headers, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = _answer

    return Handler


@contextmanager
def fake_connector(*, app_id: str) -> Iterator[FakeConnector]:
    fake = FakeConnector(app_id=app_id).start()
    try:
        yield fake
    finally:
        fake.stop()
