"""pins.* and reactions.*"""

from __future__ import annotations

from slack_sdk import WebClient

from tests.fakeslack import FakeSlack


def test_pins(client: WebClient, fake: FakeSlack, slack_error) -> None:
    cid = client.conversations_create(name="inc-pins")["channel"]["id"]
    ts = client.chat_postMessage(channel=cid, text="summary")["ts"]
    client.pins_add(channel=cid, timestamp=ts)
    assert fake.pins(cid) == [ts]
    assert slack_error(client.pins_add, channel=cid, timestamp=ts) == "already_pinned"
    assert slack_error(client.pins_add, channel=cid, timestamp="1.000001") == "message_not_found"
    listed = client.pins_list(channel=cid)["items"]
    assert [i["message"]["ts"] for i in listed] == [ts]
    client.pins_remove(channel=cid, timestamp=ts)
    assert fake.pins(cid) == []
    assert slack_error(client.pins_remove, channel=cid, timestamp=ts) == "not_pinned"
    other = fake.add_channel("ops", members=["U1"])
    assert slack_error(client.pins_add, channel=other, timestamp=ts) == "not_in_channel"


def test_reactions(client: WebClient, fake: FakeSlack, slack_error) -> None:
    cid = client.conversations_create(name="inc-react")["channel"]["id"]
    ts = client.chat_postMessage(channel=cid, text="ack?")["ts"]
    client.reactions_add(channel=cid, timestamp=ts, name="eyes")
    assert fake.reactions(cid, ts) == {"eyes": ["UBOT"]}
    assert slack_error(client.reactions_add, channel=cid, timestamp=ts, name="eyes") == "already_reacted"
    assert slack_error(client.reactions_add, channel=cid, timestamp="1.000001", name="eyes") == "message_not_found"
    assert slack_error(client.reactions_add, channel=cid, timestamp=ts, name=":eyes:") == "invalid_name"
    got = client.reactions_get(channel=cid, timestamp=ts)["message"]["reactions"]
    assert got == [{"name": "eyes", "users": ["UBOT"], "count": 1}]
