from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakeslack import FakeSlack
from tests.support.harness import populate
from tests.support.process import BotProcess


@pytest.fixture
def bot_process(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[BotProcess]:
    populate(fake)
    process = BotProcess(fake, database_url, tmp_path)
    yield process
    process.kill()


@pytest.fixture
def bot_pair(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[BotProcess]:
    """`incident-bot run` as two processes, the front and the worker (bot/processes.py), on either database."""
    populate(fake)
    process = BotProcess(fake, database_url, tmp_path, INCIDENT_WORKER_PROCESS="yes")
    yield process
    process.kill()
