"""The fake Slack Web API, driven by the real slack_sdk WebClient over real HTTP."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.slack.render import digest_blocks, fallback_text, validate_blocks
from digests.cards import Card, Digest, Image, Section
from tests.fakes.slack_api import UPLOAD, FakeSlack, fake_slack

TOKEN = "xoxb-test-token"


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as fake:
        yield fake


@pytest.fixture
def client(slack: FakeSlack) -> WebClient:
    return WebClient(token=TOKEN, base_url=slack.url, retry_handlers=[])


def test_post_message_round_trip(slack: FakeSlack, client: WebClient) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}]
    response = client.chat_postMessage(channel="C0REABLE", text="hello", blocks=blocks)
    assert response["ok"] and response["channel"] == "C0REABLE" and response["ts"]
    (call,) = slack.calls("chat.postMessage")
    assert call.params["blocks"] == blocks and call.params["text"] == "hello"
    assert call.headers["authorization"] == f"Bearer {TOKEN}" and call.token == TOKEN
    assert call.headers["content-type"].startswith("application/json")
    assert slack.messages[("C0REABLE", response["ts"])]["text"] == "hello"


def test_files_upload_v2_round_trip_keeps_bytes_intact(slack: FakeSlack,
                                                       client: WebClient) -> None:
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(50_000)
    response = client.files_upload_v2(file=png, filename="chart.png", title="Home at 91 days",
                                      alt_txt="Chart: no real change", channel="C0REABLE")
    file = response["file"]
    assert file["title"] == "Home at 91 days" and file["permalink"].startswith("https://")
    assert slack.uploads[file["id"]] == png
    assert [c.method for c in slack.calls()] == [
        "files.getUploadURLExternal", UPLOAD, "files.completeUploadExternal"]
    step1 = slack.calls("files.getUploadURLExternal")[0]
    assert step1.params["length"] == str(len(png)) and step1.params["alt_txt"]
    step3 = slack.calls("files.completeUploadExternal")[0]
    assert step3.json("files") == [{"id": file["id"], "title": "Home at 91 days"}]
    assert step3.params["channel_id"] == "C0REABLE"


def test_rate_limit_raises_with_retry_after_when_no_retry_handler(
        slack: FakeSlack, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", status=429, retry_after=1)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="C1", text="hi")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["retry-after"] == "1"
    assert raised.value.response["error"] == "ratelimited"
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]  # consumed once


def test_rate_limit_retry_handler_succeeds_on_second_try(slack: FakeSlack) -> None:
    client = WebClient(token=TOKEN, base_url=slack.url,
                       retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    slack.fail_next("chat.postMessage", status=429, retry_after=0)
    started = time.monotonic()
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert len(slack.calls("chat.postMessage")) == 2
    assert time.monotonic() - started < 5


def test_ok_false_raises_with_the_error_code(slack: FakeSlack, client: WebClient) -> None:
    slack.fail_next("chat.postMessage", error="channel_not_found", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="C404", text="hi")
        assert raised.value.response.status_code == 200
        assert raised.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C404", text="hi")["ok"]


def test_server_error_raises(slack: FakeSlack, client: WebClient) -> None:
    slack.fail_next("auth.test", status=500)
    with pytest.raises(SlackApiError) as raised:
        client.auth_test()
    assert raised.value.response.status_code == 500
    assert client.auth_test()["user_id"] == "U0BOT"


def test_messages_can_be_updated_linked_and_sent_ephemerally(slack: FakeSlack,
                                                             client: WebClient) -> None:
    posted = client.chat_postMessage(channel="C1", text="first")
    updated = client.chat_update(channel="C1", ts=posted["ts"], text="second")
    assert updated["ts"] == posted["ts"]
    assert slack.messages[("C1", posted["ts"])]["text"] == "second"
    link = client.chat_getPermalink(channel="C1", message_ts=posted["ts"])["permalink"]
    assert link.endswith("/archives/C1/p" + posted["ts"].replace(".", ""))
    assert client.chat_postEphemeral(channel="C1", user="U1", text="psst")["message_ts"]
    with pytest.raises(SlackApiError, match="message_not_found"):
        client.chat_update(channel="C1", ts="1.2", text="x")
    with pytest.raises(SlackApiError, match="no_text"), pytest.warns(UserWarning, match="text"):
        client.chat_postMessage(channel="C1")


def test_direct_messages_and_users(slack: FakeSlack, client: WebClient) -> None:
    slack.add_user("U0AMINA", name="amina", real_name="Amina Shah",
                   email="amina.shah@riverside.example")
    dm = client.conversations_open(users=["U0AMINA"])["channel"]["id"]
    assert dm.startswith("D") and dm == client.conversations_open(users="U0AMINA")["channel"]["id"]
    assert client.users_info(user="U0AMINA")["user"]["real_name"] == "Amina Shah"
    found = client.users_lookupByEmail(email="Amina.Shah@riverside.example")["user"]
    assert found["id"] == "U0AMINA"
    with pytest.raises(SlackApiError, match="users_not_found"):
        client.users_lookupByEmail(email="nobody@example.org")
    with pytest.raises(SlackApiError, match="user_not_found"):
        client.users_info(user="U404")


def test_views_open_update_and_publish(slack: FakeSlack, client: WebClient) -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Suggest"}, "blocks": []}
    opened = client.views_open(trigger_id="123.456", view=modal)["view"]
    assert opened["id"] and opened["type"] == "modal"
    updated = client.views_update(view_id=opened["id"], view={**modal, "blocks": [
        {"type": "divider"}]})["view"]
    assert updated["id"] == opened["id"] and updated["blocks"] == [{"type": "divider"}]
    home = client.views_publish(user_id="U1", view={"type": "home", "blocks": []})["view"]
    assert home["type"] == "home"
    assert slack.calls("views.open")[0].json("view") == modal


def test_auth_is_checked_when_a_token_is_expected() -> None:
    with fake_slack(token=TOKEN) as fake:
        assert WebClient(token=TOKEN, base_url=fake.url).auth_test()["ok"]
        with pytest.raises(SlackApiError, match="invalid_auth"):
            WebClient(token="xoxb-wrong", base_url=fake.url).auth_test()
        with pytest.raises(SlackApiError, match="not_authed"):
            WebClient(base_url=fake.url).auth_test()


def test_reset_forgets_calls_and_failures(slack: FakeSlack, client: WebClient) -> None:
    client.auth_test()
    slack.fail_next("auth.test", error="account_inactive")
    slack.reset()
    assert slack.calls() == [] and client.auth_test()["ok"]


def test_a_rendered_digest_goes_out_with_its_chart(slack: FakeSlack, client: WebClient) -> None:
    card = Card("Still at home", sections=(Section.of("No real change <!channel>."),),
                image=Image(b"\x89PNG\r\n\x1a\nchart", alt="Chart: between 78% and 88%."))
    digest = Digest("Reablement weekly", (card,))
    assert card.image is not None
    uploaded = client.files_upload_v2(file=card.image.png, filename="chart.png",
                                      alt_txt=card.image.alt)
    blocks = digest_blocks(digest, image_file_ids={0: uploaded["file"]["id"]})
    client.chat_postMessage(channel="C1", text=fallback_text(digest), blocks=blocks)
    sent = slack.calls("chat.postMessage")[0].params
    assert validate_blocks(sent["blocks"]) == []
    assert "<!channel>" not in json.dumps(sent)
    assert any(b.get("slack_file") == {"id": uploaded["file"]["id"]} for b in sent["blocks"])
