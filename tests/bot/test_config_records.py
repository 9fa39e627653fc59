"""`records.retention_days` in config.toml: read, and refused when it makes no sense."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_retention_days(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[records]\nretention_days = 730\n", encoding="utf-8")
    assert load_settings(config, environ={}).retention_days == 730
    assert load_settings(None, environ={}).retention_days is None
    for bad in ("0", "-5", '"two years"', "true"):
        config.write_text(f"[records]\nretention_days = {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="retention_days"):
            load_settings(config, environ={})
    config.write_text("[records]\nkeep_forever = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown setting records\.keep_forever"):
        load_settings(config, environ={})
