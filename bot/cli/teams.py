"""`goldthread teams package`: the app package a Teams admin uploads."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.common import CliState, pass_state


@click.group()
def teams() -> None:
    """Microsoft Teams: make the app package to upload in the Teams admin centre."""


@teams.command("package")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("goldthread-teams.zip"), show_default=True)
@click.option("--domain", required=True,
              help="The public host `goldthread serve` answers on, e.g. goldthread.example.org.")
@click.option("--version", "app_version", default="1.0.0", show_default=True,
              help="The app's version: raise it for each upload that changes the package.")
@click.option("--developer", default="goldthread", show_default=True,
              help="Who publishes the app in your organisation (up to 32 characters).")
@pass_state
def package_command(state: CliState, out: Path, domain: str, app_version: str,
                    developer: str) -> None:
    """Write the Teams app package (manifest v1.23, icons), with TEAMS_CLIENT_ID as the bot."""
    from bot.teams.package import PackageError, package

    app_id = state.settings().secret("TEAMS_CLIENT_ID")
    if not app_id:
        raise click.ClickException("TEAMS_CLIENT_ID is not set: it is the bot's Microsoft App "
                                   "ID, from its Azure bot registration.")
    try:
        data = package(app_id, domain, version=app_version, developer=developer)
    except PackageError as exc:
        raise click.ClickException(str(exc)) from None
    out.write_bytes(data)
    click.echo(f"Wrote {out}: upload it in the Teams admin centre (Teams apps > Manage apps > "
               "Upload new app).")
