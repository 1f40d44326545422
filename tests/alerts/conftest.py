from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.core.policy import AlertRoute, AlertsPolicy
from tests.fakeslack import FakeSlack
from tests.support.alerts import TOKEN
from tests.support.harness import ALICE, Harness, start_harness

CRITICAL_DECLARES = (AlertRoute(match={"severity": "critical"}, action="declare", severity="sev2"),)


@pytest.fixture
def alert_bot(fake: FakeSlack, database_url: str) -> Iterator[Callable[..., Harness]]:
    """Start a bot whose alerts policy prompts in #alerts (also watched) and declares critical alerts."""
    started: list[Harness] = []

    def start(token: str | None = TOKEN, **policy: Any) -> Harness:
        channel = fake.add_channel("alerts", members=(ALICE, "UBOT"))
        fields = {"prompt_channel": channel, "watch_channels": (channel,), "routes": CRITICAL_DECLARES, **policy}
        harness = start_harness(fake, database_url, alerts=AlertsPolicy(**fields), alert_webhook_token=token)
        harness.alerts = channel  # type: ignore[attr-defined]
        started.append(harness)
        return harness

    yield start
    for harness in started:
        harness.stop()
