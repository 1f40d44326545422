"""Upgrades keep data: a database made by an older revision, with a row in every table it has
(incidents, roles, timeline, outbox …), upgrades to head with every value intact. The rows are
written through the older revision's own tables, read back by reflection, so the fixture follows
the migrations instead of a hand-written schema. Every revision is a starting point, so the one
before head (the database a deployed bot has when a new release starts) is always among them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Connection, Engine, MetaData, Table, select

from bot.store.engine import make_engine
from bot.store.migrate import alembic_config

SCRIPTS = ScriptDirectory.from_config(alembic_config())
REVISIONS = [script.revision for script in reversed(list(SCRIPTS.walk_revisions()))]  # base first
HEAD = SCRIPTS.get_current_head()
# Values the application would write, where a column's type alone would allow nonsense.
MEANINGFUL: dict[str, Any] = {
    "incident.severity": "sev2",
    "incident.status": "investigating",
    "roleassignment.role": "commander",
    "timelineevent.kind": "note",
    "timelineevent.source": "slack",
    "timelineevent.data": "{}",
    "outbox.kind": "post_event",
    "outbox.payload": '{"event_id": 1}',
}


def migrate_to(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def tables(connection: Connection) -> list[Table]:
    """The database's own tables, as this revision made them, parents before children."""
    metadata = MetaData()
    metadata.reflect(bind=connection)
    return [table for table in metadata.sorted_tables if table.name != "alembic_version"]


def value_for(table: Table, column: Column[Any]) -> Any:
    """One plausible value: 1 for every integer (so each foreign key finds its parent's row)."""
    if (meaningful := MEANINGFUL.get(f"{table.name}.{column.name}")) is not None:
        return meaningful
    kind = column.type.python_type
    if kind is str:
        length = getattr(column.type, "length", None) or 64
        return f"{column.name} of {table.name}"[:length]
    return {int: 1, bool: True, float: 1.5, datetime: datetime(2026, 3, 4, 5, 6, 7), date: date(2026, 3, 4)}.get(
        kind, {"kept": True}
    )


def fill(connection: Connection) -> dict[str, list[dict[str, Any]]]:
    """A row in every table; the rows as the database then reads them back."""
    found = tables(connection)
    for table in found:
        connection.execute(table.insert().values({c.name: value_for(table, c) for c in table.columns}))
    return contents(connection, found)


def contents(connection: Connection, found: list[Table]) -> dict[str, list[dict[str, Any]]]:
    return {t.name: [dict(row._mapping) for row in connection.execute(select(t).order_by(*t.columns))] for t in found}


@pytest.mark.parametrize("start", REVISIONS, ids=[f"from-{r}" for r in REVISIONS])
def test_a_database_made_by_an_older_revision_upgrades_with_its_data(database_url: str, start: str) -> None:
    engine = make_engine(database_url)
    try:
        migrate_to(engine, start)
        with engine.begin() as connection:
            before = fill(connection)
        migrate_to(engine, "head")
        with engine.connect() as connection:
            after = contents(connection, tables(connection))
    finally:
        engine.dispose()
    assert {"incident", "roleassignment", "timelineevent", "outbox"} <= set(before)
    for table, rows in before.items():
        kept = [{k: v for k, v in row.items() if k in rows[0]} for row in after[table]]
        assert kept == rows, table


def test_every_revision_but_the_first_follows_the_one_before() -> None:
    """One line of history from base to head, so `from-<previous head>` above is the real upgrade."""
    assert SCRIPTS.get_heads() == [HEAD]
    assert [SCRIPTS.get_revision(r).down_revision for r in REVISIONS] == [None, *REVISIONS[:-1]]
