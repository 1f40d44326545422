"""The inbox: a kept request ends once handled, a live process keeps its own requests, and a dead
one's are replayed once by whoever sweeps."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from bot.core.clock import ManualClock
from bot.jobs.inbox import LEASE, MAX_AGE, Inbox
from bot.store.engine import make_door_engine
from bot.store.models import InboxItem


@pytest.fixture
def door(engine: Engine, database_url: str) -> Iterator[Engine]:
    """The ack path's own autocommit engine, on the migrated database."""
    door = make_door_engine(database_url)
    yield door
    door.dispose()


def kept(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(InboxItem.key).order_by(InboxItem.id)))


def test_a_handled_request_leaves_the_inbox_and_the_others_stay(engine: Engine, door: Engine) -> None:
    inbox = Inbox(engine, door)
    inbox.receive("trigger:T1", "command", {"text": "note x"})
    inbox.receive("trigger:T2", "command", {"text": "note y"})

    inbox.settle("trigger:T1")
    inbox.settle("trigger:NEVER-KEPT")  # a request the bot does not keep (an event): nothing to delete

    assert kept(engine) == ["trigger:T2"]


def test_the_same_request_kept_twice_is_one_row(engine: Engine, door: Engine) -> None:
    inbox = Inbox(engine, door)
    inbox.receive("view:V2", "view_submission", {"n": 1})
    inbox.receive("view:V2", "view_submission", {"n": 2})  # Slack's double submit, or a replay
    assert kept(engine) == ["view:V2"]


class Replays:
    def __init__(self, taken: bool = True) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.taken = taken

    def __call__(self, body: dict[str, Any]) -> bool:
        self.bodies.append(body)
        return self.taken


def test_a_live_process_keeps_its_requests_and_a_dead_ones_are_replayed_once(engine: Engine, door: Engine) -> None:
    clock = ManualClock()
    dead, alive, sweeper = Inbox(engine, door, clock), Inbox(engine, door, clock), Inbox(engine, door, clock)
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
    assert sorted(kept(engine)) == ["trigger:ALIVE", "trigger:DEAD"]  # the replayed one ends with its answer


def test_on_a_sqlite_start_up_every_row_of_another_process_is_replayed_at_once(engine: Engine, door: Engine) -> None:
    clock = ManualClock()
    Inbox(engine, door, clock).receive("trigger:KILLED", "command", {"text": "killed"})
    restarted, replays = Inbox(engine, door, clock), Replays()

    assert restarted.sweep(replays) == 0  # its lease has not run out
    assert restarted.sweep(replays, everyone=True) == 1
    assert replays.bodies == [{"text": "killed"}]


def test_a_request_older_than_a_response_url_lives_is_dropped_not_applied(engine: Engine, door: Engine) -> None:
    clock = ManualClock()
    Inbox(engine, door, clock).receive("trigger:OLD", "command", {"text": "old"})
    clock.advance(seconds=(MAX_AGE + timedelta(seconds=1)).total_seconds())
    sweeper, replays = Inbox(engine, door, clock), Replays()

    assert sweeper.sweep(replays) == 1
    assert replays.bodies == []
    assert kept(engine) == []


def test_a_replay_no_listener_takes_is_settled(engine: Engine, door: Engine) -> None:
    clock = ManualClock()
    Inbox(engine, door, clock).receive("trigger:STRAY", "block_actions", {"type": "block_actions"})
    clock.advance(seconds=LEASE.total_seconds() + 1)
    sweeper = Inbox(engine, door, clock)

    assert sweeper.sweep(Replays(taken=False)) == 1
    assert kept(engine) == []
