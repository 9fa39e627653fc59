"""Settings: one typed object; secrets from the environment only; clear start-up errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Secret, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_defaults_without_a_file() -> None:
    settings = load_settings(None, {})
    assert settings.database_url == "sqlite:///goldthread.db"
    assert settings.spc.screen_outliers is True
    assert settings.secret("SLACK_BOT_TOKEN") is None


def test_file_and_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "sqlite:///x.db"\n[spc]\nscreen_outliers = false\n'
                           'fix_after_n_points = 20\n[framework]\nfile = "framework.toml"\n')
    settings = load_settings(path, {"GOLDTHREAD_DATABASE_URL": "postgresql://db/gt",
                                    "SLACK_BOT_TOKEN": "xoxb-secret"})
    assert settings.database_url == "postgresql://db/gt"
    assert settings.spc.screen_outliers is False and settings.spc.fix_after_n_points == 20
    assert settings.framework_file == tmp_path / "framework.toml"
    assert settings.require("SLACK_BOT_TOKEN") == "xoxb-secret"
    assert "xoxb-secret" not in repr(settings)


def test_sql_sources_settings(tmp_path: Path) -> None:
    defaults = load_settings(None, {})
    assert (defaults.sources_pull_at, defaults.sources_timeout) == ("06:30", 60.0)
    path = write(tmp_path, '[sources]\npull_at = "05:45"\ntimeout_seconds = 12.5\n')
    settings = load_settings(path, {})
    assert (settings.sources_pull_at, settings.sources_timeout) == ("05:45", 12.5)


def test_config_path_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, '[logging]\nlevel = "debug"\n')
    assert load_settings(None, {"GOLDTHREAD_CONFIG": str(path)}).log_level == "DEBUG"


def test_secret_from_file(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_text("xoxb-from-file\n")
    settings = load_settings(None, {"SLACK_BOT_TOKEN_FILE": str(secret)})
    assert settings.secret("SLACK_BOT_TOKEN") == "xoxb-from-file"
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN_FILE: cannot read"):
        load_settings(None, {"SLACK_BOT_TOKEN_FILE": str(tmp_path / "missing")})
    with pytest.raises(ConfigError, match="not both"):
        load_settings(None, {"SLACK_BOT_TOKEN_FILE": str(secret), "SLACK_BOT_TOKEN": "x"})


@pytest.mark.parametrize(("text", "words"), [
    ('[databse]\nurl = "x"\n', "unknown section [databse]"),
    ('[slack]\nbot_token = "xoxb"\n', "unknown setting slack.bot_token (secrets belong in the "
                                      "environment)"),
    ("[spc]\nfix_after_n_points = 5\n", "fix_after_n_points must be 12 or more"),
    ('[spc]\nscreen_outliers = "yes"\n', "spc.screen_outliers has the wrong type"),
    ('[logging]\nlevel = "loud"\n', "logging.level must be"),
    ("[database\n", "is not valid TOML"),
    ('[sources]\npull_at = "6:30am"\n', 'sources.pull_at must be a 24-hour time like "06:30"'),
    ('[sources]\npull_at = "24:00"\n', "sources.pull_at must be a 24-hour time"),
    ("[sources]\ntimeout_seconds = 0\n", "sources.timeout_seconds must be 1 to 3600 (got 0)"),
    ('[sources]\ntimeout_seconds = "60"\n', "sources.timeout_seconds has the wrong type"),
    ('[sources]\nurl = "postgresql://x"\n', "unknown setting sources.url"),
])
def test_bad_settings_name_themselves(tmp_path: Path, text: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text), {})
    assert words in str(caught.value)


def test_missing_file_and_missing_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", {})
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET is not set"):
        load_settings(None, {}).require("SLACK_SIGNING_SECRET")


def test_secret_never_shows() -> None:
    secret = Secret("xoxb-1")
    assert "xoxb" not in f"{secret} {secret!r}"
    assert secret.get() == "xoxb-1"


def test_demo_uses_its_own_database(tmp_path: Path) -> None:
    settings = load_settings(None, {"GOLDTHREAD_DATABASE_URL": "postgresql://real/db"}, demo=True)
    assert settings.database_url == "sqlite:///.goldthread/demo.db"
    assert settings.demo


def test_unreadable_config_files_are_one_clear_error(tmp_path: Path) -> None:
    """Not a traceback: a folder, bytes that are not UTF-8, or TOML nested past Python's limit."""
    nested = tmp_path / "nested.toml"
    nested.write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(ConfigError, match=r"nested\.toml is nested too deeply"):
        load_settings(nested, {})
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[framework]\nfile = "caf\xe9.toml"\n')
    with pytest.raises(ConfigError, match=r"latin\.toml is not valid TOML: not UTF-8 text"):
        load_settings(latin, {})
    with pytest.raises(ConfigError, match=r"cannot read .* \(Is a directory\)"):
        load_settings(tmp_path, {})


def test_a_secret_file_that_is_not_text_is_named(tmp_path: Path) -> None:
    secret = tmp_path / "token"
    secret.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ConfigError, match=r"SLACK_BOT_TOKEN_FILE: .* is not UTF-8 text") as caught:
        load_settings(None, {"SLACK_BOT_TOKEN_FILE": str(secret)})
    assert "binary" not in str(caught.value)
