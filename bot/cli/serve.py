"""`goldthread serve --port P`: Slack over HTTP plus /healthz; and Slack for `goldthread run`.

Both listen on 127.0.0.1 unless told otherwise (`--host`, or HOST in the environment): a
process started by hand on a laptop or a shared server should not answer the whole network.
Behind a platform's router, which must reach it, the Procfile says `--host 0.0.0.0`.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from bot.app import AppContext
from bot.cli.common import CliState, pass_state
from bot.config import Settings
from bot.http import GoldthreadASGI, run_http
from bot.services import make_clock

DEFAULT_PORT = 3000
DEFAULT_HOST = "127.0.0.1"


def slack_configured(settings: Settings) -> bool:
    return bool(settings.secret("SLACK_BOT_TOKEN") or settings.secret("SLACK_APP_TOKEN"))


def require(settings: Settings, *names: str) -> None:
    """Stop with one message naming every missing secret."""
    missing = [name for name in names if not settings.secret(name)]
    if missing:
        raise click.ClickException(
            f"configuration: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} "
            "not set. Put them in the environment (or a file named by NAME_FILE).")


@click.command("serve")
@click.option("--port", type=int, default=DEFAULT_PORT, envvar="PORT", show_default=True,
              help="Port to listen on ($PORT when set).")
@click.option("--host", default=DEFAULT_HOST, envvar="HOST", show_default=True,
              help="Address to listen on ($HOST when set); 0.0.0.0 for every interface.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              envvar="WEB_CONCURRENCY", help="Processes to run ($WEB_CONCURRENCY when set).")
@pass_state
def serve_command(state: CliState, port: int, host: str, workers: int) -> None:
    """Serve Slack over HTTP at /slack/events, with GET /healthz, behind a load balancer."""
    app = state.app()
    require(app.settings, "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
    verify_slack(app.settings)
    if workers > 1:
        if state.config_path:  # each process reads the same configuration
            os.environ["GOLDTHREAD_CONFIG"] = str(Path(state.config_path).resolve())
        app.close()
        click.echo(f"Slack over HTTP at http://{host}:{port}/slack/events in {workers} "
                   "processes; Ctrl-C to stop.", err=True)
        run_http(None, host, port, app.settings.log_level, workers)
        return
    serve_http(app, host, port)


def serve_http(app: AppContext, host: str, port: int) -> None:
    from bot.slack.app import create_app

    slack = create_app(app.settings, app)
    click.echo(f"Slack over HTTP at http://{host}:{port}/slack/events; Ctrl-C to stop.",
               err=True)
    run_http(GoldthreadASGI(app, slack), host, port, app.settings.log_level)


def verify_slack(settings: Settings) -> None:
    """Stop with one line unless Slack accepts SLACK_BOT_TOKEN at SLACK_API_URL."""
    from bot.slack import startup

    try:
        connected = startup.check_slack(settings.require("SLACK_BOT_TOKEN"),
                                        settings.slack_api_url)
    except startup.SlackStartupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Slack: connected to {connected}.", err=True)


def run_slack(app: AppContext) -> None:
    """Slack (Socket Mode with SLACK_APP_TOKEN, else HTTP on $HOST:$PORT) plus the scheduler."""
    require(app.settings, "SLACK_BOT_TOKEN")
    app_token = app.settings.secret("SLACK_APP_TOKEN")
    if not app_token:
        require(app.settings, "SLACK_SIGNING_SECRET")
    verify_slack(app.settings)
    clock = make_clock(app)
    clock.start()
    try:
        if app_token:
            from bot.slack.app import create_app
            from bot.slack.socket_mode import run_socket_mode

            click.echo("Slack in Socket Mode, with the scheduler; Ctrl-C to stop.", err=True)
            run_socket_mode(create_app(app.settings, app), app_token)
        else:
            serve_http(app, os.environ.get("HOST") or DEFAULT_HOST,
                       int(os.environ.get("PORT") or DEFAULT_PORT))
    finally:
        clock.shutdown()
