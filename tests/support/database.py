"""The databases the suite runs on: SQLite always, PostgreSQL from TEST_DATABASE_URL (skipped
when unreachable, except under CI=true where that is a failure)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def fresh_database(backend: str, tmp_path: Path) -> str:
    """A URL to an empty database for one test. On PostgreSQL each test run gets its own schema
    (via search_path), so two runs against the same server never see each other's tables."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'incidents.db'}"
    schema = f"t_{os.getpid()}"
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable under CI: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error.orig}")
    finally:
        engine.dispose()
    url = make_url(POSTGRES_URL)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def drop_run_schema() -> None:
    """Remove this run's PostgreSQL schema at the end of the session."""
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS t_{os.getpid()} CASCADE"))
    except OperationalError:
        pass
    finally:
        engine.dispose()
