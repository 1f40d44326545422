"""On SQLite the inbox is a file of its own beside the database (`<file>-inbox`); elsewhere it is a
table of the database. Rows an earlier version left in the database's table move into the file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bot.store.engine import make_engine
from bot.store.inbox_file import inbox_url, open_file
from bot.store.migrate import upgrade


@pytest.mark.parametrize(
    ("database", "inbox"),
    [
        ("sqlite:////var/lib/bot/incidents.db", "sqlite:////var/lib/bot/incidents.db-inbox"),
        ("sqlite:///incidents.db", "sqlite:///incidents.db-inbox"),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("sqlite:///file:incidents?mode=memory&uri=true", None),
        ("postgresql+psycopg://bot:secret@db:5432/incidents", None),
    ],
)
def test_the_inbox_file_sits_beside_a_sqlite_file_only(database: str, inbox: str | None) -> None:
    assert inbox_url(database) == inbox


def keys(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT key FROM inbox ORDER BY key")).scalars())


def test_rows_left_in_the_database_move_into_the_file_once(tmp_path: Path) -> None:
    database = make_engine(f"sqlite:///{tmp_path / 'incidents.db'}")
    upgrade(database)
    now = datetime.now(UTC).isoformat(sep=" ")
    with database.begin() as connection:
        for key in ("trigger:OLD-1", "trigger:OLD-2"):
            connection.execute(
                text(
                    "INSERT INTO inbox (key, kind, body, received_at, owner, leased_until) "
                    "VALUES (:key, 'command', '{}', :now, 'gone', :now)"
                ),
                {"key": key, "now": now},
            )
    url = inbox_url(str(database.url))
    assert url is not None
    inbox = make_engine(url)

    open_file(inbox, database)
    open_file(inbox, database)  # every start-up opens it: nothing moves twice

    assert keys(inbox) == ["trigger:OLD-1", "trigger:OLD-2"]
    assert keys(database) == []
    assert (tmp_path / "incidents.db-inbox").is_file()
    inbox.dispose()
    database.dispose()
