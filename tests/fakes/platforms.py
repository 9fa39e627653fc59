"""The platform registry as tests use it: every adapter, rendering only (no secrets, so none
can send), and the same narrowed to one platform where a test says "Slack can send"."""

from __future__ import annotations

from bot.config import Settings
from bot.platforms import Platforms, from_settings, known_platforms

PLATFORMS: Platforms = from_settings(Settings())
SLACK: Platforms = PLATFORMS.only(["slack"])
CHAT = known_platforms()  # the chat platforms a framework file may name keys for
