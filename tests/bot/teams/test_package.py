"""`goldthread teams package`: a zip Teams accepts, its manifest valid against the v1.23 schema.

The schema is Microsoft's own (tests/fixtures/teams/, MIT, see NOTICE.md), validated with
jsonschema: additionalProperties false throughout, so a misspelt key fails too.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.teams.package import PackageError, manifest
from tests.paths import FIXTURES

SCHEMA = json.loads((FIXTURES / "teams" / "MicrosoftTeams.schema.v1.23.json")
                    .read_text(encoding="utf-8"))
APP_ID = "00000000-0000-4000-8000-00000000b0a7"


def size_of(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_the_package_is_valid_and_complete(tmp_path: Path) -> None:
    out = tmp_path / "goldthread-teams.zip"
    result = CliRunner().invoke(main, ["teams", "package", "--out", str(out), "--domain",
                                       "goldthread.riverside.example"],
                                env={"TEAMS_CLIENT_ID": APP_ID, "GOLDTHREAD_CONFIG": ""})
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        found = json.loads(archive.read("manifest.json"))
        assert size_of(archive.read("color.png")) == (192, 192)
        assert size_of(archive.read("outline.png")) == (32, 32)
    jsonschema.Draft4Validator(SCHEMA).validate(found)
    assert found["manifestVersion"] == "1.23"
    assert found["bots"][0]["botId"] == APP_ID
    assert found["validDomains"] == ["goldthread.riverside.example"]
    titles = {c["title"] for c in found["bots"][0]["commandLists"][0]["commands"]}
    assert {"help", "suggest", "mine", "digest", "home"} <= titles


def test_the_schema_catches_a_broken_manifest() -> None:
    broken = manifest(APP_ID, "goldthread.riverside.example")
    broken["bots"][0]["scope"] = ["personal"]  # misspelt
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(broken)


def test_bad_settings_are_named() -> None:
    with pytest.raises(PackageError, match="TEAMS_CLIENT_ID"):
        manifest("not-a-guid", "goldthread.riverside.example")
    with pytest.raises(PackageError, match="--domain"):
        manifest(APP_ID, "https://goldthread.riverside.example/api/messages")
    missing = CliRunner().invoke(main, ["teams", "package", "--domain", "a.example"],
                                 env={"TEAMS_CLIENT_ID": "", "GOLDTHREAD_CONFIG": ""})
    assert missing.exit_code == 1 and "TEAMS_CLIENT_ID is not set" in missing.output
