"""A fake Slack Web API on 127.0.0.1 that the real `slack_sdk.WebClient` talks to over HTTP.

Faking at the wire (as Bolt's own tests do) means our code is tested with the real client's
encoding, retries and error handling: form vs JSON bodies, the three-step `files_upload_v2` flow
(files.getUploadURLExternal, a raw POST of the bytes to the returned URL, then
files.completeUploadExternal), HTTP 429 with Retry-After, and `ok: false` answers.

    with fake_slack() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.url)
        client.chat_postMessage(channel="C1", text="hi")
        assert slack.calls("chat.postMessage")[0].params["text"] == "hi"

Every request is recorded as a `Call`, failed ones included (a rate-limited attempt is still an
attempt). `fail_next` programmes failures, each used up once (or `times` times). `wait_for`
blocks until the calls a test expects have arrived (no fixed sleeps), and `on_call` lets a
benchmark time each arrival.

It also stands in for the `response_url`s Slack puts in slash commands and button presses:
`response_url(n)` is an address on this server, and what is posted there is recorded as a call
of the method `"response"` (no token, like Slack's own).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

UPLOAD = "upload"  # the method name recorded for the raw POST to an upload_url
RESPONSE = "response"  # the method name recorded for a POST to a response_url
TEAM_DOMAIN = "goldthread-test"
BOT_USER = "U0BOT"
Params = dict[str, Any]


class SlackError(Exception):
    """An `ok: false` answer, raised by a method handler."""


@dataclass(frozen=True)
class Call:
    """One request as the fake saw it; header names are lower-case."""

    method: str
    params: Params
    headers: dict[str, str]
    body: bytes = b""
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def token(self) -> str | None:
        auth = self.headers.get("authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None

    def json(self, name: str) -> Any:
        """A parameter that may arrive as a JSON string (form posts) or as JSON already."""
        value = self.params.get(name)
        return json.loads(value) if isinstance(value, str) else value


@dataclass
class _Failure:
    status: int
    error: str
    retry_after: int | None
    remaining: int


def _parse_body(content_type: str, body: bytes) -> tuple[Params, dict[str, bytes]]:
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json":
        return (json.loads(body) if body else {}), {}
    if kind == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        message = BytesParser(policy=default_policy).parsebytes(head + body)
        params: Params = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            if part.get_filename():
                files[name] = data
            else:
                params[name] = data.decode("utf-8")
        return params, files
    pairs = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    return {k: v[0] if len(v) == 1 else v for k, v in pairs.items()}, {}


class FakeSlack:
    """The fake server and its memory: messages, views, users, uploaded files."""

    def __init__(self, *, token: str | None = None) -> None:
        self.token = token  # when set, any other bearer token gets `invalid_auth`
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self.on_call: Callable[[Call], None] | None = None  # called after each call is answered
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # ---- lifecycle -------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        # A short poll keeps `shutdown()` (each test's teardown) from waiting half a second.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()

    @property
    def root(self) -> str:
        if self._server is None:
            raise RuntimeError("the fake Slack server is not running")
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    @property
    def url(self) -> str:
        """The `base_url` for WebClient (it joins method names onto it, so it ends in '/')."""
        return self.root + "api/"

    def response_url(self, name: str | int) -> str:
        """An address for `response_url` fields; posts to it are recorded as "response" calls."""
        return f"{self.root}response/{name}"

    def web_client(self, token: str = "xoxb-test", **kwargs: Any) -> Any:
        """A real WebClient pointed at this fake (imported here: only tests need slack_sdk)."""
        from slack_sdk import WebClient

        return WebClient(token=token, base_url=self.url, **kwargs)

    # ---- programming and inspecting -----------------------------------------------------------
    def reset(self) -> None:
        """Forget calls, failures and state, but keep the server (and its port) running."""
        with self._lock:
            self._calls: list[Call] = []
            self._failures: dict[str, list[_Failure]] = {}
            self.messages: dict[tuple[str, str], Params] = {}
            self.views: dict[str, Params] = {}
            self.users: dict[str, Params] = {}
            self.files: dict[str, Params] = {}
            self.responses: dict[str, list[Params]] = {}
            self.uploads: dict[str, bytes] = {}
            self._ids = itertools.count(1)

    def fail_next(self, method: str, *, status: int = 200, error: str | None = None,
                  retry_after: int | None = None, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail: an HTTP error status (429 sends
        Retry-After, default 1 second) or, with status 200, `ok: false` with `error`."""
        if status == 200 and error is None:
            raise ValueError("give an HTTP error status or an error code")
        code = error or ("ratelimited" if status == 429 else "internal_error")
        wait = retry_after if retry_after is not None else (1 if status == 429 else None)
        with self._lock:
            self._failures.setdefault(method, []).append(_Failure(status, code, wait, times))

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, *, timeout: float = 10.0,
                 where: Callable[[Call], bool] | None = None) -> list[Call]:
        """The calls of `method` (matching `where`) once there are at least `count` of them;
        AssertionError with what did arrive if the deadline passes first."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                found = [c for c in self._calls
                         if c.method == method and (where is None or where(c))]
                left = deadline - time.monotonic()
                if len(found) >= count or left <= 0:
                    break
                self._arrived.wait(left)
        if len(found) < count:
            seen = [c.method for c in self.calls()]
            raise AssertionError(f"waited {timeout}s for {count} {method} call(s), got "
                                 f"{len(found)}; calls so far: {seen}")
        return found

    def add_user(self, user_id: str, *, name: str, email: str | None = None,
                 real_name: str | None = None, tz: str = "Europe/London") -> None:
        profile = {"real_name": real_name or name, "display_name": name, "email": email}
        with self._lock:
            self.users[user_id] = {"id": user_id, "name": name, "real_name": real_name or name,
                                   "tz": tz, "is_bot": False, "deleted": False,
                                   "profile": {k: v for k, v in profile.items() if v}}

    # ---- serving --------------------------------------------------------------------------
    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):010d}"

    def _ts(self) -> str:
        return f"{1_790_000_000 + next(self._ids)}.{next(self._ids):06d}"

    def handle(self, call: Call) -> tuple[int, dict[str, str], Params]:
        """Answer one call as Slack would: (HTTP status, extra headers, JSON body)."""
        with self._lock:
            self._calls.append(call)
            self._arrived.notify_all()
            queue = self._failures.get(call.method, [])
            failure = queue[0] if queue else None
            if failure is not None:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    queue.pop(0)
                headers = ({"Retry-After": str(failure.retry_after)}
                           if failure.retry_after is not None else {})
                return failure.status, headers, {"ok": False, "error": failure.error}
            if call.method == UPLOAD:
                return self._upload(call)
            if call.method == RESPONSE:
                self.responses.setdefault(call.params["_name"], []).append(call.params)
                return 200, {}, {"ok": True}
            if call.token is None:
                return 200, {}, {"ok": False, "error": "not_authed"}
            if self.token is not None and call.token != self.token:
                return 200, {}, {"ok": False, "error": "invalid_auth"}
            method = _METHODS.get(call.method)
            if method is None:
                return 200, {}, {"ok": False, "error": "unknown_method"}
            try:
                return 200, {}, {"ok": True, **method(self, call.params)}
            except SlackError as error:
                return 200, {}, {"ok": False, "error": str(error)}

    def _upload(self, call: Call) -> tuple[int, dict[str, str], Params]:
        file_id = call.params["file_id"]
        if file_id not in self.files:
            return 404, {}, {"ok": False, "error": "file_not_found"}
        self.uploads[file_id] = call.body
        return 200, {}, {"ok": True}


def _need(params: Params, *names: str, error: str = "invalid_arguments") -> None:
    if any(not params.get(name) for name in names):
        raise SlackError(error)


def _view(params: Params) -> Params:
    view = params.get("view")
    return json.loads(view) if isinstance(view, str) else dict(view or {})


def _post_message(fake: FakeSlack, p: Params) -> Params:
    _need(p, "channel", error="channel_not_found")
    if not (p.get("text") or p.get("blocks") or p.get("attachments")):
        raise SlackError("no_text")
    ts = fake._ts()
    message = {"type": "message", "user": BOT_USER, "ts": ts, "text": p.get("text", ""),
               "blocks": p.get("blocks", [])}
    fake.messages[(p["channel"], ts)] = message
    return {"channel": p["channel"], "ts": ts, "message": message}


def _ephemeral(fake: FakeSlack, p: Params) -> Params:
    _need(p, "channel", "user")
    return {"message_ts": fake._ts()}


def _update(fake: FakeSlack, p: Params) -> Params:
    _need(p, "channel", "ts")
    key = (p["channel"], p["ts"])
    if key not in fake.messages:
        raise SlackError("message_not_found")
    fake.messages[key].update(text=p.get("text", ""), blocks=p.get("blocks", []))
    return {"channel": p["channel"], "ts": p["ts"], "text": p.get("text", ""),
            "message": fake.messages[key]}


def _history(fake: FakeSlack, p: Params) -> Params:
    _need(p, "channel", error="channel_not_found")
    found = [m for (channel, ts), m in fake.messages.items()
             if channel == p["channel"] and (not p.get("latest") or ts == p["latest"])]
    return {"messages": found[-int(p.get("limit") or 100):], "has_more": False}


def _permalink(fake: FakeSlack, p: Params) -> Params:
    _need(p, "channel", "message_ts")
    path = f"{p['channel']}/p{p['message_ts'].replace('.', '')}"
    return {"channel": p["channel"],
            "permalink": f"https://{TEAM_DOMAIN}.slack.com/archives/{path}"}


def _open(fake: FakeSlack, p: Params) -> Params:
    _need(p, "users", error="users_list_not_supplied")
    users = ",".join(sorted(str(p["users"]).split(",")))
    return {"channel": {"id": "D" + users.replace(",", "").removeprefix("U")[:10]}}


def _user(fake: FakeSlack, p: Params) -> Params:
    if p.get("user") not in fake.users:
        raise SlackError("user_not_found")
    return {"user": fake.users[p["user"]]}


def _by_email(fake: FakeSlack, p: Params) -> Params:
    for user in fake.users.values():
        if user["profile"].get("email", "").lower() == str(p.get("email", "")).lower():
            return {"user": user}
    raise SlackError("users_not_found")


def _store_view(fake: FakeSlack, view: Params, view_id: str | None = None) -> Params:
    view_id = view_id or fake._next_id("V")
    stored = {**view, "id": view_id, "hash": fake._ts()}
    fake.views[view_id] = stored
    return {"view": stored}


def _views_open(fake: FakeSlack, p: Params) -> Params:
    _need(p, "trigger_id", "view")
    return _store_view(fake, _view(p))


def _views_update(fake: FakeSlack, p: Params) -> Params:
    _need(p, "view")
    view_id = p.get("view_id") or next(
        (k for k, v in fake.views.items() if v.get("external_id") == p.get("external_id")), None)
    if view_id not in fake.views:
        raise SlackError("not_found")
    return _store_view(fake, _view(p), view_id)


def _views_publish(fake: FakeSlack, p: Params) -> Params:
    _need(p, "user_id", "view")
    return _store_view(fake, {**_view(p), "type": "home", "user_id": p["user_id"]})


def _upload_url(fake: FakeSlack, p: Params) -> Params:
    _need(p, "filename", "length")
    file_id = fake._next_id("F")
    fake.files[file_id] = {"id": file_id, "name": p["filename"], "size": int(p["length"]),
                           "alt_txt": p.get("alt_txt")}
    return {"file_id": file_id, "upload_url": f"{fake.root}upload/{file_id}"}


def _complete_upload(fake: FakeSlack, p: Params) -> Params:
    _need(p, "files")
    done = []
    shared = [c for c in [p.get("channel_id"), *str(p.get("channels") or "").split(",")] if c]
    for item in json.loads(p["files"]) if isinstance(p["files"], str) else p["files"]:
        if item.get("id") not in fake.uploads:
            raise SlackError("file_not_found")
        meta = fake.files[item["id"]]
        title = item.get("title") or meta["name"]
        link = f"https://{TEAM_DOMAIN}.slack.com/files/{BOT_USER}/{meta['id']}/{meta['name']}"
        meta.update(title=title, permalink=link, url_private=link, channels=shared,
                    user=BOT_USER, size=len(fake.uploads[item["id"]]))
        done.append(dict(meta))
    return {"files": done}


_METHODS: dict[str, Callable[[FakeSlack, Params], Params]] = {
    "auth.test": lambda fake, p: {"url": f"https://{TEAM_DOMAIN}.slack.com/", "team": "Test",
                                  "user": "goldthread", "team_id": "T0TEST", "user_id": BOT_USER,
                                  "bot_id": "B0BOT", "is_enterprise_install": False},
    "chat.postMessage": _post_message,
    "chat.postEphemeral": _ephemeral,
    "chat.update": _update,
    "chat.getPermalink": _permalink,
    "conversations.history": _history,
    "conversations.open": _open,
    "users.info": _user,
    "users.lookupByEmail": _by_email,
    "views.open": _views_open,
    "views.update": _views_update,
    "views.publish": _views_publish,
    "files.getUploadURLExternal": _upload_url,
    "files.completeUploadExternal": _complete_upload,
}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeSlack

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        section, _, name = parts.path.lstrip("/").partition("/")
        files: dict[str, bytes] = {}
        if section == "upload":  # raw bytes, whatever Content-Type urllib put on them
            method, params = UPLOAD, {"file_id": name}
        elif section == RESPONSE:  # a response_url: JSON, as slack_sdk's WebhookClient sends
            method = RESPONSE
            params = {**(json.loads(body) if body else {}), "_name": name}
        else:
            method = name
            params, files = _parse_body(self.headers.get("Content-Type", ""), body)
            params.update({k: v[0] for k, v in parse_qs(parts.query).items()})
        headers = {k.lower(): v for k, v in self.headers.items()}
        call = Call(method, params, headers, body, files)
        status, extra, answer = self.fake.handle(call)
        payload = json.dumps(answer).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)
        listener = self.fake.on_call
        if listener is not None:
            listener(call)

    do_POST = do_GET = _serve

    def log_message(self, format: str, *args: Any) -> None:  # quiet: pytest shows failures
        pass


@contextmanager
def fake_slack(*, token: str | None = None) -> Iterator[FakeSlack]:
    """Start a fake for the length of a `with` block (or a pytest fixture that yields it)."""
    with FakeSlack(token=token) as fake:
        yield fake
