"""Slow work after the ack: answers, uploads and posts run here, never in Slack's 3 seconds.

Listeners acknowledge at once and hand the rest to this pool. It is deliberately small (two
threads): the work is mostly Python (SPC, rendering), so more threads only fight over the
interpreter lock and slow down the acks that share the process; two keep answers flowing while
one waits on Slack (an upload, a short rate-limit wait). More throughput comes from more
processes (`serve --workers`), which share nothing but the database.

A job may carry a claim (see `dedupe.py`): it runs only if this process wins the claim, which
is taken here, after the ack, because it needs the database. A job that raises goes to the
error hook, which logs the traceback and tells the user, as Bolt's own error handler would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from slack_sdk import WebClient

from bot.slack.dedupe import Claim


class ErrorHook(Protocol):
    def __call__(self, error: BaseException, body: Mapping[str, Any],
                 client: WebClient | None, *, anonymous: bool = False) -> object: ...


class Background:
    def __init__(self, on_error: ErrorHook, workers: int = 2,
                 claim: Callable[[Claim], bool] | None = None) -> None:
        self._on_error = on_error
        self._claim = claim
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="slack-work")
        self._busy = 0
        self._idle = threading.Condition()

    def submit(self, job: Callable[[], object], body: Mapping[str, Any],
               client: WebClient | None, *, claim: Claim | None = None,
               anonymous: bool = False) -> None:
        """Run `job` soon. `anonymous` keeps the author's words and any error message out of
        the log should it fail."""
        with self._idle:
            self._busy += 1
        self._pool.submit(self._run, job, body, client, claim, anonymous)

    def _run(self, job: Callable[[], object], body: Mapping[str, Any],
             client: WebClient | None, claim: Claim | None, anonymous: bool) -> None:
        try:
            if claim is None or self._claim is None or self._claim(claim):
                job()
        except Exception as error:
            self._on_error(error, body, client, anonymous=anonymous)
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """True once no job is queued or running (tests, and a graceful shutdown)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._busy == 0, timeout)

    def close(self, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait)
