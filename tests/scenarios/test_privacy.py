"""Private stays private: whatever happens in a private incident, its title reaches nobody outside
its channel — not the announce channel, not a page or handoff note DM'd to someone Slack would not
let in — while that person is still paged, without the details, and the channel is told."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness, blocks_text, start_harness

GUEST = "U0GUEST"  # a guest account: Slack refuses to invite it to the channel
SECRET = "Acquisition data room exposed"
USERS = (ALICE, BOB, CAROL, DAVE, GUEST)


@pytest.fixture
def bot(fake: FakeSlack, database_url: str) -> Iterator[Harness]:
    harness = start_harness(fake, database_url)
    fake.add_user(GUEST, "guest", real_name="Guest User")
    fake.inject("conversations.invite", error="user_is_restricted", times=100, match={"users": GUEST})
    yield harness
    harness.stop()


def _dm_texts(bot: Harness, user: str) -> list[str]:
    channel = bot.fake.dm_channel(user)
    messages = bot.fake.messages(channel) if channel else []
    return [m.get("text", "") + blocks_text(m.get("blocks") or []) for m in messages]


def _readers(bot: Harness, channel_id: str) -> set[str]:
    """Who can read a channel the bot posted in: a DM's one person, or the channel's members."""
    dm_of = {bot.fake.dm_channel(user): user for user in USERS}
    return {dm_of[channel_id]} if channel_id in dm_of else bot.fake.channel(channel_id)["members"]


def _assert_no_leak(bot: Harness, incident_channel: str) -> None:
    """Every message, ephemeral and response that names the incident reached only its members."""
    members = bot.fake.channel(incident_channel)["members"]
    for method, params in bot.fake.calls:
        said = json.dumps(params)
        if SECRET not in said and "INC-1" not in said:
            continue
        if method == "chat.postMessage":
            assert _readers(bot, params["channel"]) <= members, (method, params["channel"], said[:200])
        if method == "chat.postEphemeral":
            assert params["user"] in members, (method, params["user"])


def test_a_page_to_someone_who_cannot_be_let_in_names_nothing_and_the_channel_is_told(bot: Harness) -> None:
    channel, _ = bot.declare(f"sev1 private {SECRET}")
    bot.send.command(f"escalate <@{GUEST}>", ALICE, channel)
    bot.send.command(f"escalate <@{BOB}>", ALICE, channel)
    page = bot.fake.wait_for(lambda: _dm_texts(bot, GUEST))[0]
    assert "paged for a private SEV1 incident" in page and f"<@{ALICE}>" in page
    assert SECRET not in page and "INC-1" not in page and channel not in page
    bot.wait_line(channel, f"Couldn't add <@{GUEST}> to this private channel")
    full = bot.fake.wait_for(lambda: _dm_texts(bot, BOB))[0]
    assert SECRET in full and BOB in bot.fake.channel(channel)["members"], "a member-to-be gets the whole page"
    bot.idle()
    assert sum("Couldn't add" in line for line in bot.lines(channel)) == 1
    _assert_no_leak(bot, channel)


def test_a_handoff_note_is_not_sent_to_a_new_commander_outside_the_private_channel(bot: Harness) -> None:
    channel, _ = bot.declare(f"sev2 private {SECRET}")
    bot.send.command("update Rotating the exposed keys", ALICE, channel)
    bot.send.command(f"handoff <@{GUEST}>", ALICE, channel)
    bot.wait_line(channel, "the handoff note was not sent to them")
    bot.idle()
    assert not any("Handoff note" in text or "Rotating" in text for text in _dm_texts(bot, GUEST))
    _assert_no_leak(bot, channel)


def test_a_whole_private_incident_reaches_only_its_members(bot: Harness) -> None:
    channel, _ = bot.declare(f"sev1 private {SECRET}", user=BOB)
    for user, command, said in (
        (BOB, f"scribe <@{ALICE}>", f"made <@{ALICE}> scribe"),
        (BOB, "update Keys rotated", "INC-1 update"),
        (BOB, f"escalate <@{CAROL}>", f"paged <@{CAROL}>"),
        (BOB, f"escalate <@{GUEST}>", f"paged <@{GUEST}>"),
        (BOB, f"handoff <@{DAVE}>", "Handoff note"),
        (DAVE, "severity sev2", "changed severity SEV1 → SEV2"),
        (DAVE, "resolve Access revoked", "INC-1 resolved"),
    ):
        bot.send.command(command, user, channel)
        bot.wait_line(channel, said)
    bot.send.command("close", DAVE, channel)
    bot.wait_card(channel, "closed")
    bot.idle()
    assert bot.fake.messages(bot.announce) == []
    list_for_outsider = bot.reply(bot.send.command("list", GUEST, bot.general))
    assert SECRET not in list_for_outsider and "INC-1" not in list_for_outsider
    _assert_no_leak(bot, channel)


def test_a_public_incident_still_pages_someone_who_cannot_be_invited(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Checkout errors")
    bot.send.command(f"escalate <@{GUEST}>", ALICE, channel)
    page = bot.fake.wait_for(lambda: _dm_texts(bot, GUEST))[0]
    assert "INC-1" in page and "Checkout errors" in page and f"<#{channel}>" in page
