"""`incident-bot drill scenario.toml` against a running bot and the fake Slack: the drill is declared
from the database, its alerts are replayed at their (compressed) minutes through the real intake into
the drill, never into a real incident, and resolving the drill drops what was still to come."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.slack.drill_mark import MARK_ID
from tests.fakeslack import FakeSlack
from tests.support.alerts import am_alert, am_group
from tests.support.clock import TravelClock
from tests.support.console import incident_bot
from tests.support.harness import ALICE, BOB, CAROL, CAROL_ON_CALL, Harness, start_harness

POLICY = (
    """
[[escalation.levels]]
notify = ["oncall:primary"]
after = "1h"
"""
    + CAROL_ON_CALL
    + """
[alerts]
default_action = "declare"
"""
)
FIRST = am_group([am_alert("HighErrorRate", "checkout-1")], group="HighErrorRate")
SECOND = am_group([am_alert("HighErrorRate", "checkout-1"), am_alert("HighErrorRate", "checkout-2")], "HighErrorRate")
THIRD = am_group([am_alert("DiskFull", "db-1")], group="DiskFull")


def toml_value(value: Any) -> str:
    """A JSON value as TOML (inline tables and arrays): a payload written inline in the scenario."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value)


def write_scenario(folder: Path, third: str = "") -> Path:
    (folder / "second.json").write_text(json.dumps(SECOND))
    scenario = folder / "scenario.toml"
    scenario.write_text(
        'title = "Checkout errors (game day)"\nseverity = "sev2"\nparticipants = ["U0BOB"]\n'
        f'\n[[alerts]]\nat = "0m"\npayload = {toml_value(FIRST)}\n'
        '\n[[alerts]]\nat = "3m"\nfile = "second.json"\n'
        f'\n[[alerts]]\nat = "5m"\n{third or "payload = " + toml_value(THIRD)}\n'
    )
    return scenario


@pytest.fixture
def clock() -> TravelClock:
    return TravelClock()


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, tmp_path: Path, clock: TravelClock) -> Iterator[Harness]:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY)
    harness = start_harness(fake, database_url, clock, policy_file=policy, schedule_tick_seconds=0.1)
    yield harness
    harness.stop()


def drill(database_url: str, folder: Path, scenario: Path) -> Any:
    settings = {"DATABASE_URL": database_url, "INCIDENT_POLICY_FILE": str(folder / "policy.toml")}
    return incident_bot("drill", str(scenario), "--minute-seconds", "10", "--by", ALICE, cwd=folder, **settings)


def scalar(bot: Harness, sql: str) -> Any:
    with bot.runtime.engine.connect() as connection:
        return connection.execute(text(sql)).scalar_one()


def alerts_in_the_drill(bot: Harness) -> int:
    return scalar(
        bot,
        "SELECT count(*) FROM alert JOIN alertgroup ON alert.group_id = alertgroup.id "
        "JOIN incident ON alertgroup.incident_id = incident.id WHERE incident.number = 1 AND incident.drill",
    )


def test_a_scenario_replays_its_alerts_on_time_into_the_drill(
    bot: Harness, database_url: str, tmp_path: Path, clock: TravelClock
) -> None:
    done = drill(database_url, tmp_path, write_scenario(tmp_path))
    assert done.status == 0, done.stderr
    assert done.stdout.strip() == "INC-1"
    assert "at +30s: HighErrorRate" in done.stderr, "the timetable, minutes compressed to 10 s"

    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-drill-checkout-errors-game-day"))["id"]
    bot.fake.wait_for(lambda: alerts_in_the_drill(bot) == 1)
    bot.fake.wait_for(lambda: BOB in bot.fake.channel(channel)["members"])  # participants are invited

    clock.advance(seconds=29)
    bot.wait_line(channel, "would have paged")  # a tick has run since the jump
    assert alerts_in_the_drill(bot) == 1, "minute 3 is 30 s away, not yet"
    clock.advance(seconds=1)
    bot.fake.wait_for(lambda: alerts_in_the_drill(bot) == 2)

    bot.send.command("resolve Practised enough", ALICE, channel)
    bot.wait_line(channel, "Practised enough")
    clock.advance(minutes=10)
    bot.idle()
    assert alerts_in_the_drill(bot) == 2, "resolving the drill dropped the alert still to come"
    assert scalar(bot, "SELECT count(*) FROM incident") == 1, "no alert opened a real incident"
    assert scalar(bot, "SELECT count(*) FROM schedule WHERE kind = 'drill_alerts'") == 0
    assert bot.fake.dm_channel(CAROL) is None, "the on-call was named, never paged"
    unmarked = [m for m in bot.fake.messages(channel) if m["blocks"][0].get("block_id") != MARK_ID]
    assert not unmarked


def test_a_bad_scenario_is_refused_whole(bot: Harness, database_url: str, tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, third='payload = { "alerts" = [] }')
    done = drill(database_url, tmp_path, scenario)
    assert done.status != 0
    assert "alerts[3].payload" in done.last_line and "receiver must be a non-empty string" in done.last_line
    assert scalar(bot, "SELECT count(*) FROM incident") == 0, "nothing declared"
