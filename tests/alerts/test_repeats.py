"""Alertmanager's `repeat_interval` re-sends after the incident ended: a re-send of alerts the
incident has changes nothing, a resolved incident's channel is asked once per alert whether to
reopen, a cancelled incident mutes its alerts until they resolve, and only a new firing opens a
new incident. Channels created and pages sent are counted in the fake Slack."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.core import permissions
from bot.slack import ids
from tests.alerts.conftest import PAGED
from tests.support.alerts import am_alert, am_group, pages, post, settle, still_firing
from tests.support.concurrency import all_at_once
from tests.support.harness import ALICE, BOB, blocks_text

AM = "/alerts/alertmanager"


def _incidents(bot) -> list[tuple]:
    with bot.runtime.engine.connect() as c:
        return [tuple(r) for r in c.execute(text("SELECT number, status, summary FROM incident ORDER BY number"))]


def _status(bot, number: int) -> str:
    return next(s for n, s, _ in _incidents(bot) if n == number)


def _channel(bot, number: int) -> str:
    def stored() -> str | None:
        with bot.runtime.engine.connect() as c:
            return c.execute(text("SELECT channel_id FROM incident WHERE number = :n"), {"n": number}).scalar_one()

    return bot.fake.wait_for(stored)


def _counts(bot) -> tuple[int, int]:
    """(channels created, pages sent), once every queued Slack call has gone out."""
    settle(bot)
    return bot.fake.call_count("conversations.create"), pages(bot)


def _paged(bot, times: int) -> None:
    bot.fake.wait_for(lambda: pages(bot) == times)


def _declared(bot, alerts: list[dict]) -> str:
    assert post(bot, AM, am_group(alerts))[1]["incident"] == "INC-1"
    channel = _channel(bot, 1)
    _paged(bot, 1)
    return channel


def _command(bot, channel: str, command: str, done: str) -> None:
    bot.send.command(command, ALICE, channel)
    bot.fake.wait_for(lambda: _status(bot, 1) == done)


def test_a_resolved_incident_is_asked_once_per_alert_and_its_button_reopens(alert_bot) -> None:
    bot = alert_bot(routes=PAGED)
    api1, api2 = am_alert("HighLatency", "api-1"), am_alert("HighLatency", "api-2")
    channel = _declared(bot, [api1, api2])
    _command(bot, channel, "resolve", "resolved")

    for _ in range(2):  # repeat_interval, and the HA twin
        assert post(bot, AM, am_group([api1]))[1] == {"ok": True, "new": 0, "resolved": 0, "incident": "INC-1"}
    for _ in range(2):
        post(bot, AM, am_group([api1, api2]))
    asked = bot.fake.wait_for(lambda: len(still_firing(bot, channel)) == 2 and still_firing(bot, channel))
    assert _counts(bot) == (1, 1) and len(_incidents(bot)) == 1
    assert len(still_firing(bot, channel)) == 2, "once per alert"
    assert "HighLatency (api-1)" in blocks_text(asked[0]["blocks"])
    assert "api-2" not in blocks_text(asked[0]["blocks"]) and "api-2" in blocks_text(asked[1]["blocks"])

    button = asked[0]["blocks"][1]["elements"][0]
    assert (button["action_id"], button["value"]) == (ids.REOPEN_FIRING, "1")
    bot.send.click(button["action_id"], button["value"], BOB, channel, asked[0]["ts"])
    bot.wait_line(channel, "<@U0BOB> reopened the incident")
    assert _status(bot, 1) == "investigating"
    post(bot, AM, am_group([api1, api2]))
    assert _counts(bot) == (1, 1) and len(still_firing(bot, channel)) == 2


def test_a_reopened_incident_takes_new_alerts_and_its_alerts_resolving(alert_bot) -> None:
    bot = alert_bot(routes=PAGED)
    db1, db2 = am_alert("DiskFull", "db-1"), am_alert("DiskFull", "db-2")
    channel = _declared(bot, [db1])
    _command(bot, channel, "resolve", "resolved")
    post(bot, AM, am_group([db1]))  # a repeat while resolved
    _command(bot, channel, "reopen", "investigating")

    assert post(bot, AM, am_group([db1, db2]))[1] == {"ok": True, "new": 1, "resolved": 0, "incident": "INC-1"}
    resolved = [am_alert("DiskFull", i, "resolved") for i in ("db-1", "db-2")]
    assert post(bot, AM, am_group(resolved))[1]["resolved"] == 2
    bot.wait_line(channel, "All alerts of INC-1 resolved")
    assert _counts(bot) == (1, 1) and len(_incidents(bot)) == 1


def test_a_cancelled_incident_mutes_its_alerts_until_they_resolve(alert_bot) -> None:
    bot = alert_bot(routes=PAGED)
    channel = _declared(bot, [am_alert("DiskFull", "db-1")])
    bot.send.command("cancel synthetic probe", ALICE, channel)
    bot.send.click(ids.CONFIRM_CANCEL, "synthetic probe", ALICE, channel)
    bot.fake.wait_for(lambda: _status(bot, 1) == "cancelled")

    for _ in range(3):
        assert post(bot, AM, am_group([am_alert("DiskFull", "db-1")]))[1]["incident"] == "INC-1"
    assert _counts(bot) == (1, 1) and len(_incidents(bot)) == 1 and still_firing(bot, channel) == []

    assert post(bot, AM, am_group([am_alert("DiskFull", "db-1", "resolved")]))[1]["resolved"] == 1
    again = am_alert("DiskFull", "db-1", starts="2026-11-23T12:00:00Z")  # fired anew: no longer muted
    assert post(bot, AM, am_group([again]))[1]["incident"] == "INC-2"
    assert _incidents(bot)[1][1:] == ("declared", "Fired again after INC-1.")
    _paged(bot, 2)
    assert _counts(bot) == (2, 2)


def test_a_cancelled_incident_mutes_exactly_its_alerts(alert_bot) -> None:
    bot = alert_bot(routes=PAGED)
    db1 = am_alert("DiskFull", "db-1")
    channel = _declared(bot, [db1])
    bot.send.command("cancel", ALICE, channel)
    bot.send.click(ids.CONFIRM_CANCEL, "", ALICE, channel)
    bot.fake.wait_for(lambda: _status(bot, 1) == "cancelled")

    assert post(bot, AM, am_group([db1, am_alert("DiskFull", "db-2")]))[1] == {
        "ok": True,
        "new": 1,
        "resolved": 0,
        "incident": "INC-2",
    }
    post(bot, AM, am_group([db1, am_alert("DiskFull", "db-2")]))
    _paged(bot, 2)
    assert _counts(bot) == (2, 2) and len(_incidents(bot)) == 2
    with bot.runtime.engine.connect() as c:
        inc2 = (
            "SELECT a.name FROM alert a JOIN alertgroup g ON g.id = a.group_id JOIN incident i ON i.id = g.incident_id "
        )
        assert [r for (r,) in c.execute(text(inc2 + "WHERE i.number = 2"))] == ["DiskFull (db-2)"]


def test_after_close_a_re_send_is_silent_and_only_a_new_firing_opens_a_linked_incident(alert_bot) -> None:
    bot = alert_bot(routes=PAGED)
    db1 = am_alert("DiskFull", "db-1")
    channel = _declared(bot, [db1])
    _command(bot, channel, "resolve", "resolved")
    _command(bot, channel, "close", "closed")

    for _ in range(3):
        post(bot, AM, am_group([db1]))
    assert _counts(bot) == (1, 1) and still_firing(bot, channel) == [] and len(_incidents(bot)) == 1

    restarted = am_alert("DiskFull", "db-1", starts="2026-11-23T12:00:00Z")
    assert post(bot, AM, am_group([restarted]))[1]["incident"] == "INC-2"
    assert _incidents(bot)[1][1:] == ("declared", "Fired again after INC-1.")
    post(bot, AM, am_group([restarted]))
    _paged(bot, 2)
    assert _counts(bot) == (2, 2)


def _asked(bot) -> tuple[str, dict]:
    """An alert incident resolved while its alert fires, and the question the next repeat brings."""
    db1 = am_alert("DiskFull", "db-1")
    channel = _declared(bot, [db1])
    _command(bot, channel, "resolve", "resolved")
    post(bot, AM, am_group([db1]))
    return channel, bot.fake.wait_for(lambda: still_firing(bot, channel))[0]


def test_the_reopen_button_answers_as_the_command_does(alert_bot) -> None:
    bot = alert_bot(routes=PAGED)
    channel, asked = _asked(bot)
    button = asked["blocks"][1]["elements"][0]

    bot.send.click(button["action_id"], button["value"], BOB, channel, asked["ts"])
    bot.fake.wait_for(lambda: _status(bot, 1) == "investigating")
    again = bot.reply(bot.send.click(button["action_id"], button["value"], ALICE, channel, asked["ts"]))
    assert "only a resolved, closed or cancelled incident reopens" in again
    assert bot.lines(channel).count("<@U0BOB> reopened the incident") <= 1


@pytest.mark.skipif("reopen" not in permissions.DOING, reason="the [permissions] reopen rule is another branch's")
def test_the_reopen_button_follows_the_reopen_permission(alert_bot, fake) -> None:
    fake.add_usergroup("S0SRE", [BOB])
    bot = alert_bot(routes=PAGED + '\n[permissions]\nreopen = "subteam:S0SRE"\n')
    channel, asked = _asked(bot)
    button = asked["blocks"][1]["elements"][0]

    refused = bot.reply(bot.send.click(button["action_id"], button["value"], ALICE, channel, asked["ts"]))
    assert "⛔" in refused and _status(bot, 1) == "resolved"
    bot.send.click(button["action_id"], button["value"], BOB, channel, asked["ts"])
    bot.fake.wait_for(lambda: _status(bot, 1) == "investigating")


def test_an_ha_pair_repeating_at_once_after_resolve_asks_once(alert_bot) -> None:
    bot = alert_bot(routes=PAGED)
    alerts = [am_alert("HighLatency", f"api-{i}") for i in range(12)]
    channel = _declared(bot, alerts)
    _command(bot, channel, "resolve", "resolved")

    answers = all_at_once(4, lambda _: post(bot, AM, am_group(alerts)))
    assert {status for status, _ in answers} == {202} and {a["incident"] for _, a in answers} == {"INC-1"}
    asked = bot.fake.wait_for(lambda: still_firing(bot, channel))
    assert _counts(bot) == (1, 1) and len(still_firing(bot, channel)) == 1
    assert "and 2 more still firing after resolve" in blocks_text(asked[0]["blocks"])
