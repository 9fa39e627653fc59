"""What every subcommand shares: settings, the app context and friendly failure."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from bot.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.app import AppContext
    from models.tables import Partnership

DEMO_SETTING = "GOLDTHREAD_DEMO_DATABASE_URL, or run `goldthread run --demo` first"


@dataclass
class CliState:
    config_path: str | None

    def settings(self, *, demo: bool = False) -> Settings:
        try:
            settings = load_settings(self.config_path, demo=demo)
        except ConfigError as exc:
            raise click.ClickException(f"configuration: {exc}") from None
        logging.basicConfig(level=settings.log_level,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        # Their routine INFO lines (each migration step, each job run) drown out ours.
        for chatty in ("alembic", "apscheduler"):
            logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))
        return settings

    def app(self, *, demo: bool = False, migrate: bool = False) -> AppContext:
        """The app context, once the database has answered; else stop with one line."""
        from bot.app import AppContext
        from bot.cli.database_check import SETTING, database_problem
        from models.db import is_initialised

        settings = self.settings(demo=demo)
        problem = database_problem(settings.database_url, DEMO_SETTING if demo else SETTING)
        if problem:
            raise click.ClickException(problem)
        app = AppContext.create(settings, migrate=migrate)
        if not migrate and not is_initialised(app.engine):
            raise click.ClickException(
                "the database has no goldthread tables yet; run `goldthread init` first")
        return app


def loaded_partnership(session: Session) -> Partnership:
    """The current partnership, or stop with the one command that loads one."""
    from models import queries

    partnership = queries.current_partnership(session)
    if partnership is None:
        raise click.ClickException("no partnership loaded; run `goldthread framework load`")
    return partnership


pass_state = click.make_pass_decorator(CliState)
