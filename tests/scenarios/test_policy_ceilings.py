"""A policy at the ceiling of every duration range still works end to end: `update_every = "500000w"`
used to pass the check and then fail every declare of that severity, so the ranges must be ones the
scheduler can hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, Harness, start_harness

CEILINGS = """
[severities.sev1]
ack_within = "1w"
update_every = "1w"
[severities.sev3]
ack_within = "1w"
update_every = "1w"

[[escalation.levels]]
notify = ["U0ALICE"]
after = "1d"
[[escalation.levels]]
notify = ["U0BOB"]
after = "1d"

[nudges]
no_commander_after = "1d"
commander_silent_after = "1d"
stuck_investigating_after = "1d"

[postmortem]
remind_every = "30d"

[slo.checkout]
target = 0.999
window = "90d"
"""


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Harness]:
    policy = tmp_path / "policy.toml"
    policy.write_text(CEILINGS)
    harness = start_harness(fake, database_url, policy_file=policy)
    yield harness
    harness.stop()


@pytest.mark.parametrize("severity", ["sev1", "sev3"])
def test_declare_resolve_and_close_at_the_longest_durations(bot: Harness, severity: str) -> None:
    channel, _ = bot.declare(f"{severity} Checkout is failing")
    bot.wait_card(channel, "not yet — target 7d")
    bot.send.command("resolve Reverted", ALICE, channel)
    bot.wait_line(channel, "INC-1 resolved")
    bot.send.command("close", ALICE, channel)
    bot.wait_card(channel, "closed")
