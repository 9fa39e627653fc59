"""Teams activities into the same handlers Slack and the terminal use, and their replies back.

- A message (a channel mention, threaded under it; a personal or group chat): the bot's own
  `<at>` mention is removed, `handlers.intents.read` reads the words once, and the handlers
  answer. A reply that must stay private (an anonymous idea, a failure that gives someone's
  words back) is never posted in a channel: the author alone sees it, as a targeted message.
- The bot installed or added: the conversation is remembered and, on install, help is sent.
- `adaptiveCard/action` (an `Action.Execute` button): reminder and idea buttons go through
  `handlers.action_presses.press` and `handlers.triage.set_status`; the card the presser sees
  is replaced by the result, the message is updated in place for everyone when something
  changed, and a refusal is a message to the presser alone, leaving the card as it was.

Every activity refreshes its conversation reference (`references.remember`) first. Handler
work is synchronous database work, so it runs in a thread, never on the Teams loop.
"""

from __future__ import annotations

import asyncio
import html
import re
import warnings
from typing import TYPE_CHECKING, Any

from bot.teams import forms, identity, references
from bot.teams.render import adaptive_card
from digests.cards import Card
from handlers.failures import Failed, attempt
from handlers.intents import Intent, read
from handlers.request import Outcome
from handlers.router import Reply, answer

if TYPE_CHECKING:
    from bot.app import AppContext

CARD = "application/vnd.microsoft.card.adaptive"
ONLY_YOU = ("Only you can see this reply. Your message above can still be seen by everyone in "
            "this conversation; you can delete it.")
_AT = re.compile(r"<at[^>]*>(.*?)</at>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def raw(activity: Any) -> dict[str, Any]:
    """The activity as Teams sent it (camelCase JSON)."""
    dumped: dict[str, Any] = activity.model_dump(by_alias=True, exclude_none=True)
    return dumped


def words_of(activity: dict[str, Any]) -> str:
    """The message text without the bot's own mention, as plain text (Teams may send HTML)."""
    text = str(activity.get("text") or "")
    bot = (activity.get("recipient") or {}).get("id")
    mentioned = {str(e.get("text") or "") for e in activity.get("entities") or []
                 if e.get("type") == "mention" and (e.get("mentioned") or {}).get("id") == bot}
    text = _AT.sub(lambda m: "" if m.group(0) in mentioned or not mentioned else m.group(1),
                   text)
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def message_of(cards: list[Card], note: str | None = None) -> Any:
    """One message activity carrying each card as an Adaptive Card attachment."""
    from microsoft_teams.api.activities.message.message import MessageActivityInput
    from microsoft_teams.api.models.attachment.attachment import Attachment

    message = MessageActivityInput(text=note) if note else MessageActivityInput()
    message.attachments = [Attachment(content_type=CARD, content=adaptive_card(card))
                           for card in cards]
    return message


class Activities:
    def __init__(self, app: AppContext) -> None:
        self.app = app

    def register(self, teams: Any) -> None:
        teams.on_message(self.message)
        teams.on_conversation_update(self.conversation_update)
        teams.on_installation_update(self.installation_update)
        teams.on_card_action(self.card_action)

    async def _remember(self, activity: dict[str, Any]) -> None:
        where = references.Where.of(activity)
        if where is not None:
            await asyncio.to_thread(references.remember, self.app.sessions, where)

    # ---- messages -------------------------------------------------------------------------
    async def message(self, ctx: Any) -> None:
        activity = raw(ctx.activity)
        intent = read(words_of(activity))
        if not intent.anonymous:  # an anonymous idea leaves no trace of who or when
            await self._remember(activity)
            await identity.link(self.app.sessions, ctx.api, activity)
        conversation = activity.get("conversation") or {}
        kind = conversation.get("conversationType", "personal")
        # Only a channel is one (a team's digests may be pointed at it): never a chat.
        channel = references.root(str(conversation.get("id") or "")) if kind == "channel" \
            else None
        reply = await asyncio.to_thread(self.converse, identity.user_of(activity), intent,
                                        channel)
        in_channel = kind != "personal"
        if in_channel and reply.private:
            await self._to_sender_only(ctx, reply.cards)
            return
        await ctx.send(message_of(reply.cards))

    def converse(self, user: str | None, intent: Intent, channel: str | None) -> Reply:
        """Answer one intent as this user; a failure says so privately, with their words."""

        def work() -> Reply:
            request = identity.request(user, intent.said, channel=channel,
                                       look_up=not intent.anonymous)
            return answer(self.app.handler_context(), request, intent)

        result = attempt(intent.attempt, work)
        return Reply([result.card], private=True) if isinstance(result, Failed) else result

    async def _to_sender_only(self, ctx: Any, cards: list[Card]) -> None:
        from microsoft_teams.api import Account

        sender = ctx.activity.from_
        message = message_of(cards, ONLY_YOU)
        with warnings.catch_warnings():  # targeted messages are a preview API; it warns
            warnings.simplefilter("ignore")
            message.with_recipient(Account(id=sender.id, name=sender.name), is_targeted=True)
        await ctx.send(message)

    # ---- the bot arriving ---------------------------------------------------------------------
    async def conversation_update(self, ctx: Any) -> None:
        await self._remember(raw(ctx.activity))

    async def installation_update(self, ctx: Any) -> None:
        activity = raw(ctx.activity)
        await self._remember(activity)
        if activity.get("action") == "add":
            reply = await asyncio.to_thread(self.converse, identity.user_of(activity),
                                            read("help"), None)
            await ctx.send(message_of(reply.cards))

    # ---- buttons --------------------------------------------------------------------------
    async def card_action(self, ctx: Any) -> dict[str, Any]:
        activity = raw(ctx.activity)
        await self._remember(activity)
        action = (activity.get("value") or {}).get("action") or {}
        verb, data = str(action.get("verb") or ""), action.get("data") or {}
        user = identity.user_of(activity)
        await identity.link(self.app.sessions, ctx.api, activity)
        pressed = await asyncio.to_thread(forms.press, self.app, user, verb, data)
        if not isinstance(pressed, Outcome):  # a form, or an answer: for the presser only
            return card_response(pressed)
        outcome: Outcome = pressed
        if not outcome.changed:
            return message_response(forms.note_of(outcome))
        await asyncio.to_thread(self.app.notices().send, outcome.notify,
                                f"teams:{activity.get('id')}")
        message_id = activity.get("replyToId")
        if message_id:
            update = message_of([outcome.reply])
            update.id = str(message_id)
            await ctx.send(update)
        return card_response(outcome.reply)


def card_response(card: Card | dict[str, Any]) -> dict[str, Any]:
    """The invoke's answer: this card replaces the pressed one, for the presser."""
    value = adaptive_card(card) if isinstance(card, Card) else card
    return {"statusCode": 200, "type": CARD, "value": value}


def message_response(text: str) -> dict[str, Any]:
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
            "value": text}
