"""The databases the suite runs on: SQLite always, PostgreSQL from TEST_DATABASE_URL (skipped
when unreachable, except under CI=true where that is a failure)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


def fresh_database(backend: str, tmp_path: Path) -> str:
    """A URL to an empty database for one test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'incidents.db'}"
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    except OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} is unreachable under CI: {error}")
        pytest.skip(f"PostgreSQL unreachable: {error.orig}")
    finally:
        engine.dispose()
    return POSTGRES_URL
