"""The outbox as the tests drive it: each step in its own transaction, results read inside it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Engine, select
from sqlmodel import Session

from bot.store import outbox
from bot.store.models import OutboxItem

T = TypeVar("T")


def within(engine: Engine, work: Callable[[Session], T]) -> T:
    with Session(engine) as session, session.begin():
        return work(session)


def add(engine: Engine, now: datetime, kind: str, incident_id: int | None, payload=None, *, coalesce=False) -> None:
    within(engine, lambda s: outbox.enqueue(s, now, kind, incident_id, payload, coalesce=coalesce))


def claim(engine: Engine, now: datetime, limit: int = 10) -> list[tuple[int, str, int | None]]:
    """(id, kind, incident) of the claimed items, read inside the claiming transaction."""
    return within(engine, lambda s: [(i.id, i.kind, i.incident_id) for i in outbox.claim(s, now, limit)])


def kinds(claimed: list[tuple[int, str, int | None]]) -> list[str]:
    return [kind for _, kind, _ in claimed]


def rows(engine: Engine) -> list[OutboxItem]:
    def read(session: Session) -> list[OutboxItem]:
        items = list(session.scalars(select(OutboxItem).order_by(OutboxItem.id)))
        session.expunge_all()
        return items

    return within(engine, read)
