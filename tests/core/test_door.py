"""The door: the inbox rows of concurrent acks are committed together, each caller returns only
once its own row is committed, and a failed batch fails each of its callers (not the next batch)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bot.store import inbox
from bot.store.door import Door
from bot.store.engine import make_door_engine
from bot.store.models import InboxItem
from tests.support.concurrency import all_at_once


@pytest.fixture
def door_engine(engine: Engine, database_url: str) -> Iterator[Engine]:
    door = make_door_engine(database_url)
    yield door
    door.dispose()


def row(key: str) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"key": key, "kind": "command", "body": "{}", "received_at": now, "owner": "me", "leased_until": now}


def kept(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return sorted(session.scalars(select(InboxItem.key)))


def test_every_caller_returns_with_its_row_committed(engine: Engine, door_engine: Engine) -> None:
    door = Door(door_engine, inbox.receive_all, inbox.settle_all)

    def keep(i: int) -> list[str]:
        door.keep(row(f"trigger:{i}"))
        return kept(engine)  # another connection sees it: committed, not only written

    seen = all_at_once(40, keep)
    assert all(f"trigger:{i}" in seen[i] for i in range(40))
    assert kept(engine) == sorted(f"trigger:{i}" for i in range(40))


class Batches:
    """A write that records its batches and fails the one holding `poison`."""

    def __init__(self, poison: str) -> None:
        self.poison, self.sizes = poison, []
        self.first = threading.Event()
        self.go_on = threading.Event()

    def __call__(self, connection: Connection, rows: list[dict[str, Any]]) -> None:
        self.sizes.append(len(rows))
        if len(self.sizes) == 1:
            self.first.set()
            self.go_on.wait(5)  # the others arrive meanwhile and form the next batch
        if any(r["key"] == self.poison for r in rows):
            raise SQLAlchemyError("the database refused")
        inbox.receive_all(connection, rows)


def test_rows_waiting_together_share_one_batch_and_its_failure(engine: Engine, door_engine: Engine) -> None:
    write = Batches(poison="trigger:bad")
    door = Door(door_engine, write, inbox.settle_all)
    first = threading.Thread(target=door.keep, args=(row("trigger:first"),))
    first.start()
    assert write.first.wait(5)

    outcomes: dict[str, str] = {}

    def keep(key: str) -> None:
        try:
            door.keep(row(key))
            outcomes[key] = "kept"
        except SQLAlchemyError:
            outcomes[key] = "refused"

    others = [threading.Thread(target=keep, args=(k,)) for k in ("trigger:a", "trigger:bad", "trigger:b")]
    for thread in others:
        thread.start()
    for _ in range(1000):  # until all three wait behind the first batch
        if len(door._waiting) == 3:
            break
        threading.Event().wait(0.01)
    write.go_on.set()
    for thread in [first, *others]:
        thread.join(5)

    assert write.sizes == [1, 3]
    assert outcomes == {"trigger:a": "refused", "trigger:bad": "refused", "trigger:b": "refused"}
    assert kept(engine) == ["trigger:first"]
    door.keep(row("trigger:after"))  # the writer outlives a failed batch
    assert kept(engine) == ["trigger:after", "trigger:first"]


def test_a_handled_request_leaves_in_the_batch_of_the_acks(engine: Engine, door_engine: Engine) -> None:
    door = Door(door_engine, inbox.receive_all, inbox.settle_all)
    door.keep(row("trigger:done"))
    door.keep(row("trigger:open"))

    all_at_once(2, lambda i: door.forget("trigger:done") if i == 0 else door.keep(row("trigger:new")))

    assert kept(engine) == ["trigger:new", "trigger:open"]


def test_an_ack_in_a_batch_with_deletes_is_released_before_they_run(engine: Engine, door_engine: Engine) -> None:
    holding, go_on, deleting, finish_deleting = (threading.Event() for _ in range(4))

    def keep_all(connection: Connection, rows: list[dict[str, Any]]) -> None:
        if rows[0]["key"] == "trigger:first":
            holding.set()
            go_on.wait(5)  # the ack and the delete below queue meanwhile: the next batch holds both
        inbox.receive_all(connection, rows)

    def slow_settle(connection: Connection, keys: list[str]) -> None:
        deleting.set()
        finish_deleting.wait(5)
        inbox.settle_all(connection, keys)

    door = Door(door_engine, keep_all, slow_settle)
    door.keep(row("trigger:handled"))
    first = threading.Thread(target=door.keep, args=(row("trigger:first"),))
    first.start()
    assert holding.wait(5)
    ack = threading.Thread(target=door.keep, args=(row("trigger:ack"),))
    settle = threading.Thread(target=door.forget, args=("trigger:handled",))
    ack.start()
    settle.start()
    for _ in range(1000):
        if len(door._waiting) == 2:
            break
        threading.Event().wait(0.01)
    go_on.set()

    assert deleting.wait(5)
    ack.join(5)
    assert not ack.is_alive(), "the ack waited for the batch's deletes"
    assert settle.is_alive()
    finish_deleting.set()
    for thread in (settle, first):
        thread.join(5)
    assert kept(engine) == ["trigger:ack", "trigger:first"]
