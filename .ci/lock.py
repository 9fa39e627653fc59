"""requirements.lock: the exact versions goldthread is deployed with, each with its hashes.

    python3 .ci/lock.py check     exit 1, naming the fix, when the lock and pyproject.toml differ
    python3 .ci/lock.py update    relock after editing pyproject.toml (keeps pins still allowed)
    python3 .ci/lock.py upgrade   relock on the newest versions pyproject.toml allows

The lock covers the runtime dependencies and the `postgres` extra, for CPython 3.11 on Linux; it
is made by uv (`uv pip compile --generate-hashes`) at the version pinned below, installed into
.venv on first use, so every machine writes the same file.

`check` relocks into a scratch file seeded with the committed pins but not their hashes, so:
- an unrelated upstream release cannot fail CI (uv keeps a pin that pyproject.toml still allows);
- a requirement added to, removed from or narrowed in pyproject.toml without relocking fails it;
- every committed hash must be one the index publishes for that file (uv would otherwise carry
  the seed's hashes over unchecked). A wheel uploaded after we locked only adds a hash, which is
  reported and tolerated.
Standard library only, no prompts: it runs from a clean clone with CI=true and no stdin.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

UV_VERSION = "0.13.9"
ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
VENV = ROOT / ".venv"
FIX = "python3 .ci/lock.py update"
COMPILE = ["pip", "compile", "pyproject.toml", "--extra", "postgres", "--generate-hashes",
           "--python-version", "3.11", "--python-platform", "linux",
           "--custom-compile-command", FIX, "--quiet"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)\s*\\?$")
HASH = re.compile(r"--hash=(sha256:[0-9a-f]{64})")

Pins = dict[str, tuple[str, frozenset[str]]]  # name -> (version, hashes)


def parse(text: str) -> Pins:
    """The pins of a lock, each with the hashes listed under it."""
    pins: Pins = {}
    name = ""
    for line in text.splitlines():
        found = PIN.match(line)
        if found:
            name = found[1].lower()
            pins[name] = (found[2], frozenset())
        elif name and (hashed := HASH.search(line)):
            version, hashes = pins[name]
            pins[name] = (version, hashes | {hashed[1]})
        elif not line.startswith((" ", "\t")):
            name = ""
    return pins


def uv() -> Path:
    """uv at UV_VERSION in .venv, installed there when missing or another version."""
    binary = VENV / "bin" / "uv"
    if binary.exists():
        shown = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout
        if shown.split()[1:2] == [UV_VERSION]:
            return binary
    if not (VENV / "bin" / "python").exists():
        _run([sys.executable, "-m", "venv", str(VENV)], "create .venv")
    _run([str(VENV / "bin" / "python"), "-m", "pip", "install", "-q", f"uv=={UV_VERSION}"],
         f"install uv {UV_VERSION}")
    return binary


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"lock: could not {what} (exit {result.returncode}; output above)")


def compile_lock(output: Path, *extra: str) -> None:
    _run([str(uv()), *COMPILE, "--output-file", str(output), *extra],
         "resolve pyproject.toml's dependencies with uv (is the package index reachable?)")


def differences(committed: Pins, fresh: Pins) -> tuple[list[str], list[str]]:
    """(problems that fail the check, notes that do not)."""
    problems: list[str] = []
    notes: list[str] = []
    for name in sorted(fresh.keys() - committed.keys()):
        problems.append(f"{name}=={fresh[name][0]} is needed but not in the lock")
    for name in sorted(committed.keys() - fresh.keys()):
        problems.append(f"{name}=={committed[name][0]} is in the lock but no longer needed")
    for name in sorted(committed.keys() & fresh.keys()):
        (old, old_hashes), (new, new_hashes) = committed[name], fresh[name]
        if old != new:
            problems.append(f"{name} is locked at {old} but pyproject.toml now needs {new}")
        elif not old_hashes:
            problems.append(f"{name}=={old} has no --hash lines")
        elif unknown := old_hashes - new_hashes:
            problems.append(f"{name}=={old}: {len(unknown)} hash(es) the index does not publish")
        elif added := new_hashes - old_hashes:
            notes.append(f"{name}=={old}: {len(added)} file(s) published since it was locked")
    return problems, notes


def relock(committed: Pins, *extra: str) -> str:
    """A new lock, preferring the committed versions but fetching every hash from the index."""
    with tempfile.TemporaryDirectory() as scratch:
        seed = Path(scratch) / LOCK.name
        seed.write_text("".join(f"{n}=={v}\n" for n, (v, _) in committed.items()),
                        encoding="utf-8")
        compile_lock(seed, *extra)
        return seed.read_text(encoding="utf-8")


def check() -> int:
    if not LOCK.exists():
        print(f"lock: {LOCK.name} is missing; run `{FIX}` and commit it", file=sys.stderr)
        return 1
    committed = parse(LOCK.read_text(encoding="utf-8"))
    problems, notes = differences(committed, parse(relock(committed)))
    for note in notes:
        print(f"lock: note: {note}")
    if problems:
        for problem in problems:
            print(f"lock: {problem}", file=sys.stderr)
        print(f"lock: {LOCK.name} is out of step with pyproject.toml; run `{FIX}` and commit "
              f"{LOCK.name}", file=sys.stderr)
        return 1
    print(f"lock: {LOCK.name} matches pyproject.toml ({len(committed)} packages, hashed)")
    return 0


def update(*extra: str) -> int:
    committed = parse(LOCK.read_text(encoding="utf-8")) if LOCK.exists() else {}
    text = relock(committed, *extra)
    LOCK.write_text(text, encoding="utf-8")
    print(f"lock: wrote {LOCK.name} ({len(parse(text))} packages); commit it with "
          "pyproject.toml")
    return 0


def main(argv: list[str]) -> int:
    action = argv[1] if len(argv) == 2 else ""
    if action == "check":
        return check()
    if action == "update":
        return update()
    if action == "upgrade":
        return update("--upgrade")
    print("usage:\n" + __doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
