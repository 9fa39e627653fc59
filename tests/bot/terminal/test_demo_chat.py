"""The quick start as a newcomer meets it: `goldthread run --demo`, scripted through stdin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def chat(folder: Path, *lines: str,
         extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOLDTHREAD", "SLACK"))}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", "--demo", *extra], cwd=folder, env=env,
        input="".join(f"{line}\n" for line in lines), capture_output=True, text=True,
        timeout=300, check=False)


def test_demo_answers_and_takes_a_suggestion(tmp_path: Path) -> None:
    first = chat(tmp_path, "how are we doing on delayed discharges?",
                 "/suggest Text people the day before their first reablement visit", "quit")
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "You are Amina Shah (manager" in out
    assert "Delayed discharges: people medically fit to leave hospital" in out
    # the demo's data follow today's date, so any verdict may be the right one on the day
    assert any(f"{verdict}." in out for verdict in (
        "No real change", "Improving", "Getting worse", "Changed")) and "Chart saved to" in out
    assert "Thanks, your idea is saved as IDEA-8" in out
    assert (tmp_path / ".goldthread" / "demo.db").exists()
    charts = list((tmp_path / ".goldthread" / "charts").glob("*.png"))
    assert charts and charts[0].read_bytes().startswith(b"\x89PNG")
    # a second run reuses the same demo database: the idea is still there, nothing re-imported
    second = chat(tmp_path, "/perf mine", extra=("--as", "tom"))
    assert second.returncode == 0, second.stderr
    assert "measurements: 0 inserted" in second.stderr
    assert "You are Tom" in second.stdout
    again = chat(tmp_path, "/perf mine")
    assert "Text people the day before their first reablement visit (new)" in again.stdout


def test_demo_is_separate_from_a_real_database(tmp_path: Path) -> None:
    real = tmp_path / "real.db"
    env_run = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--demo"], cwd=tmp_path, input="quit\n",
        env={**os.environ, "GOLDTHREAD_DATABASE_URL": f"sqlite:///{real}", "COLUMNS": "200"},
        capture_output=True, text=True, timeout=300, check=False)
    assert env_run.returncode == 0, env_run.stderr
    assert not real.exists()
    assert (tmp_path / ".goldthread" / "demo.db").exists()


def test_piped_chat_never_dead_ends_on_a_choice(tmp_path: Path) -> None:
    left = chat(tmp_path, "discharge")
    assert left.returncode == 3, left.stderr
    assert "Which one did you mean?" in left.stdout and "Type 1 or 2 to choose." in \
        left.stdout
    assert "a choice was offered and none was made for “discharge”" in left.stderr
    made = chat(tmp_path, "discharge", "2")
    assert made.returncode == 0, made.stderr
    assert "Latest" in made.stdout or "Golden thread" in made.stdout or "How " in made.stdout


def test_run_as_someone_who_is_not_there_lists_who_is(tmp_path: Path) -> None:
    wrong = chat(tmp_path, "quit", extra=("--as", "ben"))
    assert wrong.returncode == 2
    assert "nobody has the id 'ben'" in wrong.stderr and "amina" in wrong.stderr
    right = chat(tmp_path, "quit", extra=("--as", "Grace"))
    assert right.returncode == 0 and "Hello Grace. You are Dr Grace Mensah" in right.stdout
