"""`incident-bot migrate` as a deployment runs it: a step of its own before the replicas start,
possibly from several places at once, saying what it did; and `run --no-migrate`, which leaves the
schema to it and refuses a database it has not brought up to date."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from bot.store.engine import make_engine
from bot.store.migrate import alembic_config
from tests.fakeslack import FakeSlack
from tests.support.console import SCRIPT, environment, incident_bot, serve_until
from tests.support.database import BACKENDS, fresh_database

SCRIPTS = ScriptDirectory.from_config(alembic_config())
HEAD = SCRIPTS.get_current_head()
ALL = len(list(SCRIPTS.walk_revisions()))  # a linear history: 0005_inbox is the fifth


def sqlite_at(revision: str, tmp_path: Path) -> str:
    """A SQLite database migrated up to `revision` only, as an older release left it."""
    url = fresh_database("sqlite", tmp_path)
    config = alembic_config()
    engine = make_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    return url


@pytest.mark.parametrize("backend", BACKENDS)
def test_migrate_creates_the_schema_then_has_nothing_to_do(tmp_path: Path, backend: str) -> None:
    url = fresh_database(backend, tmp_path)
    first = incident_bot("migrate", cwd=tmp_path, DATABASE_URL=url)
    again = incident_bot("migrate", cwd=tmp_path, DATABASE_URL=url)
    assert first.status == again.status == 0, first.stderr + again.stderr
    assert first.stdout.startswith("database ") and first.stdout.endswith(
        f": at {HEAD} (was empty): {ALL} migrations applied\n"
    )
    assert again.stdout.endswith(f": already at {HEAD}, nothing to do\n")


def test_migrate_names_where_it_started(tmp_path: Path) -> None:
    url = sqlite_at("0005_inbox", tmp_path)
    outcome = incident_bot("migrate", cwd=tmp_path, DATABASE_URL=url)
    assert outcome.stdout == (
        f"database sqlite:///{tmp_path / 'incidents.db'} ({tmp_path / 'incidents.db'}): "
        f"at {HEAD} (was 0005_inbox): {ALL - 5} migrations applied\n"
    )


def test_migrations_started_together_on_postgresql_apply_once(tmp_path: Path) -> None:
    url = fresh_database("postgresql", tmp_path)
    starts = [
        subprocess.Popen(
            [str(SCRIPT), "migrate"],
            cwd=tmp_path,
            env=environment(DATABASE_URL=url),
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=120) for process in starts]
    assert [process.returncode for process in starts] == [0, 0, 0], outputs
    said = sorted(out.split(": ", 1)[1] for out, _ in outputs)
    assert said == [
        f"already at {HEAD}, nothing to do\n",
        f"already at {HEAD}, nothing to do\n",
        f"at {HEAD} (was empty): {ALL} migrations applied\n",
    ]


def test_a_missing_directory_is_one_line(tmp_path: Path) -> None:
    outcome = incident_bot("migrate", cwd=tmp_path, DATABASE_URL="sqlite:///nowhere/incidents.db")
    assert outcome.status == 1
    assert outcome.last_line.endswith(f"the directory {tmp_path / 'nowhere'} does not exist; create it first")


def test_run_no_migrate_refuses_a_database_migrate_has_not_upgraded(tmp_path: Path) -> None:
    url = sqlite_at("0007_alert_repeats", tmp_path)
    with FakeSlack() as fake:
        slack = {"SLACK_BOT_TOKEN": "xoxb-test", "SLACK_SIGNING_SECRET": "secret", "SLACK_API_URL": fake.api_url}
        refused = incident_bot("run", "--no-migrate", cwd=tmp_path, DATABASE_URL=url, PORT="0", **slack)
        assert refused.status == 1
        assert refused.last_line.endswith("is at 0007_alert_repeats: run `incident-bot migrate` first")
        assert incident_bot("migrate", cwd=tmp_path, DATABASE_URL=url).status == 0
        started = serve_until(
            "listening on", "--no-migrate", cwd=tmp_path, DATABASE_URL=url, HOST="127.0.0.1", PORT="0", **slack
        )
    assert started.status == 0, started.stderr
