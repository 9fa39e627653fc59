"""What the bot can do, in the words people will type."""

from __future__ import annotations

from digests.cards import Card, Section


def help_card() -> Card:
    return Card(
        title="What I can do",
        sections=(
            Section.of(
                "• Ask how something is doing: how are we doing on delayed discharges?\n"
                "• /perf mine: your actions and ideas\n"
                "• /perf thread <outcome>: from the outcome down to actions and budget\n"
                "• what's overdue?: actions past their due date\n"
                "• /perf digest: your team's digest, now, just for you\n"
                "• /perf note <text>: managers add a word to the team's next digest\n"
                "• /perf record <measure> <value> [for <period>]: owners enter a figure\n"
                "• /suggest <idea>: share an improvement idea "
                "(start with 'anonymous:' to leave your name off)\n"
                "• /perf change: record a change and the measure it should move\n"
                "• /perf review <change>: did it work? /perf learned <change>: <what we "
                "learned>\n"
                "• /perf worked <words>: what worked, across the partnership\n"
                "• how do we compare on <measure>?: our place among similar areas\n"
                "• /perf national <framework>: our measures in ASCOF, PHOF, ...\n"
                "• help: this list"
            ),
            Section.of(
                "I only call something a change when the numbers show more than the usual "
                "ups and downs."
            ),
        ),
    )
