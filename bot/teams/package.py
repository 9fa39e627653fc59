"""The Teams app package: manifest.json (schema v1.23) and its two icons, zipped. Pure.

Teams admins upload this zip in the Teams admin centre (or a user sideloads it). The bot id is
TEAMS_CLIENT_ID; `domain` is the public host `goldthread serve` answers on (the messaging
endpoint `https://<domain>/api/messages` is set in the Azure bot registration, not here). The
commands are the conversations `handlers.intents` understands, as Teams shows them in its
command menu. The icons are drawn here (a gold thread on navy; a white outline) so the package
needs no image files or libraries.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from typing import Any

MANIFEST_VERSION = "1.23"
SCHEMA_URL = ("https://developer.microsoft.com/json-schemas/teams/v1.23/"
              "MicrosoftTeams.schema.json")
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
HOST = re.compile(r"^(?=.{1,253}$)([a-zA-Z0-9-]{1,63}\.)+[a-zA-Z]{2,63}$")
NAVY, GOLD, WHITE = (0x1F, 0x2A, 0x44, 255), (0xD4, 0xA0, 0x17, 255), (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)
COMMANDS = (
    ("help", "What I can do, and how to ask"),
    ("how are we doing on", "How a measure is doing: how are we doing on delayed discharges"),
    ("suggest", "Share an idea; start with 'anonymous:' to leave your name off"),
    ("mine", "Your actions and what is due"),
    ("digest", "Your team's digest now"),
    ("thread", "The golden thread: outcomes, objectives, measures"),
    ("home", "Your actions, your team's measures and ideas to decide"),
)


class PackageError(ValueError):
    """A setting the package needs is missing or malformed; the message names it."""


def manifest(app_id: str, domain: str, *, version: str = "1.0.0",
             developer: str = "goldthread", website: str | None = None) -> dict[str, Any]:
    if not GUID.match(app_id or ""):
        raise PackageError("TEAMS_CLIENT_ID must be the bot's Microsoft App ID (a GUID)")
    if not HOST.match(domain or ""):
        raise PackageError(f"--domain must be a host name such as goldthread.example.org, "
                           f"not {domain!r}")
    site = website or f"https://{domain}/"
    commands = [{"title": title, "description": text} for title, text in COMMANDS]
    return {
        "$schema": SCHEMA_URL,
        "manifestVersion": MANIFEST_VERSION,
        "version": version,
        "id": app_id,
        "developer": {"name": developer[:32], "websiteUrl": site,
                      "privacyUrl": site, "termsOfUseUrl": site},
        "name": {"short": "goldthread", "full": "goldthread: performance feedback"},
        "description": {
            "short": "How your partnership is doing, in plain words, every week.",
            "full": ("goldthread posts each team's weekly digest of its measures, answers "
                     "'how are we doing on ...' with the chart and what it means, takes ideas "
                     "(anonymously if you like) and reminds people of the actions they own."),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": "#1F2A44",
        "bots": [{
            "botId": app_id,
            "scopes": ["personal", "team", "groupChat"],
            "supportsFiles": False,
            "isNotificationOnly": False,
            "commandLists": [{"scopes": ["personal", "team", "groupChat"],
                              "commands": commands}],
        }],
        "permissions": ["identity", "messageTeamMembers"],
        "validDomains": [domain],
    }


def png(size: int, pixel: Any) -> bytes:
    """A size×size RGBA PNG, `pixel(x, y)` giving each colour."""
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(size))
                    for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _thread(x: int, y: int, size: int) -> bool:
    """A rising line across the square: the gold thread."""
    width = max(size // 12, 2)
    margin = size // 6
    if not margin <= x < size - margin:
        return False
    centre = size - margin - (x - margin) * (size - 2 * margin) // (size - 2 * margin) - 1
    return abs(y - centre) <= width


def icons() -> dict[str, bytes]:
    color = png(192, lambda x, y: GOLD if _thread(x, y, 192) else NAVY)
    outline = png(32, lambda x, y: WHITE if _thread(x, y, 32) else CLEAR)
    return {"color.png": color, "outline.png": outline}


def package(app_id: str, domain: str, **options: Any) -> bytes:
    """The zip Teams takes: manifest.json, color.png and outline.png at its root."""
    found = io.BytesIO()
    with zipfile.ZipFile(found, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest(app_id, domain, **options),
                                                     indent=2))
        for name, data in icons().items():
            archive.writestr(name, data)
    return found.getvalue()
