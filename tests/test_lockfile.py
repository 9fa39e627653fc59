"""requirements.lock covers pyproject.toml: what we deploy is what we declared, every pin hashed.

This is the offline half of the check (no index needed, so it runs in every test run); CI's
`python3 .ci/lock.py check` relocks against the index and compares versions and hashes too.
"""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.paths import ROOT

FIX = "python3 .ci/lock.py update"
# The lock is for CPython 3.11 on Linux (see .ci/lock.py); markers are judged there.
TARGET = {"python_version": "3.11", "python_full_version": "3.11.7", "sys_platform": "linux",
          "platform_system": "Linux", "os_name": "posix", "implementation_name": "cpython",
          "platform_python_implementation": "CPython", "platform_machine": "x86_64"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)\s*\\?$")
SHA256 = re.compile(r"--hash=sha256:[0-9a-f]{64}")
OURS = "goldthread (pyproject.toml)"


def declared(pyproject: str) -> list[Requirement]:
    """The runtime requirements and the `postgres` extra: what the lock must cover."""
    project = tomllib.loads(pyproject)["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["postgres"]]
    return [r for r in map(Requirement, wanted) if r.marker is None or r.marker.evaluate(TARGET)]


def locked(lock: str) -> dict[str, tuple[str, int, list[str]]]:
    """name -> (version, number of sha256 hashes, what it is there for)."""
    pins: dict[str, tuple[str, int, list[str]]] = {}
    name = ""
    for line in lock.splitlines():
        if found := PIN.match(line):
            name = canonicalize_name(found[1])
            pins[name] = (found[2], 0, [])
        elif name and line.startswith(" "):
            version, hashes, via = pins[name]
            comment = line.strip().removeprefix("#").strip()
            if SHA256.search(line):
                hashes += 1
            elif line.strip().startswith("#") and comment != "via":
                via = [*via, comment.removeprefix("via").strip()]
            pins[name] = (version, hashes, via)
        else:
            name = ""
    return pins


def problems(pyproject: str, lock: str) -> list[str]:
    """What makes the lock disagree with pyproject.toml, each naming the package."""
    pins = locked(lock)
    found: list[str] = []
    requirements = declared(pyproject)
    direct = {canonicalize_name(r.name) for r in requirements}
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        if name not in pins:
            found.append(f"{requirement} is not in requirements.lock")
        elif not requirement.specifier.contains(pins[name][0], prereleases=True):
            found.append(f"{requirement} does not allow the locked {name}=={pins[name][0]}")
    for pinned, (version, hashes, via) in pins.items():
        if hashes == 0:
            found.append(f"{pinned}=={version} has no sha256 hash")
        if OURS in via and pinned not in direct:
            found.append(f"{pinned}=={version} is locked as ours but pyproject.toml dropped it")
    return found


def test_the_lock_covers_every_declared_requirement_with_hashes() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert problems(pyproject, lock) == [], f"relock: {FIX}"
    assert len(locked(lock)) > len(declared(pyproject))  # transitive dependencies too


def test_a_requirement_added_without_relocking_is_caught() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    # (a package nothing of ours depends on: requests now arrives with the Teams SDK)
    added = pyproject.replace('    "tzdata",', '    "flask>=3",\n    "tzdata",', 1)
    assert added != pyproject
    assert problems(added, lock) == ["flask>=3 is not in requirements.lock"]


def test_a_narrowed_bound_or_a_dropped_requirement_is_caught() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    version = locked(lock)["click"][0]
    narrowed = re.sub(r'"click>=[^"]*"', f'"click>={version},<{version}"', pyproject)
    assert problems(narrowed, lock) == [
        f"click<{version},>={version} does not allow the locked click=={version}"]
    dropped = re.sub(r'\n\s*"rapidfuzz[^\n]*', "", pyproject)
    assert problems(dropped, lock) == [
        f"rapidfuzz=={locked(lock)['rapidfuzz'][0]} is locked as ours but pyproject.toml "
        "dropped it"]


def test_an_unhashed_pin_is_caught() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    version = locked(lock)["jinja2"][0]
    stripped = re.sub(r"(jinja2==\S+) \\\n(\s+--hash=\S+ \\\n)*\s+--hash=\S+\n", r"\1\n", lock)
    assert problems(pyproject, stripped) == [f"jinja2=={version} has no sha256 hash"]


def test_xlsx_is_parsed_defensively_where_deployed() -> None:
    """openpyxl guards against XML bombs and external entities in a data file only when
    defusedxml is installed; a deployment from the lock must have it, not by luck of a test tool.
    """
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert "defusedxml" in {canonicalize_name(r.name) for r in declared(pyproject)}
    assert OURS in locked(lock)["defusedxml"][2]
