"""Charts go up to Slack once per process: files_upload_v2 with no channel, cached by content.

Uploading without a channel keeps the file out of every conversation's file list; the bot owns
it, so its image blocks may show it (Slack: "the user posting these blocks must have access to
this file"). The same PNG (same sha256) is never uploaded twice by one process: answers to the
same question share one file id. A failed upload is logged and the answer goes without its
picture; the chart's words are in the message anyway.
"""

from __future__ import annotations

import hashlib
import logging
import threading

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from digests.cards import Image
from digests.lru import Lru

log = logging.getLogger(__name__)


class ChartUploads:
    def __init__(self, keep: int = 512) -> None:
        self._ids: Lru[str, str] = Lru(keep)
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}

    def file_id(self, client: WebClient, image: Image) -> str | None:
        sha = hashlib.sha256(image.png).hexdigest()
        found = self._ids.get(sha)
        if found is not None:
            return found
        with self._lock:
            key_lock = self._key_locks.setdefault(sha, threading.Lock())
        with key_lock:  # two answers racing for one new chart upload it once
            found = self._ids.get(sha)
            if found is None:
                found = self._upload(client, image, sha)
                if found is not None:
                    self._ids.put(sha, found)
            with self._lock:
                self._key_locks.pop(sha, None)
            return found

    def _upload(self, client: WebClient, image: Image, sha: str) -> str | None:
        try:
            uploaded = client.files_upload_v2(
                file=image.png, filename=f"goldthread-{sha[:12]}.png",
                title=image.title or "Chart", alt_txt=image.alt[:1000])
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("chart upload failed, answering without the picture: %s", exc)
            return None
        return str(uploaded["file"]["id"])
