from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from tests.fakeslack import FakeSlack
from tests.support.database import BACKENDS, drop_run_schema, fresh_database
from tests.support.harness import Harness, start_harness
from tests.support.outgoing import broadcasts


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_database(request.param, tmp_path)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def desk(engine: Engine, clock: ManualClock) -> Desk:
    return Desk(engine, clock)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """The fake Slack; after the test, whatever it did, nothing the bot sent may ping a whole channel."""
    with FakeSlack() as fake:
        yield fake
        assert broadcasts(fake) == [], "the bot sent @channel/@here/@everyone"


@pytest.fixture
def bot(fake: FakeSlack, database_url: str) -> Iterator[Harness]:
    harness = start_harness(fake, database_url)
    yield harness
    harness.stop()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    drop_run_schema()
