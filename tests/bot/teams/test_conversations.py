"""Every conversation through Teams, answered by the same handlers as Slack and the terminal."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.teams.activities import ONLY_YOU
from models.tables import ChatIdentity, ConversationReference, Suggestion
from tests.bot.teams.conftest import (
    AMINA_AAD,
    BEN_AAD,
    CHANNEL,
    STRANGER_AAD,
    TEAM,
    TENANT,
    TeamsBot,
)

WORDS = "Stop double-booking the pool cars on Fridays"


def references(bot: TeamsBot) -> list[ConversationReference]:
    with bot.app.sessions() as session:
        return list(session.scalars(select(ConversationReference)
                                    .order_by(ConversationReference.id)))


def identities(bot: TeamsBot) -> list[tuple[str, str]]:
    with bot.app.sessions() as session:
        return [(i.external_id, i.source) for i in session.scalars(
            select(ChatIdentity).where(ChatIdentity.platform == "teams"))]


def test_install_remembers_the_conversation_and_says_hello(teams_bot: TeamsBot) -> None:
    status, _ = teams_bot.post(teams_bot.activity("installationUpdate", action="add"))
    assert status == 200
    [ref] = references(teams_bot)
    assert (ref.conversation_id, ref.kind, ref.tenant_id, ref.user_object_id) == (
        f"a:personal-{AMINA_AAD}", "personal", TENANT, AMINA_AAD)
    assert ref.service_url == teams_bot.fake.url
    [hello] = teams_bot.fake.calls("send")
    assert "help" in hello.text().lower()


def test_bot_added_to_a_team_remembers_the_channel(teams_bot: TeamsBot) -> None:
    added = teams_bot.activity("conversationUpdate", scope="channel",
                               membersAdded=[{"id": "28:bot"}])
    assert teams_bot.post(added)[0] == 200
    [ref] = references(teams_bot)
    assert (ref.conversation_id, ref.kind, ref.team_id, ref.channel_id, ref.user_id) == (
        CHANNEL, "channel", TEAM, CHANNEL, None)


def test_every_conversation_is_answered(teams_bot: TeamsBot) -> None:
    for words in ("help", "mine", "digest", "thread", "how are we doing on delayed discharges"):
        teams_bot.fake.reset()
        assert teams_bot.say(words) == 200, words
        [sent] = teams_bot.fake.calls("send")
        assert sent.cards(), words
        assert not sent.targeted
    mine = teams_bot.fake
    assert mine is not None


def test_mine_knows_the_person_by_their_aad_object_id(teams_bot: TeamsBot) -> None:
    teams_bot.say("mine")
    [sent] = teams_bot.fake.calls("send")
    assert "Open ten extra reablement slots at weekends" in sent.text()


def test_a_named_idea_is_stored_and_the_author_linked_by_exact_email(
        teams_bot: TeamsBot) -> None:
    teams_bot.fake.add_member(f"29:{BEN_AAD}", name="Ben Okafor",
                              email="ben.okafor@riverside.example")
    assert teams_bot.say("suggest " + WORDS, user=BEN_AAD) == 200
    assert (BEN_AAD, "email") in identities(teams_bot)
    with teams_bot.app.sessions() as session:
        [idea] = session.scalars(select(Suggestion))
        assert idea.text == WORDS and not idea.anonymous and idea.person_id is not None


def test_a_stranger_with_a_lookalike_email_is_not_linked(teams_bot: TeamsBot) -> None:
    teams_bot.fake.add_member(f"29:{STRANGER_AAD}", email="ben.okafor@riverside.example.evil.test")
    teams_bot.say("mine", user=STRANGER_AAD)
    assert [i for i, _ in identities(teams_bot)] == [AMINA_AAD]


def test_anonymous_idea_in_a_channel_is_acknowledged_to_the_author_alone(
        teams_bot: TeamsBot) -> None:
    teams_bot.fake.add_member(f"29:{BEN_AAD}", email="ben.okafor@riverside.example")
    assert teams_bot.say("suggest anonymous: " + WORDS, mention=True, scope="channel",
                         user=BEN_AAD) == 200
    [ack] = teams_bot.fake.calls("send")
    assert ack.targeted and ack.body["recipient"]["id"] == f"29:{BEN_AAD}"
    assert ONLY_YOU in ack.text()
    # Nobody was asked who they are, nothing about them or the conversation was stored.
    assert teams_bot.fake.calls("member") == []
    assert [i for i, _ in identities(teams_bot)] == [AMINA_AAD]
    assert references(teams_bot) == []
    with teams_bot.app.sessions() as session:
        [idea] = session.scalars(select(Suggestion))
        assert idea.anonymous and idea.person_id is None and idea.contact_id is None
        assert session.scalar(select(func.count()).select_from(Suggestion)) == 1


def test_anonymous_idea_in_a_personal_chat_leaves_no_identity(teams_bot: TeamsBot) -> None:
    assert teams_bot.say("suggest anonymously " + WORDS, user=BEN_AAD) == 200
    [ack] = teams_bot.fake.calls("send")
    assert WORDS in ack.text()
    assert teams_bot.fake.calls("member") == []
    assert references(teams_bot) == []
    assert [i for i, _ in identities(teams_bot)] == [AMINA_AAD]


def test_user_text_cannot_inject_markdown_or_mentions(teams_bot: TeamsBot) -> None:
    teams_bot.say("suggest [click here](https://evil.example) <at>Everyone</at> **now**")
    [sent] = teams_bot.fake.calls("send")
    text = sent.text()
    assert "[click here](https://evil.example)" not in text
    assert "\\[click here\\]\\(https://evil.example\\)" in text
    assert "<at>" not in text


def test_home_is_the_app_home_as_cards_on_request(teams_bot: TeamsBot) -> None:
    assert teams_bot.say("home") == 200
    [sent] = teams_bot.fake.calls("send")
    text = sent.text()
    assert "Open ten extra reablement slots at weekends" in text  # her actions
    assert any(b.get("type") == "Action.Execute" and b.get("verb") == "action.done"
               for card in sent.cards() for b in _actions(card))


def _actions(card: dict[str, object]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Action."):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return found


def test_two_first_messages_at_once_store_one_reference(teams_bot: TeamsBot) -> None:
    from concurrent.futures import ThreadPoolExecutor

    activities = [teams_bot.message("help") for _ in range(6)]
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda a: teams_bot.post(a)[0], activities))
    assert statuses == [200] * 6
    assert len(references(teams_bot)) == 1
