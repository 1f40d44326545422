"""What several scenario files share: a bot started with a given `[permissions]`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fakeslack import FakeSlack
from tests.support.alerts import TOKEN
from tests.support.harness import DAVE, Harness, start_harness

SRE = "S0SRE"


@pytest.fixture
def policy_bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Callable[..., Harness]]:
    """A bot started with `[permissions]` set to the given TOML lines (and `more` policy after them),
    taking alerts with the test token; DAVE is in the SRE group."""
    started: list[Harness] = []
    fake.add_usergroup(SRE, [DAVE])

    def start(permissions: str, more: str = "") -> Harness:
        policy = tmp_path / "policy.toml"
        policy.write_text(f"[permissions]\n{permissions}\n{more}")
        started.append(start_harness(fake, database_url, policy_file=policy, alert_webhook_token=TOKEN))
        return started[-1]

    yield start
    for harness in started:
        harness.stop()
