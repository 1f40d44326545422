"""Opening the database the way an operator expects: `run` creates and upgrades it; commands that
only read refuse to create one by accident. Failures become one line that says what to do."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError

from bot.settings import StartupError
from bot.store.engine import make_engine
from bot.store.migrate import Upgraded, alembic_config, current_revision, upgrade
from bot.store.urls import shown

log = logging.getLogger(__name__)


def migrate(engine: Engine) -> Upgraded:
    """Create or upgrade the schema (`run`, `migrate`); SQLite creates the file, not its directory."""
    directory = _sqlite_directory(engine.url)
    if directory is not None and not directory.is_dir():
        raise StartupError(f"DATABASE_URL {_shown(engine)}: the directory {directory} does not exist; create it first")
    with reported(engine):
        upgraded = upgrade(engine)
    log.info("database: %s", where(engine))
    return upgraded


def where(engine: Engine) -> str:
    """The database as the operator should recognise it: the URL (password hidden) and, for SQLite,
    the absolute file, since a relative one depends on the directory the bot was started in."""
    file = _sqlite_file(engine.url)
    return f"{_shown(engine)} ({file})" if file is not None else _shown(engine)


def open_existing(url: str) -> Engine:
    """The engine of a database that already holds incidents; never creates one."""
    file = _sqlite_file(make_url(url))
    if file is not None and not file.is_file():
        raise StartupError(f"there is no database at {shown(url)} ({file} does not exist); check DATABASE_URL")
    engine = make_engine(url)
    try:
        check_schema(engine)
    except StartupError:
        engine.dispose()
        raise
    return engine


def check_schema(engine: Engine) -> None:
    """Refuse a database that is missing or behind: `run --no-migrate` waits for `migrate` this way."""
    with reported(engine), engine.connect() as connection:
        current = current_revision(connection)
    if current is None:
        raise StartupError(f"there is no incident database at {_shown(engine)} (no tables); check DATABASE_URL")
    if current != ScriptDirectory.from_config(alembic_config()).get_current_head():
        raise StartupError(f"the database at {_shown(engine)} is at {current}: run `incident-bot migrate` first")


@contextmanager
def reported(engine: Engine) -> Iterator[None]:
    """Turn "could not connect" into one line naming the URL (password hidden) and the reason."""
    try:
        yield
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StartupError(f"cannot open the database at {_shown(engine)}: {reason}") from error


def _shown(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _sqlite_file(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser().resolve()


def _sqlite_directory(url: URL) -> Path | None:
    file = _sqlite_file(url)
    return file.parent if file is not None else None
