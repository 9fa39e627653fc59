"""The funnel chart: a PNG drawn with the Figure API, the same bytes for the same input, and
alt text that stands in for it."""

from __future__ import annotations

import io

from PIL import Image

from digests.charts.funnel import funnel_chart
from digests.peers import FunnelUnit, funnel

AREAS = [FunnelUnit("Northvale", 0.80, 520), FunnelUnit("Eastmere", 0.83, 740),
         FunnelUnit("Westbrook", 0.815, 380), FunnelUnit("Southford", 0.79, 830),
         FunnelUnit("Riverside", 0.86, 620, ours=True)]


def test_chart_and_words() -> None:
    found = funnel(AREAS)
    image = funnel_chart(found, title="Still at home 91 days", unit="%", scale=100,
                         improvement="increase")
    picture = Image.open(io.BytesIO(image.png))
    assert picture.size == (800, 450)
    again = funnel_chart(found, title="Still at home 91 days", unit="%", scale=100,
                         improvement="increase")
    assert again.png == image.png
    assert "Funnel plot of Still at home 91 days across 5 areas" in image.alt
    assert f"the peer average is {found.target * 100:.1f}%" in image.alt
    assert "Riverside: 86.0% of 620, better than the peer average" in image.alt
