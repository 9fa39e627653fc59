"""Sending stored deliveries to Teams: the outbox's Teams `Transport`.

The payload is the message activity itself (`{"type": "message", "attachments": [card]}`), as
`digest preview --format teams` prints it. Where it goes comes from the stored conversation
references: a channel or chat by its id, a person (kind "dm", target their AAD object id) by
their 1:1 chat, created with `conversations.create` when there is none yet (the chat's id is
written into `progress` at once, so a retry does not create another). A digest's chart goes
in as an inline image; when that puts the card over the 80 KB budget, the card is fitted again
(the image goes first, the chart's words stay).

The SDK does not retry rate limits: a 429 is a transient SendError with Teams' Retry-After,
and the outbox reschedules the row. 5xx and connection failures are transient; anything else
(403: the app is not installed for that user, 404: no such conversation) is permanent.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery.outbox import SendError
from bot.teams import references, render
from bot.teams.runtime import TeamsRuntime
from models.tables import ChartImage, ConversationReference, Delivery

CARD = "application/vnd.microsoft.card.adaptive"


class TeamsTransport:
    platform = "teams"

    def __init__(self, runtime: TeamsRuntime, sessions: sessionmaker[Session],
                 tenant_id: str | None, timeout: float = 60.0) -> None:
        self._runtime = runtime
        self._sessions = sessions
        self._tenant_id = tenant_id
        self._timeout = timeout

    def send(self, delivery: Delivery, image: ChartImage | None, progress: dict[str, Any]) -> str:
        try:
            conversation, service_url = self._where(delivery, progress)
            activity = activity_of(delivery.payload, image)
            return self._runtime.loop.run(self._post(conversation, service_url, activity),
                                          self._timeout)
        except httpx.HTTPStatusError as exc:
            raise status_error(exc) from exc
        except (httpx.TransportError, TimeoutError) as exc:
            raise SendError(f"teams unreachable: {type(exc).__name__}", True) from exc

    def _where(self, delivery: Delivery, progress: dict[str, Any]) -> tuple[str, str]:
        if "conversation" in progress:
            return str(progress["conversation"]), str(progress["service_url"])
        with self._sessions() as session:
            if delivery.kind == "dm":
                found = references.personal(session, delivery.target)
                if found is None:
                    return self._new_chat(session, delivery.target, progress)
            else:
                found = references.find(session, delivery.target)
            if found is None:
                raise SendError("teams: goldthread has not been added to that conversation "
                                "(add the app to the team or chat first)", False)
            return found.conversation_id, found.service_url

    def _new_chat(self, session: Session, user: str,
                  progress: dict[str, Any]) -> tuple[str, str]:
        """A 1:1 chat with the user, made through the service URL their tenant uses."""
        from microsoft_teams.api import Account
        from microsoft_teams.api.clients.conversation.params import CreateConversationParams

        known = references.any_in_tenant(session, self._tenant_id)
        if known is None:
            raise SendError("teams: nobody in this tenant has installed goldthread yet, so "
                            "there is no service to create a chat through", False)
        params = CreateConversationParams(members=[Account(id=user)],
                                          tenant_id=known.tenant_id or self._tenant_id)
        api = self._runtime.app.api.clone(service_url=known.service_url)
        made = self._runtime.loop.run(api.conversations.create(params), self._timeout)
        progress.update(conversation=made.id, service_url=known.service_url)
        session.add(ConversationReference(
            platform=references.PLATFORM, conversation_id=made.id,
            service_url=known.service_url, tenant_id=known.tenant_id, kind="personal",
            user_object_id=user))
        session.commit()
        return str(made.id), known.service_url

    async def _post(self, conversation: str, service_url: str, activity: Any) -> str:
        api = self._runtime.app.api.clone(service_url=service_url)
        sent = await api.conversations.activities(conversation).create(activity)
        return str(sent.id)


def activity_of(payload: dict[str, Any], image: ChartImage | None) -> Any:
    """The stored payload as the SDK's message, with the chart put in (or left out)."""
    from microsoft_teams.api.activities.message.message import MessageActivityInput
    from microsoft_teams.api.models.attachment.attachment import Attachment

    attachments = []
    for attachment in payload.get("attachments") or []:
        content = attachment.get("content")
        if attachment.get("contentType") == CARD and isinstance(content, dict):
            content = render.with_chart(copy.deepcopy(content),
                                        image.png if image is not None else None)
        attachments.append(Attachment(content_type=attachment.get("contentType"),
                                      content=content))
    message = MessageActivityInput(text=payload.get("text")) if payload.get("text") \
        else MessageActivityInput()
    message.attachments = attachments
    return message


def status_error(exc: httpx.HTTPStatusError) -> SendError:
    status = exc.response.status_code
    path = exc.request.url.path.rsplit("/", 1)[-1]
    message = f"teams {exc.request.method} …/{path}: HTTP {status}"
    if status == 429:
        return SendError(message, True, retry_after(exc.response.headers))
    return SendError(message, status >= 500)


def retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None
