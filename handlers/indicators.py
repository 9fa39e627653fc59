"""From an indicator row to its Status: the settings it is analysed with and its series."""

from __future__ import annotations

from sqlalchemy.orm import Session

from digests.indicators.specs import spec_of
from digests.indicators.status import IndicatorSpec, Status
from handlers.request import HandlerContext
from models import queries
from models.tables import Indicator


def spec_for(ctx: HandlerContext, indicator: Indicator) -> IndicatorSpec:
    """The indicator's own SPC settings, falling back to the partnership's."""
    return spec_of(indicator, ctx.digests.spc)


def status_of(ctx: HandlerContext, session: Session, indicator: Indicator) -> Status:
    """The indicator's status, analysed only when its data, settings or the analysis code have
    changed; otherwise kept, without its points (see `digests.indicators.kept`)."""
    spec = spec_for(ctx, indicator)
    return ctx.digests.statuses.status(
        indicator.id, spec, queries.measurement_fingerprint(session, indicator.id),
        lambda: queries.measurements(session, indicator.id))


def analysed_status(ctx: HandlerContext, session: Session, indicator: Indicator) -> Status:
    """The indicator's status with its points, for drawing its chart when none is kept."""
    spec = spec_for(ctx, indicator)
    return ctx.digests.statuses.analysed(
        indicator.id, spec, queries.measurement_fingerprint(session, indicator.id),
        lambda: queries.measurements(session, indicator.id))


def keep_statuses(ctx: HandlerContext) -> int:
    """Analyse every active indicator whose data has changed and keep its status, so that the
    next question about it, in any process, is answered without analysing (or importing
    pandas); returns how many indicators have a kept status."""
    with ctx.sessions() as session:
        partnership = queries.current_partnership(session)
        if partnership is None:
            return 0
        found = queries.indicators(session, partnership.id)
        for indicator in found:
            status_of(ctx, session, indicator)
        return len(found)
