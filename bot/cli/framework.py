"""`goldthread framework check|load FILE`."""

from __future__ import annotations

from pathlib import Path

import click

from bot.cli.common import CliState, pass_state
from bot.platforms import known_platforms
from models.db import transaction
from models.framework import FrameworkError, check_text, has_errors, load_framework
from models.framework.parse import MAX_CHARACTERS
from models.framework.problems import Problem

# Characters are up to four bytes in UTF-8; the parser counts characters.
MAX_BYTES = MAX_CHARACTERS * 4


@click.group()
def framework() -> None:
    """Check or load the framework file (the golden thread as code)."""


@framework.command("check")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_command(file: Path) -> None:
    """Report every error and warning in a framework file; exit 1 if there are errors."""
    _, problems = check_text(_read(file), known_platforms())
    _report(file, problems)
    if has_errors(problems):
        raise SystemExit(1)


@framework.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--take-file", "take_file", multiple=True, metavar="ACTION_ID",
              help="For this accountability, use the file's values even where they were "
              "changed in chat since the last load (repeatable).")
@pass_state
def load_command(state: CliState, file: Path, take_file: tuple[str, ...]) -> None:
    """Check a framework file and, if it has no errors, load it (safe to repeat)."""
    text = _read(file)
    app = state.app()
    try:
        with transaction(app.sessions) as session:
            report = load_framework(session, text, known_platforms(), take_file=take_file)
    except FrameworkError as exc:
        _report(file, exc.problems)
        click.echo("Nothing was loaded.", err=True)
        raise SystemExit(1) from None
    _report(file, report.warnings + [c.problem() for c in report.conflicts])
    click.echo(f"Loaded {file.name}: {report.summary()}.")
    if report.conflicts:
        click.echo(f"{len(report.conflicts)} change(s) made in chat differ from the file and "
                   "were kept; see the warnings above.", err=True)


def _read(file: Path) -> str:
    """The file's text, refusing what is not a framework file before reading it whole."""
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise click.ClickException(
            f"{file}: the file is {size:,} bytes; a framework file is at most {MAX_BYTES:,}")
    try:
        return file.read_text(encoding="utf-8-sig")  # Notepad adds a BOM
    except UnicodeDecodeError:
        raise click.ClickException(f"{file}: not UTF-8 text") from None


def _report(file: Path, problems: list[Problem]) -> None:
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        click.secho(problem.format(file.name), fg=colour, err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if problems:
        click.echo(f"{file.name}: {errors} error(s), {warnings} warning(s).", err=True)
    else:
        click.echo(f"{file.name}: no problems found.")
