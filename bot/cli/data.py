"""`goldthread init` and `goldthread import FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from sqlalchemy.exc import SQLAlchemyError

from bot.cli.common import CliState, loaded_partnership, pass_state
from models.imports.importer import ImportReport, import_file
from models.imports.read import DataFileError

if TYPE_CHECKING:
    from bot.app import AppContext

PROGRESS_FROM_ROWS = 2000


@click.command("init")
@pass_state
def init_command(state: CliState) -> None:
    """Create or upgrade the database schema to the newest version."""
    app = state.app(migrate=True)
    click.echo(f"Database ready: {app.engine.url.render_as_string(hide_password=True)}")


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--benchmarks", is_flag=True, help="The file holds peer benchmark values.")
@click.option("--skip-invalid", is_flag=True,
              help="Import the good rows; write the bad ones to FILE.rejects.csv.")
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@click.option("--confirm", is_flag=True,
              help="Accept values far outside everything seen before (checked first).")
@pass_state
def import_command(state: CliState, file: Path, benchmarks: bool, skip_invalid: bool,
                   dry_run: bool, confirm: bool) -> None:
    """Import measurements or, with --benchmarks, peer values from CSV or XLSX.

    Measurements: indicator,period,value[,numerator,denominator,area,note,quality]. Peer
    values: indicator,period,peer,value[,denominator]."""
    app = state.app()
    console = Console(stderr=True)
    with app.sessions() as session:
        partnership = loaded_partnership(session)
        with _progress(console) as bar:
            task = bar.add_task("Importing", total=None, visible=False)

            def advance(done: int, total: int) -> None:
                if total >= PROGRESS_FROM_ROWS:
                    bar.update(task, completed=done, total=total, visible=True)

            try:
                report = import_file(session, file, partnership.id, benchmarks=benchmarks,
                                     skip_invalid=skip_invalid, dry_run=dry_run,
                                     confirm=confirm, today=app.today(), progress=advance)
            except DataFileError as exc:
                raise click.ClickException(str(exc)) from None
        for note in report.notes:
            click.echo(f"Note: {note}.", err=True)
        if report.errors and not skip_invalid:
            session.rollback()
            _print_errors(file, report)
            doubtful = (f" {report.doubtful} of them only doubtful: if those values are right, "
                        "import again with --confirm." if report.doubtful else "")
            click.echo(f"{file.name}: {len(report.errors)} bad row(s); nothing was imported. "
                       f"Fix them, or use --skip-invalid to import the rest.{doubtful}",
                       err=True)
            raise SystemExit(1)
        if dry_run:
            session.rollback()
        else:
            session.commit()
    _print_errors(file, report)
    prefix = "Dry run, nothing written: " if dry_run else ""
    click.echo(f"{prefix}{file.name}: {report.summary()}.")
    if report.rejects_file:
        click.echo(f"Bad rows written to {report.rejects_file}.")
    if not dry_run and not benchmarks and (report.inserted or report.updated):
        keep_for_questions(app)


def keep_for_questions(app: AppContext) -> None:
    """Analyse the new figures now, while pandas is loaded anyway, so that the next question
    about them (`goldthread ask`, a chat) is answered from the kept status. The figures are
    stored already: failing here only makes that first answer slower, so it is a note."""
    from handlers.indicators import keep_statuses

    try:
        count = keep_statuses(app.handler_context())
    except SQLAlchemyError as exc:
        click.echo(f"Note: the figures are stored, but their analysis could not be kept "
                   f"({type(exc).__name__}); the next question about them analyses them.",
                   err=True)
        return
    click.echo(f"Analysed and kept: {count} indicator(s), ready for questions.", err=True)


def _progress(console: Console) -> Progress:
    return Progress("[progress.description]{task.description}", BarColumn(),
                    MofNCompleteColumn(), TimeRemainingColumn(), console=console,
                    transient=True)


def _print_errors(file: Path, report: ImportReport) -> None:
    for error in report.errors:
        click.secho(f"{file.name}:{error.line}: {error.reason}", fg="red", err=True)
