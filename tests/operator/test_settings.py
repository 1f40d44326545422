"""Settings as an operator meets them: which `.env` is read, and every mistake named in one line."""

from __future__ import annotations

import os
from pathlib import Path

from bot.core.clock import SystemClock
from bot.core.desk import Desk
from bot.settings import Settings, available_cpus
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from tests.core.factory import declare
from tests.support.console import incident_bot

MISSING_BOTH = (
    "incident-bot: SLACK_BOT_TOKEN is not set (the Bot User OAuth Token, xoxb-…); "
    "SLACK_SIGNING_SECRET is not set (HTTP mode verifies Slack's requests with it; "
    "or set SLACK_APP_TOKEN for Socket Mode)"
)


def no_env_file(directory: Path) -> str:
    return f"; no .env file was read (there is none in {directory.resolve()}; --env-file FILE names one)"


def test_the_env_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-your-token\nSLACK_SIGNING_SECRET=abc\n")
    outcome = incident_bot("run", cwd=tmp_path)
    assert outcome.status == 2
    assert outcome.last_line == (
        "incident-bot: SLACK_BOT_TOKEN is still the placeholder 'xoxb-your-token' (the Bot User OAuth Token, xoxb-…)"
    )


def test_an_env_file_above_the_working_directory_is_not_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SLACK_BOT_TOKEN=xoxb-1\nSLACK_SIGNING_SECRET=abc\n")
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    outcome = incident_bot("run", cwd=empty)
    assert (outcome.status, outcome.last_line) == (2, MISSING_BOTH + no_env_file(empty))


def test_an_explicit_env_file_is_read_and_a_missing_one_is_named(tmp_path: Path) -> None:
    (tmp_path / "prod.env").write_text("LOG_LEVEL=loud\n")
    outcome = incident_bot("run", "--env-file", "prod.env", cwd=tmp_path)
    assert outcome.status == 2
    assert outcome.last_line.startswith(
        "incident-bot: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, not 'loud';"
    )
    missing = incident_bot("--env-file", "nope.env", "run", cwd=tmp_path)
    assert (missing.status, missing.last_line) == (2, "incident-bot: --env-file nope.env: there is no such file")


def test_the_environment_wins_over_the_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DATABASE_URL=foo\n")
    outcome = incident_bot("postmortem", "INC-1", cwd=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path}/x.db")
    assert outcome.last_line.startswith("incident-bot: there is no database at sqlite:///")


def test_every_missing_and_malformed_setting_is_named_at_once(tmp_path: Path) -> None:
    outcome = incident_bot("run", cwd=tmp_path, DATABASE_URL="foo", PORT="http")
    assert outcome.status == 2
    assert outcome.stderr.strip() == (
        "incident-bot: DATABASE_URL 'foo' is not a database URL; write sqlite:///path/to/incidents.db or "
        "postgresql+psycopg://user:password@host:5432/incidents; PORT must be a number between 0 and 65535, "
        f"not 'http'; {MISSING_BOTH.removeprefix('incident-bot: ')}{no_env_file(tmp_path)}"
    )


def test_a_placeholder_token_is_called_a_placeholder(tmp_path: Path) -> None:
    outcome = incident_bot("run", cwd=tmp_path, SLACK_BOT_TOKEN="xoxb-…", SLACK_APP_TOKEN="xapp-your-app-token")
    assert outcome.status == 2
    assert outcome.last_line == (
        "incident-bot: SLACK_BOT_TOKEN is still the placeholder 'xoxb-…' (the Bot User OAuth Token, xoxb-…); "
        "SLACK_APP_TOKEN is still the placeholder 'xapp-your-app-token' (the app-level token, xapp-…)"
    )


def test_an_unsupported_database_is_named(tmp_path: Path) -> None:
    outcome = incident_bot("postmortem", "1", cwd=tmp_path, DATABASE_URL="mysql://root@db/incidents")
    assert outcome.status == 2
    assert outcome.last_line == (
        "incident-bot: DATABASE_URL mysql://root@db/incidents is not a database we run on; write "
        "sqlite:///path/to/incidents.db or postgresql+psycopg://user:password@host:5432/incidents"
    )


def test_a_placeholder_alert_webhook_token_is_named_with_the_rest(tmp_path: Path) -> None:
    outcome = incident_bot("run", cwd=tmp_path, PORT="http", ALERT_WEBHOOK_TOKEN="<your alert token>")
    assert outcome.status == 2
    assert outcome.last_line.startswith(
        "incident-bot: PORT must be a number between 0 and 65535, not 'http'; "
        "ALERT_WEBHOOK_TOKEN must be one word of printable characters, not a placeholder; "
    )


