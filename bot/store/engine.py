"""Engine creation. SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE for writing transactions,
so concurrent writers queue up instead of failing with 'database is locked' half-way through."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from bot.store.write_gate import WriteGate

READONLY = "incident_bot_readonly"
AUTOCOMMIT = "AUTOCOMMIT"
DOOR_POOL = {"pool_size": 8, "max_overflow": 8}
GATED = "incident_bot_gated"


def readonly(engine: Engine) -> Engine:
    """The same pool, for transactions that only read: they take no write lock on SQLite."""
    return engine.execution_options(**{READONLY: True})


def make_engine(url: str, busy_timeout: float = 30.0, gate: WriteGate | None = None) -> Engine:
    """`busy_timeout`: how long a SQLite writer waits for the write lock before failing. `gate`: the
    process's SQLite writers queue there (shared with the door engine), rather than polling."""
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, busy_timeout, gate)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def make_door_engine(url: str, busy_timeout: float = 30.0, gate: WriteGate | None = None) -> Engine:
    """A small autocommit pool of its own for the statements on the ack path (the inbox row): one
    round trip each, no BEGIN/COMMIT and no pre-ping, never queued behind the work after the ack for
    a pooled connection. The pool keeps enough connections for a burst on the listener's threads:
    a connection opened past the pool's size is closed again on return, and opening one (PostgreSQL
    authentication, SQLite's pragmas) is what a burst's ack would otherwise pay."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = _sqlite_engine(url, busy_timeout, gate, urgent=True, **DOOR_POOL)
        return engine.execution_options(isolation_level=AUTOCOMMIT)
    return create_engine(url, isolation_level=AUTOCOMMIT, **DOOR_POOL)


def _sqlite_engine(
    url: str, busy_timeout: float, gate: WriteGate | None, *, urgent: bool = False, **pool: int
) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_timeout}, **pool)

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
        options = conn.get_execution_options()
        if options.get(READONLY, False):
            return conn.exec_driver_sql("BEGIN")  # WAL readers never wait for writers
        if gate is not None and gate.enter(urgent=urgent):
            conn.info[GATED] = gate  # left when the connection goes back to the pool, after commit or rollback
        if options.get("isolation_level") != AUTOCOMMIT:  # autocommit: each statement is its own transaction
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        if held := record.info.pop(GATED, None):
            held.leave()

    return engine
