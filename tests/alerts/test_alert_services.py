"""An alert's `service` label (Alertmanager label, Events v2 `payload.custom_details.service`)
names a service of the incident it declares or joins; a label that is no service name is left out."""

from __future__ import annotations

from sqlalchemy import text

from tests.support.alerts import am_alert, am_group, post, settle
from tests.support.harness import Harness

AM = "/alerts/alertmanager"


def _services(bot: Harness) -> list[tuple[int, str, str | None]]:
    with bot.runtime.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT i.number, s.name, s.added_by FROM incident_service s "
                "JOIN incident i ON i.id = s.incident_id ORDER BY s.id"
            )
        )
        return [tuple(r) for r in rows]


def _channel_of(bot: Harness, number: int) -> str:
    def stored() -> str | None:
        with bot.runtime.engine.connect() as c:
            return c.execute(text("SELECT channel_id FROM incident WHERE number = :n"), {"n": number}).scalar_one()

    return bot.fake.wait_for(stored)


def test_the_service_label_names_the_service_when_an_alert_declares_and_joins(alert_bot) -> None:
    bot = alert_bot()
    first = am_alert("HighLatency", "api-1", labels={"service": " Checkout "})
    post(bot, AM, am_group([first]))
    channel = _channel_of(bot, 1)
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    bot.wait_line(channel, "An alert (alertmanager) added the affected service checkout")
    bot.wait_card(channel, "*Services*: `checkout`")

    second = am_alert("HighLatency", "api-2", starts="2026-11-23T10:01:00Z", labels={"service": "search"})
    third = am_alert("HighLatency", "api-3", starts="2026-11-23T10:02:00Z", labels={"service": "<!channel> pay"})
    post(bot, AM, am_group([first, second, third]))
    bot.wait_card(channel, "*Services*: `checkout`, `search`")
    settle(bot)
    assert _services(bot) == [(1, "checkout", None), (1, "search", None)], "a bad label is left out"
    assert post(bot, AM, am_group([first, second, third]))[1]["new"] == 0
    settle(bot)
    assert sum("added the affected service" in line for line in bot.lines(channel)) == 2


def test_events_v2_custom_details_service_names_the_service(alert_bot) -> None:
    bot = alert_bot()
    trigger = {
        "routing_key": "R1",
        "event_action": "trigger",
        "dedup_key": "disk-db-1",
        "payload": {
            "summary": "Disk 95% on db-1",
            "source": "db-1",
            "severity": "critical",
            "component": "mysql",
            "custom_details": {"service": "payments-api"},
        },
    }
    assert post(bot, "/alerts/events", trigger)[1]["incident"] == "INC-1"
    channel = _channel_of(bot, 1)
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    bot.wait_card(channel, "*Services*: `payments-api`")
    assert _services(bot) == [(1, "payments-api", None)], "payload.component is a part, not a service"
