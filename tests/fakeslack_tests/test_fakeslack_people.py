"""What people do to messages (tests/fakeslack/people.py): the state changes as in Slack, and the
event returned is the one Slack would send."""

from __future__ import annotations

from slack_sdk import WebClient

from tests.fakeslack import FakeSlack, people


def test_an_edit_changes_what_history_reads_and_is_told_as_message_changed(client: WebClient, fake: FakeSlack) -> None:
    cid = fake.add_channel("ops", members=["U1", "UBOT"])
    ts = fake.add_message(cid, "U1", "db-3 at 98%")

    event = people.edit(fake, cid, ts, "db-3 at 99%")

    [read] = client.conversations_history(channel=cid, latest=ts, inclusive=True, limit=1)["messages"]
    assert (read["text"], read["edited"]["user"]) == ("db-3 at 99%", "U1")
    assert event["subtype"] == "message_changed" and event["channel"] == cid
    assert (event["message"]["ts"], event["message"]["text"]) == (ts, "db-3 at 99%")
    assert event["previous_message"]["text"] == "db-3 at 98%"
    assert event["message"]["edited"]["ts"] == event["event_ts"]


def test_a_delete_removes_the_message_and_its_reactions(client: WebClient, fake: FakeSlack) -> None:
    cid = fake.add_channel("ops", members=["U1", "UBOT"])
    ts = fake.add_message(cid, "U1", "typo")
    people.react(fake, cid, ts, "U2")

    event = people.delete(fake, cid, ts)

    assert fake.messages(cid) == [] and fake.reactions(cid, ts) == {}
    assert (event["subtype"], event["deleted_ts"], event["previous_message"]["text"]) == ("message_deleted", ts, "typo")


def test_reactions_by_people_show_in_history_and_come_off_one_by_one(client: WebClient, fake: FakeSlack) -> None:
    cid = fake.add_channel("ops", members=["U1", "UBOT"])
    ts = fake.add_message(cid, "U1", "pin me")
    added = people.react(fake, cid, ts, "U1")
    people.react(fake, cid, ts, "U2")

    removed = people.unreact(fake, cid, ts, "U1")

    [read] = client.conversations_history(channel=cid, latest=ts, inclusive=True, limit=1)["messages"]
    assert read["reactions"] == [{"name": "pushpin", "users": ["U2"], "count": 1}]
    assert (added["type"], removed["type"]) == ("reaction_added", "reaction_removed")
    assert removed["item"] == {"type": "message", "channel": cid, "ts": ts} and removed["reaction"] == "pushpin"
