"""Engine creation. SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE for writing transactions,
so concurrent writers queue up instead of failing with 'database is locked' half-way through."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

READONLY = "incident_bot_readonly"


def readonly(engine: Engine) -> Engine:
    """The same pool, for transactions that only read: they take no write lock on SQLite."""
    return engine.execution_options(**{READONLY: True})


def make_engine(url: str, busy_timeout: float = 30.0) -> Engine:
    """`busy_timeout`: how long a SQLite writer waits for the write lock before failing."""
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, busy_timeout)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_engine(url: str, busy_timeout: float) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's begin() below issue BEGIN
        cursor = dbapi_connection.cursor()
        if make_url(url).database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")  # WAL readers never wait for writers

    return engine
