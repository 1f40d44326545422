"""Working an incident from its channel: lifecycle, updates, close with the postmortem."""

from __future__ import annotations

from bot.slack import ids
from tests.support.harness import ALICE, BOB, Harness
from tests.support.signing import text_input


def test_full_lifecycle_updates_card_topic_channel_and_announce(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Payments API returning 500s")
    card_ts = bot.fake.pins(channel)[0]

    assert bot.send.command("ack", BOB, channel).status == 200
    bot.wait_line(channel, "<@U0BOB> acknowledged the incident")
    bot.wait_card(channel, "<@U0BOB> after")

    bot.send.command("severity sev1", ALICE, channel)
    bot.wait_line(channel, "changed severity SEV3 → SEV1")
    bot.fake.wait_for(lambda: any("SEV3 → SEV1" in line for line in bot.lines(bot.announce)))

    for status in ("identified", "monitoring"):
        bot.send.command(f"status {status}", ALICE, channel)
        bot.wait_line(channel, f"set status to {status}")
    bot.wait_card(channel, "monitoring")
    bot.fake.wait_for(lambda: "SEV1 · monitoring" in bot.fake.channel(channel)["topic"])

    bot.send.command("update Rolled back the deploy; error rate back to baseline", BOB, channel)
    update = bot.wait_line(channel, "INC-1 update")
    assert "Rolled back the deploy" in update and "monitoring" in update
    bot.fake.wait_for(lambda: any("Rolled back the deploy" in line for line in bot.lines(bot.announce)))

    bot.send.command("resolve Bad config in release 42 reverted", ALICE, channel)
    bot.wait_line(channel, "INC-1 resolved")
    bot.fake.wait_for(lambda: any("INC-1 resolved" in line for line in bot.lines(bot.announce)))
    card = bot.wait_card(channel, "resolved")
    assert "Bad config in release 42 reverted" in card
    assert bot.fake.pins(channel) == [card_ts], "the card is updated in place, never re-posted"

    bot.send.command("close", ALICE, channel)
    bot.fake.wait_for(lambda: bot.fake.files)
    postmortem = bot.fake.files[0]["content"].decode()
    for needed in (
        "# Postmortem: INC-1 — Payments API returning 500s",
        "SEV1",
        "Bob Baker",
        "Alice Archer",
        "Rolled back the deploy",
        "## Root cause",
        "## Contributing factors",
        "## What went well",
        "## What went wrong",
        "## Action items",
        "## Lessons learned",
        "Time to acknowledge",
    ):
        assert needed in postmortem, needed
    assert channel in bot.fake.files[0]["channels"]
    bot.wait_card(channel, "closed")


def test_illegal_transitions_are_explained_privately(bot: Harness) -> None:
    channel, _ = bot.declare("Cache misses")
    assert "resolve it first" in bot.reply(bot.send.command("close", ALICE, channel))
    bot.send.command("ack", ALICE, channel)
    bot.wait_line(channel, "acknowledged")
    assert "already acknowledged" in bot.reply(bot.send.command("ack", BOB, channel))
    refused = bot.reply(bot.send.command("reopen", ALICE, channel))
    assert "only a resolved, closed or cancelled incident reopens" in refused
    lines_before = len(bot.lines(channel))
    bot.idle()
    assert len(bot.lines(channel)) == lines_before


def test_bad_arguments_are_answered_in_the_ack(bot: Harness) -> None:
    channel, _ = bot.declare("Queue backlog")
    cases = {
        "status fixed": "is not a status you can set",
        "severity sev9": "is not a severity",
        "severity": "is not a severity",
        "commander": "Say who",
        "commander bob": "is not a person",
        "note": "The note is missing",
        "stauts identified": "Did you mean `/incident status`?",
    }
    for text, expected in cases.items():
        answer = bot.send.command(text, ALICE, channel)
        assert answer.status == 200 and expected in answer.text, (text, answer.text)
    bot.idle()
    assert bot.fake.call_count("chat.update") <= 1


def test_channel_only_subcommands_elsewhere_say_so(bot: Harness) -> None:
    assert "not an incident channel" in bot.reply(bot.send.command("ack", ALICE))
    assert "not an incident channel" in bot.reply(bot.send.command("timeline", ALICE))


def test_double_clicked_acknowledge_records_one_acknowledgement(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Login failures")
    first = bot.send.click(ids.ACKNOWLEDGE, "1", BOB, channel)
    second = bot.send.click(ids.ACKNOWLEDGE, "1", BOB, channel)
    assert first.status == second.status == 200
    bot.fake.wait_for(lambda: bot.fake.responses(second.response_url) or bot.fake.responses(first.response_url))
    bot.idle()
    assert sum("acknowledged the incident" in line for line in bot.lines(channel)) == 1


def test_post_update_button_opens_a_modal_and_posts_the_update(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Slow dashboards")
    bot.send.click(ids.POST_UPDATE, "1", ALICE, channel)
    view = bot.fake.wait_for(lambda: next(iter(bot.fake.views.values()), None))
    assert view["title"]["text"] == "Update INC-1"
    assert bot.send.submit(view, {"update_text": text_input("Mitigation in place")}, ALICE).status == 200
    bot.wait_line(channel, "Mitigation in place")


def test_timeline_lists_notes_and_changes(bot: Harness) -> None:
    channel, _ = bot.declare("Disk full on db-3")
    assert "Added to the timeline" in bot.reply(bot.send.command("note Freed 20GB of WAL", BOB, channel))
    bot.wait_line(channel, "Freed 20GB of WAL")
    timeline = bot.reply(bot.send.command("timeline", ALICE, channel))
    assert "declared the incident" in timeline and "Freed 20GB of WAL" in timeline


def test_bare_command_shows_the_card_in_channel_and_help_and_list_work_anywhere(bot: Harness) -> None:
    channel, _ = bot.declare("Webhooks delayed")
    assert "INC-1 · Webhooks delayed" in bot.reply(bot.send.command("", ALICE, channel))
    assert "/incident declare" in bot.send.command("help", ALICE).text or "declare" in bot.reply(
        bot.send.command("help", ALICE)
    )
    listing = bot.reply(bot.send.command("list", BOB))
    assert "INC-1" in listing and "Webhooks delayed" in listing
