"""One format per unit within a message (issue 11, item 8): no "£1,192,622" beside "£983.5k to
£1.4m"; every figure of a measure shares its scale."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from digests.indicators.periods import next_period
from digests.indicators.status import IndicatorSpec, assess


def test_money_is_one_scale_in_every_part_of_an_answer() -> None:
    days = [date(2024, 1, 1)]
    while len(days) < 24:
        days.append(next_period(days[-1], "month"))
    values = [1_180_000 + (i % 5) * 23_117 for i in range(23)] + [1_192_622]
    spec = IndicatorSpec("agency", "Agency spend", "pounds", "month", "decrease",
                         target=1_100_000)
    status = assess(spec, pd.DataFrame({"period": days, "value": values}))
    said = [status.latest_text, status.change_text, status.usual_text, status.target_text,
            status.words.text if status.words else ""]
    figures = [f for text in said if text for f in re.findall(r"£[\d.,]+[km]?", text)]
    assert figures and all(re.fullmatch(r"£\d+\.\d\dm", f) for f in figures), said
    assert status.latest_text.startswith("£1.19m")
