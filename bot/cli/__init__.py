"""The `goldthread` command. Each subcommand lives in its own module, loaded only when it runs.

`goldthread --help` must print at once, so nothing here imports a subcommand's module (which
may load pandas, matplotlib, SQLAlchemy or a chat SDK): the list below carries each command's
one-line help, and a test checks it against the command's own docstring.
"""

from __future__ import annotations

import gc
import importlib

import click

from bot.cli.common import CliState

# name -> (module, attribute, the first line of its docstring)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "init": ("bot.cli.data", "init_command",
             "Create or upgrade the database schema to the newest version."),
    "framework": ("bot.cli.framework", "framework",
                  "Check or load the framework file (the golden thread as code)."),
    "import": ("bot.cli.data", "import_command",
               "Import measurements or, with --benchmarks, peer values from CSV or XLSX."),
    "run": ("bot.cli.chat", "run_command",
            "Run goldthread: the chat platforms and the scheduler when one is configured, else "
            "the terminal chat."),
    "ask": ("bot.cli.chat", "ask_command", "Answer one question, print it and exit (for scripts)."),
    "spc": ("bot.cli.spc", "spc",
            "Show special-cause variation in a CSV of date,value rows (optional series column)."),
    "digest": ("bot.cli.digest", "digest", "Preview, send or add a note to a team's digest."),
    "nudge": ("bot.cli.nudge", "nudge_command",
              "Send today's reminders about accountabilities now (and ask for late figures)."),
    "clock": ("bot.cli.clock", "clock_command",
              "Run the scheduler alone: digests on time, reminders on weekdays at 09:30, SQL "
              "sources, late data."),
    "serve": ("bot.cli.serve", "serve_command",
              "Serve the chat platforms over HTTP (Slack at /slack/events), with GET /healthz."),
    "outbox": ("bot.cli.outbox", "outbox",
               "Look at messages waiting or failed, and send one again after fixing the cause."),
    # learning and challenge (issue 13)
    "change": ("bot.cli.changes", "change",
               "Record a change the partnership made, and what came of it."),
    "learning": ("bot.cli.learning", "learning",
                 "What the partnership's changes did, and the review of them."),
    "report": ("bot.cli.board_report", "report_command",
               "The member report: summary icons by outcome, exceptions with their golden "
               "thread, what worked, peer position, partners working together, the cost of "
               "measurement."),
    "records": ("bot.cli.records", "records",
                "Export the partnership's records for a period, or purge old message payloads."),
    "pull": ("bot.cli.pull", "pull_command",
             "Pull every indicator's SQL source now (or one), read-only, whatever the schedule."),
    "teams": ("bot.cli.teams", "teams",
              "Microsoft Teams: make the app package to upload in the Teams admin centre."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are run (or asked for their own help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *super().list_commands(ctx)]

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return super().get_command(ctx, name)
        module, attribute, _ = COMMANDS[name]
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, _short(text, limit)) for name, (_, _, text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _short(text: str, limit: int) -> str:
    """click's own shortening of a help line, so `--help` reads as it would have."""
    return click.Command("x", help=text).get_short_help_str(limit)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Path to config.toml (default: $GOLDTHREAD_CONFIG or ./config.toml).")
@click.version_option(package_name="goldthread")
@click.pass_context
def main(ctx: click.Context, config_path: str | None) -> None:
    """goldthread: continuous performance feedback for public-service partnerships."""
    ctx.obj = CliState(config_path)


def entry() -> None:
    """The `goldthread` program (and `python -m bot`): the command group, then a quick exit.

    When the command is done, what it loaded is hidden from the cyclic collector, so the
    interpreter's last collection skips SQLAlchemy's hundred thousand objects instead of
    walking them all at exit (a fifth of `goldthread ask`). Nothing else is skipped: files are
    flushed and connections closed as usual. Not in `main`, which tests invoke in-process.
    """
    try:
        main(prog_name="goldthread")
    finally:
        gc.freeze()
