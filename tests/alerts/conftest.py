from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fakeslack import FakeSlack
from tests.support.alerts import TOKEN
from tests.support.harness import ALICE, Harness, start_harness

CRITICAL_DECLARES = """
[[alerts.routes]]
match = { severity = "critical" }
action = "declare"
severity = "sev2"
"""
PAGED = (  # and the primary on call (Carol) is paged for each incident
    CRITICAL_DECLARES
    + """
[[escalation.levels]]
notify = ["oncall:primary"]
after = "1h"

[oncall.primary]
timezone = "UTC"
handoff = "09:00"
rotation = "daily"
users = ["U0CAROL"]
"""
)


@pytest.fixture
def alert_bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Callable[..., Harness]]:
    """Start a bot whose policy prompts in #alerts (also watched) and, unless told otherwise,
    declares critical alerts."""
    started: list[Harness] = []

    def start(token: str | None = TOKEN, auto_resolve: bool = False, routes: str = CRITICAL_DECLARES) -> Harness:
        channel = fake.add_channel("alerts", members=(ALICE, "UBOT"))
        policy = tmp_path / "policy.toml"
        policy.write_text(
            f'[alerts]\nprompt_channel = "{channel}"\nwatch_channels = ["{channel}"]\n'
            f"auto_resolve = {str(auto_resolve).lower()}\n{routes}"
        )
        harness = start_harness(fake, database_url, policy_file=policy, alert_webhook_token=token)
        harness.alerts = channel  # type: ignore[attr-defined]
        started.append(harness)
        return harness

    yield start
    for harness in started:
        harness.stop()
