"""Handler fixtures: the test framework with a realistic series behind each indicator."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

from handlers.request import HandlerContext
from models.db import transaction
from models.tables import Indicator, Measurement


def monthly(n: int, end: date) -> list[date]:
    months = [(end.year * 12 + end.month - 1) - k for k in range(n)][::-1]
    return [date(m // 12, m % 12 + 1, 1) for m in months]


@pytest.fixture
def with_data(ctx: HandlerContext) -> HandlerContext:
    """home-91: 30 months in noise then 9 months stepped up (an improvement);
    delayed-discharges: 40 weeks of noise."""
    rng = np.random.default_rng(7)
    with transaction(ctx.sessions) as session:
        ids = {i.key: i.id for i in session.scalars(select(Indicator))}
        rows = []
        for k, period in enumerate(monthly(39, date(2026, 10, 1))):
            level = 80.0 if k < 30 else 85.0
            den = 200
            num = round(den * (level + rng.normal(0, 1.2)) / 100)
            rows.append({"indicator_id": ids["home-91"], "period": period, "area": "",
                         "value": round(100 * num / den, 1), "numerator": num,
                         "denominator": den})
        monday = date(2026, 11, 16)
        for k in range(40):
            rows.append({"indicator_id": ids["delayed-discharges"],
                         "period": monday - timedelta(weeks=39 - k), "area": "",
                         "value": float(round(40 + rng.normal(0, 3)))})
        session.execute(insert(Measurement), rows)
    return ctx


def sessions_of(ctx: HandlerContext) -> sessionmaker[Session]:
    return ctx.sessions
