"""Where the inbox lives. On PostgreSQL, in the database, as every table. On SQLite, in a file of its
own beside the database, named as SQLite names its own `-wal` and `-shm` files: `incidents.db` keeps
its inbox in `incidents.db-inbox`, with a write gate of its own.

Why: SQLite lets one transaction at a time write a file. With the inbox in the incidents' file, an
ack's row waited for whatever change was being written: a listener's 20-30 ms transaction at the
start of a burst, and in a bot of two processes every write of the worker's (docs/PERFORMANCE.md,
"The inbox in a file of its own"). In a file of its own, the row waits only for other inbox rows.
The file holds only requests in flight: it is not part of a backup, and must stay beside the
database it belongs to."""

from __future__ import annotations

import logging

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.engine import make_url

from bot.store.models import InboxItem
from bot.store.urls import sqlite_file

log = logging.getLogger(__name__)
SUFFIX = "-inbox"


def inbox_url(database_url: str) -> str | None:
    """The inbox file's URL; None where the inbox is a table of the database itself (PostgreSQL, and
    a SQLite database in memory or named by a `file:` URI)."""
    database = sqlite_file(database_url)
    if database is None:
        return None
    return make_url(database_url).set(database=database + SUFFIX).render_as_string(hide_password=False)


def open_file(engine: Engine, database: Engine) -> None:
    """Create the inbox file's table, and move into it the rows an earlier version left in the
    database's own inbox table (requests acknowledged before a crash, then an upgrade)."""
    table = InboxItem.__table__  # type: ignore[attr-defined]
    table.create(engine, checkfirst=True)
    with database.begin() as connection:
        left = [dict(row._mapping) for row in connection.execute(select(table))]
        if not left:
            return
        with engine.begin() as into:
            into.execute(insert(table).prefix_with("OR IGNORE"), left)
        connection.execute(delete(table).where(table.c.id.in_([row["id"] for row in left])))
    log.info("moved %d acknowledged requests from the database into its inbox file", len(left))
