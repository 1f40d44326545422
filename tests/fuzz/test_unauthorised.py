"""Unauthorised actions, tried many ways, change nothing: forged or stale signatures, a replayed
command, a button carrying another incident's number, and non-members acting on a private
incident. A control click at the end shows the same request from the right person works."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.slack import ids
from tests.support.harness import ALICE, BOB, DAVE, GENERAL, Harness

BUTTONS = st.sampled_from([ids.ACKNOWLEDGE, ids.RESOLVE])


def state(bot: Harness) -> tuple:
    with bot.runtime.engine.connect() as c:
        incidents = c.execute(text("SELECT number, status, acknowledged_at FROM incident ORDER BY number")).all()
        events = c.execute(text("SELECT count(*) FROM timelineevent")).scalar_one()
    return tuple(map(tuple, incidents)), events


def number_of(bot: Harness, channel: str) -> int:
    with bot.runtime.engine.connect() as c:
        return c.execute(text("SELECT number FROM incident WHERE channel_id = :c"), {"c": channel}).scalar_one()


def settle(bot: Harness) -> None:
    time.sleep(0.5)  # the work after the ack finishes later
    bot.idle()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_unauthorised_requests_change_nothing(bot: Harness) -> None:
    first, _ = bot.declare("sev2 Checkout errors")
    second, _ = bot.declare("sev3 Search slow")
    secret, _ = bot.declare("private sev2 Payroll leak")
    numbers = {c: number_of(bot, c) for c in (first, second, secret)}
    settle(bot)
    before, tried = state(bot), []

    @settings(max_examples=60)
    @given(BUTTONS, st.sampled_from([ALICE, BOB, DAVE]), st.sampled_from([first, second, GENERAL]))
    def cross_or_private(action_id: str, user: str, where: str) -> None:
        """A button naming an incident other than the channel's; from elsewhere, the private one by a non-member."""
        target = secret if where == GENERAL else next(c for c in (first, second) if c != where)
        if where == GENERAL and user == ALICE:
            return  # Alice is a member of the private incident: that click is allowed
        answer = bot.send.click(action_id, str(numbers[target]), user, where)
        tried.append(answer.status)

    @settings(max_examples=40)
    @given(st.binary(max_size=200), st.sampled_from(["forged", "stale"]))
    def badly_signed(body: bytes, how: str) -> None:
        if how == "forged":
            status, _ = bot.send.post(
                body,
                "application/x-www-form-urlencoded",
                signed=False,
                headers={"X-Slack-Signature": "v0=" + body.hex()[:64].ljust(64, "0")},
            )
        else:
            status, _ = bot.send.post(body, "application/x-www-form-urlencoded", timestamp=int(time.time()) - 600)
        assert status == 401
        tried.append(status)

    cross_or_private()
    badly_signed()
    settle(bot)
    assert state(bot) == before, "no forged, stale, cross-incident or private request changed anything"
    assert len(tried) >= 50

    resolve = bot.send.command("resolve Fixed", ALICE, first, trigger_id="1.2.replayed")
    replay = bot.send.command("resolve Fixed", ALICE, first, trigger_id="1.2.replayed")
    assert (resolve.status, replay.status) == (200, 200)
    settle(bot)
    resolved = state(bot)
    assert resolved[1] == before[1] + 1, "the replayed resolve added nothing"

    control = bot.send.click(ids.ACKNOWLEDGE, str(numbers[second]), ALICE, second)
    assert control.status == 200
    bot.fake.wait_for(lambda: state(bot)[1] > resolved[1], timeout=5)
