"""The `goldthread` command. Each subcommand lives in its own module; this one wires them."""

from __future__ import annotations

import click

from bot.cli.chat import ask_command, run_command
from bot.cli.common import CliState
from bot.cli.data import import_command, init_command
from bot.cli.digest import clock_command, digest, nudge_command
from bot.cli.framework import framework
from bot.cli.outbox import outbox
from bot.cli.pull import pull_command
from bot.cli.serve import serve_command
from bot.cli.spc import spc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Path to config.toml (default: $GOLDTHREAD_CONFIG or ./config.toml).")
@click.version_option(package_name="goldthread")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """goldthread: continuous performance feedback for public-service partnerships."""
    ctx.obj = CliState(config_path)


for command in (init_command, framework, import_command, run_command, ask_command, spc, digest,
                nudge_command, clock_command, serve_command, outbox, pull_command):
    main.add_command(command)
