"""`goldthread digest preview|send|note`."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import AppContext
from bot.cli import report
from bot.cli.common import CliState, loaded_partnership, pass_state
from bot.delivery.clock import DueDigest, build_and_enqueue
from bot.delivery.jobs import DigestBuilder
from bot.delivery.queue import SENT
from bot.delivery.schedule import iso_week
from bot.html.render import digest_html
from bot.platforms import known_platforms
from bot.services import make_outbox
from bot.terminal.render import print_cards
from digests.cards import Digest
from handlers.digest import MAX_NOTE, digest_cards
from handlers.intents import clean
from models import queries
from models.base import utcnow
from models.db import transaction
from models.tables import Delivery, DigestNote, Partnership, Subscription, Team

AUDIENCES = ("frontline", "manager", "member")
FORMATS = ("text", "html")  # and each platform's own previews (`Platform.previews`)


@click.group()
def digest() -> None:
    """Preview, send or add a note to a team's digest."""


@digest.command("preview")
@click.option("--team", "team_key", required=True, help="The team's id in the framework file.")
@click.option("--audience", type=click.Choice(AUDIENCES), help="Default: the team's own.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@click.option("--format", "fmt", default="text", show_default=True, metavar="FORMAT",
              help="text, html, or what a platform posts: " + ", ".join(known_platforms())
              + " (a platform may offer more, e.g. teams' card).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write the digest (and its chart) to files in this folder.")
@click.option("--demo", is_flag=True, help="Preview from the demo partnership.")
@pass_state
def preview(state: CliState, team_key: str, audience: str | None, as_of: datetime | None,
            fmt: str, out: Path | None, demo: bool) -> None:
    """Show a team's digest as it would be sent, without sending it."""
    app = state.app(demo=demo)
    previews = app.platforms.previews()
    if fmt not in (*FORMATS, *previews):
        raise click.BadParameter(f"{fmt!r} is not one of: {', '.join((*FORMATS, *previews))}",
                                 param_hint="--format")
    made, team = _compose(app, team_key, audience, as_of.date() if as_of else None)
    name = f"{team.key}-{audience or team.audience}"
    if fmt == "text":
        if out:
            raise click.UsageError("--out works with --format html, slack or teams")
        print_cards(Console(), digest_cards(made), app.settings.chart_dir)
        return
    if fmt == "html":
        body = digest_html(made, generated=f"{utcnow():%d %b %Y %H:%M} UTC")
        suffix = "html"
    else:
        body = previews[fmt](made)
        suffix = "json"
    if out is None:
        click.echo(body)
        return
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.{suffix}"
    path.write_text(body, encoding="utf-8")
    click.echo(f"Wrote {path}")
    image = next((c.image for c in made.cards if c.image is not None), None)
    if image is not None:
        (out / f"{name}.png").write_bytes(image.png)
        click.echo(f"Wrote {out / f'{name}.png'}")


@digest.command("send")
@click.option("--team", "team_key", required=True, help="The team's id in the framework file.")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]), help="Default: today.")
@pass_state
def send(state: CliState, team_key: str, as_of: datetime | None) -> None:
    """Send this week's digest to the team's channels now (once per week, like the clock).

    Prints one line per channel with what really happened, and exits 1 if any failed.
    """
    app = state.app()
    day = as_of.date() if as_of else app.today()
    period = iso_week(day)
    outbox = make_outbox(app)
    with app.sessions() as session:
        team = _team(session, team_key)
        channels = [(s.id, s.platform, s.channel_id) for s in session.scalars(
            select(Subscription).where(Subscription.team_id == team.id,
                                       Subscription.active.is_(True)).order_by(Subscription.id))]
    if not channels:
        raise click.ClickException(f"team {team_key} has no channel to send to")
    builder = DigestBuilder(app.maker, app.platforms)
    # The clock's own build-and-enqueue, so a digest still goes once a week whoever sends it.
    mine = {sub_id: _enqueue_digest(app, builder, DueDigest(sub_id, period, day))
            for sub_id, platform, _ in channels if platform in outbox.platforms}
    outbox.deliver_due(utcnow())
    problems: list[Delivery] = []
    cannot = 0
    with app.sessions() as session:
        for sub_id, platform, channel in channels:
            if sub_id not in mine:
                cannot += 1
                click.echo(f"{platform} {channel}: not sent: goldthread cannot send to "
                           f"{platform} from here (its secrets are not set)")
                continue
            row_id, before = mine[sub_id]
            row = session.get_one(Delivery, row_id)
            if before == SENT:
                words = f"already sent for {period} ({row.platform_message_id})"
            else:
                earlier = f"queued earlier for {period}, " if before is not None else ""
                words = earlier + report.state(row, app.timezone(), app.today())
                problems += [row] if row.status in report.PROBLEMS else []
            click.echo(f"{platform} {channel}: {words}")
    if problems:
        click.echo(report.requeue_advice(problems), err=True)
    if problems or cannot:
        sys.exit(1)


def _enqueue_digest(app: AppContext, builder: DigestBuilder,
                    due: DueDigest) -> tuple[int, str | None]:
    """(the digest's outbox row, its status before this command) after building it if new."""
    new = build_and_enqueue(app.sessions, due, builder)
    with app.sessions() as session:
        row = session.scalars(select(Delivery).where(
            Delivery.dedupe_key == due.dedupe_key)).one()
        return row.id, None if new is not None else row.status


@digest.command("note")
@click.option("--team", "team_key", required=True, help="The team's id in the framework file.")
@click.option("--text", required=True, help="A few words: thanks, context, a decision.")
@click.option("--as", "person", metavar="PERSON", help="Who the note is from.")
@pass_state
def note(state: CliState, team_key: str, text: str, person: str | None) -> None:
    """Add a short note to a team's next digest."""
    text = clean(text)  # as a note typed in chat is: no control, bidi or invisible characters
    if not text or len(text) > MAX_NOTE:
        raise click.UsageError(f"--text must be 1 to {MAX_NOTE} characters")
    app = state.app()
    with transaction(app.sessions) as session:
        team = _team(session, team_key)
        author = queries.person_by_key(session, team.partnership_id, person) if person else None
        if person and author is None:
            raise click.ClickException(f"no person {person!r} in the framework file")
        session.add(DigestNote(team_id=team.id, author_id=author.id if author else None,
                               text=text))
    app.maker.forget()
    click.echo(f"Note saved for {team_key}'s next digest.")


def _compose(app: AppContext, team_key: str, audience: str | None,
             as_of: date | None) -> tuple[Digest, Team]:
    with app.sessions() as session:
        team = _team(session, team_key)
        partnership = session.get_one(Partnership, team.partnership_id)  # _team loaded it
        day = as_of or app.today()
        return app.maker.digest(session, partnership, team.key, audience or team.audience,
                                day), team


def _team(session: Session, key: str) -> Team:
    partnership = loaded_partnership(session)
    team = queries.team_by_key(session, partnership.id, key)
    if team is None:
        known = ", ".join(t.key for t in queries.teams(session, partnership.id))
        raise click.ClickException(f"no team {key!r}; teams are: {known}")
    return team
