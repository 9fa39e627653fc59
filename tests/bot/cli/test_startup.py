"""Start-up that cannot work stops with one line naming the setting and the fix, not a traceback.

The Slack cases, and one database case, run the real `goldthread` in a subprocess, so logging
(slack_sdk logs its own failures), click and Python's error printing are all as a person would
see them; the other database cases go through click's CliRunner, which is faster and reports an
uncaught exception as `result.exception`. Each checks: exit code 1, exactly one line on stderr,
no "Traceback" (no uncaught exception), and no secret in the output.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.app import AppContext
from bot.cli import main
from bot.config import Settings
from tests.fakes.slack_api import FakeSlack, fake_slack

TOKEN = "xoxb-1111-2222-startupsecret"
SIGNING = "signing-secret-startup-9f3a"
PASSWORD = "pw-4f9c-secret"
CLEARED = ("SLACK_", "TEAMS_", "GOLDTHREAD_", "HOST", "PORT", "WEB_CONCURRENCY")
Runner = Callable[..., subprocess.CompletedProcess[str]]


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(CLEARED)}
    return {**env, **extra}


def goldthread(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, with no terminal and no stdin."""
    code = "from bot.cli import main\nmain(prog_name='goldthread')\n"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=120)


def in_process(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The same command through CliRunner, as a CompletedProcess; an uncaught exception fails."""
    cleared: dict[str, str | None] = {k: None for k in os.environ if k.startswith(CLEARED)}
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), env={**cleared, **env})
    finally:
        os.chdir(old)
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)


def one_line(result: subprocess.CompletedProcess[str], *secrets: str) -> str:
    """The single error line, after checking everything else about how it ended."""
    everything = result.stdout + result.stderr
    assert result.returncode == 1, everything
    assert "Traceback" not in everything
    for secret in secrets:
        assert secret not in everything
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    return lines[0].removeprefix("Error: ")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An initialised SQLite database, so the Slack checks are what fails."""
    path = tmp_path_factory.mktemp("startup") / "goldthread.db"
    url = f"sqlite:///{path}"
    AppContext.create(Settings(database_url=url), migrate=True).close()
    return url


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack(token=TOKEN) as fake:
        yield fake


def slack_env(database: str, api_url: str, token: str = TOKEN) -> dict[str, str]:
    return environment(GOLDTHREAD_DATABASE_URL=database, SLACK_API_URL=api_url,
                       SLACK_BOT_TOKEN=token, SLACK_SIGNING_SECRET=SIGNING,
                       PORT=str(closed_port()))


REFUSED = ("configuration: SLACK_BOT_TOKEN was refused by Slack (invalid_auth): copy the Bot "
           "User OAuth Token (xoxb-…) from your app's OAuth & Permissions page")


def test_serve_with_a_token_slack_refuses(tmp_path: Path, database: str,
                                          slack: FakeSlack) -> None:
    wrong = "xoxb-9999-8888-notthetoken"
    result = goldthread(tmp_path, "serve", env=slack_env(database, slack.url, wrong))
    assert one_line(result, wrong, SIGNING) == REFUSED
    assert [call.method for call in slack.calls()] == ["auth.test"]  # asked before serving


def test_run_when_slack_answers_invalid_auth(tmp_path: Path, database: str,
                                             slack: FakeSlack) -> None:
    slack.fail_next("auth.test", error="invalid_auth")
    result = goldthread(tmp_path, "run", env=slack_env(database, slack.url))
    assert one_line(result, TOKEN, SIGNING) == REFUSED


def test_the_clock_with_a_token_slack_refuses(tmp_path: Path, database: str,
                                              slack: FakeSlack) -> None:
    """The clock sends digests and reminders through Slack: it checks the token before it
    starts ticking, as run and serve do, rather than failing every delivery quietly."""
    slack.fail_next("auth.test", error="invalid_auth")
    result = goldthread(tmp_path, "clock", env=slack_env(database, slack.url))
    assert one_line(result, TOKEN, SIGNING) == REFUSED


def test_an_app_token_in_the_bot_token_setting_is_named(tmp_path: Path, database: str,
                                                        slack: FakeSlack) -> None:
    app_token = "xapp-1-A0-77-appsecret"
    slack.fail_next("auth.test", error="not_allowed_token_type")
    result = in_process(tmp_path, "serve", env=slack_env(database, slack.url, app_token))
    line = one_line(result, app_token)
    assert line.startswith("configuration: SLACK_BOT_TOKEN was refused by Slack "
                           "(not_allowed_token_type): it holds an app-level token (xapp-…), "
                           "which belongs in SLACK_APP_TOKEN")


@pytest.mark.parametrize(("command", "runner"), [("serve", goldthread), ("run", in_process)])
def test_unreachable_slack_api(tmp_path: Path, database: str, command: str,
                               runner: Runner) -> None:
    url = f"http://127.0.0.1:{closed_port()}/api/"
    result = runner(tmp_path, command, env=slack_env(database, url))
    assert one_line(result, TOKEN, SIGNING) == (
        f"Slack: cannot reach {url} (connection refused); check SLACK_API_URL and the network")


def test_slack_having_trouble(tmp_path: Path, database: str, slack: FakeSlack) -> None:
    slack.fail_next("auth.test", status=503)
    result = in_process(tmp_path, "serve", env=slack_env(database, slack.url))
    assert one_line(result, TOKEN, SIGNING) == (
        f"Slack: {slack.url} answered HTTP 503 (internal_error); Slack may be having trouble: "
        "try again shortly, or check SLACK_API_URL")


SETTING = "check database.url or GOLDTHREAD_DATABASE_URL"


@pytest.mark.parametrize(("command", "runner"), [
    (("serve",), goldthread), (("ask", "how is reablement doing"), in_process),
    (("init",), in_process)])
def test_unreachable_database(tmp_path: Path, command: tuple[str, ...], runner: Runner) -> None:
    port = closed_port()
    url = f"postgresql+psycopg://goldthread:{PASSWORD}@127.0.0.1:{port}/goldthread"
    result = runner(tmp_path, *command, env=environment(
        GOLDTHREAD_DATABASE_URL=url, SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SIGNING))
    assert one_line(result, PASSWORD, TOKEN) == (
        f"database: cannot connect to postgresql+psycopg://goldthread:***@127.0.0.1:{port}/"
        f"goldthread (connection refused); {SETTING}")


def test_missing_postgres_driver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"postgresql+psycopg://goldthread:{PASSWORD}@127.0.0.1:{closed_port()}/goldthread"
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed: import fails
    result = in_process(tmp_path, "init", env={"GOLDTHREAD_DATABASE_URL": url})
    assert one_line(result, PASSWORD) == (
        "database: postgresql+psycopg needs the psycopg driver: pip install -e '.[postgres]'")


@pytest.mark.parametrize(("url", "expected"), [
    ("mysql+pymysql://gt:{pw}@db/goldthread",
     "database: mysql+pymysql needs the pymysql driver: install it (pip install pymysql) or use "
     "postgresql+psycopg://… or sqlite:///…"),
    ("postgress://gt:{pw}@db/goldthread",
     "database: database.url or GOLDTHREAD_DATABASE_URL names an unknown kind of database "
     "'postgress'; use postgresql+psycopg://… or sqlite:///…"),
    ("postgresql+psycopg://gt:{pw}@db:five/goldthread",
     "database: database.url or GOLDTHREAD_DATABASE_URL is not a database URL (e.g. "
     "postgresql+psycopg://user@host/name or sqlite:///goldthread.db)"),
    ("{pw}", "database: database.url or GOLDTHREAD_DATABASE_URL is not a database URL (e.g. "
     "postgresql+psycopg://user@host/name or sqlite:///goldthread.db)"),
])
def test_unusable_database_urls(tmp_path: Path, url: str, expected: str) -> None:
    result = in_process(tmp_path, "ask", "hello", env=dict(
        GOLDTHREAD_DATABASE_URL=url.format(pw=PASSWORD)))
    assert one_line(result, PASSWORD) == expected


def test_sqlite_in_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    result = in_process(tmp_path, "init", env=dict(
        GOLDTHREAD_DATABASE_URL=f"sqlite:///{missing}/goldthread.db"))
    assert one_line(result) == (
        f"database: cannot open sqlite:///{missing}/goldthread.db: the folder {missing} does "
        f"not exist; create it, or {SETTING}")
    assert not missing.exists()


def test_sqlite_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file where a folder was meant\n", encoding="utf-8")
    result = in_process(tmp_path, "ask", "hello", env=dict(
        GOLDTHREAD_DATABASE_URL=f"sqlite:///{blocker}/goldthread.db"))
    assert one_line(result) == (
        f"database: cannot open sqlite:///{blocker}/goldthread.db: {blocker} is a file, not a "
        f"folder; {SETTING}")


def test_postgres_database_that_does_not_exist(tmp_path: Path) -> None:
    server = os.environ.get("GOLDTHREAD_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("set GOLDTHREAD_TEST_POSTGRES_URL to run against PostgreSQL")
    from sqlalchemy import make_url

    url = make_url(server).set(database="gt_never_created", password=PASSWORD)
    result = in_process(tmp_path, "ask", "hello", env=dict(
        GOLDTHREAD_DATABASE_URL=url.render_as_string(hide_password=False)))
    line = one_line(result, PASSWORD)
    assert line.startswith(f"database: cannot connect to {url.render_as_string()} (")
    assert line.endswith(f"; {SETTING}")
    assert "gt_never_created" in line
