"""`serve` and `run` (HTTP) listen on 127.0.0.1 unless told otherwise; the Procfile says otherwise.

The real command runs in a subprocess against the fake Slack; once /healthz answers, the kernel's
own table of listening sockets (/proc/net/tcp) says which address it bound. Only loopback
addresses are used, so nothing is ever offered to the network.
"""

from __future__ import annotations

import http.client
import os
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import AppContext
from bot.config import Settings
from tests.bot.cli.test_startup import TOKEN, closed_port, environment
from tests.fakes.slack_api import FakeSlack, fake_slack
from tests.paths import ROOT

PROC_TCP = Path("/proc/net/tcp")
LISTEN = "0A"

pytestmark = pytest.mark.skipif(not PROC_TCP.exists(), reason="needs Linux's /proc/net/tcp")


def listening(port: int) -> set[str]:
    """The IPv4 addresses with a socket listening on `port`."""
    found: set[str] = set()
    for line in PROC_TCP.read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == LISTEN and int(hex_port, 16) == port:
            found.add(socket.inet_ntoa(struct.pack("<I", int(address, 16))))
    return found


def healthy(host: str, port: int) -> bool:
    connection = http.client.HTTPConnection(host, port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack(token=TOKEN) as fake:
        yield fake


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'goldthread.db'}"
    AppContext.create(Settings(database_url=url), migrate=True).close()
    return url


def bound_address(tmp_path: Path, args: list[str], env: dict[str, str], host: str,
                  port: int) -> set[str]:
    """Start the command, wait (bounded) until it answers on host:port, stop it."""
    process = subprocess.Popen(
        [sys.executable, "-c", "from bot.cli import main\nmain(prog_name='goldthread')", *args],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while not healthy(host, port):
            if process.poll() is not None:
                pytest.fail(f"exited {process.returncode}: {process.communicate()[1]}")
            if time.monotonic() > deadline:
                pytest.fail("never answered /healthz")
            time.sleep(0.2)  # polling for readiness, not waiting out a race
        return listening(port)
    finally:
        process.terminate()
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def serving_env(database: str, slack: FakeSlack, **extra: str) -> dict[str, str]:
    return environment(GOLDTHREAD_DATABASE_URL=database, SLACK_API_URL=slack.url,
                       SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET="listen-test-secret",
                       **extra)


def test_serve_listens_on_loopback_only_by_default(tmp_path: Path, database: str,
                                                   slack: FakeSlack) -> None:
    port = closed_port()
    env = serving_env(database, slack)
    assert bound_address(tmp_path, ["serve", "--port", str(port)], env, "127.0.0.1",
                         port) == {"127.0.0.1"}
    assert [call.method for call in slack.calls()][:1] == ["auth.test"]


def test_serve_takes_host_from_the_environment(tmp_path: Path, database: str,
                                               slack: FakeSlack) -> None:
    port = closed_port()
    env = serving_env(database, slack, HOST="127.0.0.2", PORT=str(port))
    assert bound_address(tmp_path, ["serve"], env, "127.0.0.2", port) == {"127.0.0.2"}


def test_run_over_http_listens_on_loopback_by_default(tmp_path: Path, database: str,
                                                      slack: FakeSlack) -> None:
    port = closed_port()
    env = serving_env(database, slack, PORT=str(port))
    assert bound_address(tmp_path, ["run"], env, "127.0.0.1", port) == {"127.0.0.1"}


def test_the_procfile_opens_the_web_process_to_the_platform_router() -> None:
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines()
               if line.startswith("web:"))
    assert web.split() == ["web:", "goldthread", "serve", "--host", "0.0.0.0", "--port", "$PORT"]


def test_the_cli_does_not_import_slack_or_servers_to_show_help() -> None:
    """`goldthread --help` stays as quick as it is: start-up checks are imported when used."""
    code = ("import sys, bot.cli\n"
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'slack_bolt', 'uvicorn', 'psycopg'} or m == 'bot.slack.startup')))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           cwd=ROOT, env={**os.environ}, check=True)
    assert shown.stdout.split() == []
