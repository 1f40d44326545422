"""The migrations build exactly the tables `models.py` describes, so `scripts/new-migration` starts
from a clean slate (it autogenerates against a database at head)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

from bot.store import models  # noqa: F401  (registers the tables)


def test_the_migrated_schema_matches_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
