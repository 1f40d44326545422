"""`/incident stats` through signed requests and the fake Slack: private incidents count for
everyone but are named only to members of their channel; 30 and 90 days; bad periods in the ack."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.store.models import Incident
from tests.support.harness import ALICE, BOB, CAROL, Harness
from tests.support.records import add_services

SECRET = "Credential leak in the vault"


def _world(bot: Harness) -> str:
    """INC-1: private SEV1 ALICE declared (channel: ALICE and the bot); INC-2: public SEV2; INC-3:
    public SEV3 declared 60 days ago. All three affect checkout. Returns the private channel."""
    private, _ = bot.declare(f"sev1 private {SECRET}")
    bot.declare("sev2 Checkout errors", user=BOB)
    bot.declare("sev3 Checkout slow", user=BOB)
    for number in (1, 2, 3):
        add_services(bot.runtime.desk, number, "checkout")
    sixty_days_ago = datetime.now(UTC) - timedelta(days=60)
    with bot.runtime.engine.begin() as connection:
        connection.execute(update(Incident).where(Incident.number == 3).values(declared_at=sixty_days_ago))
    bot.idle()
    return private


def _stats(bot: Harness, user: str, args: str = "") -> str:
    answer = bot.send.command(f"stats {args}".strip(), user, bot.general)
    assert answer.status == 200 and answer.text == "", answer.body
    seen = bot.reply(answer)
    assert {p["response_type"] for p in bot.fake.responses(answer.response_url)} == {"ephemeral"}
    return seen


def test_an_outsider_sees_the_private_incident_counted_but_not_named(bot: Harness) -> None:
    _world(bot)
    seen = _stats(bot, CAROL)
    assert "*2* in all · 🔴 SEV1: 1 · 🟠 SEV2: 1" in seen
    assert "• service *checkout*: INC-3, INC-2 and 1 private incident" in seen  # INC-3: 60 days ago
    assert "INC-1" not in seen and SECRET not in seen


def test_a_member_of_the_private_channel_sees_it_named(bot: Harness) -> None:
    private = _world(bot)
    assert "• service *checkout*: INC-3, INC-1, INC-2" in _stats(bot, ALICE)
    assert "INC-1" not in _stats(bot, BOB)
    bot.send.command(f"scribe <@{BOB}>", ALICE, private)  # the bot invites BOB into the channel
    bot.wait_card(private, f"*Scribe*: <@{BOB}>")
    assert "• service *checkout*: INC-3, INC-1, INC-2" in _stats(bot, BOB)


def test_ninety_days_reach_back_further(bot: Harness) -> None:
    _world(bot)
    ninety = _stats(bot, CAROL, "90d")
    assert "*Incidents declared in the last 90 days*" in ninety and "*3* in all" in ninety
    thirty = _stats(bot, CAROL, "30d")
    assert "*Incidents declared in the last 30 days*" in thirty and "*2* in all" in thirty


def test_the_figures_read_as_a_review_expects(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Checkout errors")
    bot.send.command("resolve Rolled back", ALICE, channel)
    bot.wait_card(channel, "resolved")
    seen = _stats(bot, CAROL)
    assert "*Time to acknowledge (MTTA)*: " in seen and " over 1 of 1 · 1 of 1 within their severity's target" in seen
    assert "*Postmortems done*: 0 of 1 resolved or closed incidents (0 %)" in seen
    assert "*Action items done*: no action items yet" in seen
    assert "*Repeats* (the same service or alert group within 90 days): none." in seen


@pytest.mark.parametrize("period", ["7d", "1y", "30 days"])
def test_a_period_it_does_not_report_is_refused_in_the_ack(bot: Harness, period: str) -> None:
    answer = bot.send.command(f"stats {period}", CAROL, bot.general)
    assert answer.status == 200
    assert answer.text.splitlines()[0] == (
        f"`{period}` is not a period I report on: use `/incident stats 30d` or `/incident stats 90d`."
    )
    bot.idle()
    assert bot.replies(answer) == []
