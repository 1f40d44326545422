"""The console script's manners: version, help with examples, read-only commands that never create
a database, and the packaged templates used from any directory."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.cli import COMMANDS
from bot.core.clock import SystemClock
from bot.core.desk import Desk
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from tests.core.factory import declare
from tests.support.console import incident_bot
from tests.support.database import fresh_database

ROOT = Path(__file__).resolve().parents[2]


def test_version(tmp_path: Path) -> None:
    outcome = incident_bot("--version", cwd=tmp_path)
    assert (outcome.status, outcome.stdout.strip()) == (0, "incident-bot 0.1.0")


def test_run_help_lists_the_settings_and_the_env_file_rule(tmp_path: Path) -> None:
    outcome = incident_bot("run", "--help", cwd=tmp_path)
    assert outcome.status == 0
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DATABASE_URL", "PORT"):
        assert name in outcome.stdout
    assert "a .env file in the working directory (or the one given with --env-file)" in outcome.stdout


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_every_subcommand_has_help_with_an_example(tmp_path: Path, command: str) -> None:
    outcome = incident_bot(command, "--help", cwd=tmp_path)
    assert outcome.status == 0
    assert f"example:\n  incident-bot {command}" in outcome.stdout


def test_an_unknown_command_is_one_line_naming_it(tmp_path: Path) -> None:
    outcome = incident_bot("bogus", cwd=tmp_path)
    assert outcome.status == 2 and outcome.stdout == ""
    assert len(outcome.stderr.splitlines()) == 1, outcome.stderr
    assert outcome.stderr.startswith("incident-bot: ") and "'bogus'" in outcome.stderr
    assert outcome.stderr.endswith("; see incident-bot --help\n")


@pytest.mark.parametrize("args", [("-x",), ("run", "-x"), ("-x", "run")])
def test_an_unknown_option_is_named(tmp_path: Path, args: tuple[str, ...]) -> None:
    outcome = incident_bot(*args, cwd=tmp_path)
    assert (outcome.status, outcome.stderr) == (2, "incident-bot: unknown option -x; see incident-bot --help\n")


def test_no_command_names_the_commands(tmp_path: Path) -> None:
    outcome = incident_bot(cwd=tmp_path)
    names = ", ".join(c.name for c in COMMANDS)
    assert (outcome.status, outcome.stderr) == (2, f"incident-bot: name a command: {names}; see incident-bot --help\n")


def test_the_example_policy_is_printed_and_passes_the_check(tmp_path: Path) -> None:
    outcome = incident_bot("example-policy", cwd=tmp_path)
    assert outcome.status == 0, outcome.stderr
    assert outcome.stdout == (ROOT / "docs" / "policy.example.toml").read_text()
    (tmp_path / "policy.toml").write_text(outcome.stdout)
    checked = incident_bot("check-policy", "policy.toml", cwd=tmp_path)
    assert checked.status == 0, checked.stderr


def test_a_read_only_command_does_not_create_a_database(tmp_path: Path) -> None:
    outcome = incident_bot("postmortem", "INC-1", cwd=tmp_path)
    assert outcome.status == 1
    assert outcome.last_line == (
        f"incident-bot: there is no database at sqlite:///incidents.db ({tmp_path.resolve() / 'incidents.db'} "
        "does not exist); check DATABASE_URL"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_command_names_an_empty_postgresql(tmp_path: Path) -> None:
    url = fresh_database("postgresql", tmp_path)
    outcome = incident_bot("postmortem", "INC-1", cwd=tmp_path, DATABASE_URL=url)
    assert outcome.status == 1
    assert outcome.last_line.startswith("incident-bot: there is no incident database at postgresql+psycopg://")
    assert outcome.last_line.endswith("(no tables); check DATABASE_URL")


def test_an_unknown_incident_is_one_line(tmp_path: Path) -> None:
    _database_with_one_incident(tmp_path)
    outcome = incident_bot("postmortem", "INC-9", cwd=tmp_path, LOG_LEVEL="WARNING")
    assert (outcome.status, outcome.stderr) == (1, "incident-bot: There is no incident INC-9.\n")


def test_the_installed_templates_render_the_postmortem_from_any_directory(tmp_path: Path) -> None:
    _database_with_one_incident(tmp_path)
    outcome = incident_bot("postmortem", "INC-1", cwd=tmp_path, LOG_LEVEL="WARNING")
    assert outcome.status == 0, outcome.stderr
    assert outcome.stdout.startswith("# Postmortem: INC-1 — Checkout is failing\n")
    assert outcome.stderr == ""


def test_the_postmortem_of_an_open_incident_says_it_is_still_open(tmp_path: Path) -> None:
    _database_with_one_incident(tmp_path)
    outcome = incident_bot("postmortem", "INC-1", cwd=tmp_path, LOG_LEVEL="WARNING")
    assert outcome.status == 0, outcome.stderr
    header = outcome.stdout.split("## Summary")[0]
    assert "when the incident was closed" not in header and "was closed" not in header
    assert re.search(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC, while the incident is still open \(declared\)", header)


def test_templates_dir_overrides_file_by_file(tmp_path: Path) -> None:
    _database_with_one_incident(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "postmortem.md.j2").write_text("Our review of {{ incident.ref }}\n")
    outcome = incident_bot("postmortem", "1", cwd=tmp_path, INCIDENT_TEMPLATES_DIR=str(tmp_path / "mine"))
    assert (outcome.status, outcome.stdout) == (0, "Our review of INC-1\n")


def _database_with_one_incident(directory: Path) -> None:
    engine = make_engine(f"sqlite:///{directory / 'incidents.db'}")
    upgrade(engine)
    declare(Desk(engine, SystemClock()))
    engine.dispose()
