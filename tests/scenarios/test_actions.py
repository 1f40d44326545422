"""Action items as people use them: `/incident action` adds one (with or without an owner and a
due date) and the channel sees one line; bad input is answered and stores nothing; `/incident
actions` lists the incident's items in its channel and your own elsewhere, never naming a private
incident to someone outside it; Done and Reassign change the item and bring the list up to date."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from sqlalchemy import text

from bot.slack import ids
from tests.support.harness import ALICE, BOB, CAROL, Harness, blocks_text
from tests.support.signing import Answer

DUE = "2099-01-31"  # always in the future
SECRET = "Payroll export leaked"


def stored(bot: Harness) -> int:
    with bot.runtime.engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM action_item")).scalar_one()


def last(bot: Harness, answer: Answer) -> dict[str, Any]:
    assert answer.response_url
    return bot.fake.wait_for(lambda: bot.fake.responses(answer.response_url), 5)[-1]


def control(payload: dict[str, Any], action_id: str, item: int) -> dict[str, Any]:
    """The control `action_id` of item `item` in a list answer, with the block that holds it."""
    block = next(b for b in payload["blocks"] if b.get("block_id") == f"action-{item}")
    return {**next(e for e in block["elements"] if e["action_id"] == action_id), "block_id": block["block_id"]}


def use(bot: Harness, element: dict[str, Any], user: str, channel: str, **state: Any) -> Answer:
    """Click a Done button or pick in a Reassign menu of an ephemeral list, as Slack sends it."""
    action = {**element, **state, "action_ts": f"{time.time():.6f}"}
    return bot.send.interactive(
        {
            "type": "block_actions",
            "team": {"id": "T0TEAM"},
            "user": {"id": user},
            "api_app_id": "A0001",
            "trigger_id": bot.fake.trigger_id(),
            "response_url": bot.fake.response_url(),
            "channel": {"id": channel},
            "container": {"type": "message", "message_ts": "1.0", "is_ephemeral": True},
            "actions": [action],
        }
    )


def test_an_action_with_owner_and_due_date_is_one_line_in_the_channel_and_on_the_timeline(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Checkout is failing")
    answer = bot.send.command(f"action Rotate the &lt;b&gt;keys&lt;/b&gt; <@{BOB}|bob> due {DUE}", ALICE, channel)
    assert "Added A-1" in bot.reply(answer)
    line = bot.wait_line(channel, "added action A-1")
    assert line == f"📋 <@{ALICE}> added action A-1 for <@{BOB}>, due {DUE}: Rotate the &lt;b&gt;keys&lt;/b&gt;"
    timeline = bot.reply(bot.send.command("timeline", ALICE, channel))
    assert f"added action A-1 for <@{BOB}>" in timeline


def test_an_action_without_owner_or_date_and_a_bare_name_as_owner(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Search is slow")
    bot.send.command("action Add an alert on queue depth", ALICE, channel)
    assert "(no owner yet): Add an alert on queue depth" in bot.wait_line(channel, "added action A-1")
    bot.send.command(f"action due {DUE} @carol Write the runbook", ALICE, channel)  # owner/date only at the end
    assert f"due {DUE} @carol Write the runbook" in bot.wait_line(channel, "added action A-2"), "stays text"
    bot.send.command(f"action Write the runbook due {DUE} @carol", ALICE, channel)
    line = bot.wait_line(channel, "added action A-3")
    assert f"for <@{CAROL}>, due {DUE}: Write the runbook" in line


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ("", "The action item is empty"),
        (f"<@{BOB}> due {DUE}", "The action item is empty"),
        ("Fix it due 2026-02-30", "`2026-02-30` is not a date in the calendar"),
        ("Fix it due tomorrow", "`tomorrow` is not a due date: write it as YYYY-MM-DD"),
        ("Fix it due 10/12/2026", "is not a due date"),
        ("Fix it <#C0GENERAL|general>", "is not a person"),
        ("Fix it <!subteam^S0SRE|sre>", "is not a person"),
        ("x" * 301, "The action item is 301 characters long; keep it to 300 or fewer."),
    ],
)
def test_bad_input_is_answered_in_the_ack_and_nothing_is_stored(bot: Harness, args: str, said: str) -> None:
    channel, _ = bot.declare("sev3 Checkout is failing")
    answer = bot.send.command(f"action {args}", ALICE, channel)
    assert said in answer.text and "Usage: `/incident action <text>" in answer.text
    time.sleep(0.3)
    assert stored(bot) == 0
    assert not [line for line in bot.lines(channel) if "added action" in line]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ("Fix it due 2020-01-01", "The due date 2020-01-01 is in the past"),
        ("Fix it @nobody", "I can't find anyone called @nobody"),
    ],
)
def test_what_only_the_database_or_slack_can_tell_is_answered_after_the_ack(bot: Harness, args: str, said: str) -> None:
    channel, _ = bot.declare("sev3 Checkout is failing")
    assert said in bot.reply(bot.send.command(f"action {args}", ALICE, channel))
    assert stored(bot) == 0


def test_the_incident_list_shows_open_items_first_and_done_marks_one_and_refreshes_the_list(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Checkout is failing")
    for what in ("First thing", f"Second thing <@{BOB}> due {DUE}", "Third thing"):
        bot.reply(bot.send.command(f"action {what}", ALICE, channel))
    first = last(bot, bot.send.command("actions", CAROL, channel))
    done = use(bot, control(first, ids.ACTION_DONE, 1), CAROL, channel)
    assert f"<@{CAROL}> marked action A-1 done: First thing" in bot.wait_line(channel, "marked action A-1 done")
    refreshed = last(bot, done)
    assert refreshed["replace_original"] is True
    listed = blocks_text(refreshed["blocks"])
    assert listed.index("*A-2*") < listed.index("*A-3*") < listed.index("~A-1~"), listed
    assert "(2 open)" in listed and f"~A-1~ First thing — done by <@{CAROL}>" in listed
    assert not [b for b in refreshed["blocks"] if b.get("block_id") == "action-1"], "a done item has no controls"

    again = use(bot, control(first, ids.ACTION_DONE, 1), CAROL, channel)  # the stale list, clicked again
    assert "A-1 is already done" in bot.reply(again)


def test_reassign_gives_the_item_to_the_picked_person(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Checkout is failing")
    bot.reply(bot.send.command(f"action Tune the alert <@{BOB}>", ALICE, channel))
    listing = last(bot, bot.send.command("actions", ALICE, channel))
    menu = control(listing, ids.ACTION_REASSIGN, 1)
    assert menu["type"] == "users_select"
    use(bot, menu, ALICE, channel, selected_user=CAROL)
    line = bot.wait_line(channel, "gave action A-1")
    assert line == f"🔀 <@{ALICE}> gave action A-1 to <@{CAROL}> (was <@{BOB}>): Tune the alert"
    mine = bot.reply(bot.send.command("actions", CAROL, bot.general))
    assert "A-1" in mine and "Tune the alert" in mine and "INC-1 Checkout is failing" in mine
    assert "A-1" not in bot.reply(bot.send.command("actions", BOB, bot.general))


def test_outside_a_channel_you_see_your_open_items_but_never_a_private_incident_you_are_not_in(bot: Harness) -> None:
    public, _ = bot.declare("sev3 Checkout is failing")
    private, _ = bot.declare(f"sev3 private {SECRET}")
    bot.reply(bot.send.command(f"action Public follow-up <@{BOB}>", ALICE, public))
    bot.reply(bot.send.command(f"action Secret follow-up <@{BOB}>", ALICE, private))
    bot.reply(bot.send.command(f"action Alice's secret follow-up <@{ALICE}>", ALICE, private))

    bob = bot.reply(bot.send.command("actions", BOB, bot.general))
    assert "Public follow-up" in bob and "(1)" in bob
    assert SECRET not in bob and "Secret follow-up" not in bob and "INC-2" not in bob
    alice = bot.reply(bot.send.command("actions", ALICE, bot.general))
    assert f"INC-2 {SECRET}" in alice and "Alice's secret follow-up" in alice

    forged = use(bot, {"type": "button", "action_id": ids.ACTION_DONE, "value": "2"}, BOB, bot.general)
    assert "There is no incident INC-2" in bot.reply(forged)
    assert "Secret follow-up" in bot.reply(bot.send.command("actions", ALICE, private)), "still open"
    assert SECRET not in json.dumps(bot.fake.all_responses[-1])


def test_action_items_can_be_added_and_done_after_the_close_and_after_a_cancel(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Checkout is failing")
    bot.send.command("resolve Rolled back", ALICE, channel)
    bot.wait_line(channel, "resolved")
    bot.reply(bot.send.command("close", ALICE, channel))
    assert "Added A-1" in bot.reply(bot.send.command(f"action Add a canary stage <@{BOB}>", ALICE, channel))
    listing = last(bot, bot.send.command("actions", BOB, channel))
    use(bot, control(listing, ids.ACTION_DONE, 1), BOB, channel)
    bot.wait_line(channel, "marked action A-1 done")

    other, _ = bot.declare("sev3 Pager went off for nothing")
    bot.send.command("cancel false alarm", ALICE, other)
    bot.wait_line(other, "cancelled the incident")
    assert "Added A-2" in bot.reply(bot.send.command("action Tune the noisy alert", ALICE, other))


def test_a_long_list_keeps_within_block_kit_limits_and_says_how_many_more(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Checkout is failing")
    for i in range(30):
        bot.send.command(f"action Follow-up number {i}", ALICE, channel)
    bot.fake.wait_for(lambda: stored(bot) == 30, 15)
    listing = last(bot, bot.send.command("actions", ALICE, channel))
    assert len(listing["blocks"]) <= 50
    assert "…and 6 more not shown" in blocks_text(listing["blocks"])
