"""Reading and moving reminder rows while the bot is down: a wait of hours (or of a cadence a slow
restart could overrun) passes by moving a row's due time back, so crash tests stay deterministic."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.store.engine import make_engine
from tests.support.process import BotProcess


def due_at(process: BotProcess, kind: str) -> datetime | None:
    engine = make_engine(process.database_url)
    try:
        with engine.connect() as connection:
            query = text("SELECT due_at FROM schedule WHERE kind = :kind")
            found = connection.execute(query, {"kind": kind}).scalar_one_or_none()
    finally:
        engine.dispose()
    if isinstance(found, str):  # SQLite hands back text
        found = datetime.fromisoformat(found)
    return found.replace(tzinfo=UTC) if found and found.tzinfo is None else found


def fall_due(process: BotProcess, kind: str) -> None:
    """Make the `kind` row due a minute ago, as if the time had passed while nobody ran."""
    past = (datetime.now(UTC) - timedelta(minutes=1)).replace(tzinfo=None)
    engine = make_engine(process.database_url)
    try:
        with engine.begin() as connection:
            query = text("UPDATE schedule SET due_at = :at WHERE kind = :kind")
            connection.execute(query, {"at": past, "kind": kind})
    finally:
        engine.dispose()
