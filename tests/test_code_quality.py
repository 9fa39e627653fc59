"""House rules the whole tree keeps: lint, types, and the direction of dependencies."""

from __future__ import annotations

import ast
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


def test_pure_analysis_modules_import_no_project_io() -> None:
    for module in ("spc", "narrative", "charts"):
        for path in (ROOT / "digests").glob(f"{module}*.py"):
            for name in _imports(path):
                top = name.split(".")[0]
                assert top not in {"models", "handlers", "bot", "sqlalchemy"}, (
                    f"{path} imports {name}")


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
