"""The inbox: Slack requests written before their ack and deleted once done, so an acknowledged
command outlives a crash of the process that acknowledged it (bot/jobs/inbox.py runs it).

A row belongs to the live process that received or replayed it, for as long as that process
renews its lease; a crashed process's rows fall free within one lease and another process (or
the restarted one) replays them."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Dialect, select, update
from sqlmodel import Session

from bot.store.models import InboxItem

CLAIM_BATCH = 200
COLUMNS = ("key", "kind", "body", "received_at", "owner", "leased_until")
PLACEHOLDERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}  # sqlite3; psycopg


def receive_all(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Keep requests, those at the door together (bot/store/door.py), in one statement; one
    already kept under the same key (a replay, a double submit) stays as it is.

    Written as the driver's SQL, its values converted by the columns' own types: SQLAlchemy
    compiled each batch's multi-row INSERT afresh, 0.5 ms of interpreter time per row, a quarter of
    what an ack cost under a burst (docs/PERFORMANCE.md, "The ack path's own cost")."""
    dialect = connection.dialect
    values = tuple(value for row in rows for value in _converted(dialect, row))
    connection.exec_driver_sql(_insert_sql(PLACEHOLDERS[dialect.paramstyle], len(rows)), values)


@functools.cache
def _insert_sql(placeholder: str, count: int) -> str:
    one = f"({', '.join([placeholder] * len(COLUMNS))})"
    names = ", ".join(f'"{name}"' for name in COLUMNS)
    return f'INSERT INTO inbox ({names}) VALUES {", ".join([one] * count)} ON CONFLICT ("key") DO NOTHING'


@functools.cache
def _delete_sql(placeholder: str, count: int) -> str:
    return f'DELETE FROM inbox WHERE "key" IN ({", ".join([placeholder] * count)})'


def _converted(dialect: Dialect, row: dict[str, Any]) -> list[Any]:
    return [convert(row[name]) if convert else row[name] for name, convert in _converters(dialect)]


@functools.cache
def _converters(dialect: Dialect) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    table = InboxItem.__table__.c  # type: ignore[attr-defined]
    return tuple((name, table[name].type.bind_processor(dialect)) for name in COLUMNS)


def settle_all(connection: Connection, keys: list[str]) -> None:
    """The requests are done: those handled meanwhile together, through the door, as the driver's
    SQL for the reason `receive_all` gives."""
    placeholder = PLACEHOLDERS[connection.dialect.paramstyle]
    connection.exec_driver_sql(_delete_sql(placeholder, len(keys)), tuple(keys))


def renew(session: Session, owner: str, until: datetime) -> None:
    """The owner's heartbeat: its rows stay its own while it lives."""
    session.execute(update(InboxItem).where(InboxItem.owner == owner).values(leased_until=until))


def claim(
    session: Session, now: datetime, owner: str, until: datetime, stale_before: datetime, *, everyone: bool = False
) -> list[InboxItem]:
    """Take the rows whose lease ran out, and any received before `stale_before` (one its owner
    never settles: no listener took it), oldest first. With `everyone`, also every row another
    process owns: for a SQLite start-up, when no other process can be alive."""
    free = (InboxItem.leased_until < now) | (InboxItem.received_at < stale_before)
    query = select(InboxItem).where(free | (InboxItem.owner != owner) if everyone else free).order_by(InboxItem.id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # a row another replica is taking right now is its own
    rows = list(session.scalars(query.limit(CLAIM_BATCH)))
    for row in rows:
        row.owner, row.leased_until = owner, until
    session.flush()
    return rows
