"""The SDK is loaded only when Teams is used, and a stray .env cannot configure it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.paths import ROOT

LEAKS = ("CLIENT_SECRET=from-a-stray-env-file\nDANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS=true\n"
         "SERVICE_URL=https://evil.example/\n")
SHOW = ("import os; print(os.environ.get('CLIENT_SECRET'), "
        "os.environ.get('DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS'), "
        "os.environ.get('SERVICE_URL'))")


def python(code: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CLIENT_SECRET", "SERVICE_URL",
                        "DANGEROUSLY_ALLOW_UNAUTHENTICATED_REQUESTS")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return done.stdout.strip().splitlines()[-1]


def test_a_dot_env_in_the_working_directory_configures_nothing(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(LEAKS, encoding="utf-8")
    # The SDK on its own would take them (this is what we guard against) ...
    assert python("import microsoft_teams.apps; " + SHOW, tmp_path) == (
        "from-a-stray-env-file true https://evil.example/")
    # ... loaded through bot.teams.sdk, the environment is as it was.
    assert python("from bot.teams import sdk; sdk.load(); " + SHOW, tmp_path) == (
        "None None None")
