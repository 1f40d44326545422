"""Runbooks as checklists, as people use them: a runbook matching the declare is posted in the
channel as checkboxes; ticks and unticks sent as signed `block_actions` land on the timeline, the
card's "Runbook: n of m done", the message itself (who ticked what) and the postmortem; two people
ticking different boxes of one group from the same stale message both count; `/incident runbook`
lists and attaches by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.slack import ids
from tests.fakeslack import FakeSlack
from tests.support.alerts import TOKEN, am_alert, am_group, post, settle
from tests.support.harness import ALICE, BOB, CAROL, Harness, blocks_text, start_harness

CHECKOUT = """# Checkout rollback

Use this when checkout errors climb after a deploy.

- [ ] Look at the [error dashboard](https://grafana.example.com/d/checkout?from=now-1h&to=now)
- [x] Roll back the deploy
- [ ] Tell <!channel> support
- [ ] Sneaky [link](javascript:alert(1))
"""
DATABASE = "- [ ] Fail over the primary\n" + "".join(f"- [ ] Check replica {n}\n" for n in range(1, 12))


@pytest.fixture
def rb(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Harness]:
    folder = tmp_path / "books"
    folder.mkdir()
    (folder / "checkout.md").write_text(CHECKOUT)
    (folder / "database.md").write_text(DATABASE)
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[runbooks]\ndir = "books"\n[[runbooks.attach]]\nfile = "checkout.md"\nmatch = { severity = "sev2" }\n'
    )
    harness = start_harness(fake, database_url, policy_file=policy)
    yield harness
    harness.stop()


def checklist(bot: Harness, channel: str, title: str) -> dict[str, Any]:
    def found() -> dict[str, Any] | None:
        lists = [
            m
            for m in bot.fake.messages(channel)
            if (m.get("blocks") or [{}])[0].get("block_id", "").startswith("runbook-")
        ]
        return next((m for m in lists if title in blocks_text(m["blocks"])), None)

    return bot.fake.wait_for(found, 5)


def group(message: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return [b for b in message["blocks"] if b["type"] == "actions"][index]


def tick(bot: Harness, message: dict[str, Any], channel: str, user: str, positions: list[int], index: int = 0):
    """`user` leaves the boxes at `positions` ticked in group `index` of `message` as their screen showed it."""
    block = group(message, index)
    return bot.send.check(message, block, [block["elements"][0]["options"][p] for p in positions], user, channel)


def test_a_matching_runbook_is_posted_and_every_tick_reaches_timeline_card_message_and_postmortem(rb: Harness) -> None:
    channel, _ = rb.declare("sev2 Checkout is failing")
    posted = checklist(rb, channel, "Checkout rollback")
    assert float(posted["ts"]) > float(rb.fake.pins(channel)[0])  # after the card, not before it
    options = group(posted)["elements"][0]
    assert [o["text"]["text"] for o in options["options"]] == [
        "Look at the error dashboard",
        "Roll back the deploy",
        "Tell <!channel> support",
        "Sneaky link",
    ]
    assert all(o["text"]["type"] == "plain_text" for o in options["options"])  # no ping, no markup
    assert "initial_options" not in options  # a pre-ticked [x] in the file starts unticked
    shown = blocks_text(posted["blocks"])
    assert "<https://grafana.example.com/d/checkout?from=now-1h&amp;to=now|link>" in shown
    assert "javascript" not in shown
    rb.wait_card(channel, "Runbook* Checkout rollback: 0 of 4 done")

    assert tick(rb, posted, channel, BOB, [1]).status == 200
    rb.wait_card(channel, "Checkout rollback: 1 of 4 done")
    updated = checklist(rb, channel, "1 of 4 done")
    assert [o["value"] for o in group(updated)["elements"][0]["initial_options"]] == [options["options"][1]["value"]]
    assert f"✅ <@{BOB}>" in blocks_text(updated["blocks"])

    tick(rb, updated, channel, BOB, [])  # Bob unticks it again
    rb.wait_card(channel, "Checkout rollback: 0 of 4 done")
    timeline = rb.reply(rb.send.command("timeline", ALICE, channel))
    assert "ticked: Roll back the deploy" in timeline and "unticked: Roll back the deploy" in timeline

    tick(rb, checklist(rb, channel, "0 of 4 done"), channel, CAROL, [0])
    rb.wait_card(channel, "1 of 4 done")
    rb.idle()
    rb.send.command("resolve Rolled back", ALICE, channel)
    rb.wait_card(channel, "resolved")
    rb.send.command("close", ALICE, channel)
    body = rb.fake.wait_for(lambda: [f["content"] for f in rb.fake.files], 5)[0].decode()
    assert "### Checkout rollback (1 of 4 done)" in body
    assert "| 1 | Look at the error dashboard | by Carol Chen at 20" in body
    assert "| 2 | Roll back the deploy | skipped (unticked by Bob Baker at 20" in body
    assert "| 3 | Tell \\<!channel> support | skipped |" in body
    closed = checklist(rb, channel, "1 of 4 done")
    assert "stays as it was" in rb.reply(tick(rb, closed, channel, BOB, [0, 3]))
    rb.idle()
    assert group(checklist(rb, channel, "1 of 4 done"))["block_id"] != group(closed)["block_id"]  # redrawn


def test_two_people_ticking_different_boxes_of_one_stale_message_both_count(rb: Harness) -> None:
    channel, _ = rb.declare("sev2 Checkout is failing")
    posted = checklist(rb, channel, "Checkout rollback")
    tick(rb, posted, channel, BOB, [0])
    tick(rb, posted, channel, CAROL, [2])  # Carol's screen had not seen Bob's tick yet
    rb.wait_card(channel, "Checkout rollback: 2 of 4 done")
    rb.idle()
    final = checklist(rb, channel, "2 of 4 done")
    ticked = {o["text"]["text"] for o in group(final)["elements"][0]["initial_options"]}
    assert ticked == {"Look at the error dashboard", "Tell <!channel> support"}


def test_runbook_lists_and_attaches_by_title_once_in_groups_of_ten(rb: Harness) -> None:
    channel, _ = rb.declare("sev3 Replica lag")
    listed = rb.reply(rb.send.command("runbook", ALICE, channel))
    assert "`checkout` — Checkout rollback (4 steps)" in listed and "`database` — database (12 steps)" in listed
    assert "Posting the runbook “database”" in rb.reply(rb.send.command("runbook Database", ALICE, channel))
    posted = checklist(rb, channel, "Runbook: database")
    assert [len(b["elements"][0]["options"]) for b in posted["blocks"] if b["type"] == "actions"] == [10, 2]
    tick(rb, posted, channel, BOB, [1], index=1)
    rb.wait_card(channel, "database: 1 of 12 done")
    assert "attached already" in rb.reply(rb.send.command("runbook database.md", BOB, channel))
    assert "No runbook has that" in rb.reply(rb.send.command("runbook nope", BOB, channel))


def test_a_service_added_later_brings_its_runbook(fake: FakeSlack, database_url: str, tmp_path: Path) -> None:
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "checkout.md").write_text(CHECKOUT)
    policy = tmp_path / "policy.toml"
    policy.write_text('[runbooks]\n[[runbooks.attach]]\nfile = "checkout.md"\nmatch = { service = "checkout" }\n')
    bot = start_harness(fake, database_url, policy_file=policy)
    try:
        channel, _ = bot.declare("sev3 Slow pages")
        bot.send.command("service checkout", ALICE, channel)
        checklist(bot, channel, "Checkout rollback")
        bot.send.command("service search", ALICE, channel)
        bot.idle()
        assert sum("Runbook: Checkout rollback" in line for line in bot.lines(channel)) == 1
    finally:
        bot.stop()


def test_the_tick_action_has_a_listener() -> None:
    assert ids.RUNBOOK_TICK in ids.ACTIONS


def test_an_alert_declared_incident_gets_the_runbook_its_alert_labels_match(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "runbooks").mkdir()
    (tmp_path / "runbooks" / "latency.md").write_text("# Latency\n- [ ] Check the load balancer\n")
    (tmp_path / "runbooks" / "checkout.md").write_text(CHECKOUT)
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[alerts]\ndefault_action = "declare"\n'
        '[runbooks]\n[[runbooks.attach]]\nfile = "latency.md"\nmatch = { alertname = "HighLatency", team = "web" }\n'
        '[[runbooks.attach]]\nfile = "checkout.md"\nmatch = { alertname = "HighLatency", team = "payments" }\n'
    )
    bot = start_harness(fake, database_url, policy_file=policy, alert_webhook_token=TOKEN)
    try:
        alert = am_alert("HighLatency", "web-1", labels={"team": "web"})
        assert post(bot, "/alerts/alertmanager", am_group([alert]))[0] == 202
        channel = fake.wait_for(
            lambda: next((c for c in fake.channel_ids() if fake.channel(c)["name"].startswith("inc-1")), None), 5
        )
        checklist(bot, channel, "Runbook: Latency")
        settle(bot)
        assert not any("Checkout rollback" in line for line in bot.lines(channel))
    finally:
        bot.stop()
