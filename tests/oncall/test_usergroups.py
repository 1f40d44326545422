"""Issue 15, user groups in step with the schedules: set at start-up, moved at each handoff (the clock
moved past it), for a rotation and a feed alike; a workspace that can't manage them is said once."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from bot.core.policy.oncall import shift_at
from tests.fakeslack import FakeSlack
from tests.oncall.conftest import around_now
from tests.support.clock import TravelClock
from tests.support.harness import ALICE, BOB, CAROL, Harness
from tests.support.ics_server import IcsServer

CANNOT = "this workspace can't keep on-call user groups in step"


def test_groups_follow_each_handoff(start_bot: Callable[[str], Harness], feed: IcsServer, travel: TravelClock) -> None:
    feed.serve(around_now(travel))
    bot = start_bot("1s")
    rota = bot.runtime.desk.policy.oncall["secondary"]
    now = shift_at(rota, travel.now()).user
    bot.fake.wait_for(lambda: bot.fake.usergroup("S0ROTA") == [now])
    bot.fake.wait_for(lambda: bot.fake.usergroup("S0FEED") == [BOB], timeout=6)  # bob@example.com, looked up

    travel.advance(days=1, minutes=1)  # past the rotation's next handoff and the feed's
    after = {ALICE: CAROL, CAROL: ALICE}[now]
    bot.fake.wait_for(lambda: bot.fake.usergroup("S0ROTA") == [after])
    bot.fake.wait_for(lambda: bot.fake.usergroup("S0FEED") == [CAROL])
    assert bot.fake.call_count("users.lookupByEmail") == 2, "each e-mail is looked up once, then cached"


def test_a_broken_feed_puts_the_fallback_in_the_group(start_bot: Callable[[str], Harness], feed: IcsServer) -> None:
    feed.answer("500")
    bot = start_bot("1s")
    bot.fake.wait_for(lambda: bot.fake.usergroup("S0FEED") == ["U0DAVE"])


def test_a_workspace_that_cannot_manage_groups_is_said_once_and_the_bot_goes_on(
    start_bot: Callable[[str], Harness],
    fake: FakeSlack,
    feed: IcsServer,
    travel: TravelClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    feed.serve(around_now(travel))
    caplog.set_level(logging.WARNING)
    fake.inject("usergroups.users.update", error="paid_only", times=10)
    bot = start_bot("1s")
    bot.fake.wait_for(lambda: any(CANNOT in record.getMessage() for record in caplog.records), timeout=6)
    travel.advance(days=1, minutes=1)
    channel, _ = bot.declare("sev3 Disk filling up")
    bot.idle()
    assert sum(CANNOT in record.getMessage() for record in caplog.records) == 1
    assert "paid_only" in next(r.getMessage() for r in caplog.records if CANNOT in r.getMessage())
    assert bot.fake.usergroup("S0ROTA") == ["U0EXTRA1"] and channel
