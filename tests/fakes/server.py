"""The HTTP server the chat tests post to: the one `goldthread serve` runs."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from bot.http import GoldthreadASGI


class Server:
    """uvicorn in a thread on a free loopback port (uvicorn skips signal handlers off the main
    thread, so this is the same server `goldthread serve` runs)."""

    def __init__(self, asgi: GoldthreadASGI) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(asgi, log_level="warning", lifespan="on", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.005)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.socket.close()
