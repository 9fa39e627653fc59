"""From an indicator row to its Status: the settings it is analysed with and its series."""

from __future__ import annotations

from sqlalchemy.orm import Session

from digests.indicators.status import IndicatorSpec, Status, assess
from handlers.request import HandlerContext
from models import queries
from models.tables import Indicator


def spec_for(ctx: HandlerContext, indicator: Indicator) -> IndicatorSpec:
    """The indicator's own SPC settings, falling back to the partnership's."""
    return IndicatorSpec(
        key=indicator.key,
        name=indicator.name,
        unit=indicator.unit,
        frequency=indicator.frequency,
        improvement=indicator.improvement,
        target=indicator.target,
        target_basis=indicator.target_basis,
        screen_outliers=ctx.spc.screen_outliers if indicator.screen_outliers is None
        else indicator.screen_outliers,
        fix_after_n_points=indicator.fix_after_n_points or ctx.spc.fix_after_n_points,
        rebases=tuple(r.date for r in indicator.rebases),
    )


def status_of(ctx: HandlerContext, session: Session, indicator: Indicator) -> Status:
    """The indicator's status, recomputed only when its data or settings have changed."""
    spec = spec_for(ctx, indicator)
    return ctx.digests.statuses.get(
        spec, queries.measurement_fingerprint(session, indicator.id),
        lambda: assess(spec, queries.measurements(session, indicator.id)))
