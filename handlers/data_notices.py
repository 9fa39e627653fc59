"""What the owner of an indicator hears about its data: a figure that is late (with a button to
enter it), and a SQL source that fails or works again. Kind words, as the research asks of
accountability: a request and an offer of help, never blame."""

from __future__ import annotations

from datetime import date

from digests.cards import Button, Card, Section
from digests.indicators.lateness import Lateness
from digests.words.numbers import format_period

RECORD_OPEN = "record.open"


def late_figure_card(key: str, name: str, frequency: str, late: Lateness, as_of: date) -> Card:
    """The nudge for a late figure: what is missing, how late, and a button to enter it."""
    period = format_period(late.period, frequency)
    return Card(
        title="Figures we are waiting for",
        sections=(
            Section.of(f"The figures for {name} for {period} have not arrived yet: "
                       f"{late.words(as_of)}. Could you enter them, or tell us if something "
                       "is in the way?"),
            Section.of(f"Or type: /perf record {key} <value> for {period}"),
        ),
        buttons=(Button(RECORD_OPEN, "Enter the figure", f"{key}|{late.period.isoformat()}",
                        "primary"),),
    )


def source_failed_card(name: str, kind: str, error: str, url_env: str) -> Card:
    fix = {
        "setting": f"Check the environment variable {url_env} where goldthread runs.",
        "connection": "Check that the database is up and that goldthread may reach it.",
        "timeout": "The query may need an index, or to select fewer rows.",
        "refused": "Change the query in the framework file to one plain SELECT.",
    }.get(kind, "Fix the query or the rows it returns, in the database or the framework file.")
    return Card(title=f"The data source for {name} is not working", sections=(
        Section.of(f"I could not pull the latest figures: {error}."),
        Section.of(f"{fix} I will keep trying every day and will tell you again only if "
                   "something changes."),
    ))


def source_recovered_card(name: str, inserted: int, updated: int) -> Card:
    news = f"{inserted} new figure{'s' if inserted != 1 else ''}"
    if updated:
        news += f" and {updated} revised"
    return Card(title=f"The data source for {name} works again", sections=(Section.of(
        f"The last pull worked: {news}. Thank you for sorting it out."),))
