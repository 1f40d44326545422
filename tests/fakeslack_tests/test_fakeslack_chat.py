"""chat.* strictness and the state tests can assert on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakeslack import FakeSlack


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@pytest.fixture
def cid(client: WebClient) -> str:
    channel_id = client.conversations_create(name="inc-chat")["channel"]["id"]
    client.conversations_invite(channel=channel_id, users="U1")
    return channel_id


def test_post_records_message_with_increasing_ts(client: WebClient, fake: FakeSlack, cid: str) -> None:
    metadata = {"event_type": "incident_created", "event_payload": {"id": 1}}
    first = client.chat_postMessage(
        channel=cid, text="hello", blocks=[_section("*hi*")], metadata=metadata, unfurl_links=False
    )
    second = client.chat_postMessage(channel=cid, text="again", thread_ts=first["ts"])
    assert first["channel"] == cid and first["message"]["text"] == "hello"
    assert Decimal(second["ts"]) > Decimal(first["ts"]) and len(first["ts"].split(".")[1]) == 6
    stored = fake.messages(cid)
    assert stored[0] == {
        "ts": first["ts"],
        "user": "UBOT",
        "text": "hello",
        "blocks": [_section("*hi*")],
        "thread_ts": None,
        "metadata": metadata,
        "files": [],
        "edited": None,
    }
    assert stored[1]["thread_ts"] == first["ts"]


def test_post_requires_membership(client: WebClient, fake: FakeSlack, slack_error) -> None:
    public = fake.add_channel("ops", members=["U1"])
    private = fake.add_channel("secret", is_private=True, members=["U1"])
    assert slack_error(client.chat_postMessage, channel=public, text="x") == "not_in_channel"
    assert slack_error(client.chat_postMessage, channel=private, text="x") == "not_in_channel"
    assert slack_error(client.chat_postMessage, channel="C7654321", text="x") == "channel_not_found"
    assert fake.messages(public) == []


def test_chat_write_public_allows_public_only() -> None:
    with FakeSlack(chat_write_public=True) as fake:
        client = WebClient(base_url=fake.api_url, token="xoxb-test")
        public = fake.add_channel("ops")
        private = fake.add_channel("secret", is_private=True)
        assert client.chat_postMessage(channel=public, text="x")["ok"]
        with pytest.raises(SlackApiError) as caught:
            client.chat_postMessage(channel=private, text="x")
        assert caught.value.response["error"] == "not_in_channel"


def test_post_to_user_opens_dm(client: WebClient, fake: FakeSlack, slack_error) -> None:
    response = client.chat_postMessage(channel="U1", text="psst")
    dm = response["channel"]
    assert dm.startswith("D") and fake.dm_channel("U1") == dm
    assert [m["text"] for m in fake.messages(dm)] == ["psst"]
    assert client.chat_postMessage(channel="U1", text="again")["channel"] == dm
    assert slack_error(client.chat_postMessage, channel="U404", text="x") == "channel_not_found"


def test_text_rules(client: WebClient, cid: str, slack_error) -> None:
    # api_call directly: chat_postMessage itself warns about a missing text (an error under -W error)
    assert slack_error(client.api_call, api_method="chat.postMessage", json={"channel": cid}) == "no_text"
    assert slack_error(client.chat_postMessage, channel=cid, text="x" * 40001) == "msg_too_long"
    assert client.chat_postMessage(channel=cid, text="x" * 40000)["ok"]


@pytest.mark.parametrize(
    "blocks",
    [
        [{"type": "divider"}] * 51,
        [_section("x" * 3001)],
        [{"type": "section", "fields": [{"type": "mrkdwn", "text": "y" * 2001}]}],
        [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
        [{"type": "fancy"}],
        [{"text": "no type"}],
    ],
    ids=["51-blocks", "section-3001", "field-2001", "header-151", "unknown-type", "missing-type"],
)
def test_invalid_blocks(client: WebClient, fake: FakeSlack, cid: str, slack_error, blocks: list) -> None:
    assert slack_error(client.chat_postMessage, channel=cid, text="fallback", blocks=blocks) == "invalid_blocks"
    assert fake.messages(cid) == []


def test_invalid_blocks_reports_pointer(client: WebClient, cid: str) -> None:
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel=cid, text="t", blocks=[_section("x" * 3001)])
    response = caught.value.response
    assert response.status_code == 200 and response["error"] == "invalid_blocks"
    assert response["response_metadata"]["messages"] == [
        "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"
    ]


def test_block_limits_are_inclusive(client: WebClient, cid: str) -> None:
    blocks = [_section("x" * 3000), {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}}]
    blocks += [{"type": "divider"}] * 48
    assert client.chat_postMessage(channel=cid, text="t", blocks=blocks)["ok"]


def test_update_rules(client: WebClient, fake: FakeSlack, cid: str, slack_error) -> None:
    ts = client.chat_postMessage(channel=cid, text="v1", blocks=[_section("v1")])["ts"]
    client.chat_update(channel=cid, ts=ts, text="v2")
    message = fake.messages(cid)[0]
    assert message["text"] == "v2" and message["blocks"] == [_section("v1")] and message["edited"]["user"] == "UBOT"
    assert slack_error(client.chat_update, channel=cid, ts="1.000001", text="x") == "message_not_found"
    assert (
        slack_error(client.chat_update, channel=cid, ts=ts, text="x", blocks=[_section("x" * 3001)]) == "invalid_blocks"
    )
    human_ts = fake.add_message(cid, "U1", "from alice")
    assert slack_error(client.chat_update, channel=cid, ts=human_ts, text="x") == "cant_update_message"


def test_delete(client: WebClient, fake: FakeSlack, cid: str, slack_error) -> None:
    ts = client.chat_postMessage(channel=cid, text="oops")["ts"]
    client.chat_delete(channel=cid, ts=ts)
    assert fake.messages(cid) == []
    assert slack_error(client.chat_delete, channel=cid, ts=ts) == "message_not_found"


def test_post_ephemeral(client: WebClient, fake: FakeSlack, cid: str, slack_error) -> None:
    assert client.chat_postEphemeral(channel=cid, user="U1", text="only you")["message_ts"]
    assert fake.ephemerals == [{"channel": cid, "user": "U1", "text": "only you", "blocks": None}]
    assert slack_error(client.chat_postEphemeral, channel=cid, user="U2", text="x") == "user_not_in_channel"
    other = fake.add_channel("ops", members=["U2"])
    assert slack_error(client.chat_postEphemeral, channel=other, user="U2", text="x") == "not_in_channel"
    assert fake.messages(cid) == []


def test_permalink(client: WebClient, cid: str, slack_error) -> None:
    ts = client.chat_postMessage(channel=cid, text="x")["ts"]
    link = client.chat_getPermalink(channel=cid, message_ts=ts)["permalink"]
    assert link == f"https://fake.slack.com/archives/{cid}/p{ts.replace('.', '')}"
    assert slack_error(client.chat_getPermalink, channel=cid, message_ts="1.000002") == "message_not_found"


def test_thread_ts_must_exist(client: WebClient, cid: str, slack_error) -> None:
    assert slack_error(client.chat_postMessage, channel=cid, text="x", thread_ts="123.000001") == "invalid_thread_ts"


def test_metadata_schema(client: WebClient, cid: str, slack_error) -> None:
    assert (
        slack_error(client.chat_postMessage, channel=cid, text="x", metadata={"event_type": "e"})
        == "invalid_metadata_schema"
    )


def _checkboxes(options: list[dict], **more: object) -> list[dict]:
    return [{"type": "actions", "elements": [{"type": "checkboxes", "action_id": "a", "options": options, **more}]}]


def _option(text: str, value: str = "1") -> dict:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        (_checkboxes([_option("step", str(n)) for n in range(11)]), "/blocks/0/elements/0/options"),
        (_checkboxes([_option("x" * 76)]), "/blocks/0/elements/0/options/0/text/text"),
        (_checkboxes([_option("step", "v" * 151)]), "/blocks/0/elements/0/options/0/value"),
        (_checkboxes([_option("a")], initial_options=[_option("b")]), "/blocks/0/elements/0/initial_options"),
        (_checkboxes([_option("a")], initial_options=[]), "/blocks/0/elements/0/initial_options"),
    ],
)
def test_checkboxes_beyond_slacks_limits_are_refused(client: WebClient, cid: str, blocks: list, pointer: str) -> None:
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel=cid, text="checklist", blocks=blocks)
    assert refused.value.response["error"] == "invalid_blocks"
    assert pointer in str(refused.value.response["errors"])


def test_ten_checkboxes_of_75_characters_are_accepted(client: WebClient, cid: str) -> None:
    options = [_option("x" * 75, str(n)) for n in range(10)]
    assert client.chat_postMessage(channel=cid, text="ok", blocks=_checkboxes(options, initial_options=options[:1]))[
        "ok"
    ]
