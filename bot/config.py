"""One typed, frozen settings object, read once from config.toml and the environment.

Secrets come only from the environment (or a file named by NAME_FILE), never from config.toml,
and are wrapped so that printing or logging the settings cannot leak them. Anything wrong stops
start-up with a message that names the setting, rather than falling back to a guess.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digests.indicators.settings import SpcDefaults

DEFAULT_DATABASE_URL = "sqlite:///goldthread.db"
DEMO_DIR = Path(".goldthread")
DEMO_DATABASE_URL = f"sqlite:///{DEMO_DIR / 'demo.db'}"

SECRET_NAMES = (
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "TEAMS_CLIENT_ID",
    "TEAMS_CLIENT_SECRET",
    "TEAMS_TENANT_ID",
)

_ALLOWED: dict[str, dict[str, type | tuple[type, ...]]] = {
    "database": {"url": str},
    "framework": {"file": str},
    "spc": {"screen_outliers": bool, "fix_after_n_points": int},
    "slack": {"api_url": str, "admin_channel": str},
    "charts": {"dir": str},
    "logging": {"level": str},
}


class ConfigError(Exception):
    """A setting is missing or wrong; the message names it and says what to do."""


class Secret:
    """A value that never shows itself in repr, str or logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    framework_file: Path | None = None
    chart_dir: Path = Path("charts")
    log_level: str = "INFO"
    spc: SpcDefaults = field(default_factory=SpcDefaults)
    slack_api_url: str | None = None
    slack_admin_channel: str | None = None
    secrets: Mapping[str, Secret] = field(default_factory=dict)
    demo: bool = False

    def secret(self, name: str) -> str | None:
        found = self.secrets.get(name)
        return found.get() if found else None

    def require(self, name: str) -> str:
        value = self.secret(name)
        if not value:
            raise ConfigError(
                f"{name} is not set. Put it in the environment (or a file named by {name}_FILE)."
            )
        return value


def load_settings(
    config_path: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    demo: bool = False,
) -> Settings:
    """Read config.toml (explicit path, GOLDTHREAD_CONFIG, or ./config.toml if present)."""
    env = os.environ if environ is None else environ
    path = Path(config_path) if config_path else _default_path(env)
    raw = _read_toml(path) if path else {}
    _check_keys(raw, path)
    spc = raw.get("spc", {})
    fix_after = spc.get("fix_after_n_points")
    if fix_after is not None and fix_after < 12:
        raise ConfigError(f"{path}: spc.fix_after_n_points must be 12 or more (got {fix_after})")
    # The demo is a conversation in the terminal: routine log lines would interrupt it.
    level = str(raw.get("logging", {}).get("level", "WARNING" if demo else "INFO")).upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"{path}: logging.level must be DEBUG, INFO, WARNING or ERROR")
    database_url = env.get("GOLDTHREAD_DATABASE_URL") or raw.get("database", {}).get("url")
    if demo:
        database_url = env.get("GOLDTHREAD_DEMO_DATABASE_URL", DEMO_DATABASE_URL)
    framework = raw.get("framework", {}).get("file")
    base = path.parent if path else Path.cwd()
    return Settings(
        database_url=database_url or DEFAULT_DATABASE_URL,
        framework_file=(base / framework) if framework else None,
        chart_dir=base / raw.get("charts", {}).get("dir", "charts")
        if not demo else DEMO_DIR / "charts",
        log_level=level,
        spc=SpcDefaults(spc.get("screen_outliers", True), fix_after),
        slack_api_url=env.get("SLACK_API_URL") or raw.get("slack", {}).get("api_url"),
        slack_admin_channel=raw.get("slack", {}).get("admin_channel"),
        secrets=_read_secrets(env),
        demo=demo,
    )


def _default_path(env: Mapping[str, str]) -> Path | None:
    if env.get("GOLDTHREAD_CONFIG"):
        return Path(env["GOLDTHREAD_CONFIG"])
    local = Path("config.toml")
    return local if local.exists() else None


def _read_toml(path: Path) -> dict[str, Any]:
    """The file's tables, or a ConfigError for each way reading it can fail (never a traceback:
    tomllib itself raises UnicodeDecodeError for non-UTF-8 bytes and RecursionError for deep
    nesting)."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"config file {path} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not valid TOML: not UTF-8 text") from None
    except RecursionError:
        raise ConfigError(f"{path} is nested too deeply to be a goldthread config") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def _check_keys(raw: dict[str, Any], path: Path | None) -> None:
    for section, values in raw.items():
        allowed = _ALLOWED.get(section)
        if allowed is None:
            raise ConfigError(
                f"{path}: unknown section [{section}]; allowed: {', '.join(_ALLOWED)}"
            )
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: [{section}] must be a table")
        for key, value in values.items():
            if key not in allowed:
                hint = " (secrets belong in the environment)" if "token" in key.lower() else ""
                raise ConfigError(f"{path}: unknown setting {section}.{key}{hint}")
            expected = allowed[key]
            if not isinstance(value, expected) or (
                isinstance(value, bool) and expected is int
            ):
                raise ConfigError(f"{path}: {section}.{key} has the wrong type ({value!r})")


def _read_secrets(env: Mapping[str, str]) -> dict[str, Secret]:
    secrets: dict[str, Secret] = {}
    for name in SECRET_NAMES:
        value = env.get(name)
        file_name = env.get(f"{name}_FILE")
        if value and file_name:
            raise ConfigError(f"set {name} or {name}_FILE, not both")
        if file_name:
            try:
                value = Path(file_name).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise ConfigError(
                    f"{name}_FILE: cannot read {file_name} ({exc.strerror})"
                ) from None
            except UnicodeDecodeError:  # its message would quote the secret's bytes
                raise ConfigError(f"{name}_FILE: {file_name} is not UTF-8 text") from None
        if value:
            secrets[name] = Secret(value)
    return secrets
