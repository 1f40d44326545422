"""Database URLs as operators write them: the forms we run on, and the ones providers hand out."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED = "sqlite:///path/to/incidents.db or postgresql+psycopg://user:password@host:5432/incidents"
_POSTGRES_ALIASES = ("postgres", "postgresql", "postgresql+psycopg")


def database_url(raw: str) -> str:
    """The SQLAlchemy URL for `raw`; `postgres://` and `postgresql://` (as Heroku, Render, Supabase
    and others print them) mean psycopg 3, the driver we ship. Raises ValueError for anything else."""
    url = parse(raw)
    if url.drivername in _POSTGRES_ALIASES:
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername in ("sqlite", "sqlite+pysqlite"):
        return raw
    raise ValueError(f"DATABASE_URL {shown(raw)} is not a database we run on; write {SUPPORTED}")


def parse(raw: str) -> URL:
    try:
        return make_url(raw)
    except (ArgumentError, ValueError) as error:
        raise ValueError(f"DATABASE_URL {raw!r} is not a database URL; write {SUPPORTED}") from error


def shown(raw: str) -> str:
    """The URL with its password hidden, for messages and logs."""
    try:
        return make_url(raw).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return repr(raw)


def sqlite_file(raw: str) -> str | None:
    """The file of a SQLite database; None for another database, and for SQLite in memory or named
    by a `file:` URI (which one process alone may mean), and for a URL that does not parse."""
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        return None
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:") or database.startswith("file:"):
        return None
    return database


def sqlite_beside(base: Path, raw: str) -> str:
    """`raw` with a relative SQLite path made absolute from `base` (the directory of the settings
    file that named it); any other URL, or one that does not parse, as it is (settings name it)."""
    database = sqlite_file(raw)
    if database is None or Path(database).is_absolute():
        return raw
    return make_url(raw).set(database=str(base / database)).render_as_string(hide_password=False)
