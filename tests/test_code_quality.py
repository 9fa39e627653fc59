"""House rules the whole tree keeps: lint, types, and the direction of dependencies."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LAYERS = {"models": 0, "digests": 1, "handlers": 2, "bot": 3}
PLATFORM_SDKS = ("slack_bolt", "slack_sdk", "microsoft_teams", "botbuilder")


def _python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("package", list(LAYERS))
def test_imports_point_one_way(package: str) -> None:
    """bot -> handlers -> digests -> models; platforms only under bot/; never pyplot."""
    for path in _python_files(package):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in LAYERS:
                assert LAYERS[top] <= LAYERS[package], f"{path}: imports {name}"
            if package != "bot":
                assert top not in PLATFORM_SDKS, f"{path}: platform SDK {name} below bot/"
            assert name != "matplotlib.pyplot", f"{path}: pyplot is not thread-safe"


# The pure rooms: numbers in, numbers and words and pictures out. What each may import of
# the project (nothing else of ours, and no database, web or chat library).
PURE_ROOMS = {
    "spc": ("digests.spc",),
    "words": ("digests.words", "digests.spc", "digests.cards"),
    "charts": ("digests.charts", "digests.words", "digests.spc", "digests.cards",
               "digests.lru", "digests.indicators.status"),
}
NEVER_IN_PURE = {"sqlalchemy", "jinja2", "models", "handlers", "bot", *PLATFORM_SDKS}


@pytest.mark.parametrize("room", list(PURE_ROOMS))
def test_pure_rooms_import_nothing_of_the_project_but_each_other_and_the_card_model(
        room: str) -> None:
    allowed = PURE_ROOMS[room]
    files = _python_files(f"digests/{room}")
    assert files, f"digests/{room}/ is empty"
    for path in files:
        for name in _imported_names(path):
            top = name.split(".")[0]
            assert top not in NEVER_IN_PURE, f"{path} imports {name}"
            if top == "digests":
                assert name.startswith(allowed), f"{path} imports {name}"


def _imported_names(path: Path) -> list[str]:
    """Modules and, for `from package import name`, package.name (`from digests import cards`
    imports the card model, not all of digests)."""
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def _platform_words() -> list[re.Pattern[str]]:
    """How a platform's name shows in text: the proper noun ("Slack", "Teams"), its framework
    keys (`slack_id`, `teams_channel`), and the bare word when it is not also a word of our own
    domain (a framework table is called "teams")."""
    from bot.platforms import known_platforms
    from models.framework.schema import TABLES

    found = []
    for name in known_platforms():
        found.append(re.compile(rf"\b{name.capitalize()}\b"))
        found.append(re.compile(rf"\b{name}_(id|channel)\b"))
        if name not in TABLES:
            found.append(re.compile(rf"(?i)\b{name}\b"))
    return found


@pytest.mark.parametrize("package", ["handlers", "digests", "models"])
def test_no_platform_is_named_below_bot(package: str) -> None:
    """Only bot/ knows which chat platforms exist: a new one is a new folder there, and no
    handler, digest or model changes (migrations are history and keep what they said)."""
    patterns = _platform_words()
    for path in _python_files(package):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern in patterns:
                assert not pattern.search(line), f"{path}:{number}: {line.strip()}"


def test_no_platform_branches_outside_the_adapters() -> None:
    branch = re.compile(r"""(platform|fmt|kind|name)\s*[!=]=\s*["'](slack|teams)["']""")
    for package in LAYERS:
        for path in _python_files(package):
            if path.is_relative_to(ROOT / "bot" / "slack") or \
                    path.is_relative_to(ROOT / "bot" / "teams"):
                continue
            text = path.read_text(encoding="utf-8")
            assert not branch.search(text), f"{path}: {branch.search(text)}"


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_ruff_is_clean() -> None:
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
