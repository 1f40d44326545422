"""conversations.* strictness."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from tests.fakeslack import FakeSlack


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "invalid_name_required"),
        ("Has-Caps", "invalid_name_specials"),
        ("with space", "invalid_name_specials"),
        ("inc.1", "invalid_name_specials"),
        ("x" * 81, "invalid_name_maxlength"),
        ("---", "invalid_name_punctuation"),
    ],
)
def test_create_rejects_bad_names(client: WebClient, slack_error, name: str, error: str) -> None:
    assert slack_error(client.conversations_create, name=name) == error


def test_create_makes_bot_creator_and_member(client: WebClient, fake: FakeSlack) -> None:
    channel = client.conversations_create(name="inc-42_db", is_private=True)["channel"]
    assert channel["id"].startswith("C") and channel["is_private"] is True and channel["is_member"] is True
    assert channel["topic"] == {"value": "", "creator": "", "last_set": 0}
    assert fake.channel(channel["id"])["members"] == {"UBOT"}
    assert fake.channel(channel["id"])["creator"] == "UBOT"
    assert client.conversations_create(name="x" * 80)["ok"]


def test_name_taken_includes_archived(client: WebClient, fake: FakeSlack, slack_error) -> None:
    fake.add_channel("general", members=["U1"])
    assert slack_error(client.conversations_create, name="general") == "name_taken"
    cid = client.conversations_create(name="old-incident")["channel"]["id"]
    client.conversations_archive(channel=cid)
    assert slack_error(client.conversations_create, name="old-incident") == "name_taken"


def test_invite_rules(client: WebClient, fake: FakeSlack, slack_error) -> None:
    cid = client.conversations_create(name="inc-1")["channel"]["id"]
    assert client.conversations_invite(channel=cid, users="U1,U2")["ok"]
    assert fake.channel(cid)["members"] == {"UBOT", "U1", "U2"}
    assert slack_error(client.conversations_invite, channel=cid, users="U1,U2") == "already_in_channel"
    assert slack_error(client.conversations_invite, channel=cid, users="U404") == "user_not_found"
    assert slack_error(client.conversations_invite, channel=cid, users="UBOT") == "cant_invite_self"
    assert slack_error(client.conversations_invite, channel="C9999999", users="U1") == "channel_not_found"
    foreign = fake.add_channel("elsewhere", members=["U1"])
    assert slack_error(client.conversations_invite, channel=foreign, users="U2") == "not_in_channel"


def test_invite_partially_new_users_succeeds(client: WebClient, fake: FakeSlack) -> None:
    cid = client.conversations_create(name="inc-2")["channel"]["id"]
    client.conversations_invite(channel=cid, users="U1")
    client.conversations_invite(channel=cid, users=["U1", "U2"])
    assert fake.channel(cid)["members"] == {"UBOT", "U1", "U2"}


def test_join_public_only(client: WebClient, fake: FakeSlack, slack_error) -> None:
    public = fake.add_channel("ops", members=["U1"])
    private = fake.add_channel("secret", is_private=True, members=["U1"])
    assert client.conversations_info(channel=public)["channel"]["is_member"] is False
    assert client.conversations_join(channel=public)["channel"]["is_member"] is True
    assert slack_error(client.conversations_join, channel=private) == "method_not_supported_for_channel_type"
    private_member = fake.add_channel("secret2", is_private=True, members=["UBOT"])
    assert slack_error(client.conversations_join, channel=private_member) == "method_not_supported_for_channel_type"


def test_info_hides_private_channels_bot_is_not_in(client: WebClient, fake: FakeSlack, slack_error) -> None:
    private = fake.add_channel("secret", is_private=True, members=["U1"])
    assert slack_error(client.conversations_info, channel=private) == "channel_not_found"


def test_list_types_archived_and_pagination(client: WebClient, fake: FakeSlack) -> None:
    for i in range(5):
        fake.add_channel(f"pub-{i}")
    fake.add_channel("hidden", is_private=True, members=["U1"])
    mine = fake.add_channel("mine", is_private=True, members=["UBOT"])
    archived = client.conversations_create(name="gone")["channel"]["id"]
    client.conversations_archive(channel=archived)

    names, cursor = [], None
    while True:
        page = client.conversations_list(
            types="public_channel,private_channel", limit=2, cursor=cursor, exclude_archived=True
        )
        assert len(page["channels"]) <= 2
        names += [c["name"] for c in page["channels"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert sorted(names) == sorted([f"pub-{i}" for i in range(5)] + ["mine"])
    default = client.conversations_list()["channels"]
    assert mine not in {c["id"] for c in default} and archived in {c["id"] for c in default}


def test_members_and_topic_purpose(client: WebClient, fake: FakeSlack, slack_error) -> None:
    cid = client.conversations_create(name="inc-3")["channel"]["id"]
    client.conversations_invite(channel=cid, users="U1")
    assert sorted(client.conversations_members(channel=cid)["members"]) == ["U1", "UBOT"]
    topic = client.conversations_setTopic(channel=cid, topic="SEV1: db down")["channel"]["topic"]
    assert topic["value"] == "SEV1: db down" and topic["creator"] == "UBOT"
    client.conversations_setPurpose(channel=cid, purpose="Incident #3")
    assert (fake.channel(cid)["topic"], fake.channel(cid)["purpose"]) == ("SEV1: db down", "Incident #3")
    assert slack_error(client.conversations_setTopic, channel=cid, topic="x" * 251) == "too_long"
    foreign = fake.add_channel("ops", members=["U1"])
    assert slack_error(client.conversations_setTopic, channel=foreign, topic="t") == "not_in_channel"
    secret = fake.add_channel("secret", is_private=True, members=["U1"])
    assert slack_error(client.conversations_setPurpose, channel=secret, purpose="p") == "not_in_channel"


def test_history_windows(client: WebClient, fake: FakeSlack, slack_error) -> None:
    cid = client.conversations_create(name="inc-4")["channel"]["id"]
    ts = [client.chat_postMessage(channel=cid, text=f"m{i}")["ts"] for i in range(5)]
    client.chat_postMessage(channel=cid, text="reply", thread_ts=ts[0])
    history = client.conversations_history(channel=cid)
    assert [m["text"] for m in history["messages"]] == ["m4", "m3", "m2", "m1", "m0"]
    assert history["messages"][-1]["reply_count"] == 1
    one = client.conversations_history(channel=cid, latest=ts[2], inclusive=True, limit=1)["messages"]
    assert [m["ts"] for m in one] == [ts[2]]
    assert client.conversations_history(channel=cid, latest=ts[2], limit=1)["messages"][0]["ts"] == ts[1]
    window = client.conversations_history(channel=cid, oldest=ts[1], latest=ts[3])["messages"]
    assert [m["ts"] for m in window] == [ts[2]]
    page = client.conversations_history(channel=cid, limit=2)
    assert page["has_more"] is True
    rest = client.conversations_history(channel=cid, limit=10, cursor=page["response_metadata"]["next_cursor"])
    assert [m["text"] for m in rest["messages"]] == ["m2", "m1", "m0"]
    assert slack_error(client.conversations_history, channel=cid, latest="soon") == "invalid_ts_latest"
    assert slack_error(client.conversations_history, channel=fake.add_channel("ops")) == "not_in_channel"


def test_replies_thread(client: WebClient) -> None:
    cid = client.conversations_create(name="inc-5")["channel"]["id"]
    root = client.chat_postMessage(channel=cid, text="root")["ts"]
    reply = client.chat_postMessage(channel=cid, text="r1", thread_ts=root)["ts"]
    client.chat_postMessage(channel=cid, text="r2", thread_ts=reply)  # reply-to-reply lands on the root
    texts = [m["text"] for m in client.conversations_replies(channel=cid, ts=root)["messages"]]
    assert texts == ["root", "r1", "r2"]


def test_archive(client: WebClient, fake: FakeSlack, slack_error) -> None:
    cid = client.conversations_create(name="inc-6")["channel"]["id"]
    client.conversations_archive(channel=cid)
    assert fake.channel(cid)["is_archived"] is True
    assert slack_error(client.conversations_archive, channel=cid) == "already_archived"
    assert slack_error(client.chat_postMessage, channel=cid, text="x") == "is_archived"
    assert slack_error(client.conversations_archive, channel=fake.add_channel("ops")) == "not_in_channel"


def test_a_private_channel_the_app_left_is_not_found(client: WebClient, fake: FakeSlack, slack_error) -> None:
    private = fake.add_channel("secret", is_private=True, members=["U1", "UBOT"])
    assert client.conversations_members(channel=private)["members"] == ["U1", "UBOT"]
    fake.remove_member(private, "UBOT")
    assert slack_error(client.conversations_members, channel=private) == "channel_not_found"
    assert "UBOT" not in fake.channel(private)["members"]
