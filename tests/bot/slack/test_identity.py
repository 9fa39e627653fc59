"""Nobody becomes somebody else (issue 8, item 1, the Slack side).

A Slack account is linked to a person by its profile email only when that person has no Slack
identity yet; a second account showing the same email, or an email that merely looks like
theirs, stays a stranger, and a stranger changes nothing. The framework here adds Priya, a
manager with an email and no `slack_id`, who may be recognised by email, once.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from models.tables import Accountability, ChatIdentity
from tests.bot.slack.conftest import Bot
from tests.bot.slack.test_buttons import action, post_reminder, press_on
from tests.fakes.platforms import CHAT

PRIYA = """
[[people]]
id = "priya"
name = "Priya Nair"
email = "priya@riverside.example"
role = "manager"
partner = "council"
teams = ["reablement"]
"""


@pytest.fixture
def framework_text(framework_text: str) -> str:
    head, _, tail = framework_text.partition("[[teams]]")
    return f"{head}{PRIYA.strip()}\n\n[[teams]]{tail}"


def identities(bot: Bot, person_key: str) -> list[str]:
    with bot.app.sessions() as session:
        from models.tables import Person

        person = session.scalars(select(Person).where(Person.key == person_key)).one()
        return list(session.scalars(select(ChatIdentity.external_id).where(
            ChatIdentity.person_id == person.id, ChatIdentity.platform == "slack")))


def refused_a_managers_action(bot: Bot, user: str) -> None:
    """Done on Amina's action is a manager's (or the owner's) to press; not a stranger's."""
    target = action(bot, "extra-slots")
    with bot.app.sessions() as session:
        history = len(session.get_one(Accountability, target.id).updates)
    name = press_on(bot, post_reminder(bot, "extra-slots"), "action.done", str(target.id), user)
    bot.idle()
    told = [c.params for c in bot.fake.calls("response") if c.params.get("_name") == name]
    assert "nothing was changed" in json.dumps(told).lower()
    assert bot.fake.calls("chat.update") == []
    assert action(bot, "extra-slots").status == "open"
    with bot.app.sessions() as session:
        assert len(session.get_one(Accountability, target.id).updates) == history


def test_someone_with_no_slack_id_is_recognised_by_email_once(small_bot: Bot) -> None:
    small_bot.fake.add_user("U0PRIYA", name="priya", email="Priya@Riverside.example")
    (reply,) = small_bot.response(small_bot.command("mine", user="U0PRIYA"))
    assert "I don't know you yet" not in json.dumps(reply)
    small_bot.response(small_bot.command("mine", user="U0PRIYA"))
    assert len(small_bot.fake.calls("users.info")) == 1  # the identity is stored now
    assert identities(small_bot, "priya") == ["U0PRIYA"]


def test_a_second_account_never_takes_over_someone_already_linked(small_bot: Bot) -> None:
    small_bot.fake.add_user("U0PRIYA", name="priya", email="priya@riverside.example")
    small_bot.response(small_bot.command("mine", user="U0PRIYA"))
    small_bot.fake.add_user("U0PRIYA2", name="priya", email="priya@riverside.example")
    (reply,) = small_bot.response(small_bot.command("mine", user="U0PRIYA2"))
    assert "I don't know you yet" in json.dumps(reply)
    assert identities(small_bot, "priya") == ["U0PRIYA"]
    refused_a_managers_action(small_bot, "U0PRIYA2")


@pytest.mark.parametrize("email", ["amina.shah@riverside.example",  # hers, exactly
                                   "AMINA.SHAH@riverside.example",
                                   "amina_shah@riverside.example"])  # a pattern of hers
def test_a_stranger_showing_a_linked_managers_email_stays_a_stranger(small_bot: Bot,
                                                                    email: str) -> None:
    """Amina has a `slack_id` in the framework file; no other account becomes her."""
    small_bot.fake.add_user("U0IMPOSTOR", name="amina", email=email)
    refused_a_managers_action(small_bot, "U0IMPOSTOR")
    assert identities(small_bot, "amina") == ["U0AMINA"]
    with small_bot.app.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ChatIdentity).where(
            ChatIdentity.external_id == "U0IMPOSTOR")) == 0


def test_an_email_that_only_looks_like_a_persons_links_nobody(small_bot: Bot) -> None:
    """`_` is a wildcard to ILIKE; an email must match the whole address exactly. Priya has
    no Slack identity, so only an exact email match (models.queries) protects her."""
    small_bot.fake.add_user("U0STRANGER", name="stranger", email="priy_@riverside.example")
    refused_a_managers_action(small_bot, "U0STRANGER")
    assert identities(small_bot, "priya") == []


def test_a_link_made_by_email_survives_reloading_the_framework(small_bot: Bot,
                                                               framework_text: str) -> None:
    """The adapter links through models.identities (source "email"), so a reload of the
    unchanged file keeps Priya recognised; before, the loader dropped every identity the file
    did not name."""
    from models.db import transaction
    from models.framework import load_framework

    small_bot.fake.add_user("U0PRIYA", name="priya", email="priya@riverside.example")
    small_bot.response(small_bot.command("mine", user="U0PRIYA"))
    with transaction(small_bot.app.sessions) as session:
        load_framework(session, framework_text, chat_platforms=CHAT)
    assert identities(small_bot, "priya") == ["U0PRIYA"]
    (reply,) = small_bot.response(small_bot.command("mine", user="U0PRIYA"))
    assert "I don't know you yet" not in json.dumps(reply)
    assert len(small_bot.fake.calls("users.info")) == 1
