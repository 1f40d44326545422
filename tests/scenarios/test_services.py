"""Naming the services an incident affects: `/incident service`, the declare form, the impact
share; bad names and shares are refused in the ack."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.slack import ids
from tests.support.harness import ALICE, BOB, Harness
from tests.support.signing import checkboxes, select, text_input, user_select


def _services(bot: Harness) -> list[tuple[int, str, str | None]]:
    with bot.runtime.engine.connect() as c:
        rows = c.execute(text("SELECT incident_id, name, added_by FROM incident_service ORDER BY id"))
        return [tuple(r) for r in rows]


def _fraction(bot: Harness) -> float | None:
    with bot.runtime.engine.connect() as c:
        return c.execute(text("SELECT impact_fraction FROM incident WHERE number = 1")).scalar_one()


def test_service_adds_names_lists_them_and_shows_them_on_the_card(bot: Harness) -> None:
    channel, _ = bot.declare("Checkout is failing")
    assert "names no services yet" in bot.reply(bot.send.command("service", BOB, channel))

    answer = bot.send.command("service checkout, Payments-API  search", BOB, channel)
    assert bot.reply(answer) == "INC-1 affects `checkout`, `payments-api`, `search`."
    bot.wait_line(channel, "<@U0BOB> added the affected services checkout, payments-api, search")
    bot.wait_card(channel, "*Services*: `checkout`, `payments-api`, `search`")

    again = bot.send.command("services search checkout", ALICE, channel)
    assert bot.reply(again) == "INC-1 affects `checkout`, `payments-api`, `search`."
    bot.idle()
    assert sum("added the affected" in line for line in bot.lines(channel)) == 1, "nothing new, no new line"
    assert [(name, by) for _, name, by in _services(bot)] == [
        ("checkout", BOB),
        ("payments-api", BOB),
        ("search", BOB),
    ]


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("check!out", "`check!out` is not a service name"), ("a" * 81, "is not a service name: use 1–80")],
)
def test_bad_service_names_are_refused_in_the_ack(bot: Harness, typed: str, shown: str) -> None:
    channel, _ = bot.declare("Checkout is failing")
    answer = bot.send.command(f"service checkout {typed}", ALICE, channel)
    assert shown in answer.text and "Usage: `/incident service" in answer.text
    bot.idle()
    assert _services(bot) == [], "nothing half-applied"


def test_an_80_character_name_is_a_service(bot: Harness) -> None:
    channel, _ = bot.declare("Checkout is failing")
    name = "a" * 80
    assert bot.reply(bot.send.command(f"service {name.upper()}", ALICE, channel)) == f"INC-1 affects `{name}`."


def test_a_leading_share_sets_the_impact_fraction_and_keeps_the_text(bot: Harness) -> None:
    channel, _ = bot.declare("Checkout is failing")
    bot.send.command("impact 25% of EU customers cannot pay", ALICE, channel)
    bot.wait_line(channel, "set the impact (25% of users or requests hurt): 25% of EU customers cannot pay")
    bot.wait_card(channel, "*Impact (25% of users or requests)*\n25% of EU customers cannot pay")
    assert _fraction(bot) == 0.25

    bot.send.command("impact 100%", ALICE, channel)
    bot.wait_line(channel, "set the impact (100% of users or requests hurt)")
    card = bot.wait_card(channel, "*Impact (100% of users or requests)*")
    assert "25% of EU customers cannot pay" in card, "a share alone keeps the text"
    assert _fraction(bot) == 1.0

    bot.send.command("impact Everyone is hurt", ALICE, channel)
    bot.wait_card(channel, "Everyone is hurt")
    assert _fraction(bot) == 1.0, "text alone keeps the share"


@pytest.mark.parametrize("share", ["150%", "-5%", "0%"])
def test_shares_outside_0_to_100_percent_are_refused(bot: Harness, share: str) -> None:
    channel, _ = bot.declare("Checkout is failing")
    answer = bot.send.command(f"impact {share} of users", ALICE, channel)
    assert f"must be above 0% and at most 100%, not {share}" in answer.text
    bot.idle()
    assert _fraction(bot) is None
    assert not any("set the impact" in line for line in bot.lines(channel))


def _form(bot: Harness, services: str) -> tuple[dict, dict]:
    bot.send.command("", ALICE)
    view = bot.fake.wait_for(
        lambda: next((v for v in bot.fake.views.values() if v.get("callback_id") == ids.DECLARE_MODAL), None)
    )
    values = {
        "title": text_input("Checkout latency"),
        "severity": select("sev2"),
        "summary": text_input(None),
        "services": text_input(services),
        "commander": user_select(ALICE),
        "private": checkboxes(),
    }
    return view, values


def test_the_declare_form_names_services(bot: Harness) -> None:
    view, values = _form(bot, "Checkout, search")
    field = next(b for b in view["blocks"] if b["block_id"] == "services")
    assert field["label"]["text"] == "Services affected" and field["optional"] is True
    submitted = bot.send.submit(view, values, ALICE)
    assert submitted.status == 200 and not submitted.body, submitted.body
    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-checkout-latency"))["id"]
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    bot.wait_card(channel, "*Services*: `checkout`, `search`")
    assert [name for _, name, _ in _services(bot)] == ["checkout", "search"]


def test_the_declare_form_refuses_a_bad_service_name_in_the_form(bot: Harness) -> None:
    view, values = _form(bot, "checkout, pay ments!")
    refused = bot.send.submit(view, values, ALICE).json()
    assert refused["response_action"] == "errors"
    assert "`ments!` is not a service name" in refused["errors"]["services"]
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0
