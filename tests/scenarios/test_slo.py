"""`/incident slo <service>`: the error budget in the window ending now, its state, who used it
(private incidents counted, named only to their members), and in an incident channel what that
incident consumed. Figures computed by hand: 99.9 % over 30 days allows 43.2 minutes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from tests.support.harness import ALICE, BOB, Harness

SLOS = """
[slo.checkout]
target = 0.999
window = "30d"

[slo.search]
target = 0.99
window = "1d"
"""


@pytest.fixture
def bot(policy_bot: Callable[..., Harness]) -> Harness:
    return policy_bot("", SLOS)


def _resolved_incident(bot: Harness, minutes: int, declare: str = "Checkout is failing", share: str = "") -> str:
    """Declare, name `checkout`, resolve; then its impact is set to `minutes` ending two hours ago."""
    channel, _ = bot.declare(declare)
    bot.reply(bot.send.command("service checkout", ALICE, channel))
    if share:
        bot.send.command(f"impact {share} EU customers cannot pay", ALICE, channel)
        bot.wait_line(channel, "set the impact")
    bot.send.command("resolve", ALICE, channel)
    bot.wait_card(channel, "resolved")
    ended = datetime.now(UTC) - timedelta(hours=2)
    with bot.runtime.engine.begin() as c:
        c.execute(
            text("UPDATE incident SET impact_started_at = :start, resolved_at = :end WHERE channel_id = :channel"),
            {"start": ended - timedelta(minutes=minutes), "end": ended, "channel": channel},
        )
    return channel


def _slo(bot: Harness, args: str, user: str = ALICE, channel: str | None = None) -> str:
    return bot.reply(bot.send.command(f"slo {args}", user, channel or bot.general))


def test_within_budget_with_what_this_incident_consumed_in_its_channel(bot: Harness) -> None:
    channel = _resolved_incident(bot, 30, share="25%")  # 30 min × 25 % = 7.5 min of 43.2

    anywhere = _slo(bot, "Checkout")
    assert "*Error budget of `checkout`* — SLO 99.9% over 30d" in anywhere
    assert "Allowed downtime 43m 12s · used 7m 30s (17.4%) · remaining 35m 42s" in anywhere
    assert "✅ Within budget." in anywhere
    assert "*Used by*\n• INC-1 7m 30s" in anywhere
    assert "consumed" not in anywhere

    here = _slo(bot, "checkout", channel=channel)
    assert "INC-1 consumed 7m 30s (17.4%)." in here


def test_above_80_percent_used_says_so(bot: Harness) -> None:
    _resolved_incident(bot, 40)  # 40 / 43.2 = 92.6 %
    answer = _slo(bot, "checkout")
    assert "used 40m (92.6%) · remaining 3m 12s" in answer
    assert "⚠️ More than 80% of the error budget is used" in answer


def test_above_100_percent_the_budget_is_exhausted_and_releases_should_freeze(bot: Harness) -> None:
    _resolved_incident(bot, 60)  # 60 / 43.2 = 138.9 %
    answer = _slo(bot, "checkout")
    assert "used 1h (138.9%) · remaining 0s" in answer
    assert "The error budget is exhausted. Per the usual error-budget policy, releases should freeze" in answer


def test_a_service_without_an_slo_names_those_that_have_one(bot: Harness) -> None:
    answer = _slo(bot, "billing")
    assert "`billing` has no SLO. Services with one: `checkout`, `search`." in answer
    overview = _slo(bot, "")
    assert "`checkout` 99.9% over 30d: 0.0% used — ok" in overview
    assert "`search` 99% over 1d: 0.0% used — ok" in overview


def test_a_channel_incident_that_does_not_name_the_service_says_how_to_add_it(bot: Harness) -> None:
    channel, _ = bot.declare("Search is slow")
    answer = _slo(bot, "checkout", channel=channel)
    assert "INC-1 does not name `checkout`: `/incident service checkout` adds it." in answer


def test_private_incidents_are_counted_but_named_only_to_their_members(bot: Harness) -> None:
    _resolved_incident(bot, 30, declare="private Card data exposure")
    outsider = _slo(bot, "checkout", user=BOB)
    assert "• 1 private incident 30m" in outsider
    assert "INC-1" not in outsider
    assert "used 30m (69.4%)" in outsider  # counted all the same

    member = _slo(bot, "checkout", user=ALICE)
    assert "• INC-1 30m" in member and "private incident" not in member
