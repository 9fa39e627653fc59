"""The ASGI app `goldthread serve` runs: each platform's routes, and GET /healthz.

Small enough to write by hand rather than pull in a web framework. A platform hands over its
routes (`Platform.routes`: Slack's `/slack/events`, Teams' `/api/messages`); this module reads
the body (refusing one over a megabyte before anyone parses it) and passes the raw bytes on.
Each route keeps the event loop free itself (Slack's Bolt runs in a thread pool). The app can be
built with no routes at all, which leaves /healthz (load balancers, and a process that is still
starting) and answers 404 elsewhere. /healthz fails when the database cannot be *written*, and
answers within three seconds whatever the database does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bot.app import AppContext
from bot.platforms import HttpRoute
from models.dbcheck import cannot_write

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
MAX_BODY = 1_000_000  # chat payloads are a few KB; a megabyte is not a chat request
HEALTH_TIMEOUT = 3.0  # seconds: answer the balancer in time even if the database hangs
HEALTH_LOCK_WAIT = 1.0  # seconds the write probe waits for another writer's lock


class GoldthreadASGI:
    def __init__(self, app_ctx: AppContext, routes: Sequence[HttpRoute] = (), *,
                 threads: int = 4) -> None:
        self.app_ctx = app_ctx
        self.routes = {route.path: route for route in routes}
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="health")
        self._health_problem: str | None = None
        self._health_lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path, method = scope["path"], scope["method"]
        if path == "/healthz" and method in ("GET", "HEAD"):
            status, body = await self._health()
            await _answer(send, status, json.dumps(body).encode(), "application/json")
        elif path in self.routes:
            if method != "POST":
                await _answer(send, 405, b"POST only", "text/plain")
                return
            await self._route(self.routes[path], scope, receive, send)
        else:
            await _answer(send, 404, b'{"error": "not found"}', "application/json")

    async def _run(self, function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._pool, function, *args)

    async def _health(self) -> tuple[int, dict[str, str]]:
        try:
            found: tuple[int, dict[str, str]] = await asyncio.wait_for(
                self._run(self.health), HEALTH_TIMEOUT)
        except TimeoutError:
            self._health_changed("the database did not answer within "
                                 f"{HEALTH_TIMEOUT:g} seconds")
            return 503, {"status": "error", "database": "not answering"}
        return found

    def health(self) -> tuple[int, dict[str, str]]:
        """200 when the database would take a write now; 503 when it would not (locked, read
        only, down). A bot that can read but not write would lose every idea it is sent, so
        reading is not enough. The probe waits at most a second and leaves nothing behind."""
        problem = cannot_write(self.app_ctx.engine, HEALTH_LOCK_WAIT)
        self._health_changed(problem)
        if problem is not None:
            return 503, {"status": "error", "database": "cannot write"}
        return 200, {"status": "ok", "database": "ok",
                     **{route.platform: "http" for route in self.routes.values()}}

    def _health_changed(self, problem: str | None) -> None:
        """One log line when health changes, not one per probe (balancers probe often)."""
        with self._health_lock:
            changed, self._health_problem = problem != self._health_problem, problem
        if changed and problem is not None:
            log.warning("health check: the database cannot be written: %s", problem)
        elif changed:
            log.info("health check: the database can be written again")

    async def _route(self, route: HttpRoute, scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(k.decode("latin-1"), v.decode("latin-1"))
                   for k, v in scope.get("headers", [])]
        body = await _read_body(receive, _declared_length(headers))
        if body is None:
            log.warning("%s request refused (413): the body is over %s bytes", route.platform,
                        MAX_BODY)
            await _answer(send, 413, b"too large", "text/plain")
            return
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            status, out, payload = await route.handle(body, query, headers)
        except Exception:  # a bug of ours: one traceback, and the platform gets a plain 500
            log.exception("%s request failed", route.platform)
            await _answer(send, 500, b"error", "text/plain")
            return
        await send({"type": "http.response.start", "status": status, "headers": [
            *((k.encode(), v.encode()) for k, v in out),
            (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self._run(self.close)
                await send({"type": "lifespan.shutdown.complete"})
                return

    def close(self) -> None:
        for route in self.routes.values():
            route.close()


def _declared_length(headers: list[tuple[str, str]]) -> int:
    for name, value in headers:
        if name.lower() == "content-length" and value.strip().isdigit():
            return int(value)
    return 0


async def _read_body(receive: Receive, declared: int = 0) -> bytes | None:
    """The whole body, or None as soon as it is known to be over MAX_BODY."""
    if declared > MAX_BODY:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def _answer(send: Send, status: int, body: bytes, content_type: str) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def asgi_from_environment() -> GoldthreadASGI:
    """uvicorn's factory when it runs several processes: each builds its own app from the same
    configuration (GOLDTHREAD_CONFIG and the environment), as separate `serve`s would."""
    from bot.config import load_settings

    settings = load_settings()
    logging.basicConfig(level=settings.log_level,
                        format="%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s")
    app_ctx = AppContext.create(settings)
    return GoldthreadASGI(app_ctx, all_routes(app_ctx))


def all_routes(app_ctx: AppContext) -> list[HttpRoute]:
    """The routes of every configured platform (PlatformError when one lacks a secret)."""
    return [route for platform in app_ctx.platforms.configured()
            for route in platform.routes(app_ctx)]


def run_http(asgi: GoldthreadASGI | None, host: str, port: int, log_level: str = "info",
             workers: int = 1) -> None:
    """Serve until interrupted (uvicorn handles SIGINT/SIGTERM and the lifespan shutdown).
    With `workers` > 1, uvicorn starts that many processes, each from the factory above."""
    import uvicorn

    options: dict[str, Any] = {"host": host, "port": port, "log_level": log_level.lower(),
                               "access_log": False, "lifespan": "on"}
    if workers > 1 or asgi is None:
        uvicorn.run("bot.http:asgi_from_environment", factory=True, workers=workers,
                    **options)
    else:
        uvicorn.run(asgi, **options)
