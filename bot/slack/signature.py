"""Slack's request signature, checked over the raw bytes before anything reads them.

`v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, as Slack documents.
slack_sdk's verifier decodes the body as UTF-8 first, which raises on a body that is not; the
door must answer such a body with a plain 401, so the check is done on bytes here.
"""

from __future__ import annotations

import hashlib
import hmac
import time

MAX_SKEW = 300  # seconds, as Bolt and Slack's own guidance allow


class SignatureCheck:
    """Holds the signing secret (never shown: no repr of it, no attribute to print)."""

    __slots__ = ("_key",)

    def __init__(self, secret: str) -> None:
        self._key = secret.encode("utf-8")

    def __repr__(self) -> str:
        return "SignatureCheck(…)"

    def problem(self, body: bytes, timestamp: str, signature: str) -> str | None:
        """Why this is not a request Slack signed just now; None when it is."""
        if not timestamp or not signature:
            return "no signature"
        if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
            return "the timestamp is not a number"
        if abs(time.time() - int(timestamp)) > MAX_SKEW:
            return "the timestamp is more than five minutes off"
        base = b"v0:" + timestamp.encode("ascii") + b":" + body
        expected = "v0=" + hmac.new(self._key, base, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
            return "the signature does not match"
        return None
