"""`incident-bot migrate`: the schema upgrade as a step of its own, for deployments that run it
once before the replicas start (a Kubernetes Job, compose's one-shot service, systemd's
ExecStartPre). It says where the database is and what it did, so a deploy log answers "did the
migration run?" without a database shell."""

from __future__ import annotations

import argparse

from bot.settings import Settings
from bot.store.engine import make_engine
from bot.store.opening import migrate as upgrade_schema
from bot.store.opening import where


def migrate(settings: Settings, _args: argparse.Namespace) -> int:
    engine = make_engine(settings.database_url, settings.sqlite_busy_timeout_seconds)
    try:
        print(f"database {where(engine)}: {upgrade_schema(engine)}")
    finally:
        engine.dispose()
    return 0