def test_a_missing_token_read_from_an_env_file_does_not_blame_the_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=INFO\n")
    outcome = incident_bot("run", cwd=tmp_path)
    assert (outcome.status, outcome.last_line) == (2, MISSING_BOTH)


def test_relative_paths_in_an_env_file_are_beside_it(tmp_path: Path) -> None:
    """`cd empty && incident-bot … --env-file ../conf/bot.env` reads the database and templates that
    file names, beside it, and creates nothing in the working directory."""
    conf, empty = tmp_path / "conf", tmp_path / "empty"
    (conf / "mine").mkdir(parents=True)
    empty.mkdir()
    _database_with_one_incident(conf / "data.db")
    (conf / "mine" / "postmortem.md.j2").write_text("Our review of {{ incident.ref }}\n")
    (conf / "bot.env").write_text("DATABASE_URL=sqlite:///data.db\nINCIDENT_TEMPLATES_DIR=mine\n")
    outcome = incident_bot("--env-file", "../conf/bot.env", "postmortem", "INC-1", cwd=empty, LOG_LEVEL="WARNING")
    assert (outcome.status, outcome.stdout) == (0, "Our review of INC-1\n"), outcome.stderr
    assert list(empty.iterdir()) == []


def test_a_relative_policy_file_in_an_env_file_is_beside_it(tmp_path: Path) -> None:
    conf, empty = tmp_path / "conf", tmp_path / "empty"
    conf.mkdir()
    empty.mkdir()
    (conf / "policy.toml").write_text('default_severity = "sev2"\n')
    (conf / "bot.env").write_text("INCIDENT_POLICY_FILE=policy.toml\n")
    outcome = incident_bot("check-policy", "--env-file", "../conf/bot.env", cwd=empty)
    assert outcome.status == 0, outcome.stderr
    assert "sev2" in outcome.stdout


def test_the_environment_s_relative_paths_stay_relative_to_the_working_directory(tmp_path: Path) -> None:
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "bot.env").write_text("DATABASE_URL=sqlite:///data.db\n")
    _database_with_one_incident(tmp_path / "here.db")
    outcome = incident_bot(
        "--env-file", "conf/bot.env", "postmortem", "INC-1", cwd=tmp_path, DATABASE_URL="sqlite:///here.db"
    )
    assert outcome.status == 0, outcome.stderr


def _database_with_one_incident(file: Path) -> None:
    engine = make_engine(f"sqlite:///{file}")
    upgrade(engine)
    declare(Desk(engine, SystemClock()))
    engine.dispose()


def test_a_bad_worker_process_choice_is_named(tmp_path: Path) -> None:
    outcome = incident_bot(
        "run", cwd=tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s", INCIDENT_WORKER_PROCESS="2"
    )
    assert outcome.status == 2
    assert outcome.last_line == "incident-bot: INCIDENT_WORKER_PROCESS must be auto, yes or no, not '2'"


def test_auto_runs_a_worker_process_with_two_cpus_on_a_database_two_processes_share() -> None:
    two_cpus = available_cpus() >= 2
    assert Settings.from_env({"DATABASE_URL": "postgresql://u@h/db"}).worker_process is two_cpus
    assert (
        Settings.from_env({"DATABASE_URL": "postgres://u@h/db", "INCIDENT_WORKER_PROCESS": "AUTO"}).worker_process
        is two_cpus
    )
    assert Settings.from_env({}).worker_process is two_cpus  # SQLite, the default: a file
    assert Settings.from_env({"DATABASE_URL": "sqlite:////var/lib/bot/incidents.db"}).worker_process is two_cpus
    assert Settings.from_env({"DATABASE_URL": "sqlite://"}).worker_process is False  # in memory: one process's
    assert Settings.from_env({"INCIDENT_WORKER_PROCESS": "yes"}).worker_process is True
    assert (
        Settings.from_env({"DATABASE_URL": "postgresql://u@h/db", "INCIDENT_WORKER_PROCESS": "no"}).worker_process
        is False
    )


def test_a_container_s_cpu_limit_caps_the_cpus_auto_counts(tmp_path: Path) -> None:
    cpu_max, affinity = tmp_path / "cpu.max", len(os.sched_getaffinity(0))
    for content, expected in [
        ("max 100000\n", affinity),
        ("150000 100000\n", 1),  # 1.5 CPUs: not room for two busy processes
        ("50000 100000\n", 1),
        (f"{200000 * affinity} 100000\n", affinity),
        ("garbage\n", affinity),
    ]:
        cpu_max.write_text(content)
        assert available_cpus(cpu_max) == expected, content
    assert available_cpus(tmp_path / "absent") == affinity
