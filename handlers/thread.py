"""`/perf thread <outcome>`: the golden thread of one outcome, or the outcomes to choose from.

The chain itself is drawn by `handlers.golden_thread`; finding which outcome (or objective)
was meant is the same matching as any question, limited to outcomes and objectives, so a
named one goes to `ask`. The list is in the outcomes' own order, not by id.
"""

from __future__ import annotations

from digests.cards import Card, Section
from handlers import ask
from handlers.ordering import outcomes_in_order
from handlers.request import HandlerContext, Request
from models import queries


def thread(ctx: HandlerContext, request: Request) -> ask.Answered:
    """`thread <outcome>`: the outcome's chain, or a list of outcomes to choose from."""
    if not request.text:
        with ctx.sessions() as session:
            partnership = queries.current_partnership(session)
            titles = [f"• {o.key}: {o.title}" for o in outcomes_in_order(
                queries.outcomes(session, partnership.id))] if partnership else []
        return ask.Answered([Card(title="Which outcome?", sections=(Section.of(
            "Say /perf thread and one of these:\n" + "\n".join(titles)),))])
    return ask.reply(ctx, request, kinds=("outcome", "objective"))
