"""`--as PERSON`: who a command acts as, by their id in the framework file.

An id that names nobody is an error that lists the ids there are (the README once told people
to try `--as ben`, who is not in the demo); letter case does not matter, so `--as Amina` is
amina. Two ids that differ only in case would make that a guess, so then the exact id is needed.
"""

from __future__ import annotations

import click

from bot.app import AppContext
from models import queries


def resolve_person(app: AppContext, wanted: str) -> str:
    """The framework id `wanted` names (ignoring case); a usage error listing them if none."""
    with app.sessions() as session:
        partnership = queries.current_partnership(session)
        people = queries.people(session, partnership.id) if partnership else []
        keys = [p.key for p in people]
    if wanted in keys:
        return wanted
    same = [k for k in keys if k.casefold() == wanted.strip().casefold()]
    if len(same) == 1:
        return same[0]
    listed = ", ".join(keys) if keys else "none: load a framework file first"
    if same:
        raise click.BadParameter(f"{wanted!r} could be {' or '.join(same)}; give the id "
                                 "exactly as the framework file spells it", param_hint="--as")
    raise click.BadParameter(f"nobody has the id {wanted!r} in the framework file. The ids "
                             f"are: {listed}", param_hint="--as")
