"""`goldthread serve --port P`: every configured chat platform over HTTP, plus /healthz; and
the same platforms for `goldthread run`.

Both listen on 127.0.0.1 unless told otherwise (`--host`, or HOST in the environment): a
process started by hand on a laptop or a shared server should not answer the whole network.
Behind a platform's router, which must reach it, the Procfile says `--host 0.0.0.0`. No
platform is named here: each one says what it needs (`bot/platforms.py`).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli.common import CliState, pass_state
from bot.platforms import HttpRoute, Platform, PlatformError

if TYPE_CHECKING:
    from bot.app import AppContext

DEFAULT_PORT = 3000
DEFAULT_HOST = "127.0.0.1"


@click.command("serve")
@click.option("--port", type=int, default=DEFAULT_PORT, envvar="PORT", show_default=True,
              help="Port to listen on ($PORT when set).")
@click.option("--host", default=DEFAULT_HOST, envvar="HOST", show_default=True,
              help="Address to listen on ($HOST when set); 0.0.0.0 for every interface.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              envvar="WEB_CONCURRENCY", help="Processes to run ($WEB_CONCURRENCY when set).")
@pass_state
def serve_command(state: CliState, port: int, host: str, workers: int) -> None:
    """Serve the chat platforms over HTTP (Slack at /slack/events), with GET /healthz."""
    app = state.app()
    platforms = checked(app)
    routes = _routes(app)
    if not routes:
        raise click.ClickException(
            "configuration: nothing to serve over HTTP (Slack needs SLACK_SIGNING_SECRET, and "
            "SLACK_APP_TOKEN unset, for HTTP; `goldthread run` uses Socket Mode)")
    if workers > 1:
        for route in routes:  # each process makes its own; these only proved it can be done
            route.close()
        if state.config_path:  # each process reads the same configuration
            os.environ["GOLDTHREAD_CONFIG"] = str(Path(state.config_path).resolve())
        app.close()
        click.echo(f"{_names(platforms)} over HTTP at http://{host}:{port} in {workers} "
                   "processes; Ctrl-C to stop.", err=True)
        from bot.http import run_http

        run_http(None, host, port, app.settings.log_level, workers)
        return
    serve_http(app, routes, host, port)


def checked(app: AppContext) -> list[Platform]:
    """The configured platforms, each having answered its start-up check (one line if not)."""
    platforms = app.platforms.configured()
    if not platforms:
        hints = [f"for {p.name.capitalize()}, {missing}" for p in app.platforms
                 if (missing := p.missing())]
        raise click.ClickException(
            f"configuration: no chat platform is set up ({'; '.join(hints) or 'none can be'}). "
            "Put the secrets in the environment (or a file named by NAME_FILE); see the "
            "README's Install sections.")
    for platform in platforms:
        try:
            where = platform.check()
        except PlatformError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"{platform.name.capitalize()}: connected to {where}.", err=True)
    return platforms


def verify_platforms(app: AppContext) -> None:
    """The start-up check of every configured platform, for processes that only send."""
    if app.platforms.configured():
        checked(app)


def serve_http(app: AppContext, routes: list[HttpRoute], host: str, port: int) -> None:
    from bot.http import GoldthreadASGI, run_http

    paths = ", ".join(f"http://{host}:{port}{route.path}" for route in routes)
    click.echo(f"Serving {paths}; Ctrl-C to stop.", err=True)
    run_http(GoldthreadASGI(app, routes), host, port, app.settings.log_level)


def run_platforms(app: AppContext) -> None:
    """Every configured platform plus the scheduler: Socket-Mode-like connections in threads
    (the last in this thread when there is no HTTP to serve), and HTTP for the rest on
    $HOST:$PORT."""
    from bot.services import make_clock

    checked(app)
    connections: list[Callable[[], None]] = []
    try:
        for platform in app.platforms.configured():
            connection = platform.connection(app)
            if connection is not None:
                connections.append(connection)
        routes = _routes(app)
    except PlatformError as exc:
        raise click.ClickException(str(exc)) from None
    clock = make_clock(app)
    clock.start()
    try:
        last = None if routes else connections.pop()
        for connection in connections:
            threading.Thread(target=connection, daemon=True, name="platform").start()
        if last is not None:
            click.echo("Connected, with the scheduler; Ctrl-C to stop.", err=True)
            last()
        else:
            serve_http(app, routes, os.environ.get("HOST") or DEFAULT_HOST,
                       int(os.environ.get("PORT") or DEFAULT_PORT))
    finally:
        clock.shutdown()


def _routes(app: AppContext) -> list[HttpRoute]:
    from bot.http import all_routes

    try:
        return all_routes(app)
    except PlatformError as exc:
        raise click.ClickException(str(exc)) from None


def _names(platforms: list[Platform]) -> str:
    return " and ".join(platform.name.capitalize() for platform in platforms)
