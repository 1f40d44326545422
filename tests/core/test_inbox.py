"""The inbox: a kept request ends in the transaction of its change (and only if that commits) where
it shares the change's database, after it on SQLite (a file of its own); a live process keeps its
own requests, and a dead one's are replayed once by whoever sweeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from bot.core import dedupe
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import InvalidInput
from bot.core.tx import Tx
from bot.jobs.inbox import LEASE, MAX_AGE, Inbox
from bot.store import inbox as store
from bot.store.engine import make_inbox_engines
from bot.store.models import InboxItem
from tests.core.factory import declare


@pytest.fixture
def engines(engine: Engine, database_url: str) -> Iterator[tuple[Engine, Engine]]:
    """The inbox's engine and the ack path's own autocommit one, beside the migrated database."""
    inbox_engine, door = make_inbox_engines(database_url, engine)
    store.prepare(engine, inbox_engine)
    yield inbox_engine, door
    door.dispose()
    inbox_engine.dispose()


@pytest.fixture
def inbox_engine(engines: tuple[Engine, Engine]) -> Engine:
    return engines[0]


@pytest.fixture
def door(engines: tuple[Engine, Engine]) -> Engine:
    return engines[1]


def kept(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(InboxItem.key).order_by(InboxItem.id)))


def nothing(tx: Tx) -> None:
    return None


def refuse(tx: Tx) -> None:
    raise InvalidInput("no")


def test_a_change_settles_its_request_in_its_own_transaction_where_they_share_a_database(
    engine: Engine, inbox_engine: Engine, door: Engine, desk: Desk
) -> None:
    inbox = Inbox(inbox_engine, door)
    inbox.receive("trigger:T1", "command", {"text": "note x"})
    inbox.receive("trigger:T2", "command", {"text": "note y"})

    desk.run(dedupe.once, "trigger:T1", nothing)
    with pytest.raises(InvalidInput):
        desk.run(dedupe.once, "trigger:T2", refuse)

    if inbox_engine is engine:
        assert kept(inbox_engine) == ["trigger:T2"]  # a refused change leaves its request for the answer to settle
    else:  # SQLite: a file of its own, settled after the answer (bot.slack.replies.done)
        assert kept(inbox_engine) == ["trigger:T1", "trigger:T2"]
        inbox.settle("trigger:T1")
        assert kept(inbox_engine) == ["trigger:T2"]


def test_a_declare_settles_its_request(engine: Engine, inbox_engine: Engine, door: Engine, desk: Desk) -> None:
    inbox = Inbox(inbox_engine, door)
    inbox.receive("view:V1", "view_submission", {})
    declare(desk, request_key="view:V1")
    if inbox_engine is not engine:
        assert kept(inbox_engine) == ["view:V1"]
        inbox.settle("view:V1")
    assert kept(inbox_engine) == []


def test_on_sqlite_the_inbox_is_a_file_of_its_own(
    engine: Engine, inbox_engine: Engine, door: Engine, database_url: str
) -> None:
    Inbox(inbox_engine, door).receive("trigger:T3", "command", {"text": "note z"})
    assert kept(inbox_engine) == ["trigger:T3"]
    if database_url.startswith("sqlite"):
        assert inbox_engine.url.database == f"{engine.url.database}.inbox"
        assert kept(engine) == []  # no ack waits for the main file's write lock
    else:
        assert inbox_engine is engine


def test_rows_an_older_version_left_in_the_main_database_move_to_the_inbox_file(
    engine: Engine, database_url: str
) -> None:
    now = ManualClock().now()
    with engine.begin() as connection:
        store.receive(
            connection, key="trigger:OLD", kind="command", body="{}", received_at=now, owner="x", leased_until=now
        )
    inbox_engine, door = make_inbox_engines(database_url, engine)
    store.prepare(engine, inbox_engine)
    assert kept(inbox_engine) == ["trigger:OLD"]
    if inbox_engine is not engine:
        assert kept(engine) == []
    store.prepare(engine, inbox_engine)  # every start-up: nothing moves twice
    assert kept(inbox_engine) == ["trigger:OLD"]
    door.dispose()
    inbox_engine.dispose()


def test_the_same_request_kept_twice_is_one_row(inbox_engine: Engine, door: Engine) -> None:
    inbox = Inbox(inbox_engine, door)
    inbox.receive("view:V2", "view_submission", {"n": 1})
    inbox.receive("view:V2", "view_submission", {"n": 2})  # Slack's double submit, or a replay
    assert kept(inbox_engine) == ["view:V2"]


class Replays:
    def __init__(self, taken: bool = True) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.taken = taken

    def __call__(self, body: dict[str, Any]) -> bool:
        self.bodies.append(body)
        return self.taken


def test_a_live_process_keeps_its_requests_and_a_dead_ones_are_replayed_once(
    inbox_engine: Engine, door: Engine
) -> None:
    clock = ManualClock()
    dead, alive, sweeper = (
        Inbox(inbox_engine, door, clock),
        Inbox(inbox_engine, door, clock),
        Inbox(inbox_engine, door, clock),
    )
    dead.receive("trigger:DEAD", "command", {"text": "dead"})
    alive.receive("trigger:ALIVE", "command", {"text": "alive"})
    replays = Replays()

    clock.advance(seconds=LEASE.total_seconds() / 2)
    alive.sweep(Replays())  # the live one's heartbeat
    assert sweeper.sweep(replays) == 0
    clock.advance(seconds=LEASE.total_seconds() / 2 + 1)
    assert sweeper.sweep(replays) == 1
    assert sweeper.sweep(replays) == 0  # now the sweeper's own, for as long as it lives

    assert replays.bodies == [{"text": "dead"}]
    assert sorted(kept(inbox_engine)) == ["trigger:ALIVE", "trigger:DEAD"]  # the replayed one ends with its answer


def test_on_a_sqlite_start_up_every_row_of_another_process_is_replayed_at_once(
    inbox_engine: Engine, door: Engine
) -> None:
    clock = ManualClock()
    Inbox(inbox_engine, door, clock).receive("trigger:KILLED", "command", {"text": "killed"})
    restarted, replays = Inbox(inbox_engine, door, clock), Replays()

    assert restarted.sweep(replays) == 0  # its lease has not run out
    assert restarted.sweep(replays, everyone=True) == 1
    assert replays.bodies == [{"text": "killed"}]


def test_a_request_older_than_a_response_url_lives_is_dropped_not_applied(inbox_engine: Engine, door: Engine) -> None:
    clock = ManualClock()
    Inbox(inbox_engine, door, clock).receive("trigger:OLD", "command", {"text": "old"})
    clock.advance(seconds=(MAX_AGE + timedelta(seconds=1)).total_seconds())
    sweeper, replays = Inbox(inbox_engine, door, clock), Replays()

    assert sweeper.sweep(replays) == 1
    assert replays.bodies == []
    assert kept(inbox_engine) == []


def test_a_replay_no_listener_takes_is_settled(inbox_engine: Engine, door: Engine) -> None:
    clock = ManualClock()
    Inbox(inbox_engine, door, clock).receive("trigger:STRAY", "block_actions", {"type": "block_actions"})
    clock.advance(seconds=LEASE.total_seconds() + 1)
    sweeper = Inbox(inbox_engine, door, clock)

    assert sweeper.sweep(Replays(taken=False)) == 1
    assert kept(inbox_engine) == []
