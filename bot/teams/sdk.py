"""The Microsoft Teams SDK, loaded only when Teams is configured, and run on its own loop.

Importing `microsoft_teams.apps` costs about two seconds and reads a `.env` file from the
working directory into the environment (its CLIENT_ID, CLIENT_SECRET, SERVICE_URL, CLOUD and
DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS would then reach the SDK as defaults). So the import
happens here, on first use, with the environment put back as it was afterwards: our settings
stay the only source of credentials, and we pass every one of them explicitly.

The SDK is asynchronous and keeps HTTP clients bound to the loop they were made on, while our
outbox, clock and handlers are synchronous threads. One `TeamsLoop` thread runs every SDK call:
inbound activities (from `serve`'s own loop, awaited from there), sends from the outbox
(waited for from its thread), and nothing else.
"""

from __future__ import annotations

import asyncio
import os
import threading
import warnings
from collections.abc import Coroutine
from concurrent.futures import Future
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")
_import_lock = threading.Lock()


def load() -> ModuleType:
    """`microsoft_teams.apps`, imported once, leaving os.environ as it found it."""
    with _import_lock:
        before = dict(os.environ)
        try:
            with warnings.catch_warnings():  # its preview features warn as they are defined
                warnings.simplefilter("ignore")
                import microsoft_teams.apps as apps
        finally:
            for name in set(os.environ) - set(before):
                del os.environ[name]
            for name, value in before.items():
                if os.environ.get(name) != value:
                    os.environ[name] = value
        return apps


class TeamsLoop:
    """An event loop in a daemon thread; `run` waits for a coroutine from any other thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="teams-loop",
                                        daemon=True)
        self._thread.start()

    def submit(self, coroutine: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        return self.submit(coroutine).result(timeout)

    async def wait(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """From another event loop (uvicorn's): await the coroutine run on this one."""
        return await asyncio.wrap_future(self.submit(coroutine))

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
