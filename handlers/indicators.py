"""From an indicator row to its Status: the settings it is analysed with and its series."""

from __future__ import annotations

from sqlalchemy.orm import Session

from digests.indicators.specs import spec_of
from digests.indicators.status import IndicatorSpec, Status, assess
from handlers.request import HandlerContext
from models import queries
from models.tables import Indicator


def spec_for(ctx: HandlerContext, indicator: Indicator) -> IndicatorSpec:
    """The indicator's own SPC settings, falling back to the partnership's."""
    return spec_of(indicator, ctx.digests.spc)


def status_of(ctx: HandlerContext, session: Session, indicator: Indicator) -> Status:
    """The indicator's status, recomputed only when its data or settings have changed."""
    spec = spec_for(ctx, indicator)
    key = (spec, queries.measurement_fingerprint(session, indicator.id))
    return ctx.digests.statuses.get_or_make(
        key, lambda: assess(spec, queries.measurements(session, indicator.id)))
